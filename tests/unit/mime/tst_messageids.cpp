// SPDX-License-Identifier: GPL-3.0-or-later
#include "Noise.h"
#include "mime/MessageIds.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using magpie::mime::MessageIds;

using Ids = QList<QByteArray>;

using magpie::testing::noise;

class TestMessageIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void generateShape_data();
    void generateShape();
    void generateIsUnique();
    void format_data();
    void format();
    void formatFoldsLongLists();
    void survivesNoise();
};

void TestMessageIds::parse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Ids>("ids");

    // RFC 5322 s3.6.4: msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS].
    QTest::newRow("s3.6.4 A.1.1 Message-ID")
        << QByteArray("<1234@local.machine.example>") << Ids { "1234@local.machine.example" };
    QTest::newRow("s3.6.4 A.2 References")
        << QByteArray("<1234@local.machine.example> <3456@example.net>")
        << Ids { "1234@local.machine.example", "3456@example.net" };
    QTest::newRow("s3.6.4 A.1.2 dots and dashes")
        << QByteArray("<5678.21-Nov-1997@example.com>") << Ids { "5678.21-Nov-1997@example.com" };
    QTest::newRow("s3.6.4 CFWS around ids")
        << QByteArray("  (first) <a@example.com>\t(second (nested))  <b@example.com>  ")
        << Ids { "a@example.com", "b@example.com" };
    QTest::newRow("s3.6.4 ids without separator")
        << QByteArray("<a@x><b@y>") << Ids { "a@x", "b@y" };
    QTest::newRow("s3.6.4 no-fold-literal")
        << QByteArray("<id@[192.0.2.1]>") << Ids { "id@[192.0.2.1]" };
    QTest::newRow("s3.6.4 folded list")
        << QByteArray("<a@x>\r\n <b@y>\r\n\t<c@z>") << Ids { "a@x", "b@y", "c@z" };
    QTest::newRow("s3.6.4 duplicates kept out")
        << QByteArray("<a@x> <b@y> <a@x> <b@y> <c@z>") << Ids { "a@x", "b@y", "c@z" };
    QTest::newRow("s3.6.4 case matters in ids")
        << QByteArray("<A@x> <a@x>") << Ids { "A@x", "a@x" };

    // RFC 5322 s4.5.4: phrases between ids are ignored; CFWS inside an id is not part of it.
    QTest::newRow("s4.5.4 phrase before id")
        << QByteArray("Your message of \"Fri, 21 Nov 1997 09:55:06\" <1234@local.machine.example>")
        << Ids { "1234@local.machine.example" };
    QTest::newRow("s4.5.4 phrases between ids")
        << QByteArray("<a@x> and then \"also\" <b@y> was sent") << Ids { "a@x", "b@y" };
    QTest::newRow("s4.5.4 A.6.3 CFWS inside the id")
        << QByteArray("<1234   @   local(blah)  .machine .example>")
        << Ids { "1234@local.machine.example" };
    QTest::newRow("s4.5.4 quoted local part keeps its space")
        << QByteArray("<\"a b\"@x>") << Ids { "\"a b\"@x" };
    QTest::newRow("s4.5.4 phrase only") << QByteArray("Your message of yesterday") << Ids {};

    // Tolerated wild forms.
    QTest::newRow("wild: id without @") << QByteArray("<abcdef0123>") << Ids { "abcdef0123" };
    QTest::newRow("wild: lone id without brackets")
        << QByteArray(" 1234@local.machine.example ") << Ids { "1234@local.machine.example" };
    QTest::newRow("wild: lone id without brackets or @")
        << QByteArray("abcdef0123") << Ids { "abcdef0123" };
    QTest::newRow("wild: lone bare id and a comment")
        << QByteArray("1234@local.example (added by the gateway)") << Ids { "1234@local.example" };
    QTest::newRow("wild: several bare ids") << QByteArray("a@x b@y") << Ids { "a@x", "b@y" };
    QTest::newRow("wild: commas between ids")
        << QByteArray("<a@x>, <b@y>,<c@z>") << Ids { "a@x", "b@y", "c@z" };
    QTest::newRow("wild: space inside brackets") << QByteArray("< a@x >") << Ids { "a@x" };
    QTest::newRow("wild: missing >") << QByteArray("<a@x") << Ids { "a@x" };
    QTest::newRow("wild: missing > before next id")
        << QByteArray("<a@x <b@y>") << Ids { "a@x", "b@y" };
    QTest::newRow("wild: bare words ignored next to bracketed")
        << QByteArray("stray@word <a@x>") << Ids { "a@x" };

    // Nothing usable.
    QTest::newRow("empty") << QByteArray() << Ids {};
    QTest::newRow("empty brackets") << QByteArray("<> < >") << Ids {};
    QTest::newRow("comment only") << QByteArray("(none)") << Ids {};
    QTest::newRow("unterminated comment") << QByteArray("(<a@x>") << Ids {};
    QTest::newRow("unterminated quote") << QByteArray("\"<a@x>") << Ids {};
    QTest::newRow("control bytes") << QByteArray("\x01\x02\x7f", 3) << Ids {};
    QTest::newRow("stray >") << QByteArray(">>>") << Ids {};
}

void TestMessageIds::parse()
{
    QFETCH(QByteArray, body);
    QFETCH(Ids, ids);
    QCOMPARE(MessageIds::parse(body), ids);
}

void TestMessageIds::generateShape_data()
{
    QTest::addColumn<QByteArray>("domain");
    QTest::addColumn<QByteArray>("right");
    QTest::newRow("domain") << QByteArray("example.com") << QByteArray("example.com");
    QTest::newRow("no domain") << QByteArray() << QByteArray("localhost");
    // s3.6.4: id-right is dot-atom-text or a no-fold-literal; anything else is not written.
    QTest::newRow("domain literal") << QByteArray("[192.0.2.1]") << QByteArray("[192.0.2.1]");
    QTest::newRow("space") << QByteArray("exa mple.com") << QByteArray("localhost");
    QTest::newRow("CRLF") << QByteArray("x.com\r\nBcc: y") << QByteArray("localhost");
    QTest::newRow("brackets") << QByteArray("x>y") << QByteArray("localhost");
    QTest::newRow("leading dot") << QByteArray(".example.com") << QByteArray("localhost");
    // An IDN goes as its A-label (RFC 3492 Punycode of "münchen" is "mnchen-3ya").
    QTest::newRow("IDN") << QByteArray("m\xc3\xbc"
                                       "nchen.example")
                         << QByteArray("xn--mnchen-3ya.example");
}

void TestMessageIds::generateShape()
{
    QFETCH(QByteArray, domain);
    QFETCH(QByteArray, right);
    const QByteArray id = MessageIds::generate(domain);
    const qsizetype at = id.lastIndexOf('@');
    QVERIFY(at > 0);
    QCOMPARE(id.mid(at + 1), right);
    const QByteArray left = id.left(at);
    // At least 128 random bits: 22 base64 letters hold 132, and the left side is atext only.
    QVERIFY2(left.size() >= 22, left.constData());
    for (char c : left) {
        const bool atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        QVERIFY2(atext, left.constData());
    }
    // It parses back as exactly itself, with brackets and without.
    QCOMPARE(MessageIds::parse(QByteArray('<' + id + '>')), Ids { id });
    QCOMPARE(MessageIds::format({ id }), QByteArray('<' + id + '>'));
}

void TestMessageIds::generateIsUnique()
{
    QSet<QByteArray> seen;
    QSet<QByteArray> firstLetters;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray id = MessageIds::generate("example.com");
        QVERIFY(!seen.contains(id));
        seen.insert(id);
        firstLetters.insert(id.left(1));
    }
    // Random, not a counter: the leading letter varies too.
    QVERIFY(firstLetters.size() > 10);
}

void TestMessageIds::format_data()
{
    QTest::addColumn<Ids>("ids");
    QTest::addColumn<int>("used");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("none") << Ids {} << 0 << QByteArray();
    QTest::newRow("one") << Ids { "a@x" } << 12 << QByteArray("<a@x>");
    QTest::newRow("s3.6.4 A.2 References")
        << Ids { "1234@local.machine.example", "3456@example.net" } << 12
        << QByteArray("<1234@local.machine.example> <3456@example.net>");
    QTest::newRow("brackets given are not doubled")
        << Ids { "<a@x>", "b@y" } << 0 << QByteArray("<a@x> <b@y>");
    // An id that could break the header open is never written.
    QTest::newRow("CRLF id left out") << Ids { "a@x", "b@y>\r\nBcc: victim@example.com", "c@z" }
                                      << 0 << QByteArray("<a@x> <c@z>");
    QTest::newRow("space, NUL, empty left out")
        << Ids { "a b@x", QByteArray("n\0l@x", 5), "", "<>", "d@w" } << 0 << QByteArray("<d@w>");
    // RFC 5322 s2.1.1 / s2.2.3: 78 characters fit on a line, 79 do not.
    // 11 + 33 + 1 + 33 = 78: no fold.
    QTest::newRow("exactly 78") << Ids {
        QByteArray(29, 'a') + "@x", QByteArray(29, 'b') + "@x"
    } << 11 << QByteArray("<" + QByteArray(29, 'a') + "@x> <" + QByteArray(29, 'b') + "@x>");
    // 12 + 33 + 1 + 33 = 79: fold.
    QTest::newRow("79 folds") << Ids {
        QByteArray(29, 'a') + "@x", QByteArray(29, 'b') + "@x"
    } << 12 << QByteArray("<" + QByteArray(29, 'a') + "@x>\r\n <" + QByteArray(29, 'b') + "@x>");
    // An id has no FWS (s3.6.4): one longer than a line stays whole, alone on its line.
    QTest::newRow("overlong id") << Ids { "a@x", QByteArray(90, 'c') + "@y", "b@z" } << 12
                                 << QByteArray("<a@x>\r\n <" + QByteArray(90, 'c')
                                               + "@y>\r\n <b@z>");
}

void TestMessageIds::format()
{
    QFETCH(Ids, ids);
    QFETCH(int, used);
    QFETCH(QByteArray, expected);
    QCOMPARE(MessageIds::format(ids, used), expected);
}

void TestMessageIds::formatFoldsLongLists()
{
    // A long References field: every line within 78 characters, and it reads back the same.
    Ids ids;
    for (int i = 0; i < 40; ++i)
        ids.append(MessageIds::generate("mail.example.org"));
    const int used = int(qstrlen("References: "));
    const QByteArray folded = MessageIds::format(ids, used);
    const QList<QByteArray> lines = folded.split('\n');
    QVERIFY(lines.size() > 1);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        else
            QCOMPARE(i, lines.size() - 1); // every line break is CRLF
        if (i > 0)
            QVERIFY(line.startsWith(' ')); // folded with CRLF SP
        QVERIFY2(line.size() + (i == 0 ? used : 0) <= 78, line.constData());
    }
    QCOMPARE(MessageIds::parse(folded), ids);
}

void TestMessageIds::survivesNoise()
{
    // Never crash; every id found can be written back and reads back the same.
    QRandomGenerator random(3664);
    static const char chars[] = "ab@.<<>>(\\)\" ,\r\n\t\x00\xff[]";
    const QByteArrayView alphabet(chars, sizeof(chars) - 1);
    for (int i = 0; i < 20000; ++i) {
        const QByteArray body = noise(random, alphabet, 40);
        const Ids ids = MessageIds::parse(body);
        Ids writable;
        for (const QByteArray &id : ids) {
            QVERIFY(!id.isEmpty());
            if (!id.contains('"') && !id.contains('(')) // such ids are written, but read back
                writable.append(id); // with their quotes interpreted
        }
        QCOMPARE(MessageIds::parse(MessageIds::format(writable)), writable);
    }
}

QTEST_GUILESS_MAIN(TestMessageIds)
#include "tst_messageids.moc"
