// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3Session against a real Dovecot (../shared/interop/dovecot.sh), with STLS on the plain
// port and implicit TLS: login, STAT, LIST, UIDL, TOP, RETR byte-exact against the Maildir
// file (dot-unstuffed: lines that start with "."), DELE then QUIT removes, RSET and a
// dropped connection keep (RFC 1939 s5, s6).
#include "DovecotServer.h"
#include "EngineTestSupport.h"
#include "net/pop3/Pop3DeleteJob.h"
#include "net/pop3/Pop3ListJob.h"
#include "net/pop3/Pop3LoginJob.h"
#include "net/pop3/Pop3ResetJob.h"
#include "net/pop3/Pop3RetrieveJob.h"
#include "net/pop3/Pop3Session.h"
#include "net/pop3/Pop3StatJob.h"
#include "net/pop3/Pop3TopJob.h"
#include "net/pop3/Pop3UidlJob.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSslCertificate>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::pop3::Pop3DeleteJob;
using magpie::pop3::Pop3ListJob;
using magpie::pop3::Pop3LoginJob;
using magpie::pop3::Pop3ResetJob;
using magpie::pop3::Pop3RetrieveJob;
using magpie::pop3::Pop3Session;
using magpie::pop3::Pop3StatJob;
using magpie::pop3::Pop3TopJob;
using magpie::pop3::Pop3UidlJob;
using magpie::testing::DovecotServer;
using magpie::testing::logText;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::testing::waitForClosed;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ServerEndpoint::Security)

namespace {
const QString kUser = u"bob@example.test"_s;
const QString kPassword = u"pop-secret"_s;

// The messages as Dovecot keeps them (CRLF line ends, so POP3 sends the file unchanged):
// a line with a leading dot (stuffed by the server, unstuffed by the client), a lone dot
// line, and a larger one that takes many reads.
QByteArrayList sampleMessages()
{
    QByteArray big = "From: Carol <carol@example.test>\r\nTo: bob@example.test\r\n"
                     "Subject: big\r\nMessage-ID: <big@example.test>\r\n\r\n";
    for (int i = 0; i < 4000; ++i)
        big += "." + QByteArray::number(i) + " line of a long message, starting with a dot\r\n";
    return {
        "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: first\r\n"
        "Message-ID: <first@example.test>\r\n\r\nHello Bob.\r\n.\r\n..two\r\nbye\r\n",
        "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: second\r\n"
        "Message-ID: <second@example.test>\r\n\r\nline 1\r\nline 2\r\nline 3\r\nline 4\r\n",
        big,
    };
}
} // namespace

class TestDovecotPop3 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void readsEverything_data();
    void readsEverything();
    void userPassLogin();
    void wrongPasswordIsAuthenticationFailed();
    void resetKeepsMessages();
    void droppedConnectionKeepsMessages();
    void deleteAndQuitRemoves();

private:
    // Opens a session and logs in; QVERIFY-fails the test otherwise.
    void openAndLogIn(Pop3Session &session, ServerEndpoint::Security security,
                      Pop3LoginJob::Method method = Pop3LoginJob::Method::Automatic);
    void writeMessages(const QByteArrayList &messages);
    ServerEndpoint endpoint(ServerEndpoint::Security security) const;

    DovecotServer m_dovecot;
    QByteArrayList m_messages;
};

void TestDovecotPop3::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDovecotPop3::init()
{
    // Every test starts with the same three messages.
    writeMessages(sampleMessages());
}

void TestDovecotPop3::writeMessages(const QByteArrayList &messages)
{
    QDir maildir(m_dovecot.mailDirectory(kUser));
    // Dovecot's own index would remember what an earlier test deleted: start afresh.
    maildir.removeRecursively();
    for (const char *sub : { "cur", "new", "tmp" })
        QVERIFY(maildir.mkpath(QString::fromLatin1(sub)));
    m_messages = messages;
    for (int i = 0; i < messages.size(); ++i) {
        // Maildir names sort by delivery time: the file order is the message order.
        QFile file(maildir.filePath(u"cur/%1.M%2P1.magpie-test:2,"_s.arg(1700000000 + i).arg(i)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(messages.at(i)), messages.at(i).size());
    }
    QProcess chown;
    chown.start(u"chown"_s, { u"-R"_s, u"dovecot:dovecot"_s, m_dovecot.directory() + u"/mail"_s });
    QVERIFY(chown.waitForFinished(10000));
    QCOMPARE(chown.exitCode(), 0);
}

ServerEndpoint TestDovecotPop3::endpoint(ServerEndpoint::Security security) const
{
    ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.security = security;
    endpoint.port = security == ServerEndpoint::Security::ImplicitTls ? m_dovecot.pop3sPort()
                                                                      : m_dovecot.pop3Port();
    endpoint.extraCaCertificates = QSslCertificate::fromPath(m_dovecot.certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 10000;
    return endpoint;
}

void TestDovecotPop3::openAndLogIn(Pop3Session &session, ServerEndpoint::Security security,
                                   Pop3LoginJob::Method method)
{
    NetError error;
    QVERIFY2(openSession(session, &error, endpoint(security)),
             qPrintable(error.message + u"\n"_s + logText(session)));
    auto *login = new Pop3LoginJob(&session, Credentials { kUser, kPassword, {}, {} });
    login->setMethod(method);
    QVERIFY(runJob(login));
    QVERIFY2(!login->failed(), qPrintable(login->errorString() + u"\n"_s + logText(session)));
    QCOMPARE(session.state(), Pop3Session::State::Transaction);
}

void TestDovecotPop3::readsEverything_data()
{
    QTest::addColumn<ServerEndpoint::Security>("security");
    QTest::newRow("STLS") << ServerEndpoint::Security::StartTls;
    QTest::newRow("implicit TLS") << ServerEndpoint::Security::ImplicitTls;
}

void TestDovecotPop3::readsEverything()
{
    QFETCH(ServerEndpoint::Security, security);
    Pop3Session session;
    openAndLogIn(session, security);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(session.tlsDetails().encrypted);
    QVERIFY(session.hasCapability("UIDL"));
    QVERIFY(session.hasCapability("TOP"));
    // After STLS the capabilities were asked again, over TLS: no STLS offered any more.
    QVERIFY2(!session.hasCapability("STLS"), session.capabilities().join(' ').constData());
    QVERIFY2(session.log()->toText().contains(u"<redacted>"_s), qPrintable(logText(session)));
    QVERIFY(!session.log()->toText().contains(kPassword));

    qint64 total = 0;
    for (const QByteArray &message : std::as_const(m_messages))
        total += message.size();
    auto *stat = new Pop3StatJob(&session);
    QVERIFY(runJob(stat));
    QVERIFY2(!stat->failed(), qPrintable(stat->errorString()));
    QCOMPARE(stat->messageCount(), quint32(m_messages.size()));
    QCOMPARE(stat->totalSize(), total);

    auto *list = new Pop3ListJob(&session);
    QVERIFY(runJob(list));
    QVERIFY2(!list->failed(), qPrintable(list->errorString()));
    QCOMPARE(list->entries().size(), m_messages.size());
    for (int i = 0; i < m_messages.size(); ++i) {
        QCOMPARE(list->entries().at(i).number, quint32(i + 1));
        QCOMPARE(list->entries().at(i).size, qint64(m_messages.at(i).size()));
    }
    auto *listOne = new Pop3ListJob(&session, 2);
    QVERIFY(runJob(listOne));
    QCOMPARE(listOne->entries(),
             (QList<Pop3ListJob::Entry> { { 2, qint64(m_messages.at(1).size()) } }));

    auto *uidl = new Pop3UidlJob(&session);
    QVERIFY(runJob(uidl));
    QVERIFY2(!uidl->failed(), qPrintable(uidl->errorString()));
    QCOMPARE(uidl->entries().size(), m_messages.size());
    QSet<QByteArray> uids;
    for (const auto &entry : uidl->entries())
        uids.insert(entry.uid);
    QCOMPARE(uids.size(), m_messages.size());
    auto *uidlOne = new Pop3UidlJob(&session, 3);
    QVERIFY(runJob(uidlOne));
    QCOMPARE(uidlOne->entries(), QList<Pop3UidlJob::Entry> { uidl->entries().at(2) });

    // TOP 2 2: the header, the blank line and two body lines.
    auto *top = new Pop3TopJob(&session, 2, 2);
    QByteArray topBytes;
    connect(top, &Pop3RetrieveJob::dataReceived, this,
            [&topBytes](const QByteArray &chunk) { topBytes += chunk; });
    QVERIFY(runJob(top));
    QVERIFY2(!top->failed(), qPrintable(top->errorString()));
    const QByteArray second = m_messages.at(1);
    QCOMPARE(topBytes, second.left(second.indexOf("\r\n\r\n") + 4) + "line 1\r\nline 2\r\n");

    // RETR: byte-exact, once through dataReceived() and once into a device.
    for (int i = 0; i < m_messages.size(); ++i) {
        auto *retrieve = new Pop3RetrieveJob(&session, quint32(i + 1));
        QByteArray received;
        connect(retrieve, &Pop3RetrieveJob::dataReceived, this,
                [&received](const QByteArray &chunk) { received += chunk; });
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        retrieve->setDevice(&device);
        QVERIFY(runJob(retrieve));
        QVERIFY2(!retrieve->failed(), qPrintable(retrieve->errorString()));
        QVERIFY(retrieve->isComplete());
        QCOMPARE(retrieve->size(), qint64(m_messages.at(i).size()));
        QCOMPARE(received, m_messages.at(i));
        QCOMPARE(device.data(), m_messages.at(i));
    }
    // The log holds no message contents.
    QVERIFY2(!logText(session).contains(u"Hello Bob"_s), qPrintable(logText(session)));

    QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
    QCOMPARE(session.state(), Pop3Session::State::LoggedOut);
}

void TestDovecotPop3::userPassLogin()
{
    Pop3Session session;
    openAndLogIn(session, ServerEndpoint::Security::StartTls, Pop3LoginJob::Method::UserPass);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(logText(session).contains(u"PASS <redacted>"_s), qPrintable(logText(session)));
    auto *stat = new Pop3StatJob(&session);
    QVERIFY(runJob(stat));
    QCOMPARE(stat->messageCount(), quint32(m_messages.size()));
    QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
}

void TestDovecotPop3::wrongPasswordIsAuthenticationFailed()
{
    Pop3Session session;
    NetError error;
    QVERIFY2(openSession(session, &error, endpoint(ServerEndpoint::Security::ImplicitTls)),
             qPrintable(error.message));
    auto *login = new Pop3LoginJob(&session, Credentials { kUser, u"not it"_s, {}, {} });
    QVERIFY(runJob(login, 30000)); // Dovecot waits a little before refusing
    QVERIFY(login->failed());
    QCOMPARE(login->error().code, NetError::Code::AuthenticationFailed);
    QVERIFY2(login->errorString().contains(kUser), qPrintable(login->errorString()));
    QVERIFY(!logText(session).contains(u"not it"_s));
}

void TestDovecotPop3::resetKeepsMessages()
{
    {
        Pop3Session session;
        openAndLogIn(session, ServerEndpoint::Security::ImplicitTls);
        if (QTest::currentTestFailed())
            return;
        auto *dele = new Pop3DeleteJob(&session, QList<quint32> { 1, 3 });
        QVERIFY(runJob(dele));
        QVERIFY2(!dele->failed(), qPrintable(dele->errorString()));
        QCOMPARE(dele->deletedNumbers(), (QList<quint32> { 1, 3 }));
        auto *stat = new Pop3StatJob(&session);
        QVERIFY(runJob(stat));
        QCOMPARE(stat->messageCount(), 1u); // marked ones no longer count (RFC 1939 s5)
        auto *reset = new Pop3ResetJob(&session);
        QVERIFY(runJob(reset));
        QVERIFY2(!reset->failed(), qPrintable(reset->errorString()));
        QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
    }
    Pop3Session again;
    openAndLogIn(again, ServerEndpoint::Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *stat = new Pop3StatJob(&again);
    QVERIFY(runJob(stat));
    QCOMPARE(stat->messageCount(), quint32(m_messages.size()));
}

void TestDovecotPop3::droppedConnectionKeepsMessages()
{
    {
        Pop3Session session;
        openAndLogIn(session, ServerEndpoint::Security::ImplicitTls);
        if (QTest::currentTestFailed())
            return;
        auto *dele = new Pop3DeleteJob(&session, 2);
        QVERIFY(runJob(dele));
        QVERIFY(!dele->failed());
        // No QUIT: the server never enters UPDATE, so nothing is removed (RFC 1939 s6).
        QCOMPARE(waitForClosed(session, [&session] { session.abort(); }).code,
                 NetError::Code::Aborted);
    }
    Pop3Session again;
    openAndLogIn(again, ServerEndpoint::Security::ImplicitTls);
    if (QTest::currentTestFailed())
        return;
    auto *stat = new Pop3StatJob(&again);
    QVERIFY(runJob(stat));
    QCOMPARE(stat->messageCount(), quint32(m_messages.size()));
}

void TestDovecotPop3::deleteAndQuitRemoves()
{
    QList<Pop3UidlJob::Entry> before;
    {
        Pop3Session session;
        openAndLogIn(session, ServerEndpoint::Security::StartTls);
        if (QTest::currentTestFailed())
            return;
        auto *uidl = new Pop3UidlJob(&session);
        QVERIFY(runJob(uidl));
        before = uidl->entries();
        auto *dele = new Pop3DeleteJob(&session, 1);
        QVERIFY(runJob(dele));
        QVERIFY2(!dele->failed(), qPrintable(dele->errorString()));
        QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
    }
    QCOMPARE(QDir(m_dovecot.mailDirectory(kUser) + u"/cur"_s).entryList(QDir::Files).size(),
             m_messages.size() - 1);

    Pop3Session again;
    openAndLogIn(again, ServerEndpoint::Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *uidl = new Pop3UidlJob(&again);
    QVERIFY(runJob(uidl));
    QCOMPARE(uidl->entries().size(), m_messages.size() - 1);
    // The others keep their unique-ids, renumbered from 1.
    for (int i = 0; i < uidl->entries().size(); ++i) {
        QCOMPARE(uidl->entries().at(i).number, quint32(i + 1));
        QCOMPARE(uidl->entries().at(i).uid, before.at(i + 1).uid);
    }
    auto *retrieve = new Pop3RetrieveJob(&again, 1);
    QByteArray received;
    connect(retrieve, &Pop3RetrieveJob::dataReceived, this,
            [&received](const QByteArray &chunk) { received += chunk; });
    QVERIFY(runJob(retrieve));
    QCOMPARE(received, m_messages.at(1));
    QCOMPARE(waitForClosed(again, [&again] { again.quit(); }).code, NetError::Code::None);
}

QTEST_GUILESS_MAIN(TestDovecotPop3)
#include "tst_dovecot_pop3.moc"
