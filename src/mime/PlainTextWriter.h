// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace magpie::mime {

// The output side of HtmlToText: lays text out in lines the way a browser would show it, with
// quote prefixes, list markers and table separators. Private to HtmlToText; kept apart so the
// tokenizer only says what it saw ("a paragraph ended") and this class alone decides what that
// means for the lines.
//
// Line breaks are owed, not written: a break only becomes "\n" when more text follows. That one
// rule gives "no leading or trailing blank lines", lets a <br> and the end of a block share one
// break, and caps blank lines at one.
class PlainTextWriter
{
public:
    explicit PlainTextWriter(qsizetype expectedLength);

    // Character data. Outside <pre> whitespace collapses (CSS white-space: normal); inside it
    // spaces, tabs and newlines are kept. Either way a line never ends in a space.
    void text(QStringView text);

    void lineBreak(); // <br>, or a newline inside <pre>
    void blockBreak(); // a block starts or ends: what follows goes on a new line
    void paragraphBreak(); // <p>, <h1>..<h6>: one blank line around them

    void beginPreformatted();
    void endPreformatted();
    void beginQuote();
    void endQuote();
    void beginList(bool ordered, qint64 firstNumber);
    void endList();
    void beginListItem();
    void endListItem();
    void beginTable();
    void endTable();
    void beginRow();
    void endRow();
    void beginCell();

    // `target` is what to show for the link (already "bob@example.com" for a mailto: link), or
    // empty when the link leads nowhere worth showing. Links do not nest: a new one ends the
    // previous one, as in HTML.
    void beginLink(const QString &target);
    void endLink();

    QString finish();

private:
    void requestBreak(int newlines, bool structural);
    void forgetPendingSpace();
    void collapsibleSpace();
    void keptSpace(QChar space);
    void content(QStringView run);
    void startLine();
    int visibleQuoteDepth() const;

    QString m_out;

    // Owed line breaks: 1 = a new line, 2 = a blank line too (never more).
    int m_pendingNewlines = 0;
    // Spaces to write before the next content on this line; dropped when the line ends.
    QString m_pendingSpace;
    bool m_lastWasCollapsible = false;
    bool m_pendingSeparator = false;
    // The last line in m_out has text on it (false only before the first text).
    bool m_lineHasContent = false;
    int m_lastLineQuoteDepth = 0;

    int m_quoteDepth = 0;
    int m_preDepth = 0;

    struct List
    {
        bool ordered;
        qint64 next;
    };
    std::vector<List> m_lists;
    QString m_marker; // "- " or "3. " for the first line of the current item, else empty

    // Lines started so far, to tell whether a table row is still on one line.
    qint64 m_lineNumber = 0;
    // One entry per open table: the line where its current row's text began, or -1.
    std::vector<qint64> m_rowFirstLine;
    // Between a cell's start and its first text, block breaks are ignored: a cell starts at the
    // top of its row, so the <p> that Outlook wraps around every cell's text neither stacks
    // cells that share a line nor puts blank lines between rows.
    bool m_atCellStart = false;

    bool m_inLink = false;
    QString m_linkTarget;
    qsizetype m_linkTextStart = -1;
};

} // namespace magpie::mime
