// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Charsets.h"

#include <QTest>

using magpie::mime::Charsets;
using namespace Qt::StringLiterals;

// Expected texts are written as code points from the charset charts, never produced by the
// code under test.
class TestCharsets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void neverUnpairedSurrogates_data();
    void neverUnpairedSurrogates();
    void decode_data();
    void decode();
    void everyCharsetInTheTable_data();
    void everyCharsetInTheTable();
    void canonicalName_data();
    void canonicalName();
    void isValidUtf8_data();
    void isValidUtf8();
    void largeInputIsLinear();
};

void TestCharsets::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("charset");
    QTest::addColumn<bool>("labelUnknown");
    QTest::addColumn<bool>("fellBack");

    // RFC 2045 s5.2: no charset means US-ASCII.
    QTest::newRow("empty label, ASCII") << QByteArray("Hello") << QByteArray() << u"Hello"_s
                                        << QByteArray("us-ascii") << false << false;
    QTest::newRow("empty bytes") << QByteArray() << QByteArray("utf-8") << QString()
                                 << QByteArray("utf-8") << false << false;
    // ... but 8-bit bytes prove it wrong: UTF-8 if valid (RFC 6532 s3), else windows-1252.
    QTest::newRow("empty label, UTF-8 bytes")
        << QByteArray("caf\xc3\xa9") << QByteArray() << u"caf\u00e9"_s << QByteArray("utf-8")
        << false << true;
    QTest::newRow("empty label, latin-1 bytes")
        << QByteArray("caf\xe9") << QByteArray() << u"caf\u00e9"_s << QByteArray("windows-1252")
        << false << true;
    QTest::newRow("us-ascii label, UTF-8 bytes")
        << QByteArray("\xe2\x82\xac 5") << QByteArray("us-ascii") << u"\u20ac 5"_s
        << QByteArray("utf-8") << false << true;
    QTest::newRow("us-ascii label, windows-1252 bytes")
        << QByteArray("\x93quoted\x94") << QByteArray("US-ASCII") << u"\u201cquoted\u201d"_s
        << QByteArray("windows-1252") << false << true;

    // RFC 2046 s4.1.2: the label is case-insensitive; mailers add quotes and spaces.
    QTest::newRow("UTF-8, upper case, quoted")
        << QByteArray("\xc3\xbc") << QByteArray(" \"UTF-8\" ") << u"\u00fc"_s << QByteArray("utf-8")
        << false << false;
    QTest::newRow("utf8 alias") << QByteArray("\xc3\xbc") << QByteArray("utf8") << u"\u00fc"_s
                                << QByteArray("utf-8") << false << false;
    // RFC 3629 s6 leaves a leading U+FEFF to the protocol; MIME says nothing, so it stays
    // (dropping it would change an encoded word that starts with one).
    QTest::newRow("UTF-8 BOM kept") << QByteArray("\xef\xbb\xbfok") << QByteArray("utf-8")
                                    << u"\ufeffok"_s << QByteArray("utf-8") << false << false;
    QTest::newRow("UTF-8 two BOMs kept, one bad byte")
        << QByteArray("\xef\xbb\xbf\xef\xbb\xbfok\xff") << QByteArray("utf-8")
        << u"\ufeff\ufeffok\ufffd"_s << QByteArray("utf-8") << false << false;

    // ISO-8859-1 and windows-1252 smart quotes (WHATWG Encoding s5.2: latin1 is windows-1252).
    QTest::newRow("windows-1252 smart quotes")
        << QByteArray("\x93Hi\x94 \x91x\x92 \x96 \x97 \x85 \x80") << QByteArray("windows-1252")
        << u"\u201cHi\u201d \u2018x\u2019 \u2013 \u2014 \u2026 \u20ac"_s
        << QByteArray("windows-1252") << false << false;
    QTest::newRow("iso-8859-1 read as windows-1252")
        << QByteArray("\x93\xe9\x94") << QByteArray("ISO-8859-1") << u"\u201c\u00e9\u201d"_s
        << QByteArray("windows-1252") << false << false;
    QTest::newRow("latin1 alias") << QByteArray("\xe9") << QByteArray("latin1") << u"\u00e9"_s
                                  << QByteArray("windows-1252") << false << false;
    QTest::newRow("windows-1252 unassigned bytes")
        << QByteArray("\x81\x8d\x8f\x90\x9d") << QByteArray("cp1252")
        << u"\u0081\u008d\u008f\u0090\u009d"_s << QByteArray("windows-1252") << false << false;
    QTest::newRow("iso-8859-15 euro")
        << QByteArray("\xa4\xbd") << QByteArray("iso-8859-15") << u"\u20ac\u0153"_s
        << QByteArray("iso-8859-15") << false << false;

    // RFC 1468: ISO-2022-JP, "konnichiwa", JIS X 0208 row 4 between ESC $ B and ESC ( B.
    QTest::newRow("ISO-2022-JP") << QByteArray("\x1b$B$3$s$K$A$O\x1b(B!")
                                 << QByteArray("iso-2022-jp")
                                 << u"\u3053\u3093\u306b\u3061\u306f!"_s
                                 << QByteArray("iso-2022-jp") << false << false;
    // Shift_JIS "nihon" (JIS 0x467C 0x4B5C) and the NEC circled digit one (0x8740).
    QTest::newRow("Shift_JIS") << QByteArray("\x93\xfa\x96\x7b\x87\x40") << QByteArray("Shift_JIS")
                               << u"\u65e5\u672c\u2460"_s << QByteArray("shift_jis") << false
                               << false;
    QTest::newRow("x-sjis alias") << QByteArray("\x82\xb1") << QByteArray("x-sjis") << u"\u3053"_s
                                  << QByteArray("shift_jis") << false << false;
    QTest::newRow("EUC-JP") << QByteArray("\xa4\xb3") << QByteArray("euc-jp") << u"\u3053"_s
                            << QByteArray("euc-jp") << false << false;
    // GB2312 "ni hao"; GB18030 four-byte forms (GB 18030-2005 s6.3): U+00A5 and U+1F600.
    QTest::newRow("GB2312") << QByteArray("\xc4\xe3\xba\xc3") << QByteArray("gb2312")
                            << u"\u4f60\u597d"_s << QByteArray("gb2312") << false << false;
    QTest::newRow("GB18030 four-byte")
        << QByteArray("\x81\x30\x84\x36\x94\x39\xfc\x36") << QByteArray("GB18030")
        << u"\u00a5\U0001F600"_s << QByteArray("gb18030") << false << false;
    QTest::newRow("Big5") << QByteArray("\xa7\x41\xa6\x6e") << QByteArray("big5")
                          << u"\u4f60\u597d"_s << QByteArray("big5") << false << false;
    // RFC 1489: KOI8-R "Privet".
    QTest::newRow("KOI8-R") << QByteArray("\xf0\xd2\xc9\xd7\xc5\xd4") << QByteArray("koi8-r")
                            << u"\u041f\u0440\u0438\u0432\u0435\u0442"_s << QByteArray("koi8-r")
                            << false << false;
    // ks_c_5601-1987 as sent by Outlook is windows-949: 0x8141 is outside EUC-KR proper.
    QTest::newRow("ks_c_5601-1987")
        << QByteArray("\xc7\xd1\x81\x41") << QByteArray("ks_c_5601-1987") << u"\ud55c\uac02"_s
        << QByteArray("euc-kr") << false << false;
    // RFC 2152 s2 examples.
    QTest::newRow("UTF-7 smiley") << QByteArray("Hi Mom -+Jjo--!") << QByteArray("utf-7")
                                  << u"Hi Mom -\u263a-!"_s << QByteArray("utf-7") << false << false;
    QTest::newRow("UTF-7 nihongo")
        << QByteArray("+ZeVnLIqe-") << QByteArray("UTF-7") << u"\u65e5\u672c\u8a9e"_s
        << QByteArray("utf-7") << false << false;
    // RFC 2781 s4.3: without a BOM, UTF-16 is big-endian.
    QTest::newRow("UTF-16 no BOM") << QByteArray("\x00\x41\x00\xe9", 4) << QByteArray("utf-16")
                                   << u"A\u00e9"_s << QByteArray("utf-16") << false << false;
    QTest::newRow("UTF-16 LE BOM") << QByteArray("\xff\xfe\x41\x00", 4) << QByteArray("utf-16")
                                   << u"A"_s << QByteArray("utf-16") << false << false;

    // Unknown labels: UTF-8 if valid, else windows-1252, and say so.
    QTest::newRow("unknown label, UTF-8") << QByteArray("\xc3\xa9") << QByteArray("x-unknown")
                                          << u"\u00e9"_s << QByteArray("utf-8") << true << true;
    QTest::newRow("unknown label, 8-bit")
        << QByteArray("\x93x\x94") << QByteArray("unknown-8bit") << u"\u201cx\u201d"_s
        << QByteArray("windows-1252") << true << true;
    QTest::newRow("label with junk") << QByteArray("a") << QByteArray("utf-8; format=flowed")
                                     << u"a"_s << QByteArray("utf-8") << true << true;
    QTest::newRow("label too long")
        << QByteArray("a") << QByteArray(200, 'x') << u"a"_s << QByteArray("utf-8") << true << true;

    // Bytes invalid in the declared charset.
    QTest::newRow("utf-8 label, latin-1 bytes") << QByteArray("Gr\xfc\xdf"
                                                              "e")
                                                << QByteArray("utf-8") << u"Gr\u00fc\u00dfe"_s
                                                << QByteArray("windows-1252") << false << true;
    // EUC-JP trail bytes are 0xA1-0xFE: UTF-8 continuation bytes 0x80-0xA0 are invalid there.
    QTest::newRow("EUC-JP label, UTF-8 bytes")
        << QByteArray("\xe6\x97\xa5\xe6\x9c\xac") << QByteArray("euc-jp") << u"\u65e5\u672c"_s
        << QByteArray("utf-8") << false << true;
    // Mostly right: a character cut short at the end becomes one U+FFFD (Unicode s3.9,
    // maximal subparts), the rest stays in the declared charset.
    QTest::newRow("utf-8 truncated in a character")
        << QByteArray("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa") << QByteArray("utf-8")
        << u"\u65e5\u672c\ufffd"_s << QByteArray("utf-8") << false << false;
    QTest::newRow("Shift_JIS truncated lead byte")
        << QByteArray("\x93\xfa\x96\x7b\x93") << QByteArray("shift_jis") << u"\u65e5\u672c\ufffd"_s
        << QByteArray("shift_jis") << false << false;
    QTest::newRow("ISO-2022-JP with 8-bit junk")
        << QByteArray("\x1b$B$3\x1b(B\xe9\xff") << QByteArray("iso-2022-jp")
        << u"\u001b$B$3\u001b(B\u00e9\u00ff"_s << QByteArray("windows-1252") << false << true;
}

void TestCharsets::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, label);
    QFETCH(QString, text);
    QFETCH(QByteArray, charset);
    QFETCH(bool, labelUnknown);
    QFETCH(bool, fellBack);
    const auto decoded = Charsets::decode(bytes, label);
    QCOMPARE(decoded.text, text);
    QCOMPARE(decoded.charset, charset);
    QCOMPARE(decoded.labelUnknown, labelUnknown);
    QCOMPARE(decoded.fellBack, fellBack);
}

void TestCharsets::everyCharsetInTheTable_data()
{
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    // One characteristic character each, from the published code charts: proves the decoder
    // behind every name exists in this Qt/ICU build.
    QTest::newRow("iso-8859-2") << QByteArray("iso-8859-2") << QByteArray("\xb1") << u"\u0105"_s;
    QTest::newRow("iso-8859-3") << QByteArray("iso-8859-3") << QByteArray("\xa1") << u"\u0126"_s;
    QTest::newRow("iso-8859-4") << QByteArray("iso-8859-4") << QByteArray("\xa1") << u"\u0104"_s;
    QTest::newRow("iso-8859-5") << QByteArray("iso-8859-5") << QByteArray("\xb0") << u"\u0410"_s;
    QTest::newRow("iso-8859-6") << QByteArray("iso-8859-6") << QByteArray("\xc7") << u"\u0627"_s;
    QTest::newRow("iso-8859-7") << QByteArray("iso-8859-7") << QByteArray("\xc1") << u"\u0391"_s;
    QTest::newRow("iso-8859-8") << QByteArray("iso-8859-8") << QByteArray("\xe0") << u"\u05d0"_s;
    QTest::newRow("iso-8859-9") << QByteArray("iso-8859-9") << QByteArray("\xd0") << u"\u011e"_s;
    QTest::newRow("iso-8859-10") << QByteArray("iso-8859-10") << QByteArray("\xa4") << u"\u012a"_s;
    QTest::newRow("iso-8859-13") << QByteArray("iso-8859-13") << QByteArray("\xc0") << u"\u0104"_s;
    QTest::newRow("iso-8859-14") << QByteArray("iso-8859-14") << QByteArray("\xa1") << u"\u1e02"_s;
    QTest::newRow("windows-1250") << QByteArray("windows-1250") << QByteArray("\x8a")
                                  << u"\u0160"_s;
    QTest::newRow("windows-1251") << QByteArray("windows-1251") << QByteArray("\xc0")
                                  << u"\u0410"_s;
    QTest::newRow("windows-1253") << QByteArray("windows-1253") << QByteArray("\xc1")
                                  << u"\u0391"_s;
    QTest::newRow("windows-1254") << QByteArray("windows-1254") << QByteArray("\xd0")
                                  << u"\u011e"_s;
    QTest::newRow("windows-1255") << QByteArray("windows-1255") << QByteArray("\xe0")
                                  << u"\u05d0"_s;
    QTest::newRow("windows-1256") << QByteArray("windows-1256") << QByteArray("\xc7")
                                  << u"\u0627"_s;
    QTest::newRow("windows-1257") << QByteArray("windows-1257") << QByteArray("\xc0")
                                  << u"\u0104"_s;
    QTest::newRow("windows-1258") << QByteArray("windows-1258") << QByteArray("\xc3")
                                  << u"\u0102"_s;
    QTest::newRow("windows-874") << QByteArray("windows-874") << QByteArray("\xa1") << u"\u0e01"_s;
    QTest::newRow("koi8-u") << QByteArray("koi8-u") << QByteArray("\xa4") << u"\u0454"_s;
    QTest::newRow("ibm866") << QByteArray("ibm866") << QByteArray("\x80") << u"\u0410"_s;
    QTest::newRow("macintosh") << QByteArray("macintosh") << QByteArray("\x80") << u"\u00c4"_s;
    QTest::newRow("euc-kr") << QByteArray("euc-kr") << QByteArray("\xb0\xa1") << u"\uac00"_s;
    QTest::newRow("gb2312") << QByteArray("gb2312") << QByteArray("\xb0\xa1") << u"\u554a"_s;
    QTest::newRow("gbk") << QByteArray("gbk") << QByteArray("\x81\x40") << u"\u4e02"_s;
    QTest::newRow("big5-hkscs") << QByteArray("big5-hkscs") << QByteArray("\xa4\x40")
                                << u"\u4e00"_s;
    // RFC 1842 (HZ) and RFC 1557 (ISO-2022-KR): "zhong" and "ga".
    QTest::newRow("hz-gb-2312") << QByteArray("hz-gb-2312") << QByteArray("~{VP~}") << u"\u4e2d"_s;
    QTest::newRow("iso-2022-kr") << QByteArray("iso-2022-kr")
                                 << QByteArray("\x1b$)C\x0e\x30\x21\x0f") << u"\uac00"_s;
    QTest::newRow("utf-16be") << QByteArray("utf-16be") << QByteArray("\x00\xe9", 2) << u"\u00e9"_s;
    QTest::newRow("utf-16le") << QByteArray("utf-16le") << QByteArray("\xe9\x00", 2) << u"\u00e9"_s;
    QTest::newRow("utf-32") << QByteArray("utf-32") << QByteArray("\x00\x01\xf6\x00", 4)
                            << u"\U0001F600"_s;
    QTest::newRow("utf-32le") << QByteArray("utf-32le") << QByteArray("\xe9\x00\x00\x00", 4)
                              << u"\u00e9"_s;
}

void TestCharsets::everyCharsetInTheTable()
{
    QFETCH(QByteArray, label);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QVERIFY(Charsets::isKnown(label));
    QCOMPARE(Charsets::canonicalName(label), label);
    const auto decoded = Charsets::decode(bytes, label);
    QCOMPARE(decoded.text, text);
    QCOMPARE(decoded.charset, label);
    QVERIFY(!decoded.fellBack);
}

void TestCharsets::canonicalName_data()
{
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QByteArray>("canonical");
    // RFC 2046 s4.1.2 names and the aliases seen in mail (IANA Character Sets registry).
    QTest::newRow("latin1") << QByteArray("latin1") << QByteArray("iso-8859-1");
    QTest::newRow("iso8859-1 without dash") << QByteArray("iso8859-1") << QByteArray("iso-8859-1");
    QTest::newRow("ISO_8859-1:1987") << QByteArray("ISO_8859-1:1987") << QByteArray("iso-8859-1");
    QTest::newRow("iso88592") << QByteArray("iso88592") << QByteArray("iso-8859-2");
    QTest::newRow("iso-8859-11 is windows-874")
        << QByteArray("iso-8859-11") << QByteArray("windows-874");
    QTest::newRow("cp1252") << QByteArray("cp1252") << QByteArray("windows-1252");
    QTest::newRow("x-cp1251") << QByteArray("x-cp1251") << QByteArray("windows-1251");
    QTest::newRow("win-1250") << QByteArray("Win-1250") << QByteArray("windows-1250");
    QTest::newRow("utf8") << QByteArray("UTF8") << QByteArray("utf-8");
    QTest::newRow("quoted") << QByteArray("'utf-8'") << QByteArray("utf-8");
    QTest::newRow("ANSI_X3.4-1968") << QByteArray("ANSI_X3.4-1968") << QByteArray("us-ascii");
    QTest::newRow("x-sjis") << QByteArray("x-sjis") << QByteArray("shift_jis");
    QTest::newRow("windows-31j") << QByteArray("Windows-31J") << QByteArray("shift_jis");
    QTest::newRow("ks_c_5601-1987") << QByteArray("ks_c_5601-1987") << QByteArray("euc-kr");
    QTest::newRow("x-gbk") << QByteArray("x-gbk") << QByteArray("gbk");
    QTest::newRow("cn-big5") << QByteArray("cn-big5") << QByteArray("big5");
    QTest::newRow("koi8") << QByteArray("koi8") << QByteArray("koi8-r");
    QTest::newRow("Outlook Express") << QByteArray("_iso-2022-jp$ESC") << QByteArray("iso-2022-jp");
    QTest::newRow("unicode-1-1-utf-7") << QByteArray("unicode-1-1-utf-7") << QByteArray("utf-7");
    // Known to ICU only.
    QTest::newRow("ibm850 through ICU") << QByteArray("IBM850") << QByteArray("ibm850");
    // Not charsets.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("8bit") << QByteArray("8bit") << QByteArray();
    QTest::newRow("x-unknown") << QByteArray("x-unknown") << QByteArray();
    QTest::newRow("iso-8859-99") << QByteArray("iso-8859-99") << QByteArray();
    QTest::newRow("ICU option syntax refused") << QByteArray("ibm-1047,swaplfnl") << QByteArray();
    QTest::newRow("NUL inside") << QByteArray("utf-8\0x", 7) << QByteArray();
}

void TestCharsets::canonicalName()
{
    QFETCH(QByteArray, label);
    QFETCH(QByteArray, canonical);
    QCOMPARE(Charsets::canonicalName(label), canonical);
    QCOMPARE(Charsets::isKnown(label), !canonical.isEmpty());
}

void TestCharsets::isValidUtf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    // RFC 3629 s4 (UTF8-octets) and s10 (security: overlong forms are invalid).
    QTest::newRow("ASCII") << QByteArray("plain text, long enough for the 8-byte path") << true;
    QTest::newRow("two-byte") << QByteArray("\xc3\xa9") << true;
    QTest::newRow("three-byte") << QByteArray("\xe2\x82\xac") << true;
    QTest::newRow("four-byte emoji") << QByteArray("\xf0\x9f\x98\x80") << true;
    QTest::newRow("U+FFFF") << QByteArray("\xef\xbf\xbf") << true;
    QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("overlong NUL") << QByteArray("\xc0\x80") << false;
    QTest::newRow("overlong slash") << QByteArray("\xe0\x80\xaf") << false;
    QTest::newRow("overlong four-byte") << QByteArray("\xf0\x8f\xbf\xbf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("F5 lead") << QByteArray("\xf5\x80\x80\x80") << false;
    QTest::newRow("lone continuation") << QByteArray("a\x80") << false;
    QTest::newRow("truncated at end") << QByteArray("abcdefgh\xe2\x82") << false;
    QTest::newRow("latin-1") << QByteArray("caf\xe9") << false;
}

void TestCharsets::isValidUtf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(Charsets::isValidUtf8(bytes), valid);
}

void TestCharsets::largeInputIsLinear()
{
    // 1 MB of UTF-8 with one bad byte at the end: one pass to validate, one to decode.
    QByteArray big;
    big.reserve(1 << 20);
    while (big.size() < (1 << 20) - 1)
        big.append("\xc3\xa9");
    big.append('\xff');
    const auto decoded = Charsets::decode(big, "utf-8");
    QCOMPARE(decoded.text.size(), (1 << 19) + 1); // 2^19 e-acute, then U+FFFD
    QCOMPARE(decoded.text.back(), QChar(QChar::ReplacementCharacter));
    QCOMPARE(decoded.charset, QByteArray("utf-8"));
}

void TestCharsets::neverUnpairedSurrogates_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("label");
    // Halves of a character: decoders pass them through as lone UTF-16 surrogates, which
    // UTF-8 cannot carry (found by fuzz_headerfields through an encoded word in UTF-32).
    QTest::newRow("UTF-16LE lone high surrogate") << QByteArray("\x3d\xd8" "A\0", 4) << QByteArray("utf-16le");
    QTest::newRow("UTF-16BE lone low surrogate") << QByteArray("\xdc\x00\0A", 4) << QByteArray("utf-16be");
    QTest::newRow("UTF-32LE surrogate code point") << QByteArray("\x65\xdf\0\0J\0\0\0", 8) << QByteArray("utf-32le");
    QTest::newRow("UTF-32 garbage") << QByteArray("J\xc3?erCBgn") << QByteArray("utf32");
}

void TestCharsets::neverUnpairedSurrogates()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, label);
    const QString text = Charsets::decode(bytes, label).text;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        QVERIFY2(!text.at(i).isSurrogate(), qPrintable(QString::number(text.at(i).unicode(), 16)));
    }
    // And so it survives UTF-8 unchanged.
    QCOMPARE(QString::fromUtf8(text.toUtf8()), text);
}

QTEST_GUILESS_MAIN(TestCharsets)
#include "tst_charsets.moc"
