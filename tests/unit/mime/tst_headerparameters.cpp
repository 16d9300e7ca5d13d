// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderField.h"
#include "mime/HeaderParameters.h"

#include <QTest>

using magpie::mime::HeaderField;
using magpie::mime::HeaderParameters;
using magpie::mime::ParameterizedValue;
using namespace Qt::StringLiterals;

class TestHeaderParameters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void lookup();
    void hostileInputIsLinear();
    void format_data();
    void format();
    void formatRoundTrip_data();
    void formatRoundTrip();
};

namespace {

QStringList flatten(const ParameterizedValue &v)
{
    QStringList out;
    for (const auto &p : v.parameters)
        out.append(QString::fromLatin1(p.first) + u'=' + p.second);
    return out;
}

} // namespace

void TestHeaderParameters::parse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QStringList>("parameters");
    QTest::addColumn<int>("warnings");

    // RFC 2045 s5.1: tokens, quoted strings, comments, case-insensitive names.
    QTest::newRow("s5.1 comment") << QByteArray("text/plain; charset=us-ascii (Plain text)")
                                  << QByteArray("text/plain")
                                  << QStringList { u"charset=us-ascii"_s } << 0;
    QTest::newRow("s5.1 quoted") << QByteArray("text/plain; charset=\"us-ascii\"")
                                 << QByteArray("text/plain")
                                 << QStringList { u"charset=us-ascii"_s } << 0;
    QTest::newRow("case") << QByteArray("Text/HTML; Charset=\"UTF-8\"") << QByteArray("text/html")
                          << QStringList { u"charset=UTF-8"_s } << 0;
    QTest::newRow("quoted with space")
        << QByteArray("multipart/mixed; boundary=\"simple boundary\"")
        << QByteArray("multipart/mixed") << QStringList { u"boundary=simple boundary"_s } << 0;
    QTest::newRow("stray spaces") << QByteArray(" text / plain ; charset = utf-8 ")
                                  << QByteArray("text/plain") << QStringList { u"charset=utf-8"_s }
                                  << 0;
    QTest::newRow("comments everywhere")
        << QByteArray("text/plain (a) ; (b (nested)) charset=(c)utf-8") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s } << 0;
    QTest::newRow("backslash escapes")
        << QByteArray(R"(attachment; filename="a \"q\" \\ b.txt")") << QByteArray("attachment")
        << QStringList { uR"(filename=a "q" \ b.txt)"_s } << 0;
    QTest::newRow("stray semicolons")
        << QByteArray("text/plain;; ;charset=utf-8;") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s } << 0;
    QTest::newRow("empty quoted value")
        << QByteArray("x/y; a=\"\"") << QByteArray("x/y") << QStringList { u"a="_s } << 0;
    // RFC 2183 s2: the disposition and its parameters.
    QTest::newRow("RFC 2183 example")
        << QByteArray("attachment; filename=genome.jpeg; "
                      "modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"")
        << QByteArray("attachment")
        << QStringList { u"filename=genome.jpeg"_s,
                         u"modification-date=Wed, 12 Feb 1997 16:29:51 -0500"_s }
        << 0;
    QTest::newRow("inline") << QByteArray("INLINE") << QByteArray("inline") << QStringList() << 0;

    // RFC 2231 s3, s4, s4.1 examples.
    QTest::newRow("2231 s3")
        << QByteArray("message/external-body; access-type=URL; "
                      "URL*0=\"ftp://\"; "
                      "URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"")
        << QByteArray("message/external-body")
        << QStringList { u"access-type=URL"_s,
                         u"url=ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"_s }
        << 0;
    QTest::newRow("2231 s4") << QByteArray(
        "application/x-stuff; "
        "title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")
                             << QByteArray("application/x-stuff")
                             << QStringList { u"title=This is ***fun***"_s } << 0;
    const QByteArray part0("title*0*=us-ascii'en'This%20is%20even%20more%20");
    const QByteArray part1("title*1*=%2A%2A%2Afun%2A%2A%2A%20");
    const QByteArray part2("title*2=\"isn't it!\"");
    QTest::newRow("2231 s4.1") << QByteArray("application/x-stuff; " + part0 + "; " + part1 + "; "
                                             + part2)
                               << QByteArray("application/x-stuff")
                               << QStringList { u"title=This is even more ***fun*** isn't it!"_s }
                               << 0;
    // s3 (2): parts may be reordered in transit.
    QTest::newRow("2231 out of order")
        << QByteArray("application/x-stuff; " + part2 + "; " + part0 + "; " + part1)
        << QByteArray("application/x-stuff")
        << QStringList { u"title=This is even more ***fun*** isn't it!"_s } << 0;
    QTest::newRow("2231 gap") << QByteArray("x/y; name*0=\"a\"; name*2=\"c\"") << QByteArray("x/y")
                              << QStringList { u"name=ac"_s } << 1;
    QTest::newRow("2231 no part 0")
        << QByteArray("x/y; name*1=\"b\"") << QByteArray("x/y") << QStringList { u"name=b"_s } << 1;
    QTest::newRow("2231 part twice") << QByteArray("x/y; name*0=a; name*0=b; name*1=c")
                                     << QByteArray("x/y") << QStringList { u"name=ac"_s } << 1;
    QTest::newRow("2231 UTF-8") << QByteArray("attachment; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf")
                                << QByteArray("attachment")
                                << QStringList { u"filename=\u65e5\u672c.pdf"_s } << 0;
    QTest::newRow("2231 UTF-8 split between parts")
        << QByteArray("attachment; filename*1*=%A5.txt; filename*0*=utf-8''%E6%97")
        << QByteArray("attachment") << QStringList { u"filename=\u65e5.txt"_s } << 0;
    QTest::newRow("2231 latin-1") << QByteArray("attachment; filename*=iso-8859-1'fr'caf%E9.txt")
                                  << QByteArray("attachment")
                                  << QStringList { u"filename=caf\u00e9.txt"_s } << 0;
    QTest::newRow("2231 Shift_JIS")
        << QByteArray("attachment; filename*=shift_jis''%93%FA%96%7B.txt")
        << QByteArray("attachment") << QStringList { u"filename=\u65e5\u672c.txt"_s } << 0;
    QTest::newRow("2231 ISO-2022-JP")
        << QByteArray("attachment; filename*=iso-2022-jp''%1B$B$3%1B(B") << QByteArray("attachment")
        << QStringList { u"filename=\u3053"_s } << 0;
    QTest::newRow("2231 no charset, UTF-8") << QByteArray("a; f*=''caf%C3%A9") << QByteArray("a")
                                            << QStringList { u"f=caf\u00e9"_s } << 0;
    QTest::newRow("2231 no charset, 8-bit")
        << QByteArray("a; f*=''caf%E9") << QByteArray("a") << QStringList { u"f=caf\u00e9"_s } << 0;
    QTest::newRow("2231 unknown charset")
        << QByteArray("a; f*=x-bogus''caf%C3%A9") << QByteArray("a")
        << QStringList { u"f=caf\u00e9"_s } << 0;
    QTest::newRow("2231 without quotes") << QByteArray("a; f*=caf%C3%A9") << QByteArray("a")
                                         << QStringList { u"f=caf\u00e9"_s } << 1;
    QTest::newRow("2231 bad escapes kept")
        << QByteArray("a; f*=utf-8''100%; g*=utf-8''%zz") << QByteArray("a")
        << QStringList { u"f=100%"_s, u"g=%zz"_s } << 0;
    // Both forms: the RFC 2231 one carries the charset and wins, at the first one's place.
    QTest::newRow("2231 beside plain")
        << QByteArray(
               "attachment; filename=\"fallback.pdf\"; size=3; filename*=utf-8''%E2%82%AC.pdf")
        << QByteArray("attachment") << QStringList { u"filename=\u20ac.pdf"_s, u"size=3"_s } << 0;

    // What mailers send.
    QTest::newRow("RFC 2047 inside quotes")
        << QByteArray("attachment; filename=\"=?UTF-8?B?5pel5pys6KqeLnR4dA==?=\"")
        << QByteArray("attachment") << QStringList { u"filename=\u65e5\u672c\u8a9e.txt"_s } << 0;
    QTest::newRow("RFC 2047 Q, unquoted")
        << QByteArray("attachment; filename==?iso-8859-1?Q?caf=E9.txt?=")
        << QByteArray("attachment") << QStringList { u"filename=caf\u00e9.txt"_s } << 0;
    QTest::newRow("raw UTF-8") << QByteArray(
        "attachment; filename=\"\xe6\x97\xa5\xe6\x9c\xac.pdf\"")
                               << QByteArray("attachment")
                               << QStringList { u"filename=\u65e5\u672c.pdf"_s } << 0;
    QTest::newRow("raw UTF-8 unquoted")
        << QByteArray("attachment; filename=\xc3\xa9t\xc3\xa9.doc") << QByteArray("attachment")
        << QStringList { u"filename=\u00e9t\u00e9.doc"_s } << 0;
    QTest::newRow("raw latin-1") << QByteArray("attachment; filename=\"caf\xe9.txt\"")
                                 << QByteArray("attachment")
                                 << QStringList { u"filename=caf\u00e9.txt"_s } << 0;
    QTest::newRow("unquoted with spaces")
        << QByteArray("attachment; filename=My Document.pdf") << QByteArray("attachment")
        << QStringList { u"filename=My Document.pdf"_s } << 0;
    QTest::newRow("unquoted with parentheses")
        << QByteArray("attachment; filename=My File (1).pdf; size=10") << QByteArray("attachment")
        << QStringList { u"filename=My File (1).pdf"_s, u"size=10"_s } << 0;
    QTest::newRow("missing ; between parameters")
        << QByteArray("text/plain; charset=utf-8 format=flowed") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s, u"format=flowed"_s } << 1;
    QTest::newRow("missing ; after quoted")
        << QByteArray("text/plain; charset=\"utf-8\"format=flowed") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s, u"format=flowed"_s } << 1;
    QTest::newRow("missing ; after the value")
        << QByteArray("text/plain charset=utf-8") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s } << 1;
    QTest::newRow("duplicate, first wins")
        << QByteArray("text/plain; charset=utf-8; CHARSET=latin1") << QByteArray("text/plain")
        << QStringList { u"charset=utf-8"_s } << 1;
    QTest::newRow("junk after quoted") << QByteArray("a; f=\"x\" ]]; g=1") << QByteArray("a")
                                       << QStringList { u"f=x"_s, u"g=1"_s } << 1;

    // Broken beyond repair: never fails, says what it did.
    QTest::newRow("unterminated quoted string")
        << QByteArray("attachment; filename=\"unterminated.txt; size=3") << QByteArray("attachment")
        << QStringList { u"filename=unterminated.txt; size=3"_s } << 1;
    QTest::newRow("unterminated comment")
        << QByteArray("text/plain (oops") << QByteArray("text/plain") << QStringList() << 1;
    QTest::newRow("empty") << QByteArray() << QByteArray() << QStringList() << 1;
    QTest::newRow("only parameters")
        << QByteArray("; charset=utf-8") << QByteArray() << QStringList { u"charset=utf-8"_s } << 1;
    QTest::newRow("parameter without value")
        << QByteArray("attachment; filename; size=3") << QByteArray("attachment")
        << QStringList { u"size=3"_s } << 1;
    QTest::newRow("no name") << QByteArray("text/plain; =oops; charset=utf-8")
                             << QByteArray("text/plain") << QStringList { u"charset=utf-8"_s } << 1;
    QTest::newRow("8-bit name") << QByteArray("text/plain; n\xe9=1; charset=utf-8")
                                << QByteArray("text/plain") << QStringList { u"charset=utf-8"_s }
                                << 1;
    QTest::newRow("backslash at end")
        << QByteArray("a; f=\"x\\") << QByteArray("a") << QStringList { u"f=x"_s } << 1;
}

void TestHeaderParameters::parse()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, value);
    QFETCH(QStringList, parameters);
    QFETCH(int, warnings);
    const ParameterizedValue parsed = HeaderParameters::parse(body);
    QCOMPARE(parsed.value, value);
    QCOMPARE(flatten(parsed), parameters);
    QVERIFY2(parsed.warnings.size() == warnings, qPrintable(parsed.warnings.join(u" | ")));
    for (const QString &w : parsed.warnings)
        QVERIFY(w.endsWith(u'.') || w.contains(u':')); // sentences for a person
}

void TestHeaderParameters::lookup()
{
    const auto parsed = HeaderParameters::parse("text/plain; Charset=utf-8; empty=\"\"");
    QCOMPARE(parsed.parameter("CHARSET"), u"utf-8"_s);
    QVERIFY(parsed.hasParameter("charset"));
    QVERIFY(parsed.hasParameter("empty"));
    QVERIFY(!parsed.parameter("empty").isNull());
    QVERIFY(parsed.parameter("empty").isEmpty());
    QVERIFY(!parsed.hasParameter("boundary"));
    QVERIFY(parsed.parameter("boundary").isNull());
}

void TestHeaderParameters::hostileInputIsLinear()
{
    // Each of these is quadratic in a naive parser: a megabyte each must still be quick.
    const QByteArray spaces = "a; b=c" + QByteArray(1 << 20, ' ') + "d";
    QCOMPARE(HeaderParameters::parse(spaces).parameter("b"),
             u"c"_s + QString((1 << 20), u' ') + u'd');
    const QByteArray words = "a; b=" + QByteArray("x ").repeated(1 << 19);
    QCOMPARE(HeaderParameters::parse(words).parameter("b").size(), (1 << 20) - 1);
    QByteArray many("x/y");
    for (int i = 0; i < 50000; ++i)
        many += "; p" + QByteArray::number(i) + "=" + QByteArray::number(i);
    const auto parsedMany = HeaderParameters::parse(many);
    QCOMPARE(parsedMany.parameters.size(), 50000);
    QCOMPARE(parsedMany.parameter("p49999"), u"49999"_s);
    // 9,999 parts in reverse order join in order.
    QByteArray parts("x/y");
    QString expected;
    for (int i = 9998; i >= 0; --i)
        parts += "; n*" + QByteArray::number(i) + "=" + QByteArray(1, char('a' + i % 26));
    for (int i = 0; i < 9999; ++i)
        expected += QChar(u'a' + i % 26);
    QCOMPARE(HeaderParameters::parse(parts).parameter("n"), expected);
    const QByteArray comments = "a (" + QByteArray("(").repeated(1 << 19);
    QCOMPARE(HeaderParameters::parse(comments).value, QByteArray("a"));
    const QByteArray quotes = "a; " + QByteArray("b=\"").repeated(1 << 18);
    QCOMPARE(HeaderParameters::parse(quotes).parameters.size(), 1);
}

void TestHeaderParameters::format_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("formatted");
    const QByteArray ri("%E6%97%A5"); // U+65E5 in UTF-8, percent-encoded
    // RFC 2045 s5.1: a token as is, a quoted-string when needed.
    QTest::newRow("token") << QByteArray("charset") << u"utf-8"_s << QByteArray("; charset=utf-8");
    QTest::newRow("quoted") << QByteArray("boundary") << u"simple boundary"_s
                            << QByteArray("; boundary=\"simple boundary\"");
    QTest::newRow("tspecials quoted")
        << QByteArray("name") << u"a/b=c"_s << QByteArray("; name=\"a/b=c\"");
    QTest::newRow("escapes") << QByteArray("filename") << uR"(a"b\c)"_s
                             << QByteArray(R"(; filename="a\"b\\c")");
    QTest::newRow("empty") << QByteArray("name") << QString() << QByteArray("; name=\"\"");
    // Longer than fits after a field name: its own line, as Thunderbird writes it.
    QTest::newRow("own line") << QByteArray("boundary") << u"------------0123456789ABCDEFGHIJ"_s
                              << QByteArray(";\r\n boundary=------------0123456789ABCDEFGHIJ");
    // RFC 2231 s4: UTF-8 with percent escapes of all but attribute-char.
    QTest::newRow("2231 short") << QByteArray("name") << u"\u00e9"_s
                                << QByteArray("; name*=utf-8''%C3%A9");
    QTest::newRow("2231 own line") << QByteArray("filename") << u"\u65e5\u672c.pdf"_s
                                   << QByteArray(";\r\n filename*=utf-8''%E6%97%A5%E6%9C%AC.pdf");
    QTest::newRow("controls escaped")
        << QByteArray("filename") << u"a b\tc"_s << QByteArray("; filename*=utf-8''a%20b%09c");
    // No value can end the field (header injection), nor a name.
    QTest::newRow("CRLF in value") << QByteArray("filename") << u"x\r\nBcc: a@b"_s
                                   << QByteArray("; filename*=utf-8''x%0D%0ABcc%3A%20a%40b");
    // Text that looks like an RFC 2047 word must not be decoded as one by the reader.
    QTest::newRow("looks encoded") << QByteArray("filename") << u"=?a?b?c?="_s
                                   << QByteArray("; filename*=utf-8''%3D%3Fa%3Fb%3Fc%3F%3D");
    QTest::newRow("CRLF in name") << QByteArray("file\r\nname") << u"x"_s
                                  << QByteArray("; filename=x");
    // RFC 2231 s3 and s4.1: parts of at most 78 columns. Part 0 has 78 - 21 = 57 columns for
    // escapes (6 characters of 9), the others 64 (7 characters).
    QTest::newRow("2231 continuations")
        << QByteArray("filename") << QString(30, QChar(0x65e5))
        << QByteArray(";\r\n filename*0*=utf-8''" + ri.repeated(6) + ";\r\n filename*1*="
                      + ri.repeated(7) + ";\r\n filename*2*=" + ri.repeated(7)
                      + ";\r\n filename*3*=" + ri.repeated(7)
                      + ";\r\n filename*4*=" + ri.repeated(3));
    // Long ASCII: quoted parts (s3), 68 characters each.
    QTest::newRow("long ASCII") << QByteArray("url") << QString(100, u'a')
                                << QByteArray(";\r\n url*0=\"" + QByteArray(68, 'a')
                                              + "\";\r\n url*1=\"" + QByteArray(32, 'a') + "\"");
}

void TestHeaderParameters::format()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, value);
    QFETCH(QByteArray, formatted);
    QCOMPARE(HeaderParameters::format(name, value), formatted);
}

void TestHeaderParameters::formatRoundTrip_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("ASCII") << u"report.pdf"_s;
    QTest::newRow("spaces and quotes") << uR"(My "best" \ report (final).pdf)"_s;
    QTest::newRow("long ASCII with spaces") << u"Quarterly report for the board "_s.repeated(6);
    QTest::newRow("emoji") << u"\U0001F600 party \U0001F389.png"_s;
    QTest::newRow("long CJK")
        << u"\u4f1a\u8b70\u8cc7\u6599_\u7b2c\u4e09\u56db\u534a\u671f_"_s.repeated(8);
    QTest::newRow("accents") << u"R\u00e9sum\u00e9 \u2013 Fran\u00e7ois M\u00fcller.docx"_s;
    QTest::newRow("percent and star") << u"100% *real* 'quote'.txt"_s;
    QTest::newRow("controls") << u"a\r\nb\u0000c\u007f"_s;
    QTest::newRow("looks encoded") << u"=?UTF-8?B?5pel?= is not decoded.txt"_s;
    QTest::newRow("looks encoded, long") << u"=?UTF-8?Q?x?= "_s.repeated(8);
    QTest::newRow("empty") << QString();
}

void TestHeaderParameters::formatRoundTrip()
{
    QFETCH(QString, value);
    const QByteArray head("Content-Disposition: attachment");
    const QByteArray formatted = HeaderParameters::format("filename", value);
    // Lines of at most 78 after a field like Content-Disposition (RFC 5322 s2.1.1).
    const QList<QByteArray> lines = QByteArray(head + formatted).split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (i + 1 < lines.size()) {
            QVERIFY(line.endsWith('\r'));
            line.chop(1);
        }
        QVERIFY2(line.size() <= 78, line.constData());
        QVERIFY(!line.contains('\r'));
        if (i > 0)
            QVERIFY(line.startsWith(' '));
    }
    const auto parsed =
        HeaderParameters::parse(HeaderField::unfold(QByteArray("attachment" + formatted)));
    QCOMPARE(parsed.parameter("filename"), value);
    QVERIFY2(parsed.warnings.isEmpty(), qPrintable(parsed.warnings.join(u" | ")));
}

QTEST_GUILESS_MAIN(TestHeaderParameters)
#include "tst_headerparameters.moc"
