// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/FlowedText.h"

#include <QStringView>

namespace magpie::mime {

using namespace Qt::StringLiterals;

namespace {

struct QuotedLine
{
    int depth = 0;
    QStringView content;
};

// A line as it travels (RFC 3676 s4.5): the quote depth is the number of ">" at its very
// start; one space after them, or at the start of an unquoted line, is stuffing (s4.4).
QuotedLine splitFlowedLine(QStringView line)
{
    QuotedLine result;
    while (result.depth < line.size() && line[result.depth] == u'>')
        ++result.depth;
    result.content = line.sliced(result.depth);
    if (result.content.startsWith(u' '))
        result.content = result.content.sliced(1);
    return result;
}

// A line as a person wrote it, quoted the way unflow() shows quotes ("> > text") or the
// way people type them (">> text", ">text").
QuotedLine splitTypedLine(QStringView line)
{
    QuotedLine result;
    qsizetype pos = 0;
    while (pos < line.size() && line[pos] == u'>') {
        ++result.depth;
        ++pos;
        if (pos + 1 < line.size() && line[pos] == u' ' && line[pos + 1] == u'>')
            ++pos;
    }
    if (result.depth > 0 && pos < line.size() && line[pos] == u' ')
        ++pos;
    result.content = line.sliced(pos);
    return result;
}

// s4.3: the Usenet signature separator ends in a space but is never a soft line.
bool isSignatureSeparator(QStringView content)
{
    return content == u"-- ";
}

void appendLine(QString &out, bool &first, QStringView line)
{
    if (!first)
        out += u'\n';
    first = false;
    out += line;
}

// Calls `lineFn` for every "\n"-separated line, including an empty last one, so that the
// line structure of the text survives both directions.
template<typename LineFn> void forEachLine(const QString &text, LineFn lineFn)
{
    const QStringView view(text);
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = view.indexOf(u'\n', start);
        if (end < 0) {
            lineFn(view.sliced(start));
            return;
        }
        lineFn(view.sliced(start, end - start));
        start = end + 1;
    }
}

// s4.4: a line starting with a space, "From " (mbox) or ">" (it would read as a quote) is
// sent with a space in front; quoted lines already have one after their ">" marks.
bool needsStuffing(int depth, QStringView chunk)
{
    return depth == 0
        && (chunk.startsWith(u' ') || chunk.startsWith(u'>') || chunk.startsWith(u"From "));
}

} // namespace

QString FlowedText::unflow(const QString &text, bool delSp)
{
    QString out;
    out.reserve(text.size());
    bool firstLine = true;
    QString paragraph;
    int depth = 0;
    bool open = false; // the last line was soft: the paragraph goes on

    auto flush = [&]() {
        QString line;
        for (int i = 0; i < depth; ++i)
            line += u"> "_s;
        line += paragraph;
        if (paragraph.isEmpty() && depth > 0)
            line.chop(1); // an empty quoted line is ">", not "> " (which would look soft)
        appendLine(out, firstLine, line);
        paragraph.clear();
        open = false;
    };

    forEachLine(text, [&](QStringView rawLine) {
        QuotedLine line = splitFlowedLine(rawLine);
        const bool signature = isSignatureSeparator(line.content);
        const bool soft = !signature && line.content.endsWith(u' ');
        // s4.5: a soft line followed by one of another depth was flowed improperly and ends
        // its paragraph; s4.3: the separator never joins the paragraph before it.
        if (open && (line.depth != depth || signature))
            flush();
        if (!open)
            depth = line.depth;
        // s4.2: with DelSp=yes the space only marked the line as soft (e.g. for languages
        // written without spaces) and is not part of the text.
        if (soft && delSp)
            line.content.chop(1);
        paragraph += line.content;
        open = soft;
        if (!soft)
            flush();
    });
    if (open)
        flush();
    return out;
}

QString FlowedText::flow(const QString &text, int width)
{
    QString out;
    out.reserve(text.size() + text.size() / 32);
    bool firstLine = true;

    forEachLine(text, [&](QStringView rawLine) {
        const QuotedLine line = splitTypedLine(rawLine);
        const QString marks(line.depth, u'>');
        // s4.5: the quote marks go on every line of a quoted paragraph, then one space.
        const QString prefix = line.depth > 0 ? QString(marks + u' ') : QString();

        if (isSignatureSeparator(line.content)) {
            appendLine(out, firstLine, QString(prefix + u"-- "_s));
            return;
        }
        // s4.1: a hard line must not end in a space, or it would be read as soft.
        QStringView content = line.content;
        while (content.endsWith(u' '))
            content.chop(1);
        if (content.isEmpty()) {
            appendLine(out, firstLine, marks);
            return;
        }

        qsizetype start = 0;
        const qsizetype length = content.size();
        while (start < length) {
            const QStringView rest = content.sliced(start);
            const bool stuff = needsStuffing(line.depth, rest);
            const qsizetype room = width - prefix.size() - (stuff ? 1 : 0);
            qsizetype end = length;
            if (rest.size() > room) {
                // s4.1: break after a run of spaces so the line ends in one (soft) and the
                // next starts with text; the longest such line that fits, or, for a word
                // longer than the line, the shortest one.
                qsizetype best = -1;
                bool seenText = false;
                for (qsizetype i = start; i < length; ++i) {
                    if (content[i] == u' ')
                        continue;
                    if (seenText && content[i - 1] == u' ') {
                        if (i - start <= room) {
                            best = i;
                        } else {
                            if (best < 0)
                                best = i;
                            break;
                        }
                    }
                    seenText = true;
                }
                if (best > start)
                    end = best;
            }
            QString outLine = prefix;
            if (stuff)
                outLine += u' ';
            outLine += content.sliced(start, end - start);
            appendLine(out, firstLine, outLine);
            start = end;
        }
    });
    return out;
}

} // namespace magpie::mime
