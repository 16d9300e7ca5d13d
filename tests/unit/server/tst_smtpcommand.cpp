// SPDX-License-Identifier: GPL-3.0-or-later
// SMTP command lines and paths (RFC 5321 s4.1.1, s4.1.2; RFC 1870, 6152, 6531, 4954).
#include "server/smtp/SmtpCommand.h"
#include "server/smtp/SmtpPath.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

using Verb = SmtpCommand::Verb;
using Problem = SmtpCommand::Problem;
Q_DECLARE_METATYPE(SmtpCommand::Verb)
Q_DECLARE_METATYPE(SmtpCommand::Problem)
Q_DECLARE_METATYPE(SmtpPath::Kind)

class TestSmtpCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesVerbs_data();
    void parsesVerbs();
    void mailParameters();
    void refusesParameters_data();
    void refusesParameters();
    void paths_data();
    void paths();
    void pathLengthLimits();
    void roundTrip_data();
    void roundTrip();
};

void TestSmtpCommand::parsesVerbs_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Verb>("verb");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<QByteArray>("argument");
    QTest::newRow("EHLO") << "EHLO client.example"_ba << Verb::Ehlo << Problem::None
                          << "client.example"_ba;
    QTest::newRow("ehlo lower case")
        << "ehlo [127.0.0.1]"_ba << Verb::Ehlo << Problem::None << "[127.0.0.1]"_ba;
    QTest::newRow("HELO") << "HELO x"_ba << Verb::Helo << Problem::None << "x"_ba;
    QTest::newRow("EHLO without name")
        << "EHLO"_ba << Verb::Ehlo << Problem::Syntax << QByteArray();
    QTest::newRow("EHLO with two words")
        << "EHLO a b"_ba << Verb::Ehlo << Problem::Syntax << QByteArray();
    QTest::newRow("EHLO control byte")
        << "EHLO a\x01"_ba << Verb::Ehlo << Problem::Syntax << QByteArray();
    QTest::newRow("DATA") << "DATA"_ba << Verb::Data << Problem::None << QByteArray();
    QTest::newRow("DATA trailing space")
        << "DATA "_ba << Verb::Data << Problem::None << QByteArray();
    QTest::newRow("DATA with argument")
        << "DATA x"_ba << Verb::Data << Problem::Syntax << QByteArray();
    QTest::newRow("RSET") << "rset"_ba << Verb::Rset << Problem::None << QByteArray();
    QTest::newRow("QUIT with argument")
        << "QUIT now"_ba << Verb::Quit << Problem::Syntax << QByteArray();
    QTest::newRow("STARTTLS") << "StartTLS"_ba << Verb::StartTls << Problem::None << QByteArray();
    QTest::newRow("NOOP") << "NOOP"_ba << Verb::Noop << Problem::None << QByteArray();
    QTest::newRow("NOOP with string")
        << "NOOP hello there"_ba << Verb::Noop << Problem::None << "hello there"_ba;
    QTest::newRow("VRFY") << "VRFY alice"_ba << Verb::Vrfy << Problem::None << "alice"_ba;
    QTest::newRow("VRFY without argument")
        << "VRFY"_ba << Verb::Vrfy << Problem::Syntax << QByteArray();
    QTest::newRow("EXPN") << "EXPN list"_ba << Verb::Expn << Problem::None << "list"_ba;
    QTest::newRow("HELP") << "HELP"_ba << Verb::Help << Problem::None << QByteArray();
    QTest::newRow("AUTH PLAIN") << "AUTH plain"_ba << Verb::Auth << Problem::None << "PLAIN"_ba;
    QTest::newRow("AUTH with initial")
        << "AUTH PLAIN AGEAYg=="_ba << Verb::Auth << Problem::None << "PLAIN"_ba;
    QTest::newRow("AUTH with =") << "AUTH PLAIN ="_ba << Verb::Auth << Problem::None << "PLAIN"_ba;
    QTest::newRow("AUTH without mechanism")
        << "AUTH"_ba << Verb::Auth << Problem::Syntax << QByteArray();
    QTest::newRow("AUTH three words")
        << "AUTH PLAIN a b"_ba << Verb::Auth << Problem::Syntax << QByteArray();
    QTest::newRow("AUTH bad initial")
        << "AUTH PLAIN a*b"_ba << Verb::Auth << Problem::Syntax << QByteArray();
    QTest::newRow("AUTH long mechanism")
        << "AUTH ABCDEFGHIJKLMNOPQRSTU"_ba << Verb::Auth << Problem::Syntax << QByteArray();
    QTest::newRow("unknown") << "BDAT 100 LAST"_ba << Verb::Unknown << Problem::None
                             << "100 LAST"_ba;
    QTest::newRow("empty") << QByteArray() << Verb::Unknown << Problem::None << QByteArray();
    QTest::newRow("verb glued to colon")
        << "MAIL:FROM:<>"_ba << Verb::Unknown << Problem::None << QByteArray();
}

void TestSmtpCommand::parsesVerbs()
{
    QFETCH(QByteArray, line);
    const SmtpCommand command = SmtpCommand::parse(line);
    QTEST(command.verb, "verb");
    QTEST(command.problem, "problem");
    if (command.isValid())
        QTEST(command.argument, "argument");
    else
        QVERIFY(!command.whyNot.isEmpty());
}

void TestSmtpCommand::mailParameters()
{
    SmtpCommand mail =
        SmtpCommand::parse("MAIL FROM:<alice@example.test> SIZE=1000 BODY=8BITMIME SMTPUTF8");
    QVERIFY(mail.isValid());
    QCOMPARE(mail.verb, Verb::Mail);
    QCOMPARE(mail.name, "MAIL"_ba);
    QCOMPARE(mail.path.mailbox(), "alice@example.test"_ba);
    QCOMPARE(mail.size, 1000);
    QCOMPARE(mail.body, SmtpCommand::Body::EightBitMime);
    QVERIFY(mail.smtpUtf8);

    mail = SmtpCommand::parse("mail from:<> body=7bit");
    QVERIFY(mail.isValid());
    QVERIFY(mail.path.isNull());
    QCOMPARE(mail.body, SmtpCommand::Body::SevenBit);
    QVERIFY(!mail.size);

    mail = SmtpCommand::parse("MAIL FROM: <bob@example.test>"); // space after the colon: taken
    QVERIFY(mail.isValid());
    QCOMPARE(mail.path.address(), u"bob@example.test"_s);

    mail = SmtpCommand::parse("MAIL FROM:<a@b.example>  SIZE=5   AUTH=<>");
    QVERIFY(mail.isValid());
    QCOMPARE(mail.size, 5);
    QCOMPARE(mail.mailAuth, "<>"_ba);

    mail = SmtpCommand::parse("MAIL FROM:<a@b.example> SIZE=99999999999999999999");
    QVERIFY(mail.isValid());
    QCOMPARE(mail.size, std::numeric_limits<qint64>::max());

    const SmtpCommand rcpt = SmtpCommand::parse("RCPT TO:<Postmaster>");
    QVERIFY(rcpt.isValid());
    QCOMPARE(rcpt.path.kind(), SmtpPath::Kind::Postmaster);
}

void TestSmtpCommand::refusesParameters_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Problem>("problem");
    QTest::newRow("no FROM:") << "MAIL <a@b.example>"_ba << Problem::Syntax;
    QTest::newRow("FROM without colon") << "MAIL FROM <a@b.example>"_ba << Problem::Syntax;
    QTest::newRow("MAIL alone") << "MAIL"_ba << Problem::Syntax;
    QTest::newRow("no brackets") << "MAIL FROM:a@b.example"_ba << Problem::BadPath;
    QTest::newRow("no TO:") << "RCPT <a@b.example>"_ba << Problem::Syntax;
    QTest::newRow("empty recipient") << "RCPT TO:<>"_ba << Problem::BadPath;
    QTest::newRow("postmaster as sender") << "MAIL FROM:<postmaster>"_ba << Problem::BadPath;
    QTest::newRow("parameter glued on") << "MAIL FROM:<a@b.example>SIZE=1"_ba << Problem::Syntax;
    QTest::newRow("SIZE not a number")
        << "MAIL FROM:<a@b.example> SIZE=big"_ba << Problem::BadParameter;
    QTest::newRow("SIZE twice") << "MAIL FROM:<a@b.example> SIZE=1 SIZE=2"_ba
                                << Problem::BadParameter;
    QTest::newRow("SIZE 21 digits")
        << "MAIL FROM:<a@b.example> SIZE=123456789012345678901"_ba << Problem::BadParameter;
    QTest::newRow("SIZE negative") << "MAIL FROM:<a@b.example> SIZE=-1"_ba << Problem::BadParameter;
    QTest::newRow("SIZE empty") << "MAIL FROM:<a@b.example> SIZE="_ba << Problem::Syntax;
    QTest::newRow("BODY=BINARYMIME")
        << "MAIL FROM:<a@b.example> BODY=BINARYMIME"_ba << Problem::BadParameter;
    QTest::newRow("SMTPUTF8 with value")
        << "MAIL FROM:<a@b.example> SMTPUTF8=yes"_ba << Problem::BadParameter;
    QTest::newRow("unknown MAIL parameter")
        << "MAIL FROM:<a@b.example> RET=FULL"_ba << Problem::UnknownParameter;
    QTest::newRow("RCPT parameter")
        << "RCPT TO:<a@b.example> NOTIFY=NEVER"_ba << Problem::UnknownParameter;
    QTest::newRow("bad keyword") << "MAIL FROM:<a@b.example> -X=1"_ba << Problem::Syntax;
    QTest::newRow("control in value") << "MAIL FROM:<a@b.example> X=a\x01"_ba << Problem::Syntax;
}

void TestSmtpCommand::refusesParameters()
{
    QFETCH(QByteArray, line);
    const SmtpCommand command = SmtpCommand::parse(line);
    QTEST(command.problem, "problem");
    QVERIFY(!command.whyNot.isEmpty());
}

void TestSmtpCommand::paths_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<SmtpPath::Kind>("kind");
    QTest::addColumn<QByteArray>("mailbox");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("ascii");
    using K = SmtpPath::Kind;
    QTest::newRow("null") << "<>"_ba << true << K::Null << QByteArray() << QString() << true;
    QTest::newRow("plain") << "<alice@example.test>"_ba << true << K::Mailbox
                           << "alice@example.test"_ba << u"alice@example.test"_s << true;
    QTest::newRow("atext") << "<a.b+c!#$%&'*/=?^_`{|}~-@x.example>"_ba << true << K::Mailbox
                           << "a.b+c!#$%&'*/=?^_`{|}~-@x.example"_ba
                           << u"a.b+c!#$%&'*/=?^_`{|}~-@x.example"_s << true;
    QTest::newRow("quoted") << "<\"al ice\"@example.test>"_ba << true << K::Mailbox
                            << "\"al ice\"@example.test"_ba << u"al ice@example.test"_s << true;
    QTest::newRow("quoted pair") << "<\"a\\\"b\"@example.test>"_ba << true << K::Mailbox
                                 << "\"a\\\"b\"@example.test"_ba << u"a\"b@example.test"_s << true;
    QTest::newRow("quoted plain") << "<\"alice\"@example.test>"_ba << true << K::Mailbox
                                  << "\"alice\"@example.test"_ba << u"alice@example.test"_s << true;
    QTest::newRow("source route") << "<@a.example,@b.example:bob@c.example>"_ba << true
                                  << K::Mailbox << "bob@c.example"_ba << u"bob@c.example"_s << true;
    QTest::newRow("IPv4 literal") << "<bob@[127.0.0.1]>"_ba << true << K::Mailbox
                                  << "bob@[127.0.0.1]"_ba << u"bob@[127.0.0.1]"_s << true;
    QTest::newRow("IPv6 literal") << "<bob@[IPv6:::1]>"_ba << true << K::Mailbox
                                  << "bob@[IPv6:::1]"_ba << u"bob@[IPv6:::1]"_s << true;
    QTest::newRow("general literal") << "<bob@[x-tag:stuff]>"_ba << true << K::Mailbox
                                     << "bob@[x-tag:stuff]"_ba << u"bob@[x-tag:stuff]"_s << true;
    QTest::newRow("postmaster") << "<POSTMASTER>"_ba << true << K::Postmaster << "POSTMASTER"_ba
                                << u"POSTMASTER"_s << true;
    QTest::newRow("UTF-8 local part")
        << "<j\xc3\xb6rg@example.test>"_ba << true << K::Mailbox << "j\xc3\xb6rg@example.test"_ba
        << u"jörg@example.test"_s << false;
    QTest::newRow("UTF-8 domain") << "<a@b\xc3\xbc.example>"_ba << true << K::Mailbox
                                  << "a@b\xc3\xbc.example"_ba << u"a@bü.example"_s << false;
    const QString none;
    const QByteArray nothing;
    QTest::newRow("no brackets") << "alice@example.test"_ba << false << K::Null << nothing << none
                                 << true;
    QTest::newRow("no closing bracket")
        << "<alice@example.test"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("no domain") << "<alice>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("empty domain") << "<alice@>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("empty local") << "<@example.test>"_ba << false << K::Null << nothing << none
                                 << true;
    QTest::newRow("two @") << "<a@b@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("double dot local")
        << "<a..b@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("leading dot") << "<.a@c.example>"_ba << false << K::Null << nothing << none
                                 << true;
    QTest::newRow("domain double dot")
        << "<a@c..example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("domain hyphen end")
        << "<a@c-.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("domain hyphen start")
        << "<a@-c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("domain underscore")
        << "<a@c_d.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("space in local")
        << "<a b@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("unterminated quote")
        << "<\"ab@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("control in quote")
        << "<\"a\x01\"@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("bad IPv4") << "<a@[256.0.0.1]>"_ba << false << K::Null << nothing << none
                              << true;
    QTest::newRow("short IPv4") << "<a@[1.2.3]>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("bad IPv6") << "<a@[IPv6:zz::1]>"_ba << false << K::Null << nothing << none
                              << true;
    QTest::newRow("bare literal") << "<a@[hello]>"_ba << false << K::Null << nothing << none
                                  << true;
    QTest::newRow("route without colon")
        << "<@a.example bob@c.example>"_ba << false << K::Null << nothing << none << true;
    QTest::newRow("bad UTF-8") << "<a\xff@c.example>"_ba << false << K::Null << nothing << none
                               << true;
    QTest::newRow("quoted postmaster")
        << "<\"postmaster\">"_ba << false << K::Null << nothing << none << true;
}

void TestSmtpCommand::paths()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    qsizetype consumed = -1;
    QString why;
    const auto path = SmtpPath::parse(QByteArray(text + " SIZE=1"), &consumed, &why);
    QCOMPARE(path.has_value(), valid);
    if (!valid) {
        QVERIFY(!why.isEmpty());
        return;
    }
    QCOMPARE(consumed, text.size());
    QTEST(path->kind(), "kind");
    QTEST(path->mailbox(), "mailbox");
    QTEST(path->address(), "address");
    QTEST(path->isAscii(), "ascii");
}

void TestSmtpCommand::pathLengthLimits()
{
    // RFC 5321 s4.5.3.1.1: 64 octets of local part; s4.5.3.1.3: 256 octets of path.
    qsizetype consumed = 0;
    const QByteArray local64(64, 'a');
    QVERIFY(SmtpPath::parse(QByteArray('<' + local64 + "@x.example>"), &consumed));
    QVERIFY(!SmtpPath::parse(QByteArray('<' + local64 + "a@x.example>"), &consumed));
    QByteArray domain;
    while (domain.size() < 240)
        domain += "abcdefghi.";
    domain += "example"; // 247 octets
    QVERIFY(SmtpPath::parse(QByteArray("<a@" + domain + '>'), &consumed));
    QVERIFY(!SmtpPath::parse(QByteArray("<abcdefghij@" + domain + '>'),
                             &consumed)); // 260 octets of path
}

void TestSmtpCommand::roundTrip_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("mail")
        << "mail from:  <\"x y\"@[1.2.3.4]>   smtputf8 size=0012 body=7BIT auth=<>"_ba;
    QTest::newRow("rcpt") << "RCPT TO:<@r.example:a@b.example>"_ba;
    QTest::newRow("auth") << "auth login dXNlcg=="_ba;
    QTest::newRow("unknown") << "XYZZY  magic  words"_ba;
    QTest::newRow("noop") << "NOOP  spaced"_ba;
    QTest::newRow("ehlo") << "EHLO client"_ba;
    // found by fuzz_server_smtpcommand: a long verb once was cut to 32 bytes, which could
    // end in a tab or leave a verb we know
    QTest::newRow("long verb") << QByteArray(QByteArray(31, 'x') + "\tyyy\t"_ba);
    QTest::newRow("MAIL and tabs")
        << QByteArray("MAIL" + QByteArray(30, '\t') + " FROM:<a@b.example>");
}

void TestSmtpCommand::roundTrip()
{
    QFETCH(QByteArray, line);
    const SmtpCommand command = SmtpCommand::parse(line);
    QVERIFY(command.isValid());
    const SmtpCommand again = SmtpCommand::parse(command.toLine());
    QVERIFY2(again == command, command.toLine().constData());
    QCOMPARE(again.toLine(), command.toLine());
}

QTEST_GUILESS_MAIN(TestSmtpCommand)
#include "tst_smtpcommand.moc"
