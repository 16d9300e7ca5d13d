// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/EncodedWords.h"

#include "mime/Charsets.h"
#include "mime/TransferEncoding.h"

namespace magpie::mime {

namespace {

// RFC 2047 s2: an encoded word is at most 75 characters; s2 and RFC 5322 s2.1.1: a header
// line should be at most 78.
constexpr int maxWordLength = 75;
constexpr int maxLineLength = 78;
// "=?UTF-8?Q?" and "?=".
constexpr int wordOverhead = 12;
// RFC 2978 s2.3 limits charset names to 40 characters; a language tag (RFC 2231 s5) adds a
// few. Bounding the scan keeps a hostile value from making the decoder quadratic.
constexpr qsizetype maxCharsetLength = 64;

bool isLinearWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isAscii(QByteArrayView s)
{
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

bool isAllWhitespace(QByteArrayView s)
{
    for (char c : s) {
        if (!isLinearWhitespace(c))
            return false;
    }
    return true;
}

struct Word
{
    QByteArrayView charset; // without the RFC 2231 s5 language
    char encoding = 0; // 'B' or 'Q'
    QByteArrayView text;
    qsizetype end = 0; // index just past "?="
};

// Where a previous search for "?=" failed: starting anywhere in [from, at) it fails again,
// so a value with many "=?" but no end is still scanned once.
struct NoEnd
{
    qsizetype from = -1;
    qsizetype at = -1;
};

// RFC 2047 s2: "=?" charset "?" encoding "?" encoded-text "?=", `at` pointing at "=?".
// encoded-text is printable and holds no space (s2); 8-bit bytes from broken mailers are
// tolerated there and left to the charset.
bool parseWord(QByteArrayView v, qsizetype at, Word *word, NoEnd *noEnd)
{
    const qsizetype n = v.size();
    qsizetype i = at + 2;
    const qsizetype charsetStart = i;
    while (i < n && v[i] != '?') {
        const auto u = static_cast<unsigned char>(v[i]);
        if (u <= 0x20 || u >= 0x7F || i - charsetStart >= maxCharsetLength)
            return false;
        ++i;
    }
    if (i == charsetStart || i + 2 >= n || v[i + 2] != '?')
        return false;
    QByteArrayView charset = v.sliced(charsetStart, i - charsetStart);
    if (const qsizetype star = charset.indexOf('*'); star >= 0)
        charset = charset.first(star);
    const char encoding = v[i + 1];
    if (encoding != 'B' && encoding != 'b' && encoding != 'Q' && encoding != 'q')
        return false;
    const qsizetype textStart = i + 3;
    if (textStart >= noEnd->from && textStart < noEnd->at)
        return false;
    for (qsizetype j = textStart; j < n; ++j) {
        const auto u = static_cast<unsigned char>(v[j]);
        if (u == '?' && j + 1 < n && v[j + 1] == '=') {
            if (charset.isEmpty())
                return false;
            word->charset = charset;
            word->encoding = (encoding == 'b' || encoding == 'B') ? 'B' : 'Q';
            word->text = v.sliced(textStart, j - textStart);
            word->end = j + 2;
            return true;
        }
        if (u <= 0x20 || u == 0x7F) {
            *noEnd = { textStart, j };
            return false;
        }
    }
    *noEnd = { textStart, n };
    return false;
}

// Raw bytes outside encoded words: RFC 6532 s3.2 allows UTF-8; older mailers send their
// local charset, which the caller may know better than our windows-1252 guess.
void appendRaw(QString &out, QByteArrayView raw, QByteArrayView fallbackCharset)
{
    if (raw.isEmpty())
        return;
    // ASCII (the space between words, "Re: ") reads the same in UTF-8 and every fallback.
    if (isAscii(raw)) {
        out.append(QLatin1StringView(raw));
        return;
    }
    if (Charsets::isValidUtf8(raw)) {
        out.append(Charsets::decode(raw, "utf-8").text); // keeps a U+FEFF, unlike fromUtf8
        return;
    }
    const QByteArrayView charset =
        fallbackCharset.isEmpty() ? QByteArrayView("windows-1252") : fallbackCharset;
    out.append(Charsets::decode(raw, charset).text);
}

bool isAtext(char16_t c)
{
    // RFC 5322 s3.2.3.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
        return true;
    default:
        return false;
    }
}

enum class QAlphabet { Text, Phrase };

// Whether a byte may stand for itself in Q: RFC 2047 s4.2 (3) for *text, s5 (3) for phrase.
bool isQLiteral(unsigned char u, QAlphabet alphabet)
{
    if (alphabet == QAlphabet::Phrase) {
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '!' || u == '*' || u == '+' || u == '-' || u == '/';
    }
    return u > 0x20 && u < 0x7F && u != '=' && u != '?' && u != '_';
}

int qCost(unsigned char u, QAlphabet alphabet)
{
    return (u == ' ' || isQLiteral(u, alphabet)) ? 1 : 3;
}

int utf8SequenceLength(unsigned char lead)
{
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    return lead >= 0xC0 ? 2 : 1;
}

void appendQ(QByteArray &out, QByteArrayView bytes, QAlphabet alphabet)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u == ' ') {
            out.append('_'); // s4.2 (2)
        } else if (isQLiteral(u, alphabet)) {
            out.append(c);
        } else {
            const char escape[3] = { '=', hex[u >> 4], hex[u & 15] };
            out.append(escape, 3);
        }
    }
}

// Splits `utf8` into encoded words, never inside a UTF-8 sequence (s5: each word must be
// self-contained), each within `firstRoom` characters for the first word and 75 after.
// Words are joined by `separator`. Returns the length of the last word.
int appendWords(QByteArray &out, QByteArrayView utf8, int firstRoom, QByteArrayView separator,
                QAlphabet alphabet)
{
    qsizetype qLength = 0;
    for (char c : utf8)
        qLength += qCost(static_cast<unsigned char>(c), alphabet);
    const qsizetype bLength = (utf8.size() + 2) / 3 * 4;
    const bool useQ = qLength <= bLength; // s4: whichever is shorter; Q is readable on a tie
    qsizetype pos = 0;
    int room = firstRoom;
    bool first = true;
    qsizetype lastWordStart = out.size();
    while (pos < utf8.size()) {
        const int textRoom = qMax(room - wordOverhead, 1);
        qsizetype end = pos;
        qsizetype cost = 0;
        while (end < utf8.size()) {
            const qsizetype len = qMin<qsizetype>(
                utf8SequenceLength(static_cast<unsigned char>(utf8[end])), utf8.size() - end);
            qsizetype next = 0;
            if (useQ) {
                for (qsizetype k = end; k < end + len; ++k)
                    next += qCost(static_cast<unsigned char>(utf8[k]), alphabet);
                next += cost;
            } else {
                next = (end + len - pos + 2) / 3 * 4;
            }
            // Always take one character, so a tiny room cannot stall the loop.
            if (next > textRoom && end > pos)
                break;
            cost = useQ ? next : 0;
            end += len;
        }
        if (!first)
            out.append(separator);
        lastWordStart = out.size();
        out.append(useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?");
        const QByteArrayView chunk = utf8.sliced(pos, end - pos);
        if (useQ)
            appendQ(out, chunk, alphabet);
        else
            out.append(TransferEncoding::encodeBase64(chunk).chopped(2)); // one line, no CRLF
        out.append("?=");
        pos = end;
        room = maxWordLength;
        first = false;
    }
    return int(out.size() - lastWordStart);
}

bool isWsp(QChar c)
{
    return c == u' ' || c == u'\t';
}

// A word must be encoded when it is not printable ASCII, or when left raw it would read as an
// encoded word itself (s5: "=?" only starts encoded words).
bool needsEncoding(QStringView word)
{
    for (QChar c : word) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7F)
            return true;
    }
    return word.contains(u"=?");
}

} // namespace

QString EncodedWords::decode(QByteArrayView value, QByteArrayView fallbackCharset)
{
    QString out;
    out.reserve(value.size());
    QByteArray runBytes; // adjacent words in one charset, joined before decoding
    QByteArray runCharset; // canonical; empty when no word precedes
    auto flush = [&] {
        if (!runCharset.isEmpty())
            out.append(Charsets::decode(runBytes, runCharset).text);
        runBytes.clear();
        runCharset.clear();
    };
    NoEnd noEnd;
    qsizetype pos = 0; // start of the text not yet appended
    qsizetype i = 0;
    while (i < value.size()) {
        const qsizetype at = value.indexOf("=?", i);
        if (at < 0)
            break;
        Word word;
        if (!parseWord(value, at, &word, &noEnd)) {
            i = at + 1;
            continue;
        }
        // Malformed words are left as they were (s6.3 asks for them to be shown as is).
        const QByteArray charset = Charsets::canonicalName(word.charset);
        bool damaged = false;
        const QByteArray bytes = word.encoding == 'B'
            ? TransferEncoding::decodeBase64(word.text, &damaged)
            : TransferEncoding::decodeQ(word.text);
        if (charset.isEmpty() || damaged) {
            i = word.end;
            continue;
        }
        const QByteArrayView gap = value.sliced(pos, at - pos);
        // s6.2: whitespace between adjacent encoded words is not displayed.
        if (runCharset.isEmpty() || !isAllWhitespace(gap)) {
            flush();
            appendRaw(out, gap, fallbackCharset);
        }
        if (charset != runCharset)
            flush();
        runCharset = charset;
        runBytes.append(bytes);
        pos = i = word.end;
    }
    flush();
    appendRaw(out, value.sliced(pos), fallbackCharset);
    return out;
}

QByteArray EncodedWords::encode(const QString &text, int usedOnFirstLine)
{
    QByteArray out;
    out.reserve(text.size() * 3 + 16);
    int column = qMax(usedOnFirstLine, 0);
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        // One step: whitespace (kept raw, the only place a fold may go), then a word, or a
        // stretch of adjacent words to encode together with the whitespace between them.
        const qsizetype wsStart = i;
        while (i < n && isWsp(text[i]))
            ++i;
        const QByteArray space = QStringView(text).sliced(wsStart, i - wsStart).toLatin1();
        if (i == n) {
            out.append(space);
            break;
        }
        qsizetype wordEnd = i;
        while (wordEnd < n && !isWsp(text[wordEnd]))
            ++wordEnd;
        const QStringView word = QStringView(text).sliced(i, wordEnd - i);
        if (!needsEncoding(word)) {
            const QByteArray raw = word.toLatin1();
            // RFC 5322 s2.2.3: fold before the whitespace when the line would be too long.
            if (!space.isEmpty() && column > 0
                && column + space.size() + raw.size() > maxLineLength) {
                out.append("\r\n");
                column = 0;
            }
            out.append(space);
            out.append(raw);
            column += int(space.size() + raw.size());
            i = wordEnd;
            continue;
        }
        // Extend the stretch over following words that need encoding too.
        qsizetype stretchEnd = wordEnd;
        for (qsizetype j = wordEnd;;) {
            qsizetype k = j;
            while (k < n && isWsp(text[k]))
                ++k;
            qsizetype e = k;
            while (e < n && !isWsp(text[e]))
                ++e;
            if (k == n || !needsEncoding(QStringView(text).sliced(k, e - k)))
                break;
            stretchEnd = j = e;
        }
        const QByteArray utf8 = QStringView(text).sliced(i, stretchEnd - i).toUtf8();
        // The first word needs room for its delimiters and one character (at most 12). A fold
        // is never made on an empty line: CRLF CRLF would end the header section.
        constexpr int minimumWord = wordOverhead + 12;
        if (column > 0 && column + space.size() + minimumWord > maxLineLength) {
            out.append("\r\n");
            column = 0;
            if (space.isEmpty()) {
                out.append(' '); // only at the very start of the value, where no space was
                column = 1;
            }
        }
        out.append(space);
        column += int(space.size());
        const int firstRoom = qMin(maxWordLength, maxLineLength - column);
        const qsizetype before = out.size();
        const int lastWord = appendWords(out, utf8, firstRoom, "\r\n ", QAlphabet::Text);
        // Words after the first each start a line with the fold's space.
        const bool folded = out.size() - before > lastWord;
        column = folded ? 1 + lastWord : column + lastWord;
        i = stretchEnd;
    }
    return out;
}

QByteArray EncodedWords::encodePhrase(const QString &name)
{
    if (name.isEmpty())
        return {};
    // RFC 5322 s3.2.5: atoms separated by single spaces need nothing.
    bool atoms = !isWsp(name.front()) && !isWsp(name.back());
    bool printable = true;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name[i].unicode();
        if (c < 0x20 || c > 0x7E)
            printable = atoms = false;
        else if (c == ' ' ? (i > 0 && name[i - 1] == u' ') : !isAtext(c))
            atoms = false;
    }
    if (name.contains(u"=?"))
        printable = atoms = false; // raw, it would read as an encoded word
    if (atoms)
        return name.toLatin1();
    if (printable) {
        // RFC 5322 s3.2.4: a quoted-string, with "\" and DQUOTE escaped.
        QByteArray out;
        out.reserve(name.size() + 8);
        out.append('"');
        for (QChar c : name) {
            if (c == u'"' || c == u'\\')
                out.append('\\');
            out.append(char(c.unicode()));
        }
        out.append('"');
        return out;
    }
    // RFC 2047 s5 (3): the whole name as encoded words, separated by spaces.
    QByteArray out;
    appendWords(out, name.toUtf8(), maxWordLength, " ", QAlphabet::Phrase);
    return out;
}

} // namespace magpie::mime
