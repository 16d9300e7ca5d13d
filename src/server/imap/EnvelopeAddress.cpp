// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/EnvelopeAddress.h"

#include "server/imap/ImapOutput.h"

#include <QVarLengthArray>

namespace magpie::server {

namespace {

// What a missing part is called, as Dovecot writes it (its lib-mail message-address.c), so
// that clients that know one server's placeholders know ours.
const QByteArray kMissingMailbox = QByteArrayLiteral("MISSING_MAILBOX");
const QByteArray kMissingDomain = QByteArrayLiteral("MISSING_DOMAIN");

// RFC 5322 s3.2: the lexical tokens of an address list.
struct Token
{
    enum Type : char { Word, Quoted, Comment, DomainLiteral, Special };
    Type type = Word;
    bool spaceBefore = false; // whitespace or a comment separated it from the previous token
    QByteArrayView raw; // as written, with quotes, parentheses or brackets

    bool is(char special) const { return type == Special && raw.front() == special; }
};

using Tokens = QVarLengthArray<Token, 32>;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 5322 s3.2.3 specials, less "\" and the closing ")" and "]", which outside their
// openers are read as ordinary text (seen in damaged headers).
bool isSpecial(char c)
{
    switch (c) {
    case '(':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '.':
    case '"':
    case '[':
        return true;
    default:
        return false;
    }
}

// The end of a delimited token that starts at `from` (an opener), honouring backslash
// escapes; unterminated ones run to the end. Comments nest (RFC 5322 s3.2.2).
qsizetype delimitedEnd(QByteArrayView text, qsizetype from, char open, char close)
{
    int depth = 0;
    for (qsizetype i = from; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\') {
            ++i;
        } else if (c == close && (depth == 1 || open == close) && i > from) {
            return i + 1;
        } else if (c == open && open != close) {
            ++depth;
        } else if (c == close) {
            --depth;
        }
    }
    return text.size();
}

Tokens tokenize(QByteArrayView text)
{
    Tokens tokens;
    bool space = false;
    qsizetype i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (isSpace(c)) {
            space = true;
            ++i;
            continue;
        }
        Token token;
        token.spaceBefore = space;
        space = false;
        qsizetype end = i + 1;
        if (c == '"') {
            token.type = Token::Quoted;
            end = delimitedEnd(text, i, '"', '"');
        } else if (c == '(') {
            token.type = Token::Comment;
            end = delimitedEnd(text, i, '(', ')');
        } else if (c == '[') {
            token.type = Token::DomainLiteral;
            end = delimitedEnd(text, i, '[', ']');
        } else if (isSpecial(c)) {
            token.type = Token::Special;
        } else {
            token.type = Token::Word;
            while (end < text.size() && !isSpace(text[end]) && !isSpecial(text[end]))
                ++end;
        }
        end = qMin(end, text.size());
        token.raw = text.sliced(i, end - i);
        tokens.append(token);
        i = end;
    }
    return tokens;
}

// The text inside quotes or parentheses, escapes resolved; a nested comment keeps its
// parentheses.
QByteArray unescapedContent(const Token &token)
{
    const QByteArrayView inner = token.raw.sliced(1);
    QByteArray out;
    out.reserve(inner.size());
    int depth = 0;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c == '\\' && i + 1 < inner.size()) {
            out += inner[++i];
            continue;
        }
        if (token.type == Token::Quoted && c == '"')
            break;
        if (token.type == Token::Comment && c == '(') {
            ++depth;
        } else if (token.type == Token::Comment && c == ')') {
            if (depth == 0)
                break;
            --depth;
        }
        out += c;
    }
    return out;
}

// A display name or group name (RFC 5322 s3.2.5 phrase, s4.1 obs-phrase): its words joined
// by one space where the header had whitespace or a comment between them, quoted strings
// unquoted, encoded words left for the client. A null QByteArray when there is none.
QByteArray phrase(const Tokens &tokens, qsizetype from, qsizetype to)
{
    QByteArray out;
    bool pendingSpace = false;
    for (qsizetype i = from; i < to; ++i) {
        const Token &token = tokens[i];
        if (token.type == Token::Comment) {
            pendingSpace = true;
            continue;
        }
        if (!out.isEmpty() && (pendingSpace || token.spaceBefore))
            out += ' ';
        pendingSpace = false;
        if (token.type == Token::Quoted)
            out += unescapedContent(token);
        else
            out += token.raw;
    }
    return out.isEmpty() ? QByteArray() : out;
}

// The last non-empty comment in the range: "alice@example.com (Alice)" names Alice.
QByteArray commentName(const Tokens &tokens, qsizetype from, qsizetype to)
{
    for (qsizetype i = to - 1; i >= from; --i) {
        if (tokens[i].type == Token::Comment) {
            QByteArray text = unescapedContent(tokens[i]).trimmed();
            if (!text.isEmpty())
                return text;
        }
    }
    return {};
}

// Tokens concatenated without spaces, comments dropped: a local part, domain or route.
QByteArray joined(const Tokens &tokens, qsizetype from, qsizetype to)
{
    QByteArray out;
    for (qsizetype i = from; i < to; ++i) {
        if (tokens[i].type != Token::Comment)
            out += tokens[i].raw;
    }
    return out;
}

qsizetype find(const Tokens &tokens, qsizetype from, qsizetype to, char special)
{
    for (qsizetype i = from; i < to; ++i) {
        if (tokens[i].is(special))
            return i;
    }
    return -1;
}

// addr-spec (RFC 5322 s3.4.1): local "@" domain. A quoted local part is unquoted, as
// Dovecot and UW-IMAP write it; clients quote it again when they form the address.
void addrSpec(const Tokens &tokens, qsizetype from, qsizetype to, EnvelopeAddress &address)
{
    const qsizetype at = find(tokens, from, to, '@');
    QByteArray local;
    for (qsizetype i = from; i < (at < 0 ? to : at); ++i) {
        if (tokens[i].type == Token::Quoted)
            local += unescapedContent(tokens[i]);
        else if (tokens[i].type != Token::Comment)
            local += tokens[i].raw;
    }
    QByteArray domain;
    if (at >= 0) {
        // A second "@" is damage; the domain ends there.
        const qsizetype second = find(tokens, at + 1, to, '@');
        domain = joined(tokens, at + 1, second < 0 ? to : second);
    }
    address.mailbox = local.isEmpty() ? kMissingMailbox : local;
    address.host = domain.isEmpty() ? kMissingDomain : domain;
}

// Whether the range is one dot-atom with no whitespace inside ("alice",
// "a.b"): the local part of an address without "@", not a display name.
bool isLocalPartOnly(const Tokens &tokens, qsizetype from, qsizetype to)
{
    bool first = true;
    for (qsizetype i = from; i < to; ++i) {
        const Token &token = tokens[i];
        if (token.type == Token::Comment)
            continue;
        if (!first && token.spaceBefore)
            return false;
        if (token.type != Token::Word && !token.is('.'))
            return false;
        first = false;
    }
    return !first;
}

bool hasContent(const Tokens &tokens, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to; ++i) {
        if (tokens[i].type != Token::Comment)
            return true;
    }
    return false;
}

// One mailbox (RFC 5322 s3.4): name-addr or addr-spec, or what is left of one.
bool parseMailbox(const Tokens &tokens, qsizetype from, qsizetype to, EnvelopeAddress &address)
{
    if (!hasContent(tokens, from, to))
        return false;
    const qsizetype open = find(tokens, from, to, '<');
    if (open >= 0) {
        address.name = phrase(tokens, from, open);
        qsizetype close = find(tokens, open + 1, to, '>');
        if (close < 0)
            close = to;
        qsizetype spec = open + 1;
        // obs-route (RFC 5322 s4.4): "<@a,@b:user@host>"
        if (spec < close && tokens[spec].is('@')) {
            const qsizetype colon = find(tokens, spec, close, ':');
            if (colon >= 0) {
                address.route = joined(tokens, spec, colon);
                spec = colon + 1;
            }
        }
        addrSpec(tokens, spec, close, address);
        return true;
    }
    if (find(tokens, from, to, '@') >= 0 || isLocalPartOnly(tokens, from, to)) {
        addrSpec(tokens, from, to, address);
        address.name = commentName(tokens, from, to);
        return true;
    }
    // Only a name: "Only Name" with no address at all.
    address.name = phrase(tokens, from, to);
    address.mailbox = kMissingMailbox;
    address.host = kMissingDomain;
    return true;
}

void groupEnd(QList<EnvelopeAddress> &out)
{
    out.append(EnvelopeAddress());
}

} // namespace

void EnvelopeAddress::parseList(QByteArrayView fieldBody, QList<EnvelopeAddress> &out)
{
    const Tokens tokens = tokenize(fieldBody);
    const qsizetype count = tokens.size();
    bool inGroup = false;
    qsizetype i = 0;
    while (i < count) {
        if (tokens[i].is(',')) {
            ++i;
            continue;
        }
        if (tokens[i].is(';')) {
            if (inGroup)
                groupEnd(out);
            inGroup = false;
            ++i;
            continue;
        }
        // The element runs to the next "," or ";" outside angle brackets. A ":" before any
        // address makes it a group's name (RFC 5322 s3.4: group = display-name ":" ...).
        qsizetype end = i;
        qsizetype groupColon = -1;
        bool inAngle = false;
        bool sawAddress = false;
        for (; end < count; ++end) {
            const Token &token = tokens[end];
            if (token.type != Token::Special)
                continue;
            const char c = token.raw.front();
            if (inAngle) {
                inAngle = c != '>';
                continue;
            }
            if (c == '<' || c == '@') {
                inAngle = c == '<';
                sawAddress = true;
            } else if (c == ':' && !inGroup && !sawAddress) {
                groupColon = end;
                break;
            } else if (c == ',' || c == ';') {
                break;
            }
        }
        if (groupColon >= 0) {
            EnvelopeAddress start;
            start.mailbox = phrase(tokens, i, groupColon);
            if (start.mailbox.isNull())
                start.mailbox = QByteArray("");
            out.append(start);
            inGroup = true;
            i = groupColon + 1;
            continue;
        }
        EnvelopeAddress address;
        if (parseMailbox(tokens, i, end, address))
            out.append(address);
        i = end;
    }
    if (inGroup)
        groupEnd(out); // "Team: a@b" without its ";"
}

void EnvelopeAddress::writeList(const QList<EnvelopeAddress> &addresses, QByteArray &out)
{
    if (addresses.isEmpty()) {
        out += "NIL";
        return;
    }
    out += '(';
    for (const EnvelopeAddress &address : addresses) {
        out += '(';
        ImapOutput::appendNString(out, address.name);
        out += ' ';
        ImapOutput::appendNString(out, address.route);
        out += ' ';
        ImapOutput::appendNString(out, address.mailbox);
        out += ' ';
        ImapOutput::appendNString(out, address.host);
        out += ')';
    }
    out += ')';
}

} // namespace magpie::server
