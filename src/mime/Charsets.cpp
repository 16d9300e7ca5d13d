// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Charsets.h"

#include <QStringDecoder>

#include <cstring>

namespace magpie::mime {

namespace {

// How bytes in a charset are turned into text.
enum class Engine {
    Utf8, // our validator + Qt's UTF-8 decoder
    Windows1252, // our table: the fallback of last resort must not depend on ICU
    Ascii, // US-ASCII: 8-bit bytes mean the label is wrong
    Utf16, // RFC 2781 s4.3: no BOM means big-endian
    Utf32,
    Qt, // QStringDecoder by name (ICU)
};

struct Charset
{
    QByteArrayView name; // canonical, lower-case
    const char *qtName; // what QStringDecoder is given (a superset where mailers mean one)
    Engine engine;
    bool asciiCompatible; // every byte below 0x80 is that ASCII character (no escapes)
    // Other labels seen in mail, space-separated. The iso-8859-N and windows-125N spellings
    // ("iso8859_1", "cp1252", "win-1251") are recognized by pattern, not listed.
    QByteArrayView aliases;
};

// Ordered by how often mail uses them: lookup is a linear scan that ends early.
constexpr Charset charsets[] = {
    { "utf-8", "UTF-8", Engine::Utf8, true, "utf8 unicode-1-1-utf-8 x-unicode20utf8" },
    { "us-ascii", "US-ASCII", Engine::Ascii, true,
      "ascii ansi_x3.4-1968 ansi_x3.4-1986 us iso646-us csascii iso-ir-6 cp367 ibm367" },
    { "iso-8859-1", "windows-1252", Engine::Windows1252, true,
      "latin1 l1 cp819 ibm819 iso-ir-100 csisolatin1" },
    { "windows-1252", "windows-1252", Engine::Windows1252, true, "" },
    { "iso-8859-15", "ISO-8859-15", Engine::Qt, true, "latin9 l9" },
    { "iso-2022-jp", "ISO-2022-JP", Engine::Qt, false, "csiso2022jp iso2022jp _iso-2022-jp$esc" },
    { "shift_jis", "Shift_JIS", Engine::Qt, true,
      "x-sjis sjis shift-jis windows-31j cp932 ms932 ms_kanji csshiftjis x-ms-cp932" },
    { "euc-jp", "EUC-JP", Engine::Qt, true, "euc_jp eucjp x-euc-jp cseucpkdfmtjapanese" },
    // WHATWG Encoding s5.2: mail labelled GB2312 or GBK is decoded with GB18030, a superset.
    { "gb2312", "GB18030", Engine::Qt, true,
      "euc-cn euccn x-euc-cn csgb2312 gb_2312-80 gb_2312 chinese iso-ir-58" },
    { "gbk", "GB18030", Engine::Qt, true, "x-gbk cp936 ms936 windows-936" },
    { "gb18030", "GB18030", Engine::Qt, true, "" },
    // Big5 as sent is Big5-HKSCS; EUC-KR as sent is Microsoft's superset (windows-949).
    { "big5", "Big5-HKSCS", Engine::Qt, true, "big-5 big-five bigfive cn-big5 x-x-big5 csbig5" },
    { "big5-hkscs", "Big5-HKSCS", Engine::Qt, true, "big5hkscs" },
    { "euc-kr", "windows-949", Engine::Qt, true,
      "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 cp949 windows-949 x-windows-949 uhc euckr "
      "x-euc-kr korean csksc56011987 iso-ir-149" },
    { "koi8-r", "KOI8-R", Engine::Qt, true, "koi8 koi koi8_r cskoi8r" },
    { "koi8-u", "KOI8-U", Engine::Qt, true, "koi8-ru" },
    { "iso-8859-2", "ISO-8859-2", Engine::Qt, true, "latin2 l2" },
    { "iso-8859-3", "ISO-8859-3", Engine::Qt, true, "latin3" },
    { "iso-8859-4", "ISO-8859-4", Engine::Qt, true, "latin4" },
    { "iso-8859-5", "ISO-8859-5", Engine::Qt, true, "cyrillic" },
    { "iso-8859-6", "ISO-8859-6", Engine::Qt, true, "arabic" },
    { "iso-8859-7", "ISO-8859-7", Engine::Qt, true, "greek" },
    { "iso-8859-8", "ISO-8859-8", Engine::Qt, true, "hebrew iso-8859-8-i" },
    { "iso-8859-9", "ISO-8859-9", Engine::Qt, true, "latin5" },
    { "iso-8859-10", "ISO-8859-10", Engine::Qt, true, "latin6" },
    { "iso-8859-13", "ISO-8859-13", Engine::Qt, true, "latin7" },
    { "iso-8859-14", "ISO-8859-14", Engine::Qt, true, "latin8" },
    { "windows-1250", "windows-1250", Engine::Qt, true, "" },
    { "windows-1251", "windows-1251", Engine::Qt, true, "" },
    { "windows-1253", "windows-1253", Engine::Qt, true, "" },
    { "windows-1254", "windows-1254", Engine::Qt, true, "" },
    { "windows-1255", "windows-1255", Engine::Qt, true, "" },
    { "windows-1256", "windows-1256", Engine::Qt, true, "" },
    { "windows-1257", "windows-1257", Engine::Qt, true, "" },
    { "windows-1258", "windows-1258", Engine::Qt, true, "" },
    { "windows-874", "windows-874", Engine::Qt, true, "iso-8859-11 tis-620 cp874" },
    { "iso-2022-kr", "ISO-2022-KR", Engine::Qt, false, "csiso2022kr" },
    { "hz-gb-2312", "HZ-GB-2312", Engine::Qt, false, "hz" },
    { "utf-7", "UTF-7", Engine::Qt, false,
      "utf7 unicode-1-1-utf-7 csunicode11utf7 x-unicode-2-0-utf-7" },
    { "utf-16", "UTF-16BE", Engine::Utf16, false, "utf16 ucs-2 iso-10646-ucs-2" },
    { "utf-16be", "UTF-16BE", Engine::Qt, false, "" },
    { "utf-16le", "UTF-16LE", Engine::Qt, false, "" },
    { "utf-32", "UTF-32BE", Engine::Utf32, false, "utf32" },
    { "utf-32be", "UTF-32BE", Engine::Qt, false, "" },
    { "utf-32le", "UTF-32LE", Engine::Qt, false, "" },
    { "ibm866", "IBM866", Engine::Qt, true, "cp866 866 csibm866" },
    { "macintosh", "macintosh", Engine::Qt, true, "mac x-mac-roman csmacintosh" },
};

// RFC 2978 s2.3 allows 40 characters for a registered name; aliases in the wild are shorter.
constexpr qsizetype maxLabel = 40;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The label without the space and quotes mailers put around it.
QByteArrayView strippedLabel(QByteArrayView label)
{
    qsizetype begin = 0;
    qsizetype end = label.size();
    auto isTrim = [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; };
    while (begin < end && isTrim(label[begin]))
        ++begin;
    while (end > begin && isTrim(label[end - 1]))
        --end;
    return label.sliced(begin, end - begin);
}

// Strips and lower-cases; empty when the label is too long or holds characters no charset
// name has (RFC 2978 s2.3: mime-charset-chars).
QByteArray normalizedLabel(QByteArrayView label)
{
    label = strippedLabel(label);
    if (label.size() > maxLabel)
        return {};
    QByteArray out(label.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < label.size(); ++i) {
        char c = label[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        const bool allowed = (c >= 'a' && c <= 'z') || isDigit(c) || c == '-' || c == '_'
            || c == '.' || c == ':' || c == '+' || c == '$';
        if (!allowed)
            return {};
        out[i] = c;
    }
    return out;
}

// Reads a decimal number of one or two digits at `pos`, the whole rest of `s` (or up to a ':'
// year suffix, "iso_8859-1:1987"); -1 otherwise.
int trailingNumber(QByteArrayView s, qsizetype pos)
{
    qsizetype end = s.indexOf(':', pos);
    if (end < 0)
        end = s.size();
    const qsizetype len = end - pos;
    if (len < 1 || len > 2)
        return -1;
    int n = 0;
    for (qsizetype i = pos; i < end; ++i) {
        if (!isDigit(s[i]))
            return -1;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

qsizetype skipSeparator(QByteArrayView s, qsizetype pos)
{
    return pos < s.size() && (s[pos] == '-' || s[pos] == '_' || s[pos] == ' ') ? pos + 1 : pos;
}

// "iso8859-2", "iso_8859-2", "iso-8859_2", "iso88592" -> "iso-8859-2";
// "cp1251", "win-1251", "x-cp1251", "ms-1251" -> "windows-1251".
QByteArray patternName(QByteArrayView s)
{
    if (s.startsWith("iso")) {
        qsizetype pos = skipSeparator(s, 3);
        if (s.sliced(pos).startsWith("8859")) {
            const int n = trailingNumber(s, skipSeparator(s, pos + 4));
            if (n >= 1 && n <= 16)
                return "iso-8859-" + QByteArray::number(n);
        }
        return {};
    }
    for (QByteArrayView prefix :
         { QByteArrayView("windows"), QByteArrayView("x-cp"), QByteArrayView("cp"),
           QByteArrayView("win"), QByteArrayView("ms") }) {
        if (!s.startsWith(prefix))
            continue;
        const qsizetype pos = skipSeparator(s, prefix.size());
        const QByteArrayView rest = s.sliced(pos);
        if (rest.size() == 4 && rest.startsWith("125") && isDigit(rest[3]))
            return "windows-125" + rest.sliced(3).toByteArray();
        return {};
    }
    return {};
}

const Charset *findCharset(QByteArrayView canonical)
{
    for (const Charset &c : charsets) {
        if (c.name == canonical)
            return &c;
    }
    return nullptr;
}

const Charset *findAlias(QByteArrayView label)
{
    for (const Charset &c : charsets) {
        const QByteArrayView list = c.aliases;
        for (qsizetype at = list.indexOf(label); at >= 0; at = list.indexOf(label, at + 1)) {
            const qsizetype end = at + label.size();
            if ((at == 0 || list[at - 1] == ' ') && (end == list.size() || list[end] == ' '))
                return &c;
        }
    }
    return nullptr;
}

struct Resolved
{
    const Charset *table = nullptr; // one of ours
    QByteArray icuName; // otherwise a label ICU knows, NUL-terminated
    QByteArray canonical;
};

Resolved resolve(QByteArrayView label)
{
    Resolved r;
    // Nearly every label is a canonical name in some case ("UTF-8", "iso-8859-1"): found
    // without a copy, and named by our static string (a first sync decodes a few hundred
    // thousand encoded words). Anything else takes the general way below, which finds the
    // same entry for these.
    const QByteArrayView stripped = strippedLabel(label);
    if (stripped.size() <= maxLabel) {
        char lower[maxLabel];
        for (qsizetype i = 0; i < stripped.size(); ++i) {
            const char c = stripped[i];
            lower[i] = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        }
        if (const Charset *known = findCharset(QByteArrayView(lower, stripped.size()))) {
            r.table = known;
            r.canonical = QByteArray::fromRawData(known->name.data(), known->name.size());
            return r;
        }
    }
    const QByteArray norm = normalizedLabel(label);
    if (norm.isEmpty())
        return r;
    r.table = findCharset(norm);
    if (!r.table)
        r.table = findAlias(norm);
    if (!r.table) {
        const QByteArray byPattern = patternName(norm);
        if (!byPattern.isEmpty())
            r.table = findCharset(byPattern);
    }
    if (r.table) {
        r.canonical = QByteArray::fromRawData(r.table->name.data(), r.table->name.size());
        return r;
    }
    // Not ours: ICU has a large alias table of its own ("ibm850", "iso-2022-jp-2", ...).
    // Labels that merely look like names ("8bit", "x-unknown") are refused by ICU.
    QStringDecoder probe(norm.constData());
    if (!probe.isValid())
        return r;
    r.icuName = norm;
    const char *icuCanonical = probe.name();
    r.canonical = icuCanonical ? QByteArray(icuCanonical).toLower() : norm;
    return r;
}

// WHATWG Encoding s9 (index windows-1252): 0x80-0x9F; unassigned bytes map to the C1 control
// of the same value, so every byte decodes.
constexpr char16_t cp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

QString decodeWindows1252(QByteArrayView bytes)
{
    QString out(bytes.size(), Qt::Uninitialized);
    char16_t *dst = reinterpret_cast<char16_t *>(out.data());
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        *dst++ = (u >= 0x80 && u < 0xA0) ? cp1252High[u - 0x80] : char16_t(u);
    }
    return out;
}

bool isAscii(QByteArrayView bytes)
{
    const char *p = bytes.data();
    qsizetype n = bytes.size();
    // Eight bytes at a time: most header values and many bodies are ASCII.
    while (n >= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        if (word & 0x8080808080808080ULL)
            return false;
        p += 8;
        n -= 8;
    }
    while (n-- > 0) {
        if (static_cast<unsigned char>(*p++) & 0x80)
            return false;
    }
    return true;
}

// RFC 3629 s4 (UTF8-octets): overlong forms, surrogates and code points past U+10FFFF are
// ill-formed. Returns the index of the first ill-formed subsequence at or after `from` (or
// the size) and, in `badLength`, its length: the maximal subpart that could have begun a
// character (Unicode s3.9 "U+FFFD substitution of maximal subparts"), at least one byte.
qsizetype nextIllFormed(QByteArrayView bytes, qsizetype from, qsizetype *badLength)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = from;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int need = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        }
        qsizetype j = i + 1;
        bool ok = need > 0;
        for (int k = 0; ok && k < need; ++k) {
            const unsigned char lower = k == 0 ? lo : 0x80;
            const unsigned char upper = k == 0 ? hi : 0xBF;
            ok = j < n && p[j] >= lower && p[j] <= upper;
            if (ok)
                ++j;
        }
        if (!ok) {
            *badLength = j - i;
            return i;
        }
        i = j;
    }
    *badLength = 0;
    return n;
}

struct Utf8Scan
{
    qsizetype invalid = 0; // ill-formed subsequences
    qsizetype multiByte = 0; // well-formed non-ASCII characters
};

Utf8Scan scanUtf8(QByteArrayView bytes)
{
    Utf8Scan scan;
    qsizetype from = 0;
    while (from < bytes.size()) {
        qsizetype bad = 0;
        const qsizetype at = nextIllFormed(bytes, from, &bad);
        for (qsizetype i = from; i < at; ++i) {
            // Count lead bytes of the well-formed run.
            if ((static_cast<unsigned char>(bytes[i]) & 0xC0) == 0xC0)
                ++scan.multiByte;
        }
        if (bad == 0)
            break;
        ++scan.invalid;
        from = at + bad;
    }
    return scan;
}

// QString::fromUtf8 drops a leading byte order mark. Here U+FEFF is kept (all of them): it is
// invisible, and dropping it would change text that held one, e.g. an encoded word whose bytes
// start with it (RFC 3629 s6 leaves this to the protocol).
QString wellFormedUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless
                               | QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}

QString fromUtf8(QByteArrayView bytes)
{
    QString out;
    qsizetype from = 0;
    while (from < bytes.size()) {
        qsizetype bad = 0;
        const qsizetype at = nextIllFormed(bytes, from, &bad);
        if (from == 0 && bad == 0)
            return wellFormedUtf8(bytes); // the common case: one call, no copy of parts
        if (out.isNull())
            out.reserve(bytes.size());
        out.append(wellFormedUtf8(bytes.sliced(from, at - from)));
        if (bad == 0)
            break;
        // One U+FFFD per maximal subpart, as browsers do (WHATWG Encoding s4.1).
        out.append(QChar(QChar::ReplacementCharacter));
        from = at + bad;
    }
    return out;
}

// QStringDecoder keeps the number of undecodable bytes; hasError() only says "some".
class CountingDecoder : public QStringDecoder
{
public:
    explicit CountingDecoder(const char *name)
        : QStringDecoder(name, QStringConverter::Flag::Stateless)
    { }
    qsizetype invalidCount() const { return state.invalidChars; }
};

struct Attempt
{
    QString text;
    qsizetype invalid = 0;
    qsizetype good = 0; // non-ASCII characters decoded
};

Attempt decodeWithQt(const char *qtName, QByteArrayView bytes)
{
    CountingDecoder decoder(qtName);
    Attempt a;
    if (!decoder.isValid()) {
        a.invalid = bytes.size() + 1;
        return a;
    }
    a.text = decoder.decode(bytes);
    a.invalid = decoder.invalidCount();
    qsizetype marks = 0;
    for (QChar &ch : a.text) {
        const char16_t u = ch.unicode();
        // Some ICU converters substitute SUB (U+001A) for an invalid byte: show it as U+FFFD.
        if (u == 0xFFFD || (u == 0x1A && a.invalid > 0)) {
            ch = QChar(QChar::ReplacementCharacter);
            ++marks;
        } else if (u >= 0x80) {
            ++a.good;
        }
    }
    // A truncated sequence at the end is dropped by ICU without a mark: add one.
    if (a.invalid > marks)
        a.text.append(QChar(QChar::ReplacementCharacter));
    return a;
}

// RFC 2781 s4.3 (and the same for UTF-32): a BOM decides, otherwise big-endian.
const char *unicodeName(QByteArrayView bytes, bool utf32)
{
    if (utf32) {
        if (bytes.startsWith(QByteArrayView("\xFF\xFE\x00\x00", 4)))
            return "UTF-32LE";
        return "UTF-32BE";
    }
    if (bytes.startsWith("\xFF\xFE"))
        return "UTF-16LE";
    return "UTF-16BE";
}

// The fallback chain of the contract: valid UTF-8, else windows-1252.
DecodedText fallback(QByteArrayView bytes, bool labelUnknown, bool tryUtf8 = true)
{
    DecodedText out;
    out.labelUnknown = labelUnknown;
    out.fellBack = true;
    if (tryUtf8 && Charsets::isValidUtf8(bytes)) {
        out.text = fromUtf8(bytes);
        out.charset = "utf-8";
    } else {
        out.text = decodeWindows1252(bytes);
        out.charset = "windows-1252";
    }
    return out;
}

} // namespace

bool Charsets::isValidUtf8(QByteArrayView bytes)
{
    qsizetype bad = 0;
    return isAscii(bytes) || nextIllFormed(bytes, 0, &bad) == bytes.size();
}

bool Charsets::isKnown(QByteArrayView label)
{
    return !canonicalName(label).isEmpty();
}

QByteArray Charsets::canonicalName(QByteArrayView label)
{
    return resolve(label).canonical;
}

namespace {
// A decoder fed broken input (UTF-16/32 halves, say) may yield unpaired surrogates, which are
// not text: they cannot be written as UTF-8, so a name would change on its way to a header
// and back. Each becomes U+FFFD.
void repairSurrogates(QString &text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            text[i] = QChar::ReplacementCharacter;
    }
}
} // namespace

DecodedText Charsets::decode(QByteArrayView bytes, QByteArrayView label)
{
    DecodedText decoded = decodeAsDeclared(bytes, label);
    repairSurrogates(decoded.text);
    return decoded;
}

DecodedText Charsets::decodeAsDeclared(QByteArrayView bytes, QByteArrayView label)
{
    const bool empty = strippedLabel(label).isEmpty();
    const Resolved r = empty ? Resolved() : resolve(label);

    if (empty || (r.table && r.table->engine == Engine::Ascii)) {
        // RFC 2045 s5.2: no charset means US-ASCII. 8-bit bytes prove the label wrong.
        if (isAscii(bytes))
            return { QString::fromLatin1(bytes), "us-ascii", false, false };
        return fallback(bytes, false);
    }
    if (!r.table && r.icuName.isEmpty())
        return fallback(bytes, true);

    if (r.table && r.table->asciiCompatible && isAscii(bytes)) {
        const QByteArray used =
            r.table->engine == Engine::Windows1252 ? "windows-1252" : r.canonical;
        return { QString::fromLatin1(bytes), used, false, false };
    }

    Attempt a;
    const QByteArray &used = r.canonical;
    const Engine engine = r.table ? r.table->engine : Engine::Qt;
    switch (engine) {
    case Engine::Windows1252:
        // As every mail client does: ISO-8859-1 text uses windows-1252's 0x80-0x9F.
        return { decodeWindows1252(bytes), "windows-1252", false, false };
    case Engine::Utf8: {
        const Utf8Scan scan = scanUtf8(bytes);
        if (scan.invalid == 0)
            return { fromUtf8(bytes), used, false, false };
        a.text = fromUtf8(bytes);
        a.invalid = scan.invalid;
        a.good = scan.multiByte;
        break;
    }
    case Engine::Utf16:
    case Engine::Utf32:
        a = decodeWithQt(unicodeName(bytes, engine == Engine::Utf32), bytes);
        break;
    case Engine::Ascii:
    case Engine::Qt:
        a = decodeWithQt(r.table ? r.table->qtName : r.icuName.constData(), bytes);
        break;
    }
    if (a.invalid == 0)
        return { a.text, used, false, false };
    // Bytes invalid in the declared charset: a mislabel, or damage. UTF-8 mislabelled as
    // something else is the most common case, and valid UTF-8 is never an accident.
    if (engine != Engine::Utf8 && Charsets::isValidUtf8(bytes))
        return fallback(bytes, false);
    // Mostly right (more good characters than bad bytes): damage in a text that is
    // otherwise in the declared charset, e.g. a CJK subject cut short by a mailer. Keeping it
    // with U+FFFD marks beats windows-1252, which would garble every character.
    if (a.good > 0 && a.good >= a.invalid)
        return { a.text, used, false, false };
    return fallback(bytes, false, false);
}

} // namespace magpie::mime
