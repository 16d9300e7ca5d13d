// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/TransferEncoding.h"

#include <QRandomGenerator>
#include <QTest>

using magpie::mime::TransferEncoding;

class TestTransferEncoding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names_data();
    void names();
    void decodeBase64_data();
    void decodeBase64();
    void encodeBase64_data();
    void encodeBase64();
    void decodeQuotedPrintable_data();
    void decodeQuotedPrintable();
    void encodeQuotedPrintable_data();
    void encodeQuotedPrintable();
    void decodeQ_data();
    void decodeQ();
    void decodeUuencode_data();
    void decodeUuencode();
    void roundTrip_data();
    void roundTrip();
    void decodeDispatch();
    void megabyteBodiesAreLinear();
};

namespace {

QByteArray allBytes(int repeat)
{
    QByteArray bytes;
    for (int r = 0; r < repeat; ++r) {
        for (int b = 0; b < 256; ++b)
            bytes.append(char(b));
    }
    return bytes;
}

// Every line has at most `limit` characters and ends with CRLF (the last one only when
// `finalCrlf`); no bare CR or LF.
bool linesWithin(const QByteArray &encoded, int limit, bool finalCrlf, QByteArray *offending)
{
    qsizetype start = 0;
    while (start < encoded.size()) {
        const qsizetype end = encoded.indexOf("\r\n", start);
        const QByteArray line = encoded.mid(start, end < 0 ? -1 : end - start);
        if ((end < 0 && finalCrlf) || line.size() > limit || line.contains('\n')
            || line.contains('\r')) {
            *offending = line;
            return false;
        }
        if (end < 0)
            break;
        start = end + 2;
    }
    return true;
}

} // namespace

void TestTransferEncoding::names_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("kind");
    // RFC 2045 s6.1: the mechanism names, case-insensitive; none means 7bit.
    QTest::newRow("empty") << QByteArray() << int(TransferEncoding::SevenBit);
    QTest::newRow("7bit") << QByteArray("7bit") << int(TransferEncoding::SevenBit);
    QTest::newRow("8BIT") << QByteArray("8BIT") << int(TransferEncoding::EightBit);
    QTest::newRow("binary") << QByteArray("Binary") << int(TransferEncoding::Binary);
    QTest::newRow("quoted-printable")
        << QByteArray(" Quoted-Printable ") << int(TransferEncoding::QuotedPrintable);
    QTest::newRow("base64") << QByteArray("BASE64") << int(TransferEncoding::Base64);
    QTest::newRow("x-uuencode") << QByteArray("x-uuencode") << int(TransferEncoding::UUEncode);
    QTest::newRow("x-uue") << QByteArray("X-UUE") << int(TransferEncoding::UUEncode);
    QTest::newRow("uuencode") << QByteArray("uuencode") << int(TransferEncoding::UUEncode);
    QTest::newRow("x-token") << QByteArray("x-gzip64") << int(TransferEncoding::Unknown);
    QTest::newRow("typo") << QByteArray("base-64") << int(TransferEncoding::Unknown);
}

void TestTransferEncoding::names()
{
    QFETCH(QByteArray, name);
    QFETCH(int, kind);
    QCOMPARE(int(TransferEncoding::fromName(name)), kind);
    const auto k = TransferEncoding::Kind(kind);
    if (k != TransferEncoding::Unknown)
        QCOMPARE(TransferEncoding::fromName(TransferEncoding::name(k)), k);
    else
        QVERIFY(TransferEncoding::name(k).isEmpty());
}

void TestTransferEncoding::decodeBase64_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<bool>("damaged");
    // RFC 4648 s10 test vectors (the RFC 2045 s6.8 alphabet).
    QTest::newRow("empty") << QByteArray() << QByteArray() << false;
    QTest::newRow("f") << QByteArray("Zg==") << QByteArray("f") << false;
    QTest::newRow("fo") << QByteArray("Zm8=") << QByteArray("fo") << false;
    QTest::newRow("foo") << QByteArray("Zm9v") << QByteArray("foo") << false;
    QTest::newRow("foob") << QByteArray("Zm9vYg==") << QByteArray("foob") << false;
    QTest::newRow("fooba") << QByteArray("Zm9vYmE=") << QByteArray("fooba") << false;
    QTest::newRow("foobar") << QByteArray("Zm9vYmFy") << QByteArray("foobar") << false;
    QTest::newRow("+ and /") << QByteArray("+/+/") << QByteArray("\xfb\xff\xbf") << false;
    // s6.8: line breaks and whitespace are not data.
    QTest::newRow("CRLF lines") << QByteArray("Zm9v\r\nYmFy\r\n") << QByteArray("foobar") << false;
    QTest::newRow("LF lines, spaces")
        << QByteArray(" Zm9v\n\tYm Fy \n") << QByteArray("foobar") << false;
    // Broken base64: characters outside the alphabet are ignored but reported.
    QTest::newRow("garbage ignored") << QByteArray("Zm9v!YmFy") << QByteArray("foobar") << true;
    QTest::newRow("url-safe alphabet") << QByteArray("-_-_") << QByteArray() << true;
    QTest::newRow("NUL inside") << QByteArray("Zm9v\0YmFy", 9) << QByteArray("foobar") << true;
    // Missing padding: a final partial quantum decodes as far as it goes.
    QTest::newRow("no padding, 2 chars") << QByteArray("Zm8") << QByteArray("fo") << false;
    QTest::newRow("no padding, 1 byte") << QByteArray("Zm9vYg") << QByteArray("foob") << false;
    QTest::newRow("one stray char") << QByteArray("Zm9vY") << QByteArray("foo") << true;
    // "=" ends the data.
    QTest::newRow("= at end of full quantum") << QByteArray("Zm9v=") << QByteArray("foo") << false;
    QTest::newRow("single =") << QByteArray("Zg=") << QByteArray("f") << false;
    QTest::newRow("= alone") << QByteArray("=") << QByteArray() << false;
    QTest::newRow("whitespace after padding")
        << QByteArray("Zm8=\r\n\r\n") << QByteArray("fo") << false;
    QTest::newRow("data after padding") << QByteArray("Zm9v=YmFy") << QByteArray("foo") << true;
    QTest::newRow("two blobs concatenated") << QByteArray("Zg==Zg==") << QByteArray("f") << true;
    QTest::newRow("= after one char") << QByteArray("Z===") << QByteArray() << true;
}

void TestTransferEncoding::decodeBase64()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QFETCH(bool, damaged);
    bool wasDamaged = !damaged;
    QCOMPARE(TransferEncoding::decodeBase64(encoded, &wasDamaged), decoded);
    QCOMPARE(wasDamaged, damaged);
    QCOMPARE(TransferEncoding::decodeBase64(encoded), decoded); // no flag pointer is fine
}

void TestTransferEncoding::encodeBase64_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 2045 s6.8: lines of at most 76 characters; every line ends with CRLF.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy\r\n");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE=\r\n");
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg==\r\n");
    // 57 bytes make exactly one 76-character line; the 58th starts a second line.
    QTest::newRow("57 bytes") << QByteArray(57, '\0') << (QByteArray(76, 'A') + "\r\n");
    QTest::newRow("58 bytes") << QByteArray(58, '\0') << (QByteArray(76, 'A') + "\r\nAA==\r\n");
}

void TestTransferEncoding::encodeBase64()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, encoded);
    QCOMPARE(TransferEncoding::encodeBase64(data), encoded);
}

void TestTransferEncoding::decodeQuotedPrintable_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<bool>("damaged");
    // RFC 2045 s6.7 rule 1: "=" and two hex digits; mailers send lower case too.
    QTest::newRow("plain") << QByteArray("plain text") << QByteArray("plain text") << false;
    QTest::newRow("escaped =") << QByteArray("a=3Db") << QByteArray("a=b") << false;
    QTest::newRow("UTF-8 escapes") << QByteArray("caf=C3=A9") << QByteArray("caf\xc3\xa9") << false;
    QTest::newRow("lower-case hex")
        << QByteArray("caf=c3=a9") << QByteArray("caf\xc3\xa9") << false;
    QTest::newRow("raw 8-bit passes") << QByteArray("caf\xe9") << QByteArray("caf\xe9") << false;
    // Rule 5: soft line breaks, with whitespace that transport may add after the "=".
    QTest::newRow("soft break CRLF") << QByteArray("abc=\r\ndef") << QByteArray("abcdef") << false;
    QTest::newRow("soft break LF") << QByteArray("abc=\ndef") << QByteArray("abcdef") << false;
    QTest::newRow("soft break, padded")
        << QByteArray("abc= \t\r\ndef") << QByteArray("abcdef") << false;
    QTest::newRow("space before soft break kept")
        << QByteArray("abc =\r\ndef") << QByteArray("abc def") << false;
    QTest::newRow("= at end") << QByteArray("abc=") << QByteArray("abc") << false;
    QTest::newRow("= CR at end") << QByteArray("abc=\r") << QByteArray("abc") << false;
    // Rules 3 and 4: hard line breaks stay; trailing whitespace was added in transport.
    QTest::newRow("hard breaks kept")
        << QByteArray("a\r\nb\nc") << QByteArray("a\r\nb\nc") << false;
    QTest::newRow("trailing whitespace dropped")
        << QByteArray("abc \t \r\ndef\t\r\n") << QByteArray("abc\r\ndef\r\n") << false;
    QTest::newRow("trailing whitespace at end")
        << QByteArray("abc  ") << QByteArray("abc") << false;
    QTest::newRow("encoded trailing space kept")
        << QByteArray("abc=20\r\nx=09") << QByteArray("abc \r\nx\t") << false;
    QTest::newRow("inner whitespace kept") << QByteArray("a \t b") << QByteArray("a \t b") << false;
    // Not an escape: kept literally, as robust decoders do (s6.7, note after rule 5).
    QTest::newRow("= then non-hex") << QByteArray("a=Zb") << QByteArray("a=Zb") << true;
    QTest::newRow("= then one hex at end") << QByteArray("a=4") << QByteArray("a=4") << true;
    QTest::newRow("= then space then text") << QByteArray("1 = 1") << QByteArray("1 = 1") << true;
    QTest::newRow("== ") << QByteArray("==41") << QByteArray("=A") << true;
}

void TestTransferEncoding::decodeQuotedPrintable()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QFETCH(bool, damaged);
    bool wasDamaged = !damaged;
    QCOMPARE(TransferEncoding::decodeQuotedPrintable(encoded, &wasDamaged), decoded);
    QCOMPARE(wasDamaged, damaged);
}

void TestTransferEncoding::encodeQuotedPrintable_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("isText");
    QTest::addColumn<QByteArray>("encoded");
    const QByteArray a75(75, 'a');
    // RFC 2045 s6.7 rules 1-2.
    QTest::newRow("plain") << QByteArray("hello, world") << true << QByteArray("hello, world");
    QTest::newRow("=") << QByteArray("a=b") << true << QByteArray("a=3Db");
    QTest::newRow("UTF-8") << QByteArray("caf\xc3\xa9") << true << QByteArray("caf=C3=A9");
    QTest::newRow("controls") << QByteArray("a\x01\x7f"
                                            "b")
                              << true << QByteArray("a=01=7Fb");
    // Rule 3: no whitespace at the end of an encoded line.
    QTest::newRow("trailing space") << QByteArray("end \r\nx") << true << QByteArray("end=20\r\nx");
    QTest::newRow("trailing tab at end") << QByteArray("tab\t") << true << QByteArray("tab=09");
    QTest::newRow("inner whitespace") << QByteArray("a \tb") << true << QByteArray("a \tb");
    // Rule 4: text line breaks become CRLF; in binary data CR and LF are data.
    QTest::newRow("LF becomes CRLF")
        << QByteArray("l1\nl2\n") << true << QByteArray("l1\r\nl2\r\n");
    QTest::newRow("bare CR encoded") << QByteArray("a\rb") << true << QByteArray("a=0Db");
    QTest::newRow("binary CRLF") << QByteArray("a\r\nb") << false << QByteArray("a=0D=0Ab");
    // SMTP (RFC 5321 s4.5.2) and mbox safety.
    QTest::newRow("leading dot") << QByteArray(".\r\n.x") << true << QByteArray("=2E\r\n=2Ex");
    QTest::newRow("From at line start")
        << QByteArray("From me\nFrom") << true << QByteArray("=46rom me\r\nFrom");
    QTest::newRow("From inside a line") << QByteArray("x From y") << true << QByteArray("x From y");
    // Rule 5: at most 76 characters, the "=" of a soft break included.
    QTest::newRow("76 chars fit") << QByteArray(76, 'a') << true << QByteArray(76, 'a');
    QTest::newRow("77 chars break") << QByteArray(77, 'a') << true << (a75 + "=\r\naa");
    QTest::newRow("76 chars then CRLF")
        << (QByteArray(76, 'a') + "\r\nb") << true << (QByteArray(76, 'a') + "\r\nb");
    QTest::newRow("escape does not straddle") << (QByteArray(74, 'a')
                                                  + "\xe9"
                                                    "b")
                                              << true << (QByteArray(74, 'a') + "=\r\n=E9b");
    QTest::newRow("escape fits at line end")
        << (QByteArray(73, 'a') + "\xe9") << true << (QByteArray(73, 'a') + "=E9");
    QTest::newRow("dot after a soft break") << (a75 + ".x") << true << (a75 + "=\r\n=2Ex");
    QTest::newRow("space before a soft break")
        << (QByteArray(74, 'a') + " bc") << true << (QByteArray(74, 'a') + " =\r\nbc");
}

void TestTransferEncoding::encodeQuotedPrintable()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, isText);
    QFETCH(QByteArray, encoded);
    QCOMPARE(TransferEncoding::encodeQuotedPrintable(data, isText), encoded);
}

void TestTransferEncoding::decodeQ_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<bool>("damaged");
    // RFC 2047 s4.2 and the s8 example "Keld_J=F8rn_Simonsen".
    QTest::newRow("s8 example") << QByteArray("Keld_J=F8rn_Simonsen")
                                << QByteArray("Keld J\xf8rn Simonsen") << false;
    QTest::newRow("encoded underscore") << QByteArray("a=5Fb") << QByteArray("a_b") << false;
    QTest::newRow("lower-case hex") << QByteArray("=e9t=e9") << QByteArray("\xe9t\xe9") << false;
    QTest::newRow("= at end") << QByteArray("100=") << QByteArray("100=") << true;
    QTest::newRow("= then one hex") << QByteArray("x=4") << QByteArray("x=4") << true;
    QTest::newRow("= then non-hex") << QByteArray("=G1") << QByteArray("=G1") << true;
    QTest::newRow("no line handling") << QByteArray("a=\r\nb") << QByteArray("a=\r\nb") << true;
}

void TestTransferEncoding::decodeQ()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QFETCH(bool, damaged);
    bool wasDamaged = !damaged;
    QCOMPARE(TransferEncoding::decodeQ(encoded, &wasDamaged), decoded);
    QCOMPARE(wasDamaged, damaged);
}

void TestTransferEncoding::decodeUuencode_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<bool>("damaged");
    // "Cat" = 0x43 0x61 0x74 -> six-bit values 16 54 5 52 -> "0V%T"; length 3 -> "#".
    QTest::newRow("Cat") << QByteArray("begin 644 cat.txt\n#0V%T\n`\nend\n") << QByteArray("Cat")
                         << false;
    QTest::newRow("CRLF lines") << QByteArray("begin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n")
                                << QByteArray("Cat") << false;
    QTest::newRow("two lines") << QByteArray("begin 600 x\n&0V%T0V%T\n#0V%T\n`\nend")
                               << QByteArray("CatCatCat") << false;
    QTest::newRow("text before begin")
        << QByteArray("Here it is:\n\nbegin 644 c\n#0V%T\n`\nend\n") << QByteArray("Cat") << false;
    QTest::newRow("zeros as backquotes")
        << QByteArray("begin 644 z\n#````\n`\nend\n") << QByteArray(3, '\0') << false;
    QTest::newRow("stripped trailing spaces")
        << QByteArray("begin 644 z\n#\n`\nend\n") << QByteArray(3, '\0') << false;
    QTest::newRow("partial group")
        << QByteArray("begin 644 c\n\"0V$\n`\nend\n") << QByteArray("Ca") << false;
    QTest::newRow("no end") << QByteArray("begin 644 cat.txt\n#0V%T\n") << QByteArray("Cat")
                            << true;
    QTest::newRow("no begin") << QByteArray("#0V%T\n`\nend\n") << QByteArray() << true;
    // 0x7F is outside 0x20-0x60: decoded as (0x7F - 0x20) & 0x3F = 31 and reported.
    // Values 16 54 31 52 -> 0x43 0x67 0xF4.
    QTest::newRow("bad character")
        << QByteArray("begin 644 c\n#0V\x7fT\n`\nend\n") << QByteArray("Cg\xf4") << true;
}

void TestTransferEncoding::decodeUuencode()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QFETCH(bool, damaged);
    bool wasDamaged = !damaged;
    QCOMPARE(TransferEncoding::decodeUuencode(encoded, &wasDamaged), decoded);
    QCOMPARE(wasDamaged, damaged);
}

void TestTransferEncoding::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("isText");
    QByteArray random(5000, Qt::Uninitialized);
    QRandomGenerator generator(2045);
    for (char &c : random)
        c = char(generator.bounded(256));
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("all bytes, binary") << allBytes(3) << false;
    QTest::newRow("random binary") << random << false;
    QTest::newRow("CRLF text") << QByteArray(
        "Dear Bob,\r\n\r\n  indented = yes \r\n.\r\nFrom here\r\n")
                               << true;
    QTest::newRow("long UTF-8 line")
        << QByteArray("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e ").repeated(40) << true;
    QTest::newRow("spaces at 75") << (QByteArray(74, 'x') + "   \r\n" + QByteArray(80, ' '))
                                  << true;
}

void TestTransferEncoding::roundTrip()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, isText);
    QByteArray offending;
    const QByteArray b64 = TransferEncoding::encodeBase64(data);
    QVERIFY2(linesWithin(b64, 76, true, &offending), offending.constData());
    bool damaged = true;
    QCOMPARE(TransferEncoding::decodeBase64(b64, &damaged), data);
    QVERIFY(!damaged);

    const QByteArray qp = TransferEncoding::encodeQuotedPrintable(data, isText);
    QVERIFY2(linesWithin(qp, 76, false, &offending), offending.constData());
    damaged = true;
    QCOMPARE(TransferEncoding::decodeQuotedPrintable(qp, &damaged), data);
    QVERIFY(!damaged);
}

void TestTransferEncoding::decodeDispatch()
{
    bool damaged = true;
    QCOMPARE(TransferEncoding::decode(TransferEncoding::Base64, "Zm9v", &damaged),
             QByteArray("foo"));
    QCOMPARE(TransferEncoding::decode(TransferEncoding::QuotedPrintable, "=41", &damaged),
             QByteArray("A"));
    QCOMPARE(
        TransferEncoding::decode(TransferEncoding::UUEncode, "begin 6 c\n#0V%T\nend", &damaged),
        QByteArray("Cat"));
    // 7bit/8bit/binary/unknown: the bytes unchanged.
    for (auto kind : { TransferEncoding::SevenBit, TransferEncoding::EightBit,
                       TransferEncoding::Binary, TransferEncoding::Unknown }) {
        damaged = true;
        QCOMPARE(TransferEncoding::decode(kind, "=41 Zm9v", &damaged), QByteArray("=41 Zm9v"));
        QVERIFY(!damaged);
    }
}

void TestTransferEncoding::megabyteBodiesAreLinear()
{
    // A quadratic decoder would take minutes on these; a linear one, milliseconds.
    const QByteArray data = allBytes(4096); // 1 MiB
    const QByteArray b64 = TransferEncoding::encodeBase64(data);
    QVERIFY(b64.size() > (1 << 20));
    QCOMPARE(TransferEncoding::decodeBase64(b64), data);
    // Broken in every way at once: garbage, whitespace and no padding.
    QByteArray noisy = QByteArray("QUJD!\t \r\n").repeated(1 << 17);
    bool damaged = false;
    QCOMPARE(TransferEncoding::decodeBase64(noisy, &damaged), QByteArray("ABC").repeated(1 << 17));
    QVERIFY(damaged);
    const QByteArray qp = TransferEncoding::encodeQuotedPrintable(data, false);
    QCOMPARE(TransferEncoding::decodeQuotedPrintable(qp), data);
    // One long line of spaces, then a character: the trailing-space rewind must not rescan.
    const QByteArray spaces = QByteArray(1 << 20, ' ') + "x";
    QCOMPARE(TransferEncoding::decodeQuotedPrintable(spaces), spaces);
    // Every "=" is kept literally except the last, a soft break at the end of the data.
    QCOMPARE(TransferEncoding::decodeQuotedPrintable(QByteArray(1 << 20, '=')).size(),
             (1 << 20) - 1);
}

QTEST_GUILESS_MAIN(TestTransferEncoding)
#include "tst_transferencoding.moc"
