// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/PlainTextToHtml.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// Web addresses with a scheme or starting "www.", and bare e-mail addresses.
const QRegularExpression &linkPattern()
{
    static const QRegularExpression pattern(
        uR"((?:https?://|mailto:|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"_s,
        QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

// Sentence punctuation after an address is not part of it; a ")" is, when it closes a "(" of
// the address (Wikipedia links).
QString trimTrailing(QString url)
{
    while (!url.isEmpty()) {
        const QChar last = url.back();
        if (QStringView(u".,;:!?'").contains(last)
            || (last == u')' && url.count(u'(') < url.count(u')'))) {
            url.chop(1);
            continue;
        }
        break;
    }
    return url;
}

QString linkify(const QString &line)
{
    QString out;
    qsizetype from = 0;
    QRegularExpressionMatchIterator matches = linkPattern().globalMatch(line);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        if (match.capturedStart() < from)
            continue;
        const QString shown = trimTrailing(match.captured());
        if (shown.isEmpty())
            continue;
        out += line.mid(from, match.capturedStart() - from).toHtmlEscaped();
        QString target = shown;
        if (shown.startsWith(u"www."_s, Qt::CaseInsensitive))
            target.prepend(u"http://"_s);
        else if (!shown.contains(u':'))
            target.prepend(u"mailto:"_s);
        out +=
            u"<a href=\""_s + target.toHtmlEscaped() + u"\">"_s + shown.toHtmlEscaped() + u"</a>"_s;
        from = match.capturedStart() + shown.size();
    }
    out += line.mid(from).toHtmlEscaped();
    return out;
}

int quoteDepth(const QString &line)
{
    int depth = 0;
    for (const QChar c : line) {
        if (c == u'>')
            ++depth;
        else if (c != u' ')
            break;
    }
    return depth;
}

} // namespace

QString PlainTextToHtml::convert(const QString &text)
{
    // Colours readable on light and dark backgrounds.
    static const QStringList quoteColors { u"#3a7bd5"_s, u"#2e9d5b"_s, u"#b5632f"_s };
    QString html = u"<div style=\"white-space: pre-wrap\">"_s;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const int depth = quoteDepth(line);
        if (depth > 0)
            html += u"<span style=\"color: "_s + quoteColors.at((depth - 1) % quoteColors.size())
                + u"\">"_s + linkify(line) + u"</span>"_s;
        else
            html += linkify(line);
        if (i + 1 < lines.size())
            html += u"<br>"_s;
    }
    html += u"</div>"_s;
    return html;
}

} // namespace magpie::app
