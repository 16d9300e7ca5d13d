// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/FaultPlan.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(magpie::server::Protocol)
Q_DECLARE_METATYPE(magpie::server::FaultRule::Action)

class TestFaultPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void matchesCaseInsensitively();
    void ruleFiresOnce();
    void ruleFiresAsOftenAsAsked();
    void wildcardMatchesEveryCommand();
    void firstMatchingRuleWins();
    void pendingKinds();
};

void TestFaultPlan::parses_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<Protocol>("protocol");
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<FaultRule::Action>("action");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<qint64>("bytes");

    QTest::newRow("drop after bytes")
        << u"imap:FETCH:drop-after-bytes:2000"_s << Protocol::Imap << "FETCH"_ba
        << FaultRule::Action::DropAfterBytes << QByteArray() << qint64(2000);
    QTest::newRow("drop after received")
        << u"imap:APPEND:drop-after-received:100"_s << Protocol::Imap << "APPEND"_ba
        << FaultRule::Action::DropAfterReceived << QByteArray() << qint64(100);
    QTest::newRow("drop before reply")
        << u"smtp:DATA:drop-before-reply"_s << Protocol::Smtp << "DATA"_ba
        << FaultRule::Action::DropBeforeReply << QByteArray() << qint64(0);
    QTest::newRow("drop after reply")
        << u"imap:COPY:drop-after-reply"_s << Protocol::Imap << "COPY"_ba
        << FaultRule::Action::DropAfterReply << QByteArray() << qint64(0);
    QTest::newRow("reply") << u"smtp:MAIL:reply:451 4.3.0 Busy"_s << Protocol::Smtp << "MAIL"_ba
                           << FaultRule::Action::Reply << "451 4.3.0 Busy"_ba << qint64(0);
    QTest::newRow("reply with colons")
        << u"imap:SELECT:reply:NO [UNAVAILABLE] Try at 10:30"_s << Protocol::Imap << "SELECT"_ba
        << FaultRule::Action::Reply << "NO [UNAVAILABLE] Try at 10:30"_ba << qint64(0);
    QTest::newRow("pop3, lower case")
        << u"POP3:retr:drop-after-bytes:0"_s << Protocol::Pop3 << "RETR"_ba
        << FaultRule::Action::DropAfterBytes << QByteArray() << qint64(0);
    QTest::newRow("UID-FETCH") << u"imap:uid-fetch:drop-after-reply"_s << Protocol::Imap
                               << "UID FETCH"_ba << FaultRule::Action::DropAfterReply
                               << QByteArray() << qint64(0);
    QTest::newRow("any command") << u"imap:*:drop-after-reply"_s << Protocol::Imap << "*"_ba
                                 << FaultRule::Action::DropAfterReply << QByteArray() << qint64(0);
}

void TestFaultPlan::parses()
{
    QFETCH(QString, spec);
    QString why;
    const std::optional<FaultRule> rule = FaultRule::parse(spec, &why);
    QVERIFY2(rule, qPrintable(why));
    QTEST(rule->protocol, "protocol");
    QTEST(rule->command, "command");
    QTEST(rule->action, "action");
    QTEST(rule->reply, "reply");
    QTEST(rule->bytes, "bytes");
    QCOMPARE(rule->times, 1);
}

void TestFaultPlan::refuses_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << u""_s << u"PROTOCOL:COMMAND:ACTION"_s;
    QTest::newRow("two parts") << u"imap:FETCH"_s << u"PROTOCOL:COMMAND:ACTION"_s;
    QTest::newRow("unknown protocol") << u"nntp:GROUP:drop-after-reply"_s << u"nntp"_s;
    QTest::newRow("no command") << u"imap::drop-after-reply"_s << u"no command"_s;
    QTest::newRow("unknown action") << u"imap:FETCH:explode"_s << u"explode"_s;
    QTest::newRow("action is case-sensitive")
        << u"imap:FETCH:Drop-After-Reply"_s << u"Drop-After-Reply"_s;
    QTest::newRow("reply without text") << u"smtp:MAIL:reply"_s << u"needs an argument"_s;
    QTest::newRow("reply with empty text") << u"smtp:MAIL:reply:"_s << u"needs an argument"_s;
    QTest::newRow("byte count missing")
        << u"imap:FETCH:drop-after-bytes"_s << u"needs an argument"_s;
    QTest::newRow("byte count not a number") << u"imap:FETCH:drop-after-bytes:lots"_s << u"lots"_s;
    QTest::newRow("negative byte count") << u"imap:FETCH:drop-after-received:-5"_s << u"-5"_s;
    QTest::newRow("argument where none belongs")
        << u"imap:COPY:drop-after-reply:3"_s << u"takes no argument"_s;
    QTest::newRow("two-line reply") << u"smtp:MAIL:reply:451 a\r\n250 b"_s << u"one line"_s;
}

void TestFaultPlan::refuses()
{
    QFETCH(QString, spec);
    QFETCH(QString, mentions);
    QString why;
    QVERIFY(!FaultRule::parse(spec, &why));
    QVERIFY2(why.contains(mentions), qPrintable(why));
    QVERIFY(!FaultRule::parse(spec)); // no place for the reason is fine too
}

void TestFaultPlan::matchesCaseInsensitively()
{
    const FaultRule rule = *FaultRule::parse(u"imap:UID-FETCH:drop-after-reply"_s);
    QVERIFY(rule.matches(Protocol::Imap, "uid fetch"));
    QVERIFY(rule.matches(Protocol::Imap, "UID FETCH"));
    QVERIFY(!rule.matches(Protocol::Imap, "FETCH"));
    QVERIFY(!rule.matches(Protocol::Pop3, "UID FETCH"));
}

void TestFaultPlan::ruleFiresOnce()
{
    FaultPlan plan;
    QVERIFY(plan.isEmpty());
    plan.add(*FaultRule::parse(u"smtp:DATA:drop-before-reply"_s));
    QVERIFY(!plan.isEmpty());
    QVERIFY(!plan.take(Protocol::Smtp, "MAIL"));
    QVERIFY(!plan.take(Protocol::Imap, "DATA"));
    const std::optional<FaultRule> fired = plan.take(Protocol::Smtp, "data");
    QVERIFY(fired);
    QCOMPARE(fired->action, FaultRule::Action::DropBeforeReply);
    QVERIFY(!plan.take(Protocol::Smtp, "DATA"));
}

void TestFaultPlan::ruleFiresAsOftenAsAsked()
{
    FaultRule rule = *FaultRule::parse(u"pop3:RETR:reply:-ERR [SYS/TEMP] Later"_s);
    rule.times = 3;
    FaultPlan plan;
    plan.add(rule);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(plan.take(Protocol::Pop3, "RETR"), qPrintable(QString::number(i)));
    QVERIFY(!plan.take(Protocol::Pop3, "RETR"));

    rule.times = -1; // every time
    FaultPlan everyTime;
    everyTime.add(rule);
    for (int i = 0; i < 100; ++i)
        QVERIFY(everyTime.take(Protocol::Pop3, "RETR"));
}

void TestFaultPlan::wildcardMatchesEveryCommand()
{
    FaultPlan plan;
    FaultRule rule = *FaultRule::parse(u"imap:*:drop-after-reply"_s);
    rule.times = 2;
    plan.add(rule);
    QVERIFY(!plan.take(Protocol::Smtp, "EHLO"));
    QVERIFY(plan.take(Protocol::Imap, "LOGIN"));
    QVERIFY(plan.take(Protocol::Imap, "SELECT"));
    QVERIFY(!plan.take(Protocol::Imap, "FETCH"));
}

void TestFaultPlan::firstMatchingRuleWins()
{
    FaultPlan plan;
    plan.add(*FaultRule::parse(u"imap:FETCH:drop-after-bytes:10"_s));
    plan.add(*FaultRule::parse(u"imap:FETCH:drop-after-reply"_s));
    QCOMPARE(plan.take(Protocol::Imap, "FETCH")->action, FaultRule::Action::DropAfterBytes);
    // The first is used up; the second is next.
    QCOMPARE(plan.take(Protocol::Imap, "FETCH")->action, FaultRule::Action::DropAfterReply);
    QVERIFY(!plan.take(Protocol::Imap, "FETCH"));
}

void TestFaultPlan::pendingKinds()
{
    FaultPlan plan;
    plan.add(*FaultRule::parse(u"imap:APPEND:drop-after-received:100"_s));
    QVERIFY(plan.hasPending(Protocol::Imap, FaultRule::Action::DropAfterReceived));
    QVERIFY(!plan.hasPending(Protocol::Smtp, FaultRule::Action::DropAfterReceived));
    QVERIFY(!plan.hasPending(Protocol::Imap, FaultRule::Action::DropAfterReply));
    QVERIFY(plan.take(Protocol::Imap, "APPEND"));
    QVERIFY(!plan.hasPending(Protocol::Imap, FaultRule::Action::DropAfterReceived));
}

QTEST_GUILESS_MAIN(TestFaultPlan)
#include "tst_faultplan.moc"
