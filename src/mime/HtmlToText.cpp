// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HtmlToText.h"

#include "mime/HtmlEntities.h"
#include "mime/PlainTextWriter.h"

#include <QStringBuilder>

#include <algorithm>
#include <cstring>
#include <iterator>

using namespace Qt::StringLiterals;

namespace magpie::mime {

namespace {

// What an element means for the text; everything not listed is Inline: its content flows on.
enum class Element : quint8 {
    Inline,
    NoText, // <html>, <meta>, <tbody>...: no effect, and fine inside <head>
    Head,
    Body,
    Dropped, // raw text a reader never sees: <script>, <style>, <title>, <template>
    Block,
    Paragraph,
    LineBreak,
    Quote,
    Preformatted,
    UnorderedList,
    OrderedList,
    ListItem,
    Table,
    Row,
    Cell,
    Link,
    Image,
};

struct ElementName
{
    const char *name;
    Element element;
};

// Lower case, sorted in byte order for binary search (checked below).
// clang-format off
constexpr ElementName kElements[] = {
    {"a", Element::Link}, {"address", Element::Block}, {"article", Element::Block},
    {"aside", Element::Block}, {"base", Element::NoText}, {"blockquote", Element::Quote},
    {"body", Element::Body}, {"br", Element::LineBreak}, {"caption", Element::Block},
    {"center", Element::Block}, {"col", Element::NoText}, {"colgroup", Element::NoText},
    {"dd", Element::Block}, {"details", Element::Block}, {"dialog", Element::Block},
    {"dir", Element::UnorderedList}, {"div", Element::Block}, {"dl", Element::Block},
    {"dt", Element::Block}, {"fieldset", Element::Block}, {"figcaption", Element::Block},
    {"figure", Element::Block}, {"footer", Element::Block}, {"form", Element::Block},
    {"h1", Element::Paragraph}, {"h2", Element::Paragraph}, {"h3", Element::Paragraph},
    {"h4", Element::Paragraph}, {"h5", Element::Paragraph}, {"h6", Element::Paragraph},
    {"head", Element::Head}, {"header", Element::Block}, {"hgroup", Element::Block},
    {"hr", Element::Block}, {"html", Element::NoText}, {"img", Element::Image},
    {"legend", Element::Block}, {"li", Element::ListItem}, {"link", Element::NoText},
    {"listing", Element::Preformatted}, {"main", Element::Block}, {"menu", Element::UnorderedList},
    {"meta", Element::NoText}, {"nav", Element::Block}, {"ol", Element::OrderedList},
    {"p", Element::Paragraph}, {"pre", Element::Preformatted}, {"script", Element::Dropped},
    {"section", Element::Block}, {"style", Element::Dropped}, {"summary", Element::Block},
    {"table", Element::Table}, {"tbody", Element::NoText}, {"td", Element::Cell},
    {"template", Element::Dropped}, {"tfoot", Element::NoText}, {"th", Element::Cell},
    {"thead", Element::NoText}, {"title", Element::Dropped}, {"tr", Element::Row},
    {"ul", Element::UnorderedList},
    // Word's document properties; normally inside a conditional comment, but not always.
    {"xml", Element::Dropped},
};
// clang-format on

constexpr qsizetype kMaxElementNameLength = 10; // "blockquote", "figcaption"

constexpr bool elementsAreSorted()
{
    for (std::size_t i = 1; i < std::size(kElements); ++i) {
        const char *a = kElements[i - 1].name;
        const char *b = kElements[i].name;
        while (*a && *a == *b) {
            ++a;
            ++b;
        }
        if (static_cast<unsigned char>(*a) >= static_cast<unsigned char>(*b))
            return false;
    }
    return true;
}
static_assert(elementsAreSorted(), "kElements must be sorted and unique");

bool isAsciiLetter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
}

bool isHtmlSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == u' ' || u == u'\t' || u == u'\n' || u == u'\r' || u == u'\f';
}

bool endsTagName(QChar c)
{
    return isHtmlSpace(c) || c == u'/' || c == u'>';
}

Element classify(QStringView name)
{
    if (name.size() > kMaxElementNameLength)
        return Element::Inline;
    char lower[kMaxElementNameLength + 1] = {};
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name[i].unicode();
        if (c == 0 || c >= 128)
            return Element::Inline;
        lower[i] = static_cast<char>(c >= u'A' && c <= u'Z' ? c + (u'a' - u'A') : c);
    }
    const auto less = [](const ElementName &entry, const char *key) {
        return std::strcmp(entry.name, key) < 0;
    };
    const auto found = std::lower_bound(std::begin(kElements), std::end(kElements), lower, less);
    if (found == std::end(kElements) || std::strcmp(found->name, lower) != 0)
        return Element::Inline;
    return found->element;
}

QString decodeReferences(QStringView text)
{
    QString decoded;
    decoded.reserve(text.size());
    qsizetype copied = 0;
    for (qsizetype at = text.indexOf(u'&'); at >= 0; at = text.indexOf(u'&', at + 1)) {
        char32_t codePoint = 0;
        const qsizetype length = HtmlEntities::decode(text, at, &codePoint);
        if (length == 0)
            continue;
        decoded += text.sliced(copied, at - copied);
        decoded += QStringView(QChar::fromUcs4(codePoint));
        copied = at + length;
        at = copied - 1;
    }
    decoded += text.sliced(copied);
    return decoded;
}

// The value of attribute `name` in the text between a tag's name and its '>', with character
// references decoded; empty when the attribute is absent. The first of two wins (HTML section
// 13.2.5.33).
QString attributeValue(QStringView attributes, QLatin1StringView name)
{
    const qsizetype n = attributes.size();
    qsizetype p = 0;
    const auto skipSpace = [&] {
        while (p < n && isHtmlSpace(attributes[p]))
            ++p;
    };
    while (p < n) {
        while (p < n && (isHtmlSpace(attributes[p]) || attributes[p] == u'/'))
            ++p;
        if (p >= n)
            break;
        const qsizetype nameStart = p++;
        while (p < n && !isHtmlSpace(attributes[p]) && attributes[p] != u'/'
               && attributes[p] != u'=')
            ++p;
        const QStringView attributeName = attributes.sliced(nameStart, p - nameStart);
        skipSpace();
        QStringView value;
        if (p < n && attributes[p] == u'=') {
            ++p;
            skipSpace();
            if (p < n && (attributes[p] == u'"' || attributes[p] == u'\'')) {
                qsizetype close = attributes.indexOf(attributes[p], p + 1);
                if (close < 0)
                    close = n;
                value = attributes.sliced(p + 1, close - p - 1);
                p = std::min(close + 1, n);
            } else {
                const qsizetype valueStart = p;
                while (p < n && !isHtmlSpace(attributes[p]))
                    ++p;
                value = attributes.sliced(valueStart, p - valueStart);
            }
        }
        if (attributeName.compare(name, Qt::CaseInsensitive) == 0)
            return decodeReferences(value);
    }
    return {};
}

// What to show for a link, or nothing for one that leads nowhere a reader could follow.
QString linkTarget(const QString &href)
{
    QString target = href;
    // Browsers drop tabs and line breaks anywhere in a URL (URL Standard, basic URL parser).
    target.remove(u'\t').remove(u'\n').remove(u'\r');
    target = target.trimmed();
    if (target.isEmpty() || target.startsWith(u'#')
        || target.startsWith("javascript:"_L1, Qt::CaseInsensitive)
        || target.startsWith("data:"_L1, Qt::CaseInsensitive))
        return {};
    if (target.startsWith("mailto:"_L1, Qt::CaseInsensitive)) {
        // RFC 6068: the address, then "?subject=...": a reader wants the address only.
        QStringView address = QStringView(target).sliced(7);
        const qsizetype query = address.indexOf(u'?');
        if (query >= 0)
            address.truncate(query);
        return address.trimmed().toString();
    }
    return target;
}

// One pass over the markup, telling the writer what it finds. Each position is looked at a
// bounded number of times: every scan that fails to find its end either consumes the rest of
// the input or happens at most once (see tagEnd), so the time stays linear on any input.
class HtmlReader
{
public:
    explicit HtmlReader(QStringView html)
        : m_html(html)
        , m_writer(html.size())
        , m_lastGreaterThan(html.lastIndexOf(u'>'))
    { }

    QString convert();

private:
    void characterData(QStringView text);
    void reference();
    void markup();
    void comment();
    void bogusComment();
    void cdata();
    void tag(bool isEndTag);
    qsizetype tagEnd(qsizetype from);
    void startTag(QStringView name, QStringView attributes);
    void endTag(QStringView name);
    void skipRawText(QStringView name);

    QStringView m_html;
    PlainTextWriter m_writer;
    qsizetype m_pos = 0;
    // No tag can end after this: a '<' beyond it is text without looking further.
    const qsizetype m_lastGreaterThan;
    bool m_quotesTrusted = true;
    bool m_inHead = false;
    bool m_headAllowed = true; // until the body has started
};

QString HtmlReader::convert()
{
    const qsizetype n = m_html.size();
    const QChar *data = m_html.data();
    while (m_pos < n) {
        qsizetype i = m_pos;
        while (i < n && data[i] != u'<' && data[i] != u'&')
            ++i;
        if (i > m_pos) {
            characterData(m_html.sliced(m_pos, i - m_pos));
            m_pos = i;
        }
        if (m_pos >= n)
            break;
        if (data[m_pos] == u'&')
            reference();
        else
            markup();
    }
    return m_writer.finish();
}

void HtmlReader::characterData(QStringView text)
{
    if (m_headAllowed) {
        // Text ends the head, as in a browser: "<head><meta ...>Hello" shows "Hello".
        if (std::all_of(text.begin(), text.end(), isHtmlSpace)) {
            if (m_inHead)
                return;
        } else {
            m_inHead = false;
            m_headAllowed = false;
        }
    }
    m_writer.text(text);
}

void HtmlReader::reference()
{
    char32_t codePoint = 0;
    const qsizetype length = HtmlEntities::decode(m_html, m_pos, &codePoint);
    if (length == 0) {
        characterData(m_html.sliced(m_pos, 1));
        ++m_pos;
        return;
    }
    m_pos += length;
    characterData(QChar::fromUcs4(codePoint));
}

// At a '<' (HTML section 13.2.5.6, tag open state): a tag, a comment, or just text.
void HtmlReader::markup()
{
    const qsizetype n = m_html.size();
    const QStringView rest = m_html.sliced(m_pos);
    const QChar next = rest.size() > 1 ? rest[1] : QChar();
    if (next == u'!') {
        if (rest.startsWith("<!--"_L1))
            comment();
        else if (rest.startsWith("<![CDATA["_L1))
            cdata();
        else
            bogusComment(); // <!DOCTYPE>, and Word's <![if !supportLists]> ... <![endif]>
    } else if (next == u'?') {
        bogusComment(); // <?xml ...?>, Word's <?xml:namespace ...>
    } else if (next == u'/') {
        if (rest.size() > 2 && isAsciiLetter(rest[2]))
            tag(true);
        else if (rest.startsWith("</>"_L1))
            m_pos = std::min(m_pos + 3, n);
        else
            bogusComment();
    } else if (isAsciiLetter(next)) {
        tag(false);
    } else {
        // "a < b", "<3", "<=": a browser shows these as they are.
        characterData(rest.first(1));
        ++m_pos;
    }
}

// "<!-- ... -->", which is also how Outlook hides its "<!--[if mso]> ... <![endif]-->" blocks.
// Unterminated, it runs to the end, as in a browser: the sender's reader saw none of it either.
void HtmlReader::comment()
{
    const qsizetype n = m_html.size();
    const qsizetype bodyStart = m_pos + 4;
    // "<!-->" and "<!--->" are complete (empty) comments.
    if (m_html.sliced(bodyStart).startsWith(u'>')) {
        m_pos = bodyStart + 1;
        return;
    }
    if (m_html.sliced(bodyStart).startsWith("->"_L1)) {
        m_pos = bodyStart + 2;
        return;
    }
    qsizetype from = bodyStart;
    while (true) {
        const qsizetype dashes = m_html.indexOf(u"--", from);
        if (dashes < 0) {
            m_pos = n;
            return;
        }
        const QStringView after = m_html.sliced(dashes + 2);
        if (after.startsWith(u'>')) {
            m_pos = dashes + 3;
            return;
        }
        if (after.startsWith("!>"_L1)) {
            m_pos = dashes + 4;
            return;
        }
        from = dashes + 1;
    }
}

// Runs to the next '>'. Without one the '<' was text after all.
void HtmlReader::bogusComment()
{
    const qsizetype end = m_pos < m_lastGreaterThan ? m_html.indexOf(u'>', m_pos) : -1;
    if (end < 0) {
        characterData(m_html.sliced(m_pos, 1));
        ++m_pos;
        return;
    }
    m_pos = end + 1;
}

// In HTML proper a CDATA section is a bogus comment; mail that has one is written as XHTML,
// where it is text taken literally, and that reading loses nothing. Unterminated, it runs on.
void HtmlReader::cdata()
{
    const qsizetype start = m_pos + 9;
    const qsizetype end = m_html.indexOf(u"]]>", start);
    if (end < 0) {
        characterData(m_html.sliced(start));
        m_pos = m_html.size();
        return;
    }
    characterData(m_html.sliced(start, end - start));
    m_pos = end + 3;
}

void HtmlReader::tag(bool isEndTag)
{
    const qsizetype n = m_html.size();
    const qsizetype nameStart = m_pos + (isEndTag ? 2 : 1);
    qsizetype end = -1;
    qsizetype nameEnd = nameStart;
    if (m_pos < m_lastGreaterThan) {
        while (nameEnd < n && !endsTagName(m_html[nameEnd]))
            ++nameEnd;
        end = tagEnd(nameEnd);
    }
    if (end < 0) {
        // "if a<b then" with no '>' anywhere after it: text, not a tag eating the rest.
        characterData(m_html.sliced(m_pos, 1));
        ++m_pos;
        return;
    }
    const QStringView name = m_html.sliced(nameStart, nameEnd - nameStart);
    const QStringView attributes = m_html.sliced(nameEnd, end - 1 - nameEnd);
    m_pos = end;
    if (isEndTag)
        endTag(name);
    else
        startTag(name, attributes);
}

// The position after the '>' that ends the tag whose attributes start at `from`, or -1. A '>'
// inside a quoted attribute value does not end the tag. When a quote never closes, the quotes of
// this message cannot be trusted: from then on the first '>' ends every tag. That also bounds
// the work: a failed quote-aware scan reads to the end of the input, and it happens only once.
qsizetype HtmlReader::tagEnd(qsizetype from)
{
    const qsizetype n = m_html.size();
    if (m_quotesTrusted) {
        qsizetype p = from;
        while (p < n) {
            const QChar c = m_html[p];
            if (c == u'>')
                return p + 1;
            ++p;
            if (c != u'=')
                continue;
            while (p < n && isHtmlSpace(m_html[p]))
                ++p;
            if (p < n && (m_html[p] == u'"' || m_html[p] == u'\'')) {
                const qsizetype close = m_html.indexOf(m_html[p], p + 1);
                if (close < 0)
                    break;
                p = close + 1;
            }
        }
        m_quotesTrusted = false;
    }
    const qsizetype end = from <= m_lastGreaterThan ? m_html.indexOf(u'>', from) : -1;
    return end < 0 ? -1 : end + 1;
}

void HtmlReader::startTag(QStringView name, QStringView attributes)
{
    const Element element = classify(name);
    if (element == Element::Head) {
        m_inHead = m_headAllowed; // a <head> inside the body is ignored
        return;
    }
    // Any element that cannot be in <head> ends it and starts the body, as in a browser (HTML
    // section 13.2.6.4.4).
    if (element != Element::NoText && element != Element::Dropped) {
        m_inHead = false;
        m_headAllowed = false;
    }

    switch (element) {
    case Element::Inline:
    case Element::NoText:
    case Element::Head:
    case Element::Body:
        break;
    case Element::Dropped:
        skipRawText(name);
        break;
    case Element::Block:
        m_writer.blockBreak();
        break;
    case Element::Paragraph:
        m_writer.paragraphBreak();
        break;
    case Element::LineBreak:
        m_writer.lineBreak();
        break;
    case Element::Quote:
        m_writer.beginQuote();
        break;
    case Element::Preformatted:
        m_writer.beginPreformatted();
        // A newline straight after <pre> is not content (HTML section 13.2.6.4.7).
        if (m_html.sliced(m_pos).startsWith(u'\n'))
            ++m_pos;
        else if (m_html.sliced(m_pos).startsWith("\r\n"_L1))
            m_pos += 2;
        break;
    case Element::UnorderedList:
        m_writer.beginList(false, 1);
        break;
    case Element::OrderedList: {
        bool ok = false;
        const int start = attributeValue(attributes, "start"_L1).trimmed().toInt(&ok);
        m_writer.beginList(true, ok ? start : 1);
        break;
    }
    case Element::ListItem:
        m_writer.beginListItem();
        break;
    case Element::Table:
        m_writer.beginTable();
        break;
    case Element::Row:
        m_writer.beginRow();
        break;
    case Element::Cell:
        m_writer.beginCell();
        break;
    case Element::Link:
        m_writer.beginLink(linkTarget(attributeValue(attributes, "href"_L1)));
        break;
    case Element::Image: {
        const QString alt = attributeValue(attributes, "alt"_L1).simplified();
        if (!alt.isEmpty())
            characterData(QString(u'[' % alt % u']'));
        break;
    }
    }
}

void HtmlReader::endTag(QStringView name)
{
    switch (classify(name)) {
    case Element::Inline:
    case Element::NoText:
    case Element::Body:
    case Element::Dropped:
    case Element::Image:
    case Element::Cell:
        break;
    case Element::Head:
        m_inHead = false;
        break;
    case Element::Block:
        m_writer.blockBreak();
        break;
    case Element::Paragraph:
        m_writer.paragraphBreak();
        break;
    case Element::LineBreak:
        m_writer.lineBreak(); // browsers read a stray </br> as <br>
        break;
    case Element::Quote:
        m_writer.endQuote();
        break;
    case Element::Preformatted:
        m_writer.endPreformatted();
        break;
    case Element::UnorderedList:
    case Element::OrderedList:
        m_writer.endList();
        break;
    case Element::ListItem:
        m_writer.endListItem();
        break;
    case Element::Table:
        m_writer.endTable();
        break;
    case Element::Row:
        m_writer.endRow();
        break;
    case Element::Link:
        m_writer.endLink();
        break;
    }
}

// Skips the content of <script>, <style>, <title>... up to and including its end tag. Their
// content is not markup ("if (a<b)" in a script is no tag), so only the end tag is looked for;
// without one the element runs to the end of the input, as in a browser.
void HtmlReader::skipRawText(QStringView name)
{
    const qsizetype n = m_html.size();
    for (qsizetype p = m_html.indexOf(u"</", m_pos); p >= 0; p = m_html.indexOf(u"</", p + 2)) {
        const qsizetype after = p + 2 + name.size();
        if (after > n || m_html.sliced(p + 2, name.size()).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (after < n && !endsTagName(m_html[after]))
            continue;
        const qsizetype end = after <= m_lastGreaterThan ? m_html.indexOf(u'>', after) : -1;
        m_pos = end < 0 ? n : end + 1;
        return;
    }
    m_pos = n;
}

} // namespace

QString HtmlToText::convert(const QString &html)
{
    return HtmlReader(html).convert();
}

} // namespace magpie::mime
