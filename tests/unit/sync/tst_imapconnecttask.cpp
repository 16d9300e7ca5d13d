// SPDX-License-Identifier: GPL-3.0-or-later
// ImapConnectTask against scripted servers, byte-exact: login, ENABLE QRESYNC (which brings
// CONDSTORE, RFC 7162 s3.2.3) or CONDSTORE alone as offered and allowed, ID, and the
// failures a person has to act on.
#include "ScriptedServer.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "sync/ImapConnectTask.h"

#include <QSignalSpy>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::ServerEndpoint;
using magpie::sync::AccountConfig;
using magpie::sync::ImapConnectTask;
using magpie::sync::SyncProblem;
using magpie::test::ScriptedServer;

namespace {

AccountConfig accountFor(const ScriptedServer &server)
{
    AccountConfig account;
    account.id = QStringLiteral("acct");
    account.incomingServer = server.endpoint(ServerEndpoint::Security::Plaintext);
    account.incomingServer.extraCaCertificates.clear();
    account.incomingUser = QStringLiteral("alice");
    return account;
}

Credentials password()
{
    Credentials credentials;
    credentials.password = QStringLiteral("secret");
    return credentials;
}

bool run(ImapConnectTask &task)
{
    QSignalSpy finished(&task, &ImapConnectTask::finished);
    task.start();
    return !finished.isEmpty() || finished.wait(10000);
}

} // namespace

class TestImapConnectTask : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void enablesWhatIsOfferedAndAllowed_data();
    void enablesWhatIsOfferedAndAllowed();
    void refusedPasswordNeedsThePerson();
    void refusedEnableIsNotFatal();
    void unreachableServerIsRetried();
};

void TestImapConnectTask::enablesWhatIsOfferedAndAllowed_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::addColumn<bool>("condStore");
    QTest::addColumn<bool>("qresync");
    QTest::addColumn<QByteArrayList>("enable");
    QTest::addColumn<QByteArrayList>("enabled");
    const QByteArrayList qresync { "C: a2 ENABLE QRESYNC", "S: * ENABLED QRESYNC",
                                   "S: a2 OK Enabled" };
    const QByteArrayList condStore { "C: a2 ENABLE CONDSTORE", "S: * ENABLED CONDSTORE",
                                     "S: a2 OK Enabled" };
    QTest::newRow("QRESYNC") << QByteArray("ENABLE CONDSTORE QRESYNC ID") << true << true
                             << qresync << QByteArrayList { "QRESYNC" };
    QTest::newRow("QRESYNC not allowed")
        << QByteArray("ENABLE CONDSTORE QRESYNC ID") << true << false << condStore
        << QByteArrayList { "CONDSTORE" };
    QTest::newRow("CONDSTORE only offered")
        << QByteArray("ENABLE CONDSTORE ID") << true << true << condStore
        << QByteArrayList { "CONDSTORE" };
    QTest::newRow("neither allowed") << QByteArray("ENABLE CONDSTORE QRESYNC ID") << false
                                     << false << QByteArrayList {} << QByteArrayList {};
    QTest::newRow("no ENABLE") << QByteArray("CONDSTORE ID") << true << true
                               << QByteArrayList {} << QByteArrayList {};
}

void TestImapConnectTask::enablesWhatIsOfferedAndAllowed()
{
    QFETCH(QByteArray, capabilities);
    QFETCH(bool, condStore);
    QFETCH(bool, qresync);
    QFETCH(QByteArrayList, enable);
    QFETCH(QByteArrayList, enabled);
    const QByteArray idTag = enable.isEmpty() ? "a2" : "a3";
    ScriptedServer server(QByteArrayList { "S: * OK [CAPABILITY IMAP4rev1 " + capabilities
                                               + "] ready",
                                           "C: a1 LOGIN alice secret",
                                           "S: a1 OK [CAPABILITY IMAP4rev1 " + capabilities
                                               + "] Logged in" }
                          << enable
                          << "C: " + idTag + " ID (\"name\" \"Magpie\" \"version\" \"\")"
                          << "S: * ID (\"name\" \"Scripted\")"
                          << "S: " + idTag + " OK ID done");
    AccountConfig account = accountFor(server);
    account.useCondstore = condStore;
    account.useQresync = qresync;
    ImapConnectTask task(account, password());
    QVERIFY(run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(server);
    auto session = task.takeSession();
    QVERIFY(session);
    QVERIFY(session->isOpen());
    QCOMPARE(session->state(), magpie::imap::ImapSession::State::Authenticated);
    for (const QByteArray &extension : std::as_const(enabled))
        QVERIFY(session->isEnabled(extension));
    QVERIFY(!task.takeSession()); // handed over once
}

void TestImapConnectTask::refusedPasswordNeedsThePerson()
{
    ScriptedServer server({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN alice secret",
                            "S: a1 NO [AUTHENTICATIONFAILED] Invalid credentials" });
    ImapConnectTask task(accountFor(server), password());
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QVERIFY(task.failed());
    QCOMPARE(task.problem().kind, SyncProblem::Kind::Authentication);
    QVERIFY(!task.problem().willRetry);
    QCOMPARE(task.problem().accountId, QStringLiteral("acct"));
    QVERIFY(!task.takeSession());
}

void TestImapConnectTask::refusedEnableIsNotFatal()
{
    ScriptedServer server({ "S: * OK [CAPABILITY IMAP4rev1 ENABLE QRESYNC] ready",
                            "C: a1 LOGIN alice secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1 ENABLE QRESYNC] Logged in",
                            "C: a2 ENABLE QRESYNC", "S: a2 NO Not today" });
    ImapConnectTask task(accountFor(server), password());
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    auto session = task.takeSession();
    QVERIFY(session);
    QVERIFY(!session->isEnabled("QRESYNC"));
}

void TestImapConnectTask::unreachableServerIsRetried()
{
    AccountConfig account;
    account.id = QStringLiteral("acct");
    account.incomingServer.host = QStringLiteral("127.0.0.1");
    account.incomingServer.port = 1; // nothing listens there
    account.incomingServer.security = ServerEndpoint::Security::Plaintext;
    account.incomingUser = QStringLiteral("alice");
    ImapConnectTask task(account, password());
    QVERIFY(run(task));
    QVERIFY(task.failed());
    QCOMPARE(task.problem().kind, SyncProblem::Kind::Network);
    QVERIFY(task.problem().willRetry);
    QVERIFY(!task.problem().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestImapConnectTask)
#include "tst_imapconnecttask.moc"
