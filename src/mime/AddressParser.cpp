// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/AddressParser.h"

#include "mime/EncodedWords.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>

#include <cstring>
#include <optional>

namespace magpie::mime {

namespace {

QString tr(const char *sentence)
{
    return QCoreApplication::translate("magpie::mime::AddressList", sentence);
}

bool isSpecial(char c)
{
    // RFC 5322 s3.2.3 specials, except "\", which outside a quoted-string is not a
    // quoted-pair (s3.2.1) and is kept as part of a word.
    return c != '\0' && std::strchr("()<>[]:;@,.\"", c) != nullptr;
}

bool isAsciiAtext(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
}

// A local part as an addr-spec writes it: dot-atom when it can be, else a quoted-string
// (s3.4.1 says the dot-atom form SHOULD be used whenever possible).
QByteArray localPartFromWord(const QByteArray &content)
{
    // Control characters other than the tab (WSP) have no place in an address.
    QByteArray clean;
    clean.reserve(content.size());
    for (char c : content) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 0x20 && u != 0x7f) || c == '\t')
            clean += c;
    }
    if (AddressParser::isDotAtomText(clean, true))
        return clean;
    QByteArray quoted("\"");
    for (char c : std::as_const(clean)) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

// A name is shown on one line: control characters become spaces (a line break must never
// reach a header the name is written back to), and runs of white space, which RFC 5322
// s3.2.2 reads as one space outside quoted strings, become one space everywhere.
QString cleanName(QString name)
{
    for (QChar &c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u' ';
    }
    return name.simplified();
}

// xn-- labels are shown in Unicode (RFC 6532 stores the U-label form); the IDN whitelist is
// ignored so that every domain reads the same way and round-trips through format(). A raw
// Unicode domain is shown as IDNA maps it (UTS #46: "¼" is "1⁄4", "BÜCHER" is "bücher"):
// that is the domain DNS resolves, and the form format() writes back unchanged.
QString domainToUnicode(const QByteArray &domain)
{
    const QByteArray lower = domain.toLower();
    if (lower.startsWith("xn--") || lower.contains(".xn--")) {
        const QString unicode = QUrl::fromAce(domain, QUrl::IgnoreIDNWhitelist);
        if (!unicode.isEmpty())
            return unicode;
    }
    const QString raw = QString::fromUtf8(domain);
    const bool ascii = std::all_of(domain.begin(), domain.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii) {
        const QByteArray ace = QUrl::toAce(raw, QUrl::IgnoreIDNWhitelist);
        const QString mapped = ace.isEmpty() ? QString() : QUrl::fromAce(ace, QUrl::IgnoreIDNWhitelist);
        if (!mapped.isEmpty() && !mapped.contains(QLatin1StringView("xn--"), Qt::CaseInsensitive))
            return mapped;
    }
    return raw;
}

enum class TokenKind { Atom, Quoted, Literal, Comment, Special };

// One lexical token of a structured field body (RFC 5322 s3.2).
struct Token
{
    TokenKind kind = TokenKind::Atom;
    char special = '\0';
    bool spaceBefore = false; // white space or a comment separates it from the token before
    qsizetype begin = 0; // where it is in the field body
    qsizetype end = 0;
    QByteArray text; // atom; quoted-string, comment or literal content without its quoting
};

bool isWhiteSpace(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u <= 32 || u == 127; // controls too: they are never part of a name or address
}

QList<Token> tokenize(QByteArrayView in)
{
    QList<Token> tokens;
    const qsizetype n = in.size();
    qsizetype i = 0;
    bool space = false;
    // Reads up to `close`, undoing quoted-pairs (s3.2.1); unterminated runs to the end.
    auto readQuoted = [&](Token &token, char open, char close) {
        int depth = 1;
        ++i;
        while (i < n) {
            const char c = in[i++];
            if (c == '\\' && i < n) {
                token.text += in[i++];
            } else if (c == close && --depth == 0) {
                break;
            } else {
                if (c == open && open != close)
                    ++depth; // comments nest (s3.2.2)
                token.text += c;
            }
        }
    };
    while (i < n) {
        const char c = in[i];
        if (isWhiteSpace(c)) {
            space = true;
            ++i;
            continue;
        }
        Token token;
        token.begin = i;
        token.spaceBefore = space;
        space = false;
        if (c == '"') {
            token.kind = TokenKind::Quoted;
            readQuoted(token, '"', '"');
        } else if (c == '(') {
            token.kind = TokenKind::Comment;
            readQuoted(token, '(', ')');
            space = true; // runs of CFWS read as one space (s3.2.2)
        } else if (c == '[') {
            token.kind = TokenKind::Literal;
            readQuoted(token, '[', ']');
            // White space inside a domain literal is FWS, not part of it (s3.4.1).
            QByteArray literal("[");
            for (char d : std::as_const(token.text)) {
                if (!isWhiteSpace(d))
                    literal += d;
            }
            literal += ']';
            token.text = literal;
        } else if (isSpecial(c)) {
            token.kind = TokenKind::Special;
            token.special = c;
            ++i;
        } else {
            while (i < n && !isSpecial(in[i]) && !isWhiteSpace(in[i]))
                ++i;
            token.text = in.sliced(token.begin, i - token.begin).toByteArray();
        }
        token.end = i;
        tokens.append(std::move(token));
    }
    return tokens;
}

bool isWord(const Token &token)
{
    return token.kind == TokenKind::Atom || token.kind == TokenKind::Quoted;
}

class ListReader
{
public:
    ListReader(QByteArrayView body, QStringList *warnings)
        : m_body(body)
        , m_tokens(tokenize(body))
        , m_warnings(warnings)
    { }

    QList<Mailbox> run();

private:
    bool isSpecial(qsizetype i, char c) const
    {
        return m_tokens[i].kind == TokenKind::Special && m_tokens[i].special == c;
    }
    QString phrase(qsizetype begin, qsizetype end) const;
    QString firstComment(qsizetype begin, qsizetype end) const;
    std::optional<QString> addrSpec(qsizetype begin, qsizetype end) const;
    qsizetype parseAngle(qsizetype open);
    void finishElement(qsizetype begin, qsizetype end);
    void parseBare(qsizetype begin, qsizetype end);
    void warn(const char *sentence, qsizetype begin, qsizetype end);

    QByteArrayView m_body;
    QList<Token> m_tokens;
    QStringList *m_warnings;
    QList<Mailbox> m_result;
    // The angle-addr of the element being read, if it had one.
    bool m_hasAngle = false;
    qsizetype m_angleBegin = 0;
    qsizetype m_angleEnd = 0;
    std::optional<QString> m_angleAddress;
};

QList<Mailbox> ListReader::run()
{
    const qsizetype n = m_tokens.size();
    qsizetype element = 0;
    bool inGroup = false;
    QString groupName;
    qsizetype groupFirst = 0;
    auto closeGroup = [&]() {
        // s3.4: a group may list no mailbox at all ("undisclosed-recipients:;"); keep its
        // name as a placeholder so the reader still sees where the message went.
        if (m_result.size() == groupFirst && !groupName.isEmpty())
            m_result.append(Mailbox { groupName, QString() });
        inGroup = false;
    };

    for (qsizetype i = 0; i < n;) {
        const Token &token = m_tokens[i];
        if (token.kind == TokenKind::Special) {
            // s4.4: list elements may be empty (",,", leading or trailing commas).
            if (token.special == ',' || token.special == ';') {
                finishElement(element, i);
                if (token.special == ';' && inGroup)
                    closeGroup();
                element = ++i;
                continue;
            }
            // s3.4: group = display-name ":" [group-list] ";"; members are flattened.
            if (token.special == ':' && !inGroup && !m_hasAngle) {
                groupName = phrase(element, i);
                groupFirst = m_result.size();
                inGroup = true;
                element = ++i;
                continue;
            }
            if (token.special == '<') {
                // "<a@x> <b@y>": a second angle-addr starts a new mailbox (missing comma).
                if (m_hasAngle) {
                    finishElement(element, m_angleEnd);
                    element = m_angleEnd;
                }
                i = parseAngle(i);
                continue;
            }
        }
        // Anything but a comment after an angle-addr belongs to the next mailbox.
        if (m_hasAngle && token.kind != TokenKind::Comment) {
            finishElement(element, m_angleEnd);
            element = m_angleEnd;
        }
        ++i;
    }
    finishElement(element, n);
    if (inGroup)
        closeGroup(); // a group without its ";" still ends with the field
    return m_result;
}

// display-name = phrase (s3.2.5), obs-phrase allowing "." (s4.1); encoded words in it are
// decoded (RFC 2047 s5(3)), also inside quoted strings, where many mailers put them.
QString ListReader::phrase(qsizetype begin, qsizetype end) const
{
    QByteArray raw;
    for (qsizetype i = begin; i < end; ++i) {
        const Token &token = m_tokens[i];
        if (token.kind == TokenKind::Comment)
            continue;
        if (token.spaceBefore && !raw.isEmpty())
            raw += ' ';
        if (token.kind == TokenKind::Special)
            raw += token.special;
        else
            raw += token.text;
    }
    return cleanName(EncodedWords::decode(raw));
}

QString ListReader::firstComment(qsizetype begin, qsizetype end) const
{
    for (qsizetype i = begin; i < end; ++i) {
        if (m_tokens[i].kind == TokenKind::Comment) {
            const QString name = cleanName(EncodedWords::decode(m_tokens[i].text));
            if (!name.isEmpty())
                return name;
        }
    }
    return {};
}

// addr-spec = local-part "@" domain (s3.4.1), with the obsolete CFWS between the dotted
// parts (s4.4) and a trailing dot on the domain tolerated.
std::optional<QString> ListReader::addrSpec(qsizetype begin, qsizetype end) const
{
    qsizetype at = -1;
    for (qsizetype i = begin; i < end; ++i) {
        if (isSpecial(i, '@'))
            at = i;
    }
    if (at < 0)
        return std::nullopt;
    QByteArray local;
    for (qsizetype i = begin; i < at; ++i) {
        const Token &token = m_tokens[i];
        if (token.kind == TokenKind::Quoted)
            local += localPartFromWord(token.text);
        else if (token.kind == TokenKind::Special)
            local += token.special;
        else if (token.kind != TokenKind::Comment)
            local += token.text;
    }
    QByteArray domain;
    for (qsizetype i = at + 1; i < end; ++i) {
        const Token &token = m_tokens[i];
        if (token.kind == TokenKind::Atom || token.kind == TokenKind::Literal)
            domain += token.text;
        else if (token.kind == TokenKind::Special && token.special == '.')
            domain += '.';
        else if (token.kind != TokenKind::Comment)
            return std::nullopt;
    }
    while (domain.endsWith('.'))
        domain.chop(1);
    while (domain.startsWith('.'))
        domain.remove(0, 1);
    if (local.isEmpty() || domain.isEmpty())
        return std::nullopt;
    return QString(QString::fromUtf8(local) + u'@' + domainToUnicode(domain));
}

// angle-addr = "<" addr-spec ">", or obs-angle-addr with a route "@a,@b:" that is ignored
// (s4.4). A missing ">" ends the address at the next list separator.
qsizetype ListReader::parseAngle(qsizetype open)
{
    const qsizetype n = m_tokens.size();
    qsizetype i = open + 1;
    if (i < n && (isSpecial(i, '@') || isSpecial(i, ','))) {
        for (qsizetype k = i; k < n && !isSpecial(k, '>'); ++k) {
            if (isSpecial(k, ':')) {
                i = k + 1;
                break;
            }
        }
    }
    const qsizetype addressBegin = i;
    while (i < n && !isSpecial(i, '>') && !isSpecial(i, ',') && !isSpecial(i, ';')
           && !isSpecial(i, '<'))
        ++i;
    m_angleAddress = addrSpec(addressBegin, i);
    if (i < n && isSpecial(i, '>'))
        ++i;
    m_hasAngle = true;
    m_angleBegin = open;
    m_angleEnd = i;
    return i;
}

void ListReader::finishElement(qsizetype begin, qsizetype end)
{
    if (!m_hasAngle) {
        parseBare(begin, end);
        return;
    }
    m_hasAngle = false;
    if (!m_angleAddress) {
        warn(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                               "Ignored \"%1\": it holds no email address."),
             begin, end);
        return;
    }
    QString name = phrase(begin, m_angleBegin);
    if (name.isEmpty())
        name = firstComment(begin, end);
    m_result.append(Mailbox { name, *m_angleAddress });
}

// Mailboxes without angle brackets: "a@x", the legacy "a@x (Name)" (s3.4 note), and the
// broken "Name a@x" and "a@x b@y" that some programs write.
void ListReader::parseBare(qsizetype begin, qsizetype end)
{
    const qsizetype firstFound = m_result.size();
    qsizetype pos = begin;
    for (qsizetype at = begin; at < end; ++at) {
        if (!isSpecial(at, '@'))
            continue;
        // The local part: words joined by dots, walking back from the "@".
        qsizetype localBegin = at;
        bool wordAfter = false;
        for (qsizetype k = at - 1; k >= pos; --k) {
            const Token &token = m_tokens[k];
            if (token.kind == TokenKind::Comment)
                continue;
            if (isWord(token) && !wordAfter)
                wordAfter = true;
            else if (token.kind == TokenKind::Special && token.special == '.')
                wordAfter = false;
            else
                break;
            localBegin = k;
        }
        // The domain: atoms (or a literal) joined by dots, walking forward.
        qsizetype domainEnd = at + 1;
        bool labelBefore = false;
        for (qsizetype k = at + 1; k < end; ++k) {
            const Token &token = m_tokens[k];
            const bool label = token.kind == TokenKind::Atom || token.kind == TokenKind::Literal;
            if (token.kind == TokenKind::Comment)
                continue;
            if (label && !labelBefore)
                labelBefore = true;
            else if (token.kind == TokenKind::Special && token.special == '.')
                labelBefore = false;
            else
                break;
            domainEnd = k + 1;
        }
        const std::optional<QString> address = addrSpec(localBegin, domainEnd);
        if (address)
            m_result.append(Mailbox { phrase(pos, localBegin), *address });
        else
            warn(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                   "Ignored \"%1\": it is not a complete email address."),
                 pos, domainEnd);
        pos = domainEnd;
        at = domainEnd - 1;
    }
    bool leftover = false;
    for (qsizetype k = pos; k < end; ++k)
        leftover = leftover || m_tokens[k].kind != TokenKind::Comment;
    if (m_result.size() == firstFound + 1 && m_result.last().name.isEmpty())
        m_result.last().name = firstComment(begin, end);
    if (leftover && m_result.size() == firstFound)
        warn(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                               "Ignored \"%1\": it holds no email address."),
             pos, end);
    else if (leftover)
        warn(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                               "Ignored \"%1\" after an email address."),
             pos, end);
}

void ListReader::warn(const char *sentence, qsizetype begin, qsizetype end)
{
    if (!m_warnings || begin >= end || end > m_tokens.size())
        return;
    const qsizetype from = m_tokens[begin].begin;
    const qsizetype to = m_tokens[end - 1].end;
    m_warnings->append(tr(sentence).arg(QString::fromUtf8(m_body.sliced(from, to - from))));
}

} // namespace

bool AddressParser::isDotAtomText(QByteArrayView text, bool utf8)
{
    if (text.isEmpty() || text.front() == '.' || text.back() == '.')
        return false;
    char previous = '\0';
    for (char c : text) {
        const bool ok = c == '.'
            ? previous != '.'
            : isAsciiAtext(c) || (utf8 && static_cast<unsigned char>(c) >= 0x80);
        if (!ok)
            return false;
        previous = c;
    }
    return true;
}

QList<Mailbox> AddressParser::parse(QByteArrayView fieldBody, QStringList *warnings)
{
    return ListReader(fieldBody, warnings).run();
}

} // namespace magpie::mime
