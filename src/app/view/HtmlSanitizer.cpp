// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/HtmlSanitizer.h"

#include "mime/HtmlEntities.h"

#include <QList>
#include <QSet>
#include <algorithm>

#include <utility>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// What QTextBrowser renders (Qt's "Supported HTML Subset") and a mail needs.
const QSet<QString> &keptElements()
{
    static const QSet<QString> names {
        u"a"_s,          u"abbr"_s,     u"acronym"_s, u"address"_s, u"b"_s,    u"big"_s,
        u"blockquote"_s, u"br"_s,       u"caption"_s, u"center"_s,  u"cite"_s, u"code"_s,
        u"col"_s,        u"colgroup"_s, u"dd"_s,      u"del"_s,     u"dfn"_s,  u"div"_s,
        u"dl"_s,         u"dt"_s,       u"em"_s,      u"font"_s,    u"h1"_s,   u"h2"_s,
        u"h3"_s,         u"h4"_s,       u"h5"_s,      u"h6"_s,      u"hr"_s,   u"i"_s,
        u"img"_s,        u"ins"_s,      u"kbd"_s,     u"li"_s,      u"mark"_s, u"ol"_s,
        u"p"_s,          u"pre"_s,      u"q"_s,       u"s"_s,       u"samp"_s, u"small"_s,
        u"span"_s,       u"strike"_s,   u"strong"_s,  u"style"_s,   u"sub"_s,  u"sup"_s,
        u"table"_s,      u"tbody"_s,    u"td"_s,      u"tfoot"_s,   u"th"_s,   u"thead"_s,
        u"tr"_s,         u"tt"_s,       u"u"_s,       u"ul"_s,      u"var"_s,
    };
    return names;
}

// HTML5 sectioning elements Qt does not know: kept as the blocks they are.
const QSet<QString> &blockAliases()
{
    static const QSet<QString> names {
        u"article"_s, u"aside"_s, u"details"_s, u"figcaption"_s, u"figure"_s,  u"footer"_s,
        u"header"_s,  u"main"_s,  u"nav"_s,     u"section"_s,    u"summary"_s,
    };
    return names;
}

// Elements whose content is not text for the reader, or is active: dropped whole.
const QSet<QString> &droppedWithContent()
{
    static const QSet<QString> names {
        u"applet"_s, u"audio"_s,  u"button"_s, u"canvas"_s, u"datalist"_s, u"frameset"_s, u"map"_s,
        u"math"_s,   u"object"_s, u"select"_s, u"svg"_s,    u"template"_s, u"video"_s,
    };
    return names;
}

// Raw-text and escapable raw-text elements (HTML Living Standard 13.1.2): no markup inside,
// they run to their end tag. Only style is kept (after its URLs are judged).
const QSet<QString> &rawTextElements()
{
    static const QSet<QString> names {
        u"iframe"_s, u"noembed"_s,  u"noframes"_s, u"script"_s,
        u"style"_s,  u"textarea"_s, u"title"_s,    u"xmp"_s,
    };
    return names;
}

const QSet<QString> &voidElements()
{
    static const QSet<QString> names {
        u"area"_s,  u"base"_s,   u"br"_s,    u"col"_s,    u"embed"_s, u"frame"_s,
        u"hr"_s,    u"img"_s,    u"input"_s, u"keygen"_s, u"link"_s,  u"meta"_s,
        u"param"_s, u"source"_s, u"track"_s, u"wbr"_s,
    };
    return names;
}

// Presentational attributes, harmless on any kept element. URLs are handled apart.
const QSet<QString> &keptAttributes()
{
    static const QSet<QString> names {
        u"abbr"_s,        u"align"_s,  u"alt"_s,    u"bgcolor"_s, u"border"_s,  u"cellpadding"_s,
        u"cellspacing"_s, u"clear"_s,  u"color"_s,  u"colspan"_s, u"dir"_s,     u"face"_s,
        u"headers"_s,     u"height"_s, u"hspace"_s, u"lang"_s,    u"nowrap"_s,  u"rowspan"_s,
        u"scope"_s,       u"size"_s,   u"span"_s,   u"start"_s,   u"summary"_s, u"title"_s,
        u"type"_s,        u"valign"_s, u"vspace"_s, u"width"_s,
    };
    return names;
}

bool isAsciiAlpha(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isHtmlSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

QString decodeReferences(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size();) {
        if (value[i] == u'&') {
            char32_t codePoint = 0;
            const qsizetype used = mime::HtmlEntities::decode(value, i, &codePoint);
            if (used > 0) {
                out += QString::fromUcs4(&codePoint, 1);
                i += used;
                continue;
            }
        }
        out += value[i];
        ++i;
    }
    return out;
}

QString escapeAttribute(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'&':
            out += u"&amp;"_s;
            break;
        case u'"':
            out += u"&quot;"_s;
            break;
        case u'<':
            out += u"&lt;"_s;
            break;
        case u'>':
            out += u"&gt;"_s;
            break;
        case 0:
            break;
        default:
            out += c;
        }
    }
    return out;
}

struct Tag
{
    QString name;
    bool isEnd = false;
    bool selfClosing = false;
    QList<std::pair<QString, QString>> attributes; // names lower case, values decoded
};

class Sanitizer
{
public:
    Sanitizer(QStringView input, HtmlSanitizer::RemoteContent remote)
        : m_in(input)
        , m_remote(remote)
    {
        m_result.html.reserve(input.size());
    }

    HtmlSanitizer::Result run()
    {
        while (m_at < m_in.size()) {
            const QChar c = m_in[m_at];
            if (c == u'<') {
                markup();
                continue;
            }
            if (m_dropped.isEmpty())
                text(c);
            ++m_at;
        }
        return std::move(m_result);
    }

private:
    void text(QChar c)
    {
        if (c == u'>')
            m_result.html += u"&gt;"_s;
        else if (c != QChar(0))
            m_result.html += c;
    }

    void skipPast(QStringView terminator)
    {
        const qsizetype end = m_in.indexOf(terminator, m_at);
        m_at = end < 0 ? m_in.size() : end + terminator.size();
    }

    void markup()
    {
        const QStringView rest = m_in.mid(m_at);
        if (rest.startsWith(u"<!--")) {
            // "<!-->" and "<!--->" are complete (empty) comments.
            m_at += 4;
            if (m_in.mid(m_at).startsWith(u">"))
                ++m_at;
            else if (m_in.mid(m_at).startsWith(u"->"))
                m_at += 2;
            else
                skipPast(u"-->");
            return;
        }
        if (rest.startsWith(u"<!") || rest.startsWith(u"<?")) { // doctype, CDATA, bogus
            skipPast(u">");
            return;
        }
        const bool isEnd = rest.startsWith(u"</");
        const qsizetype nameAt = m_at + (isEnd ? 2 : 1);
        if (nameAt >= m_in.size() || !isAsciiAlpha(m_in[nameAt])) {
            if (isEnd && nameAt < m_in.size() && m_in[nameAt] != u'>') {
                skipPast(u">"); // "</ x>" is a bogus comment
                return;
            }
            if (isEnd) {
                m_at = qMin(nameAt + 1, m_in.size()); // "</>" is ignored
                return;
            }
            if (m_dropped.isEmpty())
                m_result.html += u"&lt;"_s;
            ++m_at;
            return;
        }
        m_at = nameAt;
        Tag tag;
        tag.isEnd = isEnd;
        if (!readTag(tag)) {
            m_at = m_in.size(); // the input ended inside the tag: it is not there (eof-in-tag)
            return;
        }
        handle(tag);
    }

    bool readTag(Tag &tag)
    {
        const qsizetype nameStart = m_at;
        while (m_at < m_in.size() && !isHtmlSpace(m_in[m_at]) && m_in[m_at] != u'/'
               && m_in[m_at] != u'>')
            ++m_at;
        tag.name = m_in.mid(nameStart, m_at - nameStart).toString().toLower();
        for (;;) {
            while (m_at < m_in.size() && (isHtmlSpace(m_in[m_at]) || m_in[m_at] == u'/')) {
                tag.selfClosing = m_in[m_at] == u'/';
                ++m_at;
            }
            if (m_at >= m_in.size())
                return false;
            if (m_in[m_at] == u'>') {
                ++m_at;
                return true;
            }
            tag.selfClosing = false;
            const qsizetype attributeStart = m_at;
            ++m_at; // the first character may be '=' (13.2.5.32)
            while (m_at < m_in.size() && !isHtmlSpace(m_in[m_at]) && m_in[m_at] != u'/'
                   && m_in[m_at] != u'>' && m_in[m_at] != u'=')
                ++m_at;
            const QString name =
                m_in.mid(attributeStart, m_at - attributeStart).toString().toLower();
            while (m_at < m_in.size() && isHtmlSpace(m_in[m_at]))
                ++m_at;
            QString value;
            if (m_at < m_in.size() && m_in[m_at] == u'=') {
                ++m_at;
                while (m_at < m_in.size() && isHtmlSpace(m_in[m_at]))
                    ++m_at;
                if (m_at >= m_in.size())
                    return false;
                const QChar quote = m_in[m_at];
                if (quote == u'"' || quote == u'\'') {
                    const qsizetype end = m_in.indexOf(quote, m_at + 1);
                    if (end < 0)
                        return false;
                    value = decodeReferences(m_in.mid(m_at + 1, end - m_at - 1));
                    m_at = end + 1;
                } else {
                    const qsizetype valueStart = m_at;
                    while (m_at < m_in.size() && !isHtmlSpace(m_in[m_at]) && m_in[m_at] != u'>')
                        ++m_at;
                    value = decodeReferences(m_in.mid(valueStart, m_at - valueStart));
                }
            }
            const bool seen = std::any_of(tag.attributes.cbegin(), tag.attributes.cend(),
                                          [&name](const auto &a) { return a.first == name; });
            if (!seen) // the first of duplicate attributes wins (13.2.5.33)
                tag.attributes.append({ name, value });
        }
    }

    // The content of a raw-text element, up to its end tag (which is consumed).
    QStringView rawText(const QString &name)
    {
        const qsizetype start = m_at;
        qsizetype search = m_at;
        for (;;) {
            const qsizetype end = m_in.indexOf(u"</", search);
            if (end < 0) {
                m_at = m_in.size();
                return m_in.mid(start);
            }
            const qsizetype after = end + 2 + name.size();
            if (m_in.mid(end + 2, name.size()).compare(name, Qt::CaseInsensitive) == 0
                && (after >= m_in.size() || isHtmlSpace(m_in[after]) || m_in[after] == u'/'
                    || m_in[after] == u'>')) {
                m_at = after;
                skipPast(u">");
                return m_in.mid(start, end - start);
            }
            search = end + 2;
        }
    }

    void handle(const Tag &tag)
    {
        if (!tag.isEnd && rawTextElements().contains(tag.name)) {
            const QStringView content = rawText(tag.name);
            if (tag.name == u"style" && m_dropped.isEmpty()) {
                const QString css = sanitizeCss(content.toString());
                if (!css.isEmpty())
                    m_result.html += u"<style>"_s + css + u"</style>"_s;
            }
            return;
        }
        if (!m_dropped.isEmpty()) {
            // Inside a dropped element only its own nesting matters.
            if (tag.name == m_dropped.constLast().first && !tag.selfClosing) {
                if (tag.isEnd && --m_dropped.last().second == 0)
                    m_dropped.removeLast();
                else if (!tag.isEnd)
                    ++m_dropped.last().second;
            }
            return;
        }
        if (droppedWithContent().contains(tag.name)) {
            if (!tag.isEnd && !tag.selfClosing)
                m_dropped.append({ tag.name, 1 });
            return;
        }
        QString name = tag.name;
        if (blockAliases().contains(name))
            name = u"div"_s;
        if (!keptElements().contains(name) || name == u"style")
            return; // the markup goes, the text inside stays
        if (tag.isEnd) {
            if (!voidElements().contains(name))
                m_result.html += u"</"_s + name + u'>';
            return;
        }
        QString attributes;
        bool hasImage = false;
        for (const auto &[attribute, value] : tag.attributes) {
            QString kept;
            if (keptAttributes().contains(attribute)) {
                kept = value;
            } else if (attribute == u"style") {
                kept = value.contains(u'\\') ? QString() : sanitizeCss(value);
            } else if (attribute == u"href" && name == u"a") {
                if (HtmlSanitizer::isSafeLinkTarget(value))
                    kept = value.trimmed();
            } else if ((attribute == u"name" || attribute == u"id") && name == u"a") {
                kept = value;
            } else if (attribute == u"src" && name == u"img") {
                kept = imageUrl(value);
                hasImage = !kept.isEmpty();
            } else if (attribute == u"background") {
                kept = imageUrl(value);
            }
            if (!kept.isEmpty() || keptAttributes().contains(attribute)) // also "nowrap"
                attributes += u' ' + attribute + u"=\""_s + escapeAttribute(kept) + u'"';
        }
        if (name == u"img" && !hasImage)
            return; // blocked or unsafe: no broken-image box, no request
        m_result.html += u'<' + name + attributes + u'>';
    }

    QString imageUrl(const QString &value)
    {
        const QString url = value.trimmed();
        const QString scheme = HtmlSanitizer::schemeOf(url);
        if (scheme == u"cid")
            return url;
        if (scheme == u"data") {
            const QString type = url.mid(url.indexOf(u':') + 1).trimmed().toLower();
            // SVG is a document that may itself refer to other resources.
            if (type.startsWith(u"image/") && !type.startsWith(u"image/svg"))
                return url;
            return {};
        }
        if (scheme == u"http" || scheme == u"https") {
            if (!m_result.remoteUrls.contains(url))
                m_result.remoteUrls.append(url);
            return m_remote == HtmlSanitizer::RemoteContent::Allow ? url : QString();
        }
        return {};
    }

    // CSS from a style element or attribute: comments and @import rules removed, every url()
    // judged as an image URL (kept, or replaced by "none").
    QString sanitizeCss(const QString &input)
    {
        if (input.contains(u'\\'))
            return {}; // escapes could spell "url(" or a scheme past the checks below
        QString css = input;
        for (qsizetype at = css.indexOf(u"/*"); at >= 0; at = css.indexOf(u"/*", at)) {
            const qsizetype end = css.indexOf(u"*/", at + 2);
            css.remove(at, end < 0 ? css.size() - at : end + 2 - at);
        }
        for (qsizetype at = css.indexOf(u"@import", 0, Qt::CaseInsensitive); at >= 0;
             at = css.indexOf(u"@import", at, Qt::CaseInsensitive)) {
            const qsizetype end = css.indexOf(u';', at);
            css.remove(at, end < 0 ? css.size() - at : end + 1 - at);
        }
        QString out;
        qsizetype from = 0;
        for (qsizetype at = css.indexOf(u"url(", 0, Qt::CaseInsensitive); at >= 0;
             at = css.indexOf(u"url(", from, Qt::CaseInsensitive)) {
            out += QStringView(css).mid(from, at - from);
            const qsizetype close = css.indexOf(u')', at + 4);
            const qsizetype end = close < 0 ? css.size() : close;
            QString argument = css.mid(at + 4, end - at - 4).trimmed();
            if (argument.size() >= 2 && (argument.front() == u'"' || argument.front() == u'\'')
                && argument.back() == argument.front())
                argument = argument.mid(1, argument.size() - 2);
            const QString url = argument.contains(u'"') || argument.contains(u'\'')
                ? QString()
                : imageUrl(argument);
            out += url.isEmpty() ? u"none"_s : u"url(\""_s + url + u"\")"_s;
            from = close < 0 ? css.size() : close + 1;
        }
        out += QStringView(css).mid(from);
        out.remove(u'<');
        return out;
    }

    QStringView m_in;
    qsizetype m_at = 0;
    HtmlSanitizer::RemoteContent m_remote;
    HtmlSanitizer::Result m_result;
    QList<std::pair<QString, int>> m_dropped; // element dropped with its content, depth
};

} // namespace

HtmlSanitizer::Result HtmlSanitizer::sanitize(const QString &html, RemoteContent remote)
{
    return Sanitizer(html, remote).run();
}

QString HtmlSanitizer::schemeOf(const QString &url)
{
    // URL parsing (WHATWG URL Standard 4.4): leading/trailing C0 controls and spaces are
    // stripped, ASCII tab and newline removed anywhere.
    QString cleaned;
    cleaned.reserve(url.size());
    for (const QChar c : url) {
        if (c != u'\t' && c != u'\n' && c != u'\r')
            cleaned += c;
    }
    qsizetype start = 0;
    while (start < cleaned.size() && cleaned[start].unicode() <= 0x20)
        ++start;
    const qsizetype colon = cleaned.indexOf(u':', start);
    if (colon <= start)
        return {};
    const QStringView scheme = QStringView(cleaned).mid(start, colon - start);
    if (!isAsciiAlpha(scheme.front()))
        return {};
    for (const QChar c : scheme) {
        if (!isAsciiAlpha(c) && !c.isDigit() && c != u'+' && c != u'-' && c != u'.')
            return {};
    }
    return scheme.toString().toLower();
}

bool HtmlSanitizer::isSafeLinkTarget(const QString &url)
{
    const QString trimmed = url.trimmed();
    if (trimmed.startsWith(u'#'))
        return trimmed.size() > 1;
    const QString scheme = schemeOf(trimmed);
    return scheme == u"http" || scheme == u"https" || scheme == u"mailto";
}

} // namespace magpie::app
