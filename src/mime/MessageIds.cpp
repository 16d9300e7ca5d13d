// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessageIds.h"

#include <QRandomGenerator>
#include <QSet>
#include <QString>
#include <QUrl>

#include <array>
#include <cstring>

namespace magpie::mime {

namespace {

constexpr int maxLineLength = 78; // RFC 5322 s2.1.1

bool isWhiteSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Skips a comment starting at `pos` (which holds "("): nested, with quoted-pairs (RFC 5322
// s3.2.2). Returns the position after it; an unterminated comment runs to the end.
qsizetype skipComment(QByteArrayView text, qsizetype pos)
{
    int depth = 0;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (c == '\\') {
            if (pos < text.size())
                ++pos;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            break;
        }
    }
    return pos;
}

// Skips a quoted-string starting at `pos` (which holds a DQUOTE); returns the position after
// the closing quote, or the end.
qsizetype skipQuoted(QByteArrayView text, qsizetype pos)
{
    ++pos;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (c == '\\') {
            if (pos < text.size())
                ++pos;
        } else if (c == '"') {
            break;
        }
    }
    return pos;
}

// RFC 5322 s3.2.3 atext, the alphabet of dot-atom-text on both sides of a msg-id.
bool isAtext(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
}

bool isDotAtomText(QByteArrayView text)
{
    if (text.isEmpty() || text.front() == '.' || text.back() == '.')
        return false;
    char previous = '\0';
    for (char c : text) {
        if (c == '.' ? previous == '.' : !isAtext(c))
            return false;
        previous = c;
    }
    return true;
}

// id-right = dot-atom-text / no-fold-literal (RFC 5322 s3.6.4).
bool isIdRight(QByteArrayView domain)
{
    if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
        for (char c : domain.sliced(1, domain.size() - 2)) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 33 || u > 126 || c == '[' || c == ']' || c == '\\')
                return false;
        }
        return true;
    }
    return isDotAtomText(domain);
}

// The bytes of an id we may write between "<" and ">": anything that could end the field,
// the id, or the header (white space, controls, brackets) disqualifies it.
bool isWritableId(QByteArrayView id)
{
    if (id.isEmpty())
        return false;
    for (char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u == 127 || c == '<' || c == '>')
            return false;
    }
    return true;
}

} // namespace

QList<QByteArray> MessageIds::parse(QByteArrayView fieldBody)
{
    QList<QByteArray> ids;
    QSet<QByteArray> seen;
    // Words outside brackets: phrases of RFC 5322 s4.5.4, or a lone id someone left bare.
    QList<QByteArray> bareWords;
    auto add = [&ids, &seen](const QByteArray &id) {
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    };

    const qsizetype n = fieldBody.size();
    qsizetype pos = 0;
    while (pos < n) {
        const char c = fieldBody[pos];
        if (isWhiteSpace(c) || c == ',' || c == '>') {
            ++pos;
        } else if (c == '(') {
            pos = skipComment(fieldBody, pos);
        } else if (c == '"') {
            pos = skipQuoted(fieldBody, pos); // a phrase word, ignored (s4.5.4)
        } else if (c == '<') {
            // msg-id: the obsolete form allows CFWS inside (s4.5.4), which is not part of
            // the id; a quoted local part keeps its spaces. A missing ">" ends at the next
            // "<" or at the end of the field.
            QByteArray id;
            ++pos;
            while (pos < n && fieldBody[pos] != '>' && fieldBody[pos] != '<') {
                const char d = fieldBody[pos];
                if (d == '(') {
                    pos = skipComment(fieldBody, pos);
                } else if (d == '"') {
                    const qsizetype end = skipQuoted(fieldBody, pos);
                    id.append(fieldBody.sliced(pos, end - pos));
                    pos = end;
                } else {
                    const auto u = static_cast<unsigned char>(d);
                    if (u > 32 && u != 127)
                        id.append(d);
                    ++pos;
                }
            }
            if (pos < n && fieldBody[pos] == '>')
                ++pos;
            add(id);
        } else {
            const qsizetype start = pos;
            while (pos < n) {
                const char d = fieldBody[pos];
                if (isWhiteSpace(d) || d == '(' || d == '"' || d == '<' || d == ',')
                    break;
                ++pos;
            }
            const QByteArrayView word = fieldBody.sliced(start, pos - start);
            if (isWritableId(word)) // control characters make it garbage, not an id
                bareWords.append(word.toByteArray());
        }
    }

    // No bracketed id at all: a lone word is the id however it looks, and among several
    // words only those shaped like an id ("left@right") are taken.
    if (ids.isEmpty()) {
        if (bareWords.size() == 1) {
            add(bareWords.front());
        } else {
            for (const QByteArray &word : std::as_const(bareWords)) {
                if (word.indexOf('@') > 0 && !word.endsWith('@'))
                    add(word);
            }
        }
    }
    return ids;
}

QByteArray MessageIds::generate(QByteArrayView domain)
{
    // 144 random bits from the system's CSPRNG: unique without coordination (s3.6.4 asks the
    // generating host to guarantee uniqueness) and unguessable, so an id reveals nothing
    // about the sender's clock or how many messages it sent.
    std::array<quint32, 5> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray random(reinterpret_cast<const char *>(words.data()), 18);
    // base64url letters are all atext, so the left side is a valid dot-atom-text.
    QByteArray id = random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

    QByteArray right = domain.toByteArray();
    bool ascii = true;
    for (char c : domain)
        ascii = ascii && static_cast<unsigned char>(c) < 128;
    // An internationalized domain goes in its A-label form: ids stay ASCII for every reader.
    if (!ascii)
        right = QUrl::toAce(QString::fromUtf8(domain), QUrl::IgnoreIDNWhitelist);
    if (!isIdRight(right))
        right = QByteArrayLiteral("localhost");
    id += '@';
    id += right;
    return id;
}

QByteArray MessageIds::format(const QList<QByteArray> &ids, int usedOnFirstLine)
{
    QByteArray out;
    qsizetype column = usedOnFirstLine;
    bool first = true;
    for (QByteArrayView id : ids) {
        // Tolerate a caller that kept the brackets parse() removed.
        if (id.size() >= 2 && id.front() == '<' && id.back() == '>')
            id = id.sliced(1, id.size() - 2);
        // Writing anything else would let an id break the header open; there is no way to
        // say why here, so such an id is left out.
        if (!isWritableId(id))
            continue;
        const qsizetype length = id.size() + 2;
        if (first) {
            column += length;
        } else if (column + 1 + length > maxLineLength) {
            // RFC 5322 s2.2.3: fold at the white space between two ids. An id itself has no
            // FWS (s3.6.4), so an id longer than a line stays on a line of its own.
            out += "\r\n ";
            column = 1 + length;
        } else {
            out += ' ';
            column += 1 + length;
        }
        out += '<';
        out += id;
        out += '>';
        first = false;
    }
    return out;
}

QByteArray MessageIds::bracketed(const QByteArray &id)
{
    return id.isEmpty() ? id : '<' + id + '>';
}

} // namespace magpie::mime
