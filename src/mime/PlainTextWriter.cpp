// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/PlainTextWriter.h"

#include <QStringBuilder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace magpie::mime {

namespace {

// Quote prefixes and list indentation stop growing here. Long reply chains do reach a dozen
// levels; past this depth the extra "> " would only make deliberately nested markup produce
// output quadratic in its size.
constexpr int kMaxVisibleNesting = 32;

// Characters written as they are. Everything else is whitespace (collapsible or kept) or
// invisible; the test is ordered so that ASCII text takes the first branch.
bool isPrinted(char16_t c)
{
    if (c > 0x20 && c < 0x7F)
        return true;
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD)
        return false;
    if (c >= 0x2000 && c <= 0x200B)
        return false;
    return c != 0x1680 && c != 0x202F && c != 0x205F && c != 0x3000 && c != 0xFEFF;
}

// Unicode spaces other than U+00A0 that a browser shows but does not collapse.
bool isKeptUnicodeSpace(char16_t c)
{
    return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

void appendSpaces(QString &out, qsizetype count)
{
    for (qsizetype i = 0; i < count; ++i)
        out += u' ';
}

// "https://example.com/" and "example.com" name the same place for a reader; so do
// "mailto:bob@example.com" and "bob@example.com".
QStringView withoutSchemeAndSlash(QStringView link)
{
    for (const QLatin1StringView scheme : { "https://"_L1, "http://"_L1, "mailto:"_L1 }) {
        if (link.startsWith(scheme, Qt::CaseInsensitive)) {
            link = link.sliced(scheme.size());
            break;
        }
    }
    if (link.endsWith(u'/'))
        link.chop(1);
    return link;
}

bool linkTextIsTarget(QStringView text, QStringView target)
{
    return withoutSchemeAndSlash(text).compare(withoutSchemeAndSlash(target), Qt::CaseInsensitive)
        == 0;
}

} // namespace

PlainTextWriter::PlainTextWriter(qsizetype expectedLength)
{
    m_out.reserve(expectedLength);
}

void PlainTextWriter::text(QStringView text)
{
    const bool preformatted = m_preDepth > 0;
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (isPrinted(c))
            continue;
        content(text.sliced(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case u' ':
        case u'\t':
        case u'\f':
            if (preformatted)
                keptSpace(c == u'\f' ? QChar(u' ') : QChar(c));
            else
                collapsibleSpace();
            break;
        case u'\n':
            if (!preformatted)
                collapsibleSpace();
            else if (i == 0 || text[i - 1] != u'\r') // CRLF is one line end
                lineBreak();
            break;
        case u'\r':
            if (preformatted)
                lineBreak();
            else
                collapsibleSpace();
            break;
        case 0xA0:
            // A no-break space is shown, not collapsed; as text it is an ordinary space, which
            // is what search and a quoted reply want.
            keptSpace(QChar(u' '));
            break;
        default:
            if (isKeptUnicodeSpace(c))
                keptSpace(QChar(c));
            // Anything else here is invisible: controls, soft hyphen, zero-width space, BOM.
            break;
        }
    }
    content(text.sliced(runStart));
}

void PlainTextWriter::lineBreak()
{
    forgetPendingSpace();
    if (!m_lineHasContent)
        return;
    m_pendingNewlines = std::min(m_pendingNewlines + 1, 2);
}

void PlainTextWriter::blockBreak()
{
    requestBreak(1, false);
}

void PlainTextWriter::paragraphBreak()
{
    requestBreak(2, false);
}

void PlainTextWriter::beginPreformatted()
{
    requestBreak(1, false);
    ++m_preDepth;
}

void PlainTextWriter::endPreformatted()
{
    requestBreak(1, false);
    m_preDepth = std::max(m_preDepth - 1, 0);
}

void PlainTextWriter::beginQuote()
{
    requestBreak(1, false);
    ++m_quoteDepth;
}

void PlainTextWriter::endQuote()
{
    requestBreak(1, false);
    m_quoteDepth = std::max(m_quoteDepth - 1, 0);
}

void PlainTextWriter::beginList(bool ordered, qint64 firstNumber)
{
    requestBreak(1, false);
    m_lists.push_back({ ordered, firstNumber });
}

void PlainTextWriter::endList()
{
    requestBreak(1, false);
    if (!m_lists.empty())
        m_lists.pop_back();
    m_marker.clear();
}

void PlainTextWriter::beginListItem()
{
    requestBreak(1, false);
    if (m_lists.empty() || !m_lists.back().ordered)
        m_marker = u"- "_s;
    else
        m_marker = QString::number(m_lists.back().next++) + u". ";
}

void PlainTextWriter::endListItem()
{
    requestBreak(1, false);
    m_marker.clear();
}

void PlainTextWriter::beginTable()
{
    requestBreak(1, true);
    m_rowFirstLine.push_back(-1);
}

void PlainTextWriter::endTable()
{
    requestBreak(1, true);
    if (!m_rowFirstLine.empty())
        m_rowFirstLine.pop_back();
}

void PlainTextWriter::beginRow()
{
    if (!m_rowFirstLine.empty() && m_rowFirstLine.back() == m_lineNumber) {
        // A row shown as one line is a line of a table: the paragraph spacing of a <p> in its
        // last cell does not put a blank line before the next row.
        m_pendingNewlines = std::min(m_pendingNewlines, 1);
    }
    requestBreak(1, true);
    if (!m_rowFirstLine.empty())
        m_rowFirstLine.back() = -1;
}

void PlainTextWriter::endRow()
{
    beginRow(); // the same: a new line, and no row under way
}

void PlainTextWriter::beginCell()
{
    if (!m_rowFirstLine.empty() && m_rowFirstLine.back() >= 0) {
        if (m_rowFirstLine.back() == m_lineNumber) {
            // The row so far is one line: this cell continues it, whatever blocks ended inside
            // the cell before.
            m_pendingNewlines = 0;
            forgetPendingSpace();
            m_pendingSeparator = true;
        } else {
            // An earlier cell took several lines; side by side they cannot be shown in text,
            // so this one goes below.
            requestBreak(1, true);
        }
    }
    m_atCellStart = true;
}

void PlainTextWriter::beginLink(const QString &target)
{
    endLink();
    m_inLink = true;
    m_linkTarget = target;
    m_linkTextStart = -1;
}

void PlainTextWriter::endLink()
{
    if (!m_inLink)
        return;
    m_inLink = false;
    if (m_linkTarget.isEmpty())
        return;
    if (m_linkTextStart < 0) {
        // Nothing to click on but an image without alt text: the address is all there is.
        text(QString(u'<' % m_linkTarget % u'>'));
        return;
    }
    const QStringView shown = QStringView(m_out).sliced(m_linkTextStart).trimmed();
    // Written straight after the link text, even when a block inside the link has already
    // asked for a new line: the address belongs beside the words it explains.
    if (!linkTextIsTarget(shown, m_linkTarget))
        m_out += u" <" % m_linkTarget % u'>';
}

QString PlainTextWriter::finish()
{
    endLink();
    return std::move(m_out);
}

void PlainTextWriter::requestBreak(int newlines, bool structural)
{
    if (structural)
        m_atCellStart = false;
    else if (m_atCellStart)
        return;
    forgetPendingSpace();
    if (!m_lineHasContent)
        return;
    m_pendingNewlines = std::max(m_pendingNewlines, newlines);
}

void PlainTextWriter::forgetPendingSpace()
{
    if (!m_pendingSpace.isEmpty())
        m_pendingSpace.resize(0);
    m_pendingSeparator = false;
    m_lastWasCollapsible = false;
}

void PlainTextWriter::collapsibleSpace()
{
    // Whitespace at the start of a line, and a second one in a row, show as nothing.
    if (m_lineHasContent && m_pendingNewlines == 0 && !m_lastWasCollapsible)
        m_pendingSpace += u' ';
    m_lastWasCollapsible = true;
}

void PlainTextWriter::keptSpace(QChar space)
{
    m_pendingSpace += space;
    m_lastWasCollapsible = false;
}

void PlainTextWriter::content(QStringView run)
{
    if (run.isEmpty())
        return;
    startLine();
    m_out += run;
}

// Settles what is owed before the next text: line breaks, then on a fresh line the quote
// prefix, indentation and list marker; on the same line the space or cell separator.
void PlainTextWriter::startLine()
{
    if (m_pendingNewlines > 0) {
        m_out += u'\n';
        if (m_pendingNewlines > 1) {
            // A blank line between two quoted lines stays inside the quote (">"); between a
            // quote and the text around it, it belongs to neither.
            const int depth = std::min(m_lastLineQuoteDepth, visibleQuoteDepth());
            for (int i = 0; i < depth; ++i)
                m_out += i == 0 ? u">"_s : u" >"_s;
            m_out += u'\n';
        }
        m_pendingNewlines = 0;
        m_lineHasContent = false;
        ++m_lineNumber;
    }
    if (!m_lineHasContent) {
        const int depth = visibleQuoteDepth();
        for (int i = 0; i < depth; ++i)
            m_out += u"> ";
        const qsizetype levels =
            std::min(static_cast<qsizetype>(m_lists.size()), qsizetype(kMaxVisibleNesting));
        if (m_marker.isEmpty()) {
            // Continuation lines of an item line up with the item's text.
            appendSpaces(m_out, 2 * levels);
        } else {
            appendSpaces(m_out, 2 * std::max(levels - 1, qsizetype(0)));
            m_out += m_marker;
            m_marker.clear();
        }
        m_lastLineQuoteDepth = depth;
        m_lineHasContent = true;
        m_out += m_pendingSpace;
    } else if (m_pendingSeparator) {
        m_out += u" | ";
    } else {
        m_out += m_pendingSpace;
    }
    if (!m_pendingSpace.isEmpty())
        m_pendingSpace.resize(0);
    m_pendingSeparator = false;
    m_lastWasCollapsible = false;
    m_atCellStart = false;
    if (!m_rowFirstLine.empty() && m_rowFirstLine.back() < 0)
        m_rowFirstLine.back() = m_lineNumber;
    if (m_inLink && m_linkTextStart < 0)
        m_linkTextStart = m_out.size();
}

int PlainTextWriter::visibleQuoteDepth() const
{
    return std::min(m_quoteDepth, kMaxVisibleNesting);
}

} // namespace magpie::mime
