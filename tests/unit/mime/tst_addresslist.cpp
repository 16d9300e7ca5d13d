// SPDX-License-Identifier: GPL-3.0-or-later
#include "Noise.h"
#include "mime/Mailbox.h"

#include <QRandomGenerator>
#include <QTest>

using magpie::mime::AddressList;
using magpie::mime::Mailbox;

using namespace Qt::StringLiterals;

using Mailboxes = QList<Mailbox>;

namespace {

// "name|address" per mailbox: exact (the address compared case-sensitively) and readable
// when a comparison fails.
QStringList describe(const Mailboxes &mailboxes)
{
    QStringList out;
    for (const Mailbox &mailbox : mailboxes)
        out.append(mailbox.name + u'|' + mailbox.address);
    return out;
}

Mailbox mb(const QString &name, const QString &address)
{
    return Mailbox { name, address };
}

// Every line of a folded field within RFC 5322 s2.1.1's 78 characters, folds as CRLF SP.
bool linesFit(const QByteArray &folded, int usedOnFirstLine, QByteArray *offending)
{
    const QList<QByteArray> lines = folded.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 < lines.size()) {
            if (!line.endsWith('\r')) {
                *offending = "bare LF: " + line;
                return false;
            }
            line.chop(1);
        }
        if ((i > 0 && !line.startsWith(' ')) || line.contains('\r')
            || line.size() + (i == 0 ? usedOnFirstLine : 0) > 78) {
            *offending = line;
            return false;
        }
    }
    return true;
}


} // namespace

using magpie::testing::noise;

class TestAddressList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rawUnicodeDomainsAreShownAsIdnaMapsThem();
    void parse_data();
    void parse();
    void garbage_data();
    void garbage();
    void displayString_data();
    void displayString();
    void format_data();
    void format();
    void formatRefuses_data();
    void formatRefuses();
    void roundTrip_data();
    void roundTrip();
    void survivesNoise();
};

void TestAddressList::parse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");

    // RFC 5322 s3.4: mailbox = name-addr / addr-spec.
    QTest::newRow("s3.4 addr-spec alone")
        << QByteArray("jdoe@example.org") << QStringList { u"|jdoe@example.org"_s };
    QTest::newRow("s3.4 name-addr")
        << QByteArray("Mary Smith <mary@x.test>") << QStringList { u"Mary Smith|mary@x.test"_s };
    QTest::newRow("s3.4 angle-addr without name")
        << QByteArray("<boss@nil.test>") << QStringList { u"|boss@nil.test"_s };
    QTest::newRow("s3.4 A.1.2 To")
        << QByteArray("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>")
        << QStringList { u"Mary Smith|mary@x.test"_s, u"|jdoe@example.org"_s,
                         u"Who?|one@y.test"_s };
    // s3.2.4: quoted-pairs in a quoted-string stand for the character alone.
    QTest::newRow("s3.4 A.1.2 Cc, escaped quotes")
        << QByteArray("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>")
        << QStringList { u"|boss@nil.test"_s, u"Giant; \"Big\" Box|sysservices@example.net"_s };
    QTest::newRow("s3.4 A.1.2 From, quoted dots")
        << QByteArray("\"Joe Q. Public\" <john.q.public@example.com>")
        << QStringList { u"Joe Q. Public|john.q.public@example.com"_s };
    QTest::newRow("s3.2.4 quoted name with a comma")
        << QByteArray("\"Doe, John\" <jdoe@example.com>, x@y.test")
        << QStringList { u"Doe, John|jdoe@example.com"_s, u"|x@y.test"_s };
    QTest::newRow("s3.2.4 quoted name with a backslash")
        << QByteArray("\"a\\\\b\" <ab@example.com>") << QStringList { u"a\\b|ab@example.com"_s };
    QTest::newRow("s3.4 A.2 colon in a quoted name")
        << QByteArray("\"Mary Smith: Personal Account\" <smith@home.example>")
        << QStringList { u"Mary Smith: Personal Account|smith@home.example"_s };
    // s3.4: groups, flattened to their members; an empty group keeps a placeholder.
    QTest::newRow("s3.4 A.1.3 group")
        << QByteArray("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;")
        << QStringList { u"Ed Jones|c@a.test"_s, u"|joe@where.test"_s, u"John|jdoe@one.test"_s };
    QTest::newRow("s3.4 A.1.3 empty group")
        << QByteArray("Undisclosed recipients:;") << QStringList { u"Undisclosed recipients|"_s };
    QTest::newRow("s3.4 undisclosed-recipients:;")
        << QByteArray("undisclosed-recipients:;") << QStringList { u"undisclosed-recipients|"_s };
    QTest::newRow("s3.4 group then mailbox")
        << QByteArray("Team: a@x.test, b@y.test;, c@z.test")
        << QStringList { u"|a@x.test"_s, u"|b@y.test"_s, u"|c@z.test"_s };
    QTest::newRow("s3.4 group, mailbox without comma")
        << QByteArray("Team: a@x.test; c@z.test") << QStringList { u"|a@x.test"_s, u"|c@z.test"_s };
    QTest::newRow("s3.4 two groups, one empty") << QByteArray("Friends: Al <al@x.test>; Nobody: ;")
                                                << QStringList { u"Al|al@x.test"_s, u"Nobody|"_s };
    QTest::newRow("s3.4 group without its ;")
        << QByteArray("Team: a@x.test") << QStringList { u"|a@x.test"_s };
    // s3.2.2 and Appendix A.5: comments and white space nearly anywhere.
    QTest::newRow("s3.2.2 A.5 From")
        << QByteArray("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>")
        << QStringList { u"Pete|pete@silly.test"_s };
    QTest::newRow("s3.2.2 A.5 To group")
        << QByteArray("A Group(Some people)     :Chris Jones <c@(Chris's host.)public.example>,"
                      "         joe@example.org,  John <jdoe@one.test> (my dear friend); "
                      "(the end of the group)")
        << QStringList { u"Chris Jones|c@public.example"_s, u"|joe@example.org"_s,
                         u"John|jdoe@one.test"_s };
    QTest::newRow("s3.2.2 A.5 Cc empty group with comments")
        << QByteArray("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;")
        << QStringList { u"Hidden recipients|"_s };
    // s3.4 note: the legacy "addr (Name)" form; the comment is the name only if none else.
    QTest::newRow("s3.4 comment as name") << QByteArray("alice@example.com (Alice Example)")
                                          << QStringList { u"Alice Example|alice@example.com"_s };
    QTest::newRow("s3.4 comment after angle-addr as name")
        << QByteArray("<a@x.test> (Alice)") << QStringList { u"Alice|a@x.test"_s };
    QTest::newRow("s3.4 comment not used over a name")
        << QByteArray("Alice <a@x.test> (work)") << QStringList { u"Alice|a@x.test"_s };
    QTest::newRow("s3.4 comment names per address")
        << QByteArray("a@x.test (A), b@y.test (B)")
        << QStringList { u"A|a@x.test"_s, u"B|b@y.test"_s };
    QTest::newRow("s3.4.1 quoted local part")
        << QByteArray("\"john doe\"@example.com") << QStringList { u"|\"john doe\"@example.com"_s };
    // s3.4.1: the dot-atom form SHOULD be used when it can be.
    QTest::newRow("s3.4.1 needless quotes dropped")
        << QByteArray("\"john.doe\"@example.com") << QStringList { u"|john.doe@example.com"_s };
    QTest::newRow("s3.4.1 domain literal")
        << QByteArray("postmaster@[192.0.2.1]") << QStringList { u"|postmaster@[192.0.2.1]"_s };

    // RFC 5322 s4.4: obsolete addressing.
    QTest::newRow("s4.4 A.6.1 route, empty member, spaced dots")
        << QByteArray("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example")
        << QStringList { u"Mary Smith|mary@example.net"_s, u"|jdoe@test.example"_s };
    QTest::newRow("s4.4 route of several domains")
        << QByteArray("<@a.test,@b.test:c@d.test>") << QStringList { u"|c@d.test"_s };
    QTest::newRow("s4.4 A.6.1 unquoted dotted name")
        << QByteArray("Joe Q. Public <john.q.public@example.com>")
        << QStringList { u"Joe Q. Public|john.q.public@example.com"_s };
    QTest::newRow("s4.4 A.6.3 comment inside the domain")
        << QByteArray("John Doe <jdoe@machine(comment).  example>")
        << QStringList { u"John Doe|jdoe@machine.example"_s };
    QTest::newRow("s4.4 empty list elements")
        << QByteArray(", a@x.test,, ,b@y.test,") << QStringList { u"|a@x.test"_s, u"|b@y.test"_s };
    QTest::newRow("s4.4 missing comma between bracketed addresses")
        << QByteArray("<a@x.test> <b@y.test>") << QStringList { u"|a@x.test"_s, u"|b@y.test"_s };
    QTest::newRow("s4.4 missing comma, with names")
        << QByteArray("Alice <a@x.test> Bob <b@y.test>")
        << QStringList { u"Alice|a@x.test"_s, u"Bob|b@y.test"_s };
    QTest::newRow("s4.4 trailing dot")
        << QByteArray("a@example.com.") << QStringList { u"|a@example.com"_s };
    QTest::newRow("wild: name without brackets")
        << QByteArray("Alice a@x.test") << QStringList { u"Alice|a@x.test"_s };
    QTest::newRow("wild: bare addresses without comma")
        << QByteArray("a@x.test b@y.test") << QStringList { u"|a@x.test"_s, u"|b@y.test"_s };
    QTest::newRow("wild: missing >")
        << QByteArray("Alice <a@x.test") << QStringList { u"Alice|a@x.test"_s };
    QTest::newRow("wild: missing > before a comma")
        << QByteArray("Alice <a@x.test, b@y.test")
        << QStringList { u"Alice|a@x.test"_s, u"|b@y.test"_s };
    QTest::newRow("wild: dot before @ (some phone carriers)")
        << QByteArray("foo.@docomo.ne.jp") << QStringList { u"|foo.@docomo.ne.jp"_s };

    // RFC 2047 s5(3), s8: encoded words in display names.
    QTest::newRow("rfc2047 s8 US-ASCII Q")
        << QByteArray("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>")
        << QStringList { u"Keith Moore|moore@cs.utk.edu"_s };
    QTest::newRow("rfc2047 s8 ISO-8859-1 Q")
        << QByteArray("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>")
        << QStringList { u"Keld J\u00F8rn Simonsen|keld@dkuug.dk"_s };
    QTest::newRow("rfc2047 s8 encoded word then atom")
        << QByteArray("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>")
        << QStringList { u"Andr\u00E9 Pirard|PIRARD@vm1.ulg.ac.be"_s };
    QTest::newRow("rfc2047 s8 folded list")
        << QByteArray("Greg Vaudreuil <gvaudre@NRI.Reston.VA.US>, Ned Freed <ned@innosoft.com>, "
                      "Keith Moore <moore@cs.utk.edu>")
        << QStringList { u"Greg Vaudreuil|gvaudre@NRI.Reston.VA.US"_s,
                         u"Ned Freed|ned@innosoft.com"_s, u"Keith Moore|moore@cs.utk.edu"_s };
    QTest::newRow("rfc2047 s6.2 adjacent words joined")
        << QByteArray("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?= <ab@x.test>")
        << QStringList { u"ab|ab@x.test"_s };
    QTest::newRow("rfc2047 UTF-8 B")
        << QByteArray("=?UTF-8?B?SsO2cmc=?= <j@x.test>") << QStringList { u"J\u00F6rg|j@x.test"_s };
    QTest::newRow("wild: encoded word inside quotes")
        << QByteArray("\"=?UTF-8?B?SsO2cmc=?=\" <j@x.test>")
        << QStringList { u"J\u00F6rg|j@x.test"_s };
    QTest::newRow("rfc2047 s5(2) encoded word in a comment name")
        << QByteArray("j@x.test (=?UTF-8?B?SsO2cmc=?=)") << QStringList { u"J\u00F6rg|j@x.test"_s };
    // RFC 6532 s3.2: raw UTF-8 in names and addresses.
    QTest::newRow("rfc6532 raw UTF-8 name") << QByteArray("J\xc3\xb6rg M\xc3\xbcller <j@x.test>")
                                            << QStringList { u"J\u00F6rg M\u00FCller|j@x.test"_s };
    QTest::newRow("rfc6532 raw UTF-8 quoted name")
        << QByteArray("\"M\xc3\xbcller, J\xc3\xb6rg\" <j@x.test>")
        << QStringList { u"M\u00FCller, J\u00F6rg|j@x.test"_s };
    QTest::newRow("rfc6532 UTF-8 address")
        << QByteArray("\xd0\xb8\xd0\xbd\xd1\x84\xd0\xbe@m\xc3\xbcnchen.example")
        << QStringList { u"|\u0438\u043D\u0444\u043E@m\u00FCnchen.example"_s };
    // IDN: A-labels shown as U-labels ("mnchen-3ya" is RFC 3492 Punycode for "münchen").
    QTest::newRow("IDN xn-- to Unicode") << QByteArray("J\xc3\xb6rg <j@xn--mnchen-3ya.example>")
                                         << QStringList { u"J\u00F6rg|j@m\u00FCnchen.example"_s };
    QTest::newRow("IDN upper-case XN--") << QByteArray("info@XN--MNCHEN-3YA.example")
                                         << QStringList { u"|info@m\u00FCnchen.example"_s };
    QTest::newRow("IDN label not first") << QByteArray("info@mail.xn--mnchen-3ya.example")
                                         << QStringList { u"|info@mail.m\u00FCnchen.example"_s };
    QTest::newRow("IDN broken A-label kept")
        << QByteArray("a@xn--.example") << QStringList { u"|a@xn--.example"_s };
}

void TestAddressList::parse()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    QStringList warnings;
    QCOMPARE(describe(AddressList::parse(body, &warnings)), expected);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
}

void TestAddressList::garbage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("warnings"); // -1: one or more
    QTest::newRow("empty") << QByteArray() << QStringList {} << 0;
    QTest::newRow("white space") << QByteArray(" \t ") << QStringList {} << 0;
    QTest::newRow("comment only") << QByteArray("(nobody)") << QStringList {} << 0;
    QTest::newRow("just words") << QByteArray("foo bar") << QStringList {} << 1;
    QTest::newRow("local part only") << QByteArray("<alice>") << QStringList {} << 1;
    QTest::newRow("empty angle") << QByteArray("Alice <>") << QStringList {} << 1;
    QTest::newRow("@ alone") << QByteArray("@") << QStringList {} << 1;
    QTest::newRow("no domain") << QByteArray("alice@") << QStringList {} << 1;
    QTest::newRow("no local part") << QByteArray("@example.com") << QStringList {} << 1;
    QTest::newRow("garbage between addresses")
        << QByteArray("a@x.test, garbage, b@y.test")
        << QStringList { u"|a@x.test"_s, u"|b@y.test"_s } << 1;
    QTest::newRow("words after an address")
        << QByteArray("a@x.test trailing words") << QStringList { u"|a@x.test"_s } << 1;
    QTest::newRow("unterminated quote") << QByteArray("\"Alice <a@x.test>") << QStringList {} << 1;
    QTest::newRow("unterminated comment") << QByteArray("(Alice a@x.test") << QStringList {} << 0;
    QTest::newRow("brackets only") << QByteArray("<<<>>>") << QStringList {} << -1;
    QTest::newRow("specials only") << QByteArray(":;,@.[]()\\\"") << QStringList {} << -1;
}

void TestAddressList::garbage()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    QFETCH(int, warnings);
    QStringList got;
    QCOMPARE(describe(AddressList::parse(body, &got)), expected);
    if (warnings < 0)
        QVERIFY(!got.isEmpty());
    else
        QCOMPARE(got.size(), warnings);
    for (const QString &warning : std::as_const(got))
        QVERIFY2(warning.size() > 20, qPrintable(warning)); // a sentence, not a code
    AddressList::parse(body); // without a warnings list too
}

void TestAddressList::displayString_data()
{
    QTest::addColumn<Mailbox>("mailbox");
    QTest::addColumn<QString>("shown");
    QTest::newRow("name and address")
        << mb(u"Alice Example"_s, u"alice@example.com"_s) << u"Alice Example <alice@example.com>"_s;
    QTest::newRow("address only") << mb({}, u"alice@example.com"_s) << u"alice@example.com"_s;
    QTest::newRow("comma quoted") << mb(u"Doe, John"_s, u"j@x.test"_s)
                                  << u"\"Doe, John\" <j@x.test>"_s;
    QTest::newRow("quotes escaped") << mb(u"Giant; \"Big\" Box"_s, u"s@example.net"_s)
                                    << u"\"Giant; \\\"Big\\\" Box\" <s@example.net>"_s;
    QTest::newRow("Unicode as is") << mb(u"J\u00F6rg"_s, u"j@m\u00FCnchen.example"_s)
                                   << u"J\u00F6rg <j@m\u00FCnchen.example>"_s;
    QTest::newRow("empty group") << mb(u"undisclosed-recipients"_s, {})
                                 << u"undisclosed-recipients:;"_s;
}

void TestAddressList::displayString()
{
    QFETCH(Mailbox, mailbox);
    QFETCH(QString, shown);
    QCOMPARE(mailbox.toDisplayString(), shown);
    // What is shown can be typed back and means the same mailbox.
    QCOMPARE(describe(AddressList::parse(shown.toUtf8())), describe({ mailbox }));
}

void TestAddressList::format_data()
{
    QTest::addColumn<Mailboxes>("mailboxes");
    QTest::addColumn<int>("used");
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("none") << Mailboxes {} << 4 << false << QByteArray();
    QTest::newRow("s3.4 addr-spec") << Mailboxes { mb({}, u"jdoe@example.org"_s) } << 4 << false
                                    << QByteArray("jdoe@example.org");
    QTest::newRow("s3.4 name-addr") << Mailboxes { mb(u"Mary Smith"_s, u"mary@x.test"_s) } << 4
                                    << false << QByteArray("Mary Smith <mary@x.test>");
    QTest::newRow("s3.4 list joined with comma space")
        << Mailboxes { mb(u"Mary Smith"_s, u"mary@x.test"_s), mb({}, u"jdoe@example.org"_s) } << 4
        << false << QByteArray("Mary Smith <mary@x.test>, jdoe@example.org");
    // s3.2.5 / A.1.2: names with specials go in a quoted-string, quotes as quoted-pairs.
    QTest::newRow("s3.2.4 quoted name")
        << Mailboxes { mb(u"Giant; \"Big\" Box"_s, u"sysservices@example.net"_s) } << 4 << false
        << QByteArray("\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>");
    QTest::newRow("s3.2.4 A.1.2 dotted name quoted")
        << Mailboxes { mb(u"Joe Q. Public"_s, u"john.q.public@example.com"_s) } << 6 << false
        << QByteArray("\"Joe Q. Public\" <john.q.public@example.com>");
    QTest::newRow("s3.4 empty group") << Mailboxes { mb(u"undisclosed-recipients"_s, {}) } << 4
                                      << false << QByteArray("undisclosed-recipients:;");
    QTest::newRow("IDN as A-label") << Mailboxes { mb({}, u"info@m\u00FCnchen.example"_s) } << 4
                                    << false << QByteArray("info@xn--mnchen-3ya.example");
    QTest::newRow("rfc6532 IDN as UTF-8") << Mailboxes { mb({}, u"info@m\u00FCnchen.example"_s) }
                                          << 4 << true << QByteArray("info@m\xc3\xbcnchen.example");
    QTest::newRow("rfc6532 UTF-8 local part") << Mailboxes { mb({}, u"j\u00F6rg@x.test"_s) } << 4
                                              << true << QByteArray("j\xc3\xb6rg@x.test");
    QTest::newRow("s3.4.1 quoted local part")
        << Mailboxes { mb({}, u"\"john doe\"@example.com"_s) } << 4 << false
        << QByteArray("\"john doe\"@example.com");
    QTest::newRow("s3.4.1 domain literal") << Mailboxes { mb({}, u"postmaster@[192.0.2.1]"_s) } << 4
                                           << false << QByteArray("postmaster@[192.0.2.1]");
    // s2.2.3: folded between addresses with CRLF SP. Each address is 22 characters, 23 with
    // its comma: "To: " + 3 of them is 4 + 23 + 24 + 24 = 75; a fourth would reach 99.
    const QString twentyTwo = u"abcdefghij@example.com"_s;
    const QByteArray x("abcdefghij@example.com");
    QTest::newRow("s2.2.3 folded between addresses")
        << Mailboxes(7, mb({}, twentyTwo)) << 4 << false
        << QByteArray(x + ", " + x + ", " + x + ",\r\n " + x + ", " + x + ", " + x + ",\r\n " + x);
    // 4 + "a@x.test," + " Bartholomew" + " Montgomery-Smithers" = 45; the 45-character
    // "<address>" would end at column 91, so it goes on the next line.
    QTest::newRow("s2.2.3 folded between name and address")
        << Mailboxes { mb({}, u"a@x.test"_s),
                       mb(u"Bartholomew Montgomery-Smithers"_s,
                          u"bartholomew.montgomery-smithers@example.com"_s) }
        << 4 << false
        << QByteArray("a@x.test, Bartholomew Montgomery-Smithers\r\n"
                      " <bartholomew.montgomery-smithers@example.com>");
}

void TestAddressList::format()
{
    QFETCH(Mailboxes, mailboxes);
    QFETCH(int, used);
    QFETCH(bool, utf8);
    QFETCH(QByteArray, expected);
    QString whyNot;
    QCOMPARE(AddressList::format(mailboxes, used, utf8, &whyNot), expected);
    QVERIFY2(whyNot.isEmpty(), qPrintable(whyNot));
}

void TestAddressList::formatRefuses_data()
{
    QTest::addColumn<Mailbox>("mailbox");
    QTest::addColumn<bool>("utf8");
    // A value must never end the header field (header injection, RFC 5322 s2.2).
    QTest::newRow("CRLF in address") << mb({}, u"a@x.test\r\nBcc: victim@example.com"_s) << false;
    QTest::newRow("LF in address") << mb({}, u"a\n@x.test"_s) << false;
    QTest::newRow("CR in address") << mb({}, u"a@x.test\r"_s) << false;
    QTest::newRow("NUL in address") << mb({}, u"a\u0000b@x.test"_s) << false;
    QTest::newRow("CRLF in name") << mb(u"Eve\r\nBcc: victim@example.com"_s, u"e@x.test"_s)
                                  << false;
    // s3.4.1: addr-spec = local-part "@" domain.
    QTest::newRow("no @") << mb(u"Alice"_s, u"alice"_s) << false;
    QTest::newRow("no local part") << mb({}, u"@x.test"_s) << false;
    QTest::newRow("no domain") << mb({}, u"a@"_s) << false;
    QTest::newRow("space in local part") << mb({}, u"a b@x.test"_s) << false;
    QTest::newRow("space in domain") << mb({}, u"a@x test"_s) << false;
    QTest::newRow("two dots") << mb({}, u"a..b@x.test"_s) << false;
    QTest::newRow("bracket in address") << mb({}, u"a>b@x.test"_s) << false;
    QTest::newRow("unescaped quote") << mb({}, u"\"a\"b\"@x.test"_s) << false;
    QTest::newRow("escaped closing quote") << mb({}, u"\"ab\\\"@x.test"_s) << false;
    QTest::newRow("empty mailbox") << mb({}, {}) << false;
    // RFC 6532 / RFC 6531: a UTF-8 local part needs SMTPUTF8.
    QTest::newRow("UTF-8 local part without SMTPUTF8") << mb({}, u"j\u00F6rg@x.test"_s) << false;
}

void TestAddressList::formatRefuses()
{
    QFETCH(Mailbox, mailbox);
    QFETCH(bool, utf8);
    QString whyNot;
    const Mailboxes list { mb({}, u"ok@example.com"_s), mailbox };
    QCOMPARE(AddressList::format(list, 4, utf8, &whyNot), QByteArray());
    QVERIFY2(whyNot.size() > 20, qPrintable(whyNot)); // a sentence for a person
    QVERIFY(!whyNot.contains(u'\r') && !whyNot.contains(u'\n'));
    AddressList::format(list, 4, utf8); // without whyNot too
}

void TestAddressList::roundTrip_data()
{
    QTest::addColumn<Mailboxes>("mailboxes");
    QTest::addColumn<bool>("utf8");
    QTest::newRow("plain") << Mailboxes { mb(u"Mary Smith"_s, u"mary@x.test"_s),
                                          mb({}, u"jdoe@example.org"_s) }
                           << false;
    QTest::newRow("specials") << Mailboxes { mb(u"Doe, John"_s, u"jdoe@example.com"_s),
                                             mb(u"Giant; \"Big\" Box"_s, u"s@example.net"_s),
                                             mb(u"a\\b (c) <d> @e: [f]"_s, u"x@y.test"_s) }
                              << false;
    QTest::newRow("non-ASCII names")
        << Mailboxes { mb(u"J\u00F6rg M\u00FCller"_s, u"j@x.test"_s),
                       mb(u"\u65E5\u672C\u8A9E\u306E\u540D\u524D"_s, u"n@x.test"_s),
                       mb(u"Zo\u00EB \"Z\" O'Brien, Jr."_s, u"z@x.test"_s) }
        << false;
    QTest::newRow("IDN") << Mailboxes { mb(u"Info"_s, u"info@m\u00FCnchen.example"_s) } << false;
    QTest::newRow("IDN, UTF-8 allowed")
        << Mailboxes { mb(u"Info"_s, u"\u0438\u043D\u0444\u043E@m\u00FCnchen.example"_s) } << true;
    QTest::newRow("non-ASCII empty group")
        << Mailboxes { mb(u"Empf\u00E4nger unbekannt"_s, {}), mb(u"Al"_s, u"al@x.test"_s) }
        << false;
    QTest::newRow("groups") << Mailboxes { mb(u"undisclosed-recipients"_s, {}),
                                           mb(u"Al"_s, u"al@x.test"_s) }
                            << false;
    QTest::newRow("quoted local part")
        << Mailboxes { mb({}, u"\"john doe\"@example.com"_s) } << false;
    Mailboxes many;
    for (int i = 0; i < 30; ++i) {
        many.append(mb(i % 3 == 0
                           ? u"Gr\u00FC\u00DFe Person %1 mit einem l\u00E4ngeren Namen"_s.arg(i)
                           : u"Person %1"_s.arg(i),
                       u"person.number.%1@mail.example.org"_s.arg(i)));
    }
    QTest::newRow("long list") << many << false;
}

void TestAddressList::roundTrip()
{
    QFETCH(Mailboxes, mailboxes);
    QFETCH(bool, utf8);
    const int used = int(qstrlen("To: "));
    QString whyNot;
    const QByteArray folded = AddressList::format(mailboxes, used, utf8, &whyNot);
    QVERIFY2(!folded.isEmpty(), qPrintable(whyNot));
    QByteArray offending;
    QVERIFY2(linesFit(folded, used, &offending), offending.constData());
    if (!utf8) {
        for (char c : folded)
            QVERIFY2(static_cast<unsigned char>(c) < 0x80, folded.constData());
    }
    // A reader unfolds first (s2.2.3): remove CRLF before WSP.
    QByteArray unfolded = folded;
    unfolded.replace("\r\n", "");
    QStringList warnings;
    QCOMPARE(describe(AddressList::parse(unfolded, &warnings)), describe(mailboxes));
    QVERIFY(warnings.isEmpty());
    QCOMPARE(AddressList::parse(unfolded), mailboxes);
    // RFC 2047 s5(3): an encoded word is separated from any special by white space.
    for (qsizetype at = unfolded.indexOf("?="); at >= 0; at = unfolded.indexOf("?=", at + 1)) {
        const char next = at + 2 < unfolded.size() ? unfolded[at + 2] : ' ';
        QVERIFY2(next == ' ', unfolded.constData());
    }
}

void TestAddressList::survivesNoise()
{
    // Never crash; whatever parses can be written (or is refused with a reason), and what is
    // written reads back as the same mailboxes.
    QRandomGenerator random(5322);
    static const char chars[] = "ab@@..<<>>::;;,,\"\"(())[]\\  \t\r\n\x00=?Q\xc3\xbcxn--";
    const QByteArrayView alphabet(chars, sizeof(chars) - 1);
    for (int i = 0; i < 20000; ++i) {
        const QByteArray body = noise(random, alphabet, 40);
        QStringList warnings;
        const Mailboxes parsed = AddressList::parse(body, &warnings);
        QString whyNot;
        const QByteArray written = AddressList::format(parsed, 4, true, &whyNot);
        if (written.isEmpty()) {
            QVERIFY2(parsed.isEmpty() || !whyNot.isEmpty(), body.toHex().constData());
            continue;
        }
        QByteArray unfolded = written;
        unfolded.replace("\r\n", "");
        QVERIFY2(describe(AddressList::parse(unfolded)) == describe(parsed),
                 QByteArray(body.toHex() + " -> " + written).constData());
    }
}

void TestAddressList::rawUnicodeDomainsAreShownAsIdnaMapsThem()
{
    // RFC 6532 raw UTF-8 domains, shown in the form IDNA (UTS #46) maps them to, which is the
    // domain DNS resolves and what format() writes back: parse(format(x)) == x. "¼" was a
    // fuzz_headerfields finding: it maps to "1⁄4" and changed on a round trip.
    const QList<QPair<QByteArray, QString>> cases = {
        { "a@B\xc3\x9c" "CHER.de", QString::fromUtf8("a@b\xc3\xbc" "cher.de") },
        { "a@\xc2\xbc", QString::fromUtf8("a@1\xe2\x81\x84" "4") },
    };
    for (const auto &[field, address] : cases) {
        const QList<Mailbox> parsed = AddressList::parse(field);
        QCOMPARE(parsed.size(), 1);
        QCOMPARE(parsed.first().address, address);
        QCOMPARE(AddressList::parse(AddressList::format(parsed)), parsed);
    }
}

QTEST_GUILESS_MAIN(TestAddressList)
#include "tst_addresslist.moc"
