// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/EncodedWords.h"
#include "mime/HeaderField.h"

#include <QTest>

using magpie::mime::EncodedWords;
using magpie::mime::HeaderField;
using namespace Qt::StringLiterals;

class TestEncodedWords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decode_data();
    void decode();
    void decodeWithFallbackCharset();
    void decodeHostileInputIsLinear();
    void encode_data();
    void encode();
    void encodeRoundTrip_data();
    void encodeRoundTrip();
    void encodePhrase_data();
    void encodePhrase();
    void encodePhraseRoundTrip_data();
    void encodePhraseRoundTrip();
};

namespace {

// RFC 5322 s2.1.1 and RFC 2047 s2: lines of at most 78 characters (the first one after
// `used` columns), encoded words of at most 75, folds only as CRLF followed by whitespace.
QString checkLines(const QByteArray &encoded, int used)
{
    const QList<QByteArray> lines = encoded.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (i + 1 < lines.size()) {
            if (!line.endsWith('\r'))
                return u"bare LF after line %1"_s.arg(i);
            line.chop(1);
        }
        if (line.contains('\r'))
            return u"bare CR in line %1"_s.arg(i);
        if (i > 0 && !line.startsWith(' ') && !line.startsWith('\t'))
            return u"line %1 does not start with whitespace"_s.arg(i);
        if (i > 0 && line.trimmed().isEmpty())
            return u"line %1 is empty"_s.arg(i);
        const qsizetype width = line.size() + (i == 0 ? used : 0);
        if (width > 78)
            return u"line %1 is %2 characters: %3"_s.arg(i).arg(width).arg(QLatin1StringView(line));
        for (qsizetype at = line.indexOf("=?"); at >= 0; at = line.indexOf("=?", at + 2)) {
            const qsizetype end = line.indexOf("?=", at + 10);
            if (end >= 0 && end + 2 - at > 75)
                return u"encoded word of %1 characters"_s.arg(end + 2 - at);
        }
    }
    return {};
}

} // namespace

void TestEncodedWords::decode_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("text");

    // RFC 2047 s8, the examples as printed.
    QTest::newRow("s8 Keith Moore") << QByteArray("=?US-ASCII?Q?Keith_Moore?=") << u"Keith Moore"_s;
    QTest::newRow("s8 Keld") << QByteArray("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=")
                             << u"Keld J\u00f8rn Simonsen"_s;
    QTest::newRow("s8 Andre") << QByteArray("=?ISO-8859-1?Q?Andr=E9?= Pirard")
                              << u"Andr\u00e9 Pirard"_s;
    QTest::newRow("s8 two charsets, B")
        << QByteArray("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
                      "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=")
        << u"If you can read this you understand the example."_s;
    QTest::newRow("s8 Olle") << QByteArray("=?ISO-8859-1?Q?Olle_J=E4rnefors?=")
                             << u"Olle J\u00e4rnefors"_s;
    QTest::newRow("s8 Patrik") << QByteArray("=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?=")
                               << u"Patrik F\u00e4ltstr\u00f6m"_s;
    // s8 table: whitespace between adjacent encoded words is not displayed (s6.2).
    QTest::newRow("s8 (a)") << QByteArray("(=?ISO-8859-1?Q?a?=)") << u"(a)"_s;
    QTest::newRow("s8 (a b)") << QByteArray("(=?ISO-8859-1?Q?a?= b)") << u"(a b)"_s;
    QTest::newRow("s8 (ab)") << QByteArray("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") << u"(ab)"_s;
    QTest::newRow("s8 (ab) two spaces")
        << QByteArray("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)") << u"(ab)"_s;
    QTest::newRow("s8 (ab) folded")
        << QByteArray("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)") << u"(ab)"_s;
    QTest::newRow("s8 (a b) underscore") << QByteArray("(=?ISO-8859-1?Q?a_b?=)") << u"(a b)"_s;
    QTest::newRow("s8 (a b) two charsets")
        << QByteArray("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)") << u"(a b)"_s;
    // RFC 2231 s5: a language after "*" is ignored.
    QTest::newRow("language suffix")
        << QByteArray("=?US-ASCII*EN?Q?Keith_Moore?=") << u"Keith Moore"_s;
    QTest::newRow("lower-case b and q")
        << QByteArray("=?utf-8?b?w6k=?= =?utf-8?q?=C3=A9?=") << u"\u00e9\u00e9"_s;
    QTest::newRow("plain ASCII") << QByteArray("Re: lunch") << u"Re: lunch"_s;
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("text around") << QByteArray("Re: =?utf-8?q?caf=C3=A9?= tomorrow?")
                                 << u"Re: caf\u00e9 tomorrow?"_s;
    // Adjacent words in one charset are joined as bytes first: a character split across them
    // comes out whole. "ri" U+65E5 = E6 97 A5.
    QTest::newRow("UTF-8 split across B words")
        << QByteArray("=?UTF-8?B?5pc=?= =?UTF-8?B?pQ==?=") << u"\u65e5"_s;
    QTest::newRow("UTF-8 split across Q words, case differs")
        << QByteArray("=?utf-8?q?=E6=97?= =?UTF-8?Q?=A5?=") << u"\u65e5"_s;
    QTest::newRow("UTF-8 split across B and Q")
        << QByteArray("=?UTF-8?B?5pc=?= =?UTF-8?Q?=A5?=") << u"\u65e5"_s;
    // ... but not across charsets: the first part is no UTF-8, so windows-1252 reads it.
    QTest::newRow("split across charsets")
        << QByteArray("=?utf-8?q?=E6=97?= =?iso-8859-1?q?=A5?=") << u"\u00e6\u2014\u00a5"_s;
    // Legacy charsets (code points from the charts; see tst_charsets).
    QTest::newRow("ISO-2022-JP") << QByteArray("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=")
                                 << u"\u3053\u3093\u306b\u3061\u306f"_s;
    QTest::newRow("ISO-2022-JP, two words") << QByteArray("=?ISO-2022-JP?B?GyRCJDMkcw==?= "
                                                          "=?ISO-2022-JP?B?JEskQSRPGyhC?=")
                                            << u"\u3053\u3093\u306b\u3061\u306f"_s;
    QTest::newRow("Shift_JIS") << QByteArray("=?Shift_JIS?B?k/qWew==?=") << u"\u65e5\u672c"_s;
    QTest::newRow("GB2312") << QByteArray("=?GB2312?B?xOO6ww==?=") << u"\u4f60\u597d"_s;
    QTest::newRow("GB18030 emoji") << QByteArray("=?GB18030?B?lDn8Ng==?=") << u"\U0001F600"_s;
    QTest::newRow("Big5") << QByteArray("=?big5?B?p0Gmbg==?=") << u"\u4f60\u597d"_s;
    QTest::newRow("KOI8-R") << QByteArray("=?koi8-r?B?8NLJ18XU?=")
                            << u"\u041f\u0440\u0438\u0432\u0435\u0442"_s;
    QTest::newRow("windows-1252 smart quotes")
        << QByteArray("=?windows-1252?Q?=93Hi=94_=96_ok?=") << u"\u201cHi\u201d \u2013 ok"_s;
    QTest::newRow("UTF-7 (RFC 2152)")
        << QByteArray("=?UTF-7?Q?Hi_Mom_-+Jjo--!?=") << u"Hi Mom -\u263a-!"_s;
    // Raw 8-bit outside encoded words: UTF-8 (RFC 6532 s3.2) if valid, else windows-1252.
    QTest::newRow("raw UTF-8") << QByteArray("Caf\xc3\xa9 =?utf-8?q?ok?=") << u"Caf\u00e9 ok"_s;
    QTest::newRow("raw latin-1") << QByteArray("Caf\xe9 \x93ok\x94")
                                 << u"Caf\u00e9 \u201cok\u201d"_s;
    QTest::newRow("raw 8-bit in a Q word")
        << QByteArray("=?utf-8?q?caf\xc3\xa9?=") << u"caf\u00e9"_s;
    // Tolerated deviations from s2 and s5 seen in the wild.
    QTest::newRow("glued to text") << QByteArray("Re:=?utf-8?q?caf=C3=A9?=") << u"Re:caf\u00e9"_s;
    QTest::newRow("raw ? in Q") << QByteArray("=?utf-8?q?what?_now?=") << u"what? now"_s;
    QTest::newRow("bad Q escape kept") << QByteArray("=?utf-8?q?100=?=") << u"100="_s;
    QTest::newRow("empty encoded text") << QByteArray("a =?utf-8?q?"
                                                      "?= b")
                                        << u"a  b"_s;
    QTest::newRow("B without padding") << QByteArray("=?utf-8?B?w6k?=") << u"\u00e9"_s;
    // Malformed words stay as they were, readable (s6.3).
    QTest::newRow("unterminated") << QByteArray("=?utf-8?Q?unterminated")
                                  << u"=?utf-8?Q?unterminated"_s;
    QTest::newRow("unterminated, then a word")
        << QByteArray("=?utf-8?Q?unterminated =?utf-8?q?x?=") << u"=?utf-8?Q?unterminated x"_s;
    QTest::newRow("unknown charset")
        << QByteArray("=?unknown-charset?B?SGVsbG8=?=") << u"=?unknown-charset?B?SGVsbG8=?="_s;
    QTest::newRow("unknown charset, then a word")
        << QByteArray("=?x-bogus?Q?a?= =?utf-8?Q?b?=") << u"=?x-bogus?Q?a?= b"_s;
    QTest::newRow("bad encoding letter") << QByteArray("=?utf-8?X?abc?=") << u"=?utf-8?X?abc?="_s;
    QTest::newRow("broken base64")
        << QByteArray("=?utf-8?B?SGV$sbG8=?=") << u"=?utf-8?B?SGV$sbG8=?="_s;
    QTest::newRow("base64 lone character") << QByteArray("=?utf-8?B?S?=") << u"=?utf-8?B?S?="_s;
    QTest::newRow("empty charset") << QByteArray("=??Q?abc?=") << u"=??Q?abc?="_s;
    QTest::newRow("space inside") << QByteArray("=?utf-8?Q?a b?=") << u"=?utf-8?Q?a b?="_s;
    QTest::newRow("= at end") << QByteArray("price =") << u"price ="_s;
    QTest::newRow("=? at end") << QByteArray("what =?") << u"what =?"_s;
    QTest::newRow("=?= then a word") << QByteArray("=?=?utf-8?q?x?=") << u"=?x"_s;
    QTest::newRow("only delimiters") << QByteArray("=?utf-8?q?") << u"=?utf-8?q?"_s;
}

void TestEncodedWords::decode()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, text);
    QCOMPARE(EncodedWords::decode(value), text);
}

void TestEncodedWords::decodeWithFallbackCharset()
{
    // KOI8-R "Privet" sent raw by an old mailer; the body said koi8-r.
    const QByteArray raw("\xf0\xd2\xc9\xd7\xc5\xd4");
    QCOMPARE(EncodedWords::decode(raw, "koi8-r"), u"\u041f\u0440\u0438\u0432\u0435\u0442"_s);
    QCOMPARE(EncodedWords::decode(raw), u"\u00f0\u00d2\u00c9\u00d7\u00c5\u00d4"_s);
    // Valid UTF-8 still wins: the fallback only replaces the windows-1252 guess.
    QCOMPARE(EncodedWords::decode("\xc3\xa9", "koi8-r"), u"\u00e9"_s);
}

void TestEncodedWords::decodeHostileInputIsLinear()
{
    // Many starts, no end, no whitespace: each "=?" must not rescan the rest of the value.
    const QByteArray hostile = QByteArray("=?x?q?a").repeated(150000);
    QCOMPARE(EncodedWords::decode(hostile), QString::fromLatin1(hostile));
    const QByteArray starts = QByteArray("=?").repeated(500000);
    QCOMPARE(EncodedWords::decode(starts), QString::fromLatin1(starts));
    // And many good words: one run, decoded once.
    const QByteArray words = QByteArray("=?utf-8?q?=C3=A9?= ").repeated(50000);
    QCOMPARE(EncodedWords::decode(words), QString(50000, QChar(0xe9)) + u' ');
}

void TestEncodedWords::encode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("used");
    QTest::addColumn<QByteArray>("encoded");
    const QByteArray ri("5pel"); // base64 of U+65E5, E6 97 A5
    QTest::newRow("ASCII as is") << u"Hello world"_s << 9 << QByteArray("Hello world");
    QTest::newRow("empty") << QString() << 9 << QByteArray();
    QTest::newRow("spaces kept") << u"  a  b  "_s << 0 << QByteArray("  a  b  ");
    // RFC 2047 s4: B or Q, whichever is shorter. "cafe-acute": Q 9, B 8.
    QTest::newRow("B shorter") << u"caf\u00e9"_s << 9 << QByteArray("=?UTF-8?B?Y2Fmw6k=?=");
    // One U-umlaut in 18 bytes: Q 22, B 24.
    QTest::newRow("Q shorter") << u"\u00dcberraschungsparty"_s << 9
                               << QByteArray("=?UTF-8?Q?=C3=9Cberraschungsparty?=");
    // Only the words that need it; ASCII words between stay raw.
    QTest::newRow("mixed") << u"Gr\u00fc\u00dfe aus K\u00f6ln"_s << 9
                           << QByteArray("=?UTF-8?B?R3LDvMOfZQ==?= aus =?UTF-8?B?S8O2bG4=?=");
    QTest::newRow("adjacent words share one")
        << u"Hello \u65e5 \u65e5"_s << 9 << QByteArray("Hello =?UTF-8?B?5pelIOaXpQ==?=");
    // s5: a raw word that would read as an encoded word is encoded itself (tie: Q).
    QTest::newRow("looks encoded") << u"a=?b"_s << 0 << QByteArray("=?UTF-8?Q?a=3D=3Fb?=");
    // No line break can get through raw: header injection is impossible.
    QTest::newRow("CRLF in text") << u"a\r\nBcc: x@y"_s << 9
                                  << QByteArray("=?UTF-8?Q?a=0D=0ABcc:?= x@y");
    // Folding, worked out by hand: after "Subject: " (9), the first word has 69 columns, so
    // 57 for base64: 14 characters (56); then 75 per word: 15 characters (60); then 1.
    QTest::newRow("30 CJK characters folded")
        << QString(30, QChar(0x65e5)) << 9
        << QByteArray("=?UTF-8?B?" + ri.repeated(14) + "?=\r\n =?UTF-8?B?" + ri.repeated(15)
                      + "?=\r\n =?UTF-8?B?" + ri + "?=");
    // Long ASCII folds at its own spaces (RFC 5322 s2.2.3): 11 + 13 * 5 = 76, a 14th is 81.
    QTest::newRow("long ASCII folded")
        << (u"Subject-ish "_s + u"word "_s.repeated(16) + u"end"_s) << 0
        << QByteArray("Subject-ish" + QByteArray(" word").repeated(13) + "\r\n"
                      + QByteArray(" word").repeated(3) + " end");
}

void TestEncodedWords::encode()
{
    QFETCH(QString, text);
    QFETCH(int, used);
    QFETCH(QByteArray, encoded);
    const QByteArray actual = EncodedWords::encode(text, used);
    QCOMPARE(actual, encoded);
    const QString problem = checkLines(actual, used);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestEncodedWords::encodeRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("used");
    QTest::newRow("emoji") << u"\U0001F600\U0001F389 Party time \U0001F389\U0001F600"_s << 9;
    QTest::newRow("emoji ZWJ family x20")
        << u"\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"_s.repeated(20) << 9;
    QTest::newRow("long CJK subject")
        << u"\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3001"_s.repeated(12) << 9;
    QTest::newRow("CJK with ASCII words")
        << u"Re: [Fwd] \u4f1a\u8b70\u306e\u304a\u77e5\u3089\u305b 2024 Q3 \u5831\u544a "_s.repeated(
               5)
        << 9;
    QTest::newRow("accented prose")
        << u"Cr\u00e8me br\u00fbl\u00e9e, caf\u00e9 cr\u00e8me et tarte \u00e0 la "
           u"fran\u00e7aise pour les invit\u00e9s du d\u00e9jeuner de No\u00ebl"_s
        << 9;
    QTest::newRow("Cyrillic")
        << u"\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! "_s.repeated(8) << 9;
    QTest::newRow("tabs and many spaces") << u"a\t\u00e9\t \tb   \u00e9  "_s << 0;
    QTest::newRow("underscores and equals") << u"x_y=z \u00e9_=?"_s << 0;
    QTest::newRow("long header name") << u"\u65e5\u672c\u8a9e"_s.repeated(10) << 60;
    QTest::newRow("header name fills the line") << u"\u00e9t\u00e9"_s << 70;
    QTest::newRow("no room, leading space") << u" \u00e9t\u00e9"_s << 70;
    // Found by fuzz_encodedwords: U+FEFF at the start of a run of encoded bytes stays.
    QTest::newRow("BOM inside") << u"Re: \ufeffsyRLJEEkTxsgQg==?="_s << 9;
    QTest::newRow("control characters") << u"bell\u0007 nul\u0000 del\u007f"_s << 9;
}

void TestEncodedWords::encodeRoundTrip()
{
    QFETCH(QString, text);
    QFETCH(int, used);
    const QByteArray encoded = EncodedWords::encode(text, used);
    const QString problem = checkLines(encoded, used);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QString decoded = EncodedWords::decode(HeaderField::unfold(encoded));
    // Folding at the very start of the value adds the fold's space (no whitespace to fold at).
    if (encoded.startsWith("\r\n ") && !text.startsWith(u' '))
        decoded.remove(0, 1);
    QCOMPARE(decoded, text);
}

void TestEncodedWords::encodePhrase_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 5322 s3.2.5: a phrase of atoms as is.
    QTest::newRow("atoms") << u"John Smith"_s << QByteArray("John Smith");
    QTest::newRow("atext specials") << u"o'neil+tag"_s << QByteArray("o'neil+tag");
    QTest::newRow("empty") << QString() << QByteArray();
    // s3.2.4: a quoted-string when ASCII needs it.
    QTest::newRow("period") << u"John Q. Public"_s << QByteArray("\"John Q. Public\"");
    QTest::newRow("comma") << u"Smith, John"_s << QByteArray("\"Smith, John\"");
    QTest::newRow("escapes") << u"a \"b\" \\c"_s << QByteArray("\"a \\\"b\\\" \\\\c\"");
    QTest::newRow("leading space") << u" padded"_s << QByteArray("\" padded\"");
    QTest::newRow("double space") << u"a  b"_s << QByteArray("\"a  b\"");
    QTest::newRow("angle brackets") << u"<admin>"_s << QByteArray("\"<admin>\"");
    // RFC 2047 s5 (3): encoded words, Q limited to letters, digits and ! * + - /.
    QTest::newRow("Q phrase") << u"Fran\u00e7oise-Marie d'Alembert-Dupont"_s
                              << QByteArray("=?UTF-8?Q?Fran=C3=A7oise-Marie_d=27Alembert-Dupont?=");
    QTest::newRow("B shorter") << u"Jos\u00e9 P\u00e9rez"_s
                               << QByteArray("=?UTF-8?B?Sm9zw6kgUMOpcmV6?=");
    QTest::newRow("looks encoded")
        << u"=?utf-8?q?x?="_s << QByteArray("=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?=");
    // Long: words of at most 75 joined by a space. 63 base64 characters hold 45 bytes, so
    // 22 two-byte characters (44 bytes), then the other 18.
    QTest::newRow("long") << QString(40, QChar(0xe9))
                          << QByteArray("=?UTF-8?B?" + QByteArray("w6nDqcOp").repeated(7)
                                        + "w6k=?= =?UTF-8?B?" + QByteArray("w6nDqcOp").repeated(6)
                                        + "?=");
}

void TestEncodedWords::encodePhrase()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, encoded);
    QCOMPARE(EncodedWords::encodePhrase(name), encoded);
}

void TestEncodedWords::encodePhraseRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("CJK") << u"\u5c71\u7530 \u592a\u90ce (\u55b6\u696d\u90e8)"_s;
    QTest::newRow("emoji") << u"\U0001F431 Cat Person \U0001F431"_s;
    QTest::newRow("long accented") << u"Marie-Th\u00e9r\u00e8se de la Fert\u00e9-Saint-Aubin "
                                      u"(Soci\u00e9t\u00e9 G\u00e9n\u00e9rale, Service Client)"_s;
    QTest::newRow("tab") << u"a\tb"_s;
}

void TestEncodedWords::encodePhraseRoundTrip()
{
    QFETCH(QString, name);
    const QByteArray encoded = EncodedWords::encodePhrase(name);
    QVERIFY(!encoded.contains('\r') && !encoded.contains('\n'));
    for (const QByteArray &word : encoded.split(' ')) {
        QVERIFY2(word.size() <= 75, word.constData());
        QVERIFY(word.startsWith("=?UTF-8?") && word.endsWith("?="));
        // s5 (3): only the phrase alphabet inside a Q word.
        if (word.startsWith("=?UTF-8?Q?")) {
            for (char c : word.mid(10, word.size() - 12))
                QVERIFY2(QByteArrayView("!*+-/=_").contains(c) || std::isalnum(uchar(c)),
                         word.constData());
        }
    }
    QCOMPARE(EncodedWords::decode(encoded), name);
}

QTEST_GUILESS_MAIN(TestEncodedWords)
#include "tst_encodedwords.moc"
