// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/ServerConfig.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

class TestServerConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesUsers_data();
    void parsesUsers();
    void portsFollowTheBase();
    void refusesPortBaseOutOfRange_data();
    void refusesPortBaseOutOfRange();
    void configProblems();
};

void TestServerConfig::parsesUsers_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("password");
    QTest::newRow("ordinary") << u"alice@example.test:secret"_s << true << u"alice@example.test"_s << u"secret"_s;
    QTest::newRow("colon in password") << u"bob@example.test:a:b:c"_s << true << u"bob@example.test"_s << u"a:b:c"_s;
    QTest::newRow("address lower-cased") << u"Carol@Example.TEST:pw"_s << true << u"carol@example.test"_s << u"pw"_s;
    QTest::newRow("no password") << u"alice@example.test"_s << false << u""_s << u""_s;
    QTest::newRow("empty password") << u"alice@example.test:"_s << false << u""_s << u""_s;
    QTest::newRow("not an address") << u"alice:secret"_s << false << u""_s << u""_s;
    QTest::newRow("two @") << u"a@b@c:secret"_s << false << u""_s << u""_s;
    QTest::newRow("space in address") << u"al ice@example.test:pw"_s << false << u""_s << u""_s;
    QTest::newRow("nothing after @") << u"alice@:pw"_s << false << u""_s << u""_s;
}

void TestServerConfig::parsesUsers()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QString why;
    const auto user = LocalUser::parse(spec, &why);
    QCOMPARE(user.has_value(), valid);
    if (!valid) {
        QVERIFY(!why.isEmpty());
        QVERIFY2(!why.contains(QStringLiteral("secret")), "a refusal must not echo the password");
        return;
    }
    QTEST(user->address, "address");
    QTEST(user->password, "password");
}

void TestServerConfig::portsFollowTheBase()
{
    const auto defaults = ServerPorts::fromBase(ServerPorts::kDefaultBase);
    QVERIFY(defaults);
    QCOMPARE(defaults->smtp, 2525);
    QCOMPARE(defaults->submissions, 2465);
    QCOMPARE(defaults->pop3, 2110);
    QCOMPARE(defaults->pop3s, 2995);
    QCOMPARE(defaults->imap, 2143);
    QCOMPARE(defaults->imaps, 2993);
    const auto moved = ServerPorts::fromBase(30000);
    QVERIFY(moved);
    QCOMPARE(moved->smtp, 30525);
    QCOMPARE(moved->imaps, 30993);
    QVERIFY(ServerPorts::fromBase(64540));
}

void TestServerConfig::refusesPortBaseOutOfRange_data()
{
    QTest::addColumn<int>("base");
    QTest::newRow("negative") << -1;
    QTest::newRow("pushes POP3S past 65535") << 64541;
    QTest::newRow("far too big") << 100000;
}

void TestServerConfig::refusesPortBaseOutOfRange()
{
    QFETCH(int, base);
    QString why;
    QVERIFY(!ServerPorts::fromBase(base, &why));
    QVERIFY(!why.isEmpty());
}

void TestServerConfig::configProblems()
{
    ServerConfig config;
    QCOMPARE(config.problems().size(), 1); // no store chosen
    config.inMemory = true;
    QVERIFY(config.problems().isEmpty());
    config.users << LocalUser { QStringLiteral("a@x.test"), QStringLiteral("1") }
                 << LocalUser { QStringLiteral("a@x.test"), QStringLiteral("2") };
    config.catchAll = QStringLiteral("nobody@x.test");
    const QStringList problems = config.problems();
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("listed twice")));
    QVERIFY(problems.join(u'\n').contains(QStringLiteral("nobody@x.test")));
    config.dataDir = QStringLiteral("/tmp/mail");
    QVERIFY(config.problems().join(u'\n').contains(QStringLiteral("exclude")));
}

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
