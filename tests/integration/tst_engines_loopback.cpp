// SPDX-License-Identifier: GPL-3.0-or-later
// The three client engines (src/net) in this process against a real magpie-server process
// (docs/server.md), each protocol in plaintext, STARTTLS and implicit TLS: mail sent with
// SmtpSession arrives in bob's INBOX as IMAP and POP3 see it, byte for byte; IMAP STORE,
// SEARCH, COPY, MOVE, APPEND with APPENDUID and UID EXPUNGE; IDLE hears a delivery; wrong
// passwords; and the server's fault hooks (--fault) make the engines fail cleanly.
#include "EngineTestSupport.h"
#include "MagpieServerProcess.h"
#include "net/imap/AppendJob.h"
#include "net/imap/CopyJob.h"
#include "net/imap/ExpungeJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/IdleJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/MoveJob.h"
#include "net/imap/SearchJob.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StatusJob.h"
#include "net/imap/StoreJob.h"
#include "net/pop3/Pop3DeleteJob.h"
#include "net/pop3/Pop3ListJob.h"
#include "net/pop3/Pop3LoginJob.h"
#include "net/pop3/Pop3RetrieveJob.h"
#include "net/pop3/Pop3Session.h"
#include "net/pop3/Pop3StatJob.h"
#include "net/pop3/Pop3UidlJob.h"
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"

#include <QTest>

using namespace magpie::imap;
using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::pop3::Pop3DeleteJob;
using magpie::pop3::Pop3ListJob;
using magpie::pop3::Pop3LoginJob;
using magpie::pop3::Pop3RetrieveJob;
using magpie::pop3::Pop3Session;
using magpie::pop3::Pop3StatJob;
using magpie::pop3::Pop3UidlJob;
using magpie::smtp::SmtpEnvelope;
using magpie::smtp::SmtpLoginJob;
using magpie::smtp::SmtpSendJob;
using magpie::smtp::SmtpSession;
using magpie::testing::logText;
using magpie::testing::MagpieServerProcess;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::testing::waitForClosed;
using namespace Qt::StringLiterals;
using Service = MagpieServerProcess::Service;
using Security = ServerEndpoint::Security;

Q_DECLARE_METATYPE(ServerEndpoint::Security)
Q_DECLARE_METATYPE(NetError::Code)

#define RUN_OK(job, session)                                                                       \
    do {                                                                                           \
        QVERIFY2(runJob(job), "the job did not finish in time");                                   \
        QVERIFY2(!(job)->failed(), qPrintable((job)->errorString() + u"\n"_s + logText(session))); \
    } while (false)

namespace {
const QString kAlice = u"alice@example.test"_s;
const QString kBob = u"bob@example.test"_s;
const QString kCarol = u"carol@example.test"_s;
const QMap<QString, QString> kUsers { { kAlice, u"secret"_s },
                                      { kBob, u"hunter2:with:colons"_s },
                                      { kCarol, u"pop pop"_s } };

Credentials credentials(const QString &user)
{
    return Credentials { user, kUsers.value(user), {}, {} };
}

// A message with an attachment and a line starting with a dot; `tag` makes it unique.
QByteArray messageWithAttachment(const QByteArray &tag)
{
    return "From: Alice <alice@example.test>\r\n"
           "To: Bob <bob@example.test>\r\n"
           "Subject: Report "
        + tag
        + "\r\n"
          "Date: Sun, 01 Mar 2026 13:05:09 +0000\r\n"
          "Message-ID: <report."
        + tag
        + "@example.test>\r\n"
          "MIME-Version: 1.0\r\n"
          "Content-Type: multipart/mixed; boundary=\"=-b\"\r\n"
          "\r\n"
          "--=-b\r\n"
          "Content-Type: text/plain; charset=utf-8\r\n"
          "Content-Transfer-Encoding: 8bit\r\n"
          "\r\n"
          "Here it is, Gr\xc3\xbc\xc3\x9f"
          "e.\r\n"
          ".a line with a dot in front\r\n"
          "--=-b\r\n"
          "Content-Type: application/octet-stream; name=\"numbers.bin\"\r\n"
          "Content-Disposition: attachment; filename=\"numbers.bin\"\r\n"
          "Content-Transfer-Encoding: base64\r\n"
          "\r\n"
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\r\n"
          "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f\r\n"
          "--=-b--\r\n";
}

QByteArray simpleMessage(const QByteArray &subject)
{
    return "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\n"
           "Subject: "
        + subject + "\r\nMessage-ID: <" + subject.toLower().replace(' ', '.')
        + "@example.test>\r\n\r\nText of " + subject + ".\r\n";
}

// The server puts its Received: field in front of what was submitted (RFC 5321 s4.4):
// "stored" must be exactly that field followed by `sent`.
bool isDeliveredCopy(const QByteArray &stored, const QByteArray &sent)
{
    if (!stored.endsWith(sent))
        return false;
    const QByteArray trace = stored.left(stored.size() - sent.size());
    return trace.startsWith("Received: ") && trace.endsWith("\r\n") && !trace.contains("\r\n\r\n");
}
} // namespace

class TestEnginesLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void smtpToImap_data();
    void smtpToImap();
    void imapMessageOperations();
    void idleHearsDelivery();
    void pop3Reads_data();
    void pop3Reads();
    void pop3DeleteAndQuit();
    void wrongPasswordIsAuthenticationFailed_data();
    void wrongPasswordIsAuthenticationFailed();
    void noPasswordInTheClear_data();
    void noPasswordInTheClear();
    void faultsEndCleanly_data();
    void faultsEndCleanly();
    void serverStopsCleanly();

private:
    // Sends `message` from alice; QVERIFY-fails the test otherwise.
    void send(MagpieServerProcess &server, Security security, const QStringList &to,
              const QByteArray &message, NetError *error = nullptr);
    void imapLogIn(MagpieServerProcess &server, ImapSession &session, const QString &user,
                   Security security = Security::ImplicitTls);
    void pop3LogIn(Pop3Session &session, const QString &user, Security security);
    // Two messages for carol, sent once (POP3 reads them; the last POP3 test deletes one).
    void giveCarolMail();
    ServerEndpoint endpoint(MagpieServerProcess &server, Service plain, Service implicit,
                            Security security) const;

    MagpieServerProcess m_server;
    QByteArrayList m_sentToCarol;
};

void TestEnginesLoopback::initTestCase()
{
    const QString problem = m_server.start(kUsers, { u"--allow-plaintext-auth"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

ServerEndpoint TestEnginesLoopback::endpoint(MagpieServerProcess &server, Service plain,
                                             Service implicit, Security security) const
{
    return security == Security::ImplicitTls ? server.endpoint(implicit)
                                             : server.endpoint(plain, security);
}

void TestEnginesLoopback::send(MagpieServerProcess &server, Security security,
                               const QStringList &to, const QByteArray &message, NetError *error)
{
    SmtpSession session;
    NetError closed;
    QVERIFY2(openSession(session, &closed,
                         endpoint(server, Service::Smtp, Service::Submissions, security)),
             qPrintable(closed.message + u"\n"_s + logText(session)));
    QCOMPARE(session.isEncrypted(), security != Security::Plaintext);
    auto *login = new SmtpLoginJob(&session, credentials(kAlice));
    RUN_OK(login, session);
    auto *sendJob = new SmtpSendJob(&session, SmtpEnvelope(kAlice, to), message);
    if (error) { // the caller expects it to fail
        QVERIFY(runJob(sendJob));
        QVERIFY(sendJob->failed());
        *error = sendJob->error();
        return;
    }
    RUN_OK(sendJob, session);
    QCOMPARE(sendJob->acceptedRecipients(), to);
    QVERIFY2(sendJob->finalReply().code() == 250, sendJob->finalReply().summary().constData());
    QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
}

void TestEnginesLoopback::imapLogIn(MagpieServerProcess &server, ImapSession &session,
                                    const QString &user, Security security)
{
    NetError closed;
    QVERIFY2(
        openSession(session, &closed, endpoint(server, Service::Imap, Service::Imaps, security)),
        qPrintable(closed.message + u"\n"_s + logText(session)));
    QCOMPARE(session.tlsDetails().encrypted, security != Security::Plaintext);
    auto *login = new LoginJob(&session, credentials(user));
    RUN_OK(login, session);
    QCOMPARE(session.state(), ImapSession::State::Authenticated);
}

void TestEnginesLoopback::pop3LogIn(Pop3Session &session, const QString &user, Security security)
{
    NetError closed;
    QVERIFY2(
        openSession(session, &closed, endpoint(m_server, Service::Pop3, Service::Pop3s, security)),
        qPrintable(closed.message + u"\n"_s + logText(session)));
    QCOMPARE(session.tlsDetails().encrypted, security != Security::Plaintext);
    auto *login = new Pop3LoginJob(&session, credentials(user));
    RUN_OK(login, session);
    QCOMPARE(session.state(), Pop3Session::State::Transaction);
}

void TestEnginesLoopback::smtpToImap_data()
{
    QTest::addColumn<Security>("security");
    QTest::newRow("plaintext") << Security::Plaintext;
    QTest::newRow("STARTTLS") << Security::StartTls;
    QTest::newRow("implicit TLS") << Security::ImplicitTls;
}

void TestEnginesLoopback::smtpToImap()
{
    QFETCH(Security, security);
    const QByteArray tag = QByteArray(QTest::currentDataTag()).replace(' ', '-');
    const QByteArray message = messageWithAttachment(tag);
    send(m_server, security, { kBob }, message);
    if (QTest::currentTestFailed())
        return;

    ImapSession session;
    imapLogIn(m_server, session, kBob, security);
    if (QTest::currentTestFailed())
        return;
    auto *select = new SelectJob(&session, u"INBOX"_s);
    RUN_OK(select, session);
    QVERIFY(select->mailbox().exists >= 1);
    QVERIFY(select->mailbox().uidValidity.has_value());

    auto *search = new SearchJob(&session);
    search->setCriteria(SearchCriteria::subject(u"Report "_s + QString::fromLatin1(tag)));
    RUN_OK(search, session);
    QCOMPARE(search->count(), quint64(1));
    const quint32 uid = search->uids().toList().value(0);

    auto *fetch = new FetchJob(&session);
    fetch->setUids(UidSet::fromUids({ uid }));
    fetch->setItems(FetchJob::Item::Envelope | FetchJob::Item::BodyStructure | FetchJob::Item::Flags
                    | FetchJob::Item::Size);
    fetch->addBodySection("");
    fetch->setCollectMessages(true);
    RUN_OK(fetch, session);
    QCOMPARE(fetch->messages().size(), 1);
    const FetchedMessage &fetched = fetch->messages().first();
    QCOMPARE(fetched.uid, uid);
    const QByteArray body = fetched.sections.value("");
    QVERIFY2(isDeliveredCopy(body, message), body.constData());
    QCOMPARE(fetched.size, std::optional<quint64>(quint64(body.size())));
    QVERIFY(!fetched.flags->contains("\\Seen"));

    QVERIFY(fetched.envelope.has_value());
    QCOMPARE(fetched.envelope->subject, u"Report "_s + QString::fromLatin1(tag));
    QCOMPARE(fetched.envelope->messageId, "<report." + tag + "@example.test>");
    QCOMPARE(fetched.envelope->from.size(), 1);
    QCOMPARE(fetched.envelope->to.size(), 1);

    QVERIFY(fetched.bodyStructure.has_value());
    const BodyStructure &structure = *fetched.bodyStructure;
    QCOMPARE(structure.type, QByteArray("multipart"));
    QCOMPARE(structure.subtype, QByteArray("mixed"));
    QCOMPARE(structure.children.size(), 2);
    QCOMPARE(structure.children.at(0).type, QByteArray("text"));
    QCOMPARE(structure.children.at(0).parameters.value("charset"), u"utf-8"_s);
    const BodyStructure &attachment = structure.children.at(1);
    QVERIFY(attachment.isAttachment());
    QCOMPARE(attachment.partNumber, QByteArray("2"));
    QCOMPARE(attachment.dispositionParameters.value("filename"), u"numbers.bin"_s);
    QCOMPARE(attachment.encoding, QByteArray("base64"));

    QCOMPARE(waitForClosed(session, [&session] { session.logout(); }).code, NetError::Code::None);
}

void TestEnginesLoopback::imapMessageOperations()
{
    ImapSession session;
    imapLogIn(m_server, session, kAlice, Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *status = new StatusJob(&session, u"INBOX"_s);
    RUN_OK(status, session);
    QCOMPARE(status->status().messages, std::optional<quint32>(0));

    // APPEND with APPENDUID (RFC 4315 s3).
    const QByteArrayList messages { simpleMessage("First one"), simpleMessage("Second one"),
                                    simpleMessage("Third one") };
    QList<quint32> uids;
    for (const QByteArray &message : messages) {
        auto *append = new AppendJob(&session);
        append->setMailbox(u"INBOX"_s);
        append->setMessage(message);
        RUN_OK(append, session);
        QCOMPARE(append->uidValidity(), *status->status().uidValidity);
        QVERIFY(append->uid() > 0);
        uids << append->uid();
    }
    QCOMPARE(uids.first(), *status->status().uidNext);

    auto *select = new SelectJob(&session, u"INBOX"_s);
    RUN_OK(select, session);
    QCOMPARE(select->mailbox().exists, 3u);

    // STORE.
    auto *store = new StoreJob(&session);
    store->setUids(UidSet::fromUids({ uids.at(1) }));
    store->setFlags(StoreJob::Mode::Add, { "\\Flagged", "$Work" });
    QList<FetchedMessage> updated;
    connect(store, &StoreJob::messageUpdated, this,
            [&updated](const FetchedMessage &message) { updated << message; });
    RUN_OK(store, session);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.first().uid, uids.at(1));
    QVERIFY(updated.first().flags->contains("\\Flagged"));
    QVERIFY(updated.first().flags->contains("$Work"));

    // SEARCH.
    auto *flagged = new SearchJob(&session);
    flagged->setCriteria(SearchCriteria::flagged());
    RUN_OK(flagged, session);
    QCOMPARE(flagged->uids(), UidSet::fromUids({ uids.at(1) }));
    auto *either = new SearchJob(&session);
    either->setCriteria(SearchCriteria::subject(u"third"_s)
                        || SearchCriteria::body(u"Text of First"_s));
    RUN_OK(either, session);
    QCOMPARE(either->uids(), UidSet::fromUids({ uids.at(0), uids.at(2) }));

    // COPY to Archive with COPYUID.
    auto *copy = new CopyJob(&session);
    copy->setUids(UidSet::fromUids({ uids.at(0) }));
    copy->setDestination(u"Archive"_s);
    RUN_OK(copy, session);
    QVERIFY(copy->copyUid().has_value());
    QCOMPARE(copy->copyUid()->sourceUids(), UidSet::fromUids({ uids.at(0) }));

    // MOVE to Trash: the source message goes away (EXPUNGE, RFC 6851 s3.3).
    QSignalSpy expunged(&session, &ImapSession::expunged);
    auto *move = new MoveJob(&session);
    move->setUids(UidSet::fromUids({ uids.at(2) }));
    move->setDestination(u"Trash"_s);
    RUN_OK(move, session);
    QVERIFY(move->copied());
    QVERIFY(move->copyUid().has_value());
    QCOMPARE(expunged.size(), 1);
    QCOMPARE(expunged.first().first().toUInt(), 3u);

    // UID EXPUNGE of exactly one \Deleted message.
    auto *mark = new StoreJob(&session);
    mark->setUids(UidSet::fromUids({ uids.at(0), uids.at(1) }));
    mark->setFlags(StoreJob::Mode::Add, { "\\Deleted" });
    mark->setSilent(true);
    RUN_OK(mark, session);
    auto *expunge = new ExpungeJob(&session);
    expunge->setUids(UidSet::fromUids({ uids.at(0) }));
    RUN_OK(expunge, session);
    QCOMPARE(expunge->expungedSequenceNumbers(), QList<quint32> { 1 });
    auto *left = new SearchJob(&session);
    left->setCriteria(SearchCriteria::all());
    RUN_OK(left, session);
    QCOMPARE(left->uids(), UidSet::fromUids({ uids.at(1) })); // marked, but not expunged

    for (const auto &[mailbox, count] :
         { std::pair { u"Archive"_s, 1u }, std::pair { u"Trash"_s, 1u } }) {
        auto *folder = new StatusJob(&session, mailbox);
        RUN_OK(folder, session);
        QCOMPARE(folder->status().messages, std::optional<quint32>(count));
    }

    // The copies are whole.
    auto *archive = new SelectJob(&session, u"Archive"_s);
    RUN_OK(archive, session);
    auto *fetch = new FetchJob(&session);
    fetch->setUids(copy->copyUid()->destinationUids());
    fetch->addBodySection("");
    fetch->setCollectMessages(true);
    RUN_OK(fetch, session);
    QCOMPARE(fetch->messages().value(0).sections.value(""), messages.at(0));
    QCOMPARE(waitForClosed(session, [&session] { session.logout(); }).code, NetError::Code::None);
}

void TestEnginesLoopback::idleHearsDelivery()
{
    ImapSession session;
    imapLogIn(m_server, session, kBob);
    if (QTest::currentTestFailed())
        return;
    auto *select = new SelectJob(&session, u"INBOX"_s);
    RUN_OK(select, session);
    const quint32 before = select->mailbox().exists;

    QSignalSpy exists(&session, &ImapSession::existsChanged);
    auto *idle = new IdleJob(&session);
    QSignalSpy idling(idle, &IdleJob::idling);
    idle->setAutoDelete(false);
    idle->start();
    QVERIFY2(idling.wait(10000), qPrintable(logText(session)));

    send(m_server, Security::ImplicitTls, { kBob }, simpleMessage("While idling"));
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY2_WITH_TIMEOUT(!exists.isEmpty(), qPrintable(logText(session)), 10000);
    QCOMPARE(exists.last().first().toUInt(), before + 1);
    QVERIFY(idle->isIdling());

    QSignalSpy finished(idle, &magpie::net::Job::finished);
    idle->stop();
    QVERIFY(finished.wait(10000));
    QVERIFY2(!idle->failed(), qPrintable(idle->errorString()));
    QCOMPARE(waitForClosed(session, [&session] { session.logout(); }).code, NetError::Code::None);
}

void TestEnginesLoopback::giveCarolMail()
{
    if (!m_sentToCarol.isEmpty())
        return;
    m_sentToCarol = { messageWithAttachment("pop-1"), simpleMessage("Pop two") };
    for (const QByteArray &message : std::as_const(m_sentToCarol)) {
        send(m_server, Security::ImplicitTls, { kCarol }, message);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestEnginesLoopback::pop3Reads_data()
{
    QTest::addColumn<Security>("security");
    QTest::newRow("plaintext") << Security::Plaintext;
    QTest::newRow("STLS") << Security::StartTls;
    QTest::newRow("implicit TLS") << Security::ImplicitTls;
}

void TestEnginesLoopback::pop3Reads()
{
    QFETCH(Security, security);
    giveCarolMail();
    if (QTest::currentTestFailed())
        return;
    Pop3Session session;
    pop3LogIn(session, kCarol, security);
    if (QTest::currentTestFailed())
        return;
    auto *stat = new Pop3StatJob(&session);
    RUN_OK(stat, session);
    QCOMPARE(stat->messageCount(), 2u);
    auto *list = new Pop3ListJob(&session);
    RUN_OK(list, session);
    QCOMPARE(list->entries().size(), 2);
    auto *uidl = new Pop3UidlJob(&session);
    RUN_OK(uidl, session);
    QCOMPARE(uidl->entries().size(), 2);
    QVERIFY(uidl->entries().at(0).uid != uidl->entries().at(1).uid);
    qint64 total = 0;
    for (quint32 n = 1; n <= 2; ++n) {
        auto *retrieve = new Pop3RetrieveJob(&session, n);
        QByteArray received;
        connect(retrieve, &Pop3RetrieveJob::dataReceived, this,
                [&received](const QByteArray &chunk) { received += chunk; });
        RUN_OK(retrieve, session);
        QVERIFY2(isDeliveredCopy(received, m_sentToCarol.at(n - 1)), received.constData());
        QCOMPARE(list->entries().at(n - 1).size, qint64(received.size()));
        total += received.size();
    }
    QCOMPARE(stat->totalSize(), total);
    QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
}

void TestEnginesLoopback::pop3DeleteAndQuit()
{
    giveCarolMail();
    if (QTest::currentTestFailed())
        return;
    QByteArray keptUid;
    {
        Pop3Session session;
        pop3LogIn(session, kCarol, Security::ImplicitTls);
        if (QTest::currentTestFailed())
            return;
        auto *uidl = new Pop3UidlJob(&session);
        RUN_OK(uidl, session);
        QCOMPARE(uidl->entries().size(), 2);
        keptUid = uidl->entries().at(1).uid;
        auto *dele = new Pop3DeleteJob(&session, 1);
        RUN_OK(dele, session);
        QCOMPARE(waitForClosed(session, [&session] { session.quit(); }).code, NetError::Code::None);
    }
    Pop3Session again;
    pop3LogIn(again, kCarol, Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *uidl = new Pop3UidlJob(&again);
    RUN_OK(uidl, again);
    QCOMPARE(uidl->entries(), (QList<Pop3UidlJob::Entry> { { 1, keptUid } }));
}

void TestEnginesLoopback::wrongPasswordIsAuthenticationFailed_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<Security>("security");
    QTest::newRow("IMAP") << u"imap"_s << Security::ImplicitTls;
    QTest::newRow("IMAP plaintext") << u"imap"_s << Security::Plaintext;
    QTest::newRow("POP3") << u"pop3"_s << Security::StartTls;
    QTest::newRow("SMTP") << u"smtp"_s << Security::ImplicitTls;
}

void TestEnginesLoopback::wrongPasswordIsAuthenticationFailed()
{
    QFETCH(QString, protocol);
    QFETCH(Security, security);
    const Credentials wrong { kBob, u"hunter3"_s, {}, {} };
    NetError error;
    QString log;
    if (protocol == u"imap"_s) {
        ImapSession session;
        QVERIFY(openSession(session, &error,
                            endpoint(m_server, Service::Imap, Service::Imaps, security)));
        auto *login = new LoginJob(&session, wrong);
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
        QCOMPARE(session.state(), ImapSession::State::NotAuthenticated);
    } else if (protocol == u"pop3"_s) {
        Pop3Session session;
        QVERIFY(openSession(session, &error,
                            endpoint(m_server, Service::Pop3, Service::Pop3s, security)));
        auto *login = new Pop3LoginJob(&session, wrong);
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
    } else {
        SmtpSession session;
        QVERIFY(openSession(session, &error,
                            endpoint(m_server, Service::Smtp, Service::Submissions, security)));
        auto *login = new SmtpLoginJob(&session, wrong);
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
    }
    QCOMPARE(error.code, NetError::Code::AuthenticationFailed);
    QVERIFY2(error.message.contains(kBob), qPrintable(error.message));
    QVERIFY2(!log.contains(u"hunter3"_s), qPrintable(log));
}

void TestEnginesLoopback::noPasswordInTheClear_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("IMAP") << u"imap"_s;
    QTest::newRow("POP3") << u"pop3"_s;
    QTest::newRow("SMTP") << u"smtp"_s;
}

void TestEnginesLoopback::noPasswordInTheClear()
{
    // A server without --allow-plaintext-auth takes no password on a plain connection
    // (IMAP LOGINDISABLED, no SASL/USER in CAPA, no AUTH in EHLO): the client must not
    // send one anyway, and must say why it cannot log in.
    QFETCH(QString, protocol);
    MagpieServerProcess server;
    const QString problem = server.start(kUsers);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    NetError error;
    QString log;
    if (protocol == u"imap"_s) {
        ImapSession session;
        QVERIFY(openSession(session, &error, server.endpoint(Service::Imap, Security::Plaintext)));
        QVERIFY(session.hasCapability("LOGINDISABLED"));
        auto *login = new LoginJob(&session, credentials(kBob));
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
    } else if (protocol == u"pop3"_s) {
        Pop3Session session;
        QVERIFY(openSession(session, &error, server.endpoint(Service::Pop3, Security::Plaintext)));
        auto *login = new Pop3LoginJob(&session, credentials(kBob));
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
    } else {
        SmtpSession session;
        QVERIFY(openSession(session, &error, server.endpoint(Service::Smtp, Security::Plaintext)));
        auto *login = new SmtpLoginJob(&session, credentials(kBob));
        QVERIFY(runJob(login));
        error = login->error();
        log = logText(session);
    }
    QCOMPARE(error.code, NetError::Code::NoSuitableMechanism);
    QVERIFY2(!error.message.isEmpty(), "an error without a sentence");
    for (const char *command : { "LOGIN", "AUTHENTICATE", "USER", "PASS", "AUTH" })
        QVERIFY2(!log.contains(u"C: "_s + QString::fromLatin1(command))
                     && !log.contains(u" "_s + QString::fromLatin1(command) + u" "_s),
                 qPrintable(log));
    QVERIFY2(!server.log().contains(u"login"_s), qPrintable(server.log()));
}

void TestEnginesLoopback::faultsEndCleanly_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<NetError::Code>("expected");
    QTest::newRow("SMTP connection drops during DATA")
        << u"smtp:DATA:drop-after-received:100"_s << NetError::Code::ConnectionLost;
    QTest::newRow("SMTP stores, then drops before its reply")
        << u"smtp:DATA:drop-before-reply"_s << NetError::Code::ConnectionLost;
    QTest::newRow("SMTP 451 to MAIL")
        << u"smtp:MAIL:reply:451 4.3.0 Try again later"_s << NetError::Code::TemporaryFailure;
    QTest::newRow("IMAP connection drops during FETCH")
        << u"imap:UID-FETCH:drop-after-bytes:100"_s << NetError::Code::ConnectionLost;
    QTest::newRow("IMAP connection drops during APPEND")
        << u"imap:APPEND:drop-after-received:300"_s << NetError::Code::ConnectionLost;
    QTest::newRow("IMAP SELECT unavailable")
        << u"imap:SELECT:reply:NO [UNAVAILABLE] Try later"_s << NetError::Code::TemporaryFailure;
    QTest::newRow("POP3 connection drops during RETR")
        << u"pop3:RETR:drop-after-bytes:100"_s << NetError::Code::ConnectionLost;
}

void TestEnginesLoopback::faultsEndCleanly()
{
    QFETCH(QString, fault);
    QFETCH(NetError::Code, expected);
    MagpieServerProcess server;
    const QString problem = server.start(kUsers, { u"--fault"_s, fault });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QByteArray message = messageWithAttachment("fault");

    NetError error;
    QString log;
    NetError closedError;
    if (fault.startsWith(u"smtp"_s)) {
        send(server, Security::ImplicitTls, { kBob }, message, &error);
    } else if (fault.startsWith(u"imap:APPEND"_s)) {
        ImapSession session;
        imapLogIn(server, session, kBob);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy closed(&session, &ImapSession::closed);
        auto *append = new AppendJob(&session);
        append->setMailbox(u"INBOX"_s);
        append->setMessage(message);
        QVERIFY(runJob(append));
        error = append->error();
        log = logText(session);
        QVERIFY(closed.size() == 1 || closed.wait(5000));
        closedError = closed.first().first().value<NetError>();
    } else if (fault.startsWith(u"imap"_s)) {
        // Something to fetch first.
        send(server, Security::ImplicitTls, { kBob }, message);
        if (QTest::currentTestFailed())
            return;
        ImapSession session;
        imapLogIn(server, session, kBob);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy closed(&session, &ImapSession::closed);
        auto *select = new SelectJob(&session, u"INBOX"_s);
        QVERIFY(runJob(select));
        if (select->failed()) {
            error = select->error();
            QCOMPARE(session.state(), ImapSession::State::Authenticated);
        } else {
            auto *fetch = new FetchJob(&session);
            fetch->setUidsFrom(1);
            fetch->setItems(FetchJob::Item::Envelope);
            fetch->addBodySection("");
            fetch->setAutoDelete(false);
            fetch->start();
            // A job queued behind the failing one fails too, and nothing hangs.
            auto *after = new FetchJob(&session);
            after->setUidsFrom(1);
            QVERIFY(runJob(after));
            QVERIFY(fetch->isFinished());
            error = fetch->error();
            QVERIFY(after->failed());
            QVERIFY(closed.size() == 1 || closed.wait(5000));
            closedError = closed.first().first().value<NetError>();
            QCOMPARE(session.state(), ImapSession::State::Disconnected);
        }
        log = logText(session);
    } else {
        send(server, Security::ImplicitTls, { kBob }, message);
        if (QTest::currentTestFailed())
            return;
        Pop3Session session;
        NetError opening;
        QVERIFY(openSession(session, &opening, server.endpoint(Service::Pop3s)));
        auto *login = new Pop3LoginJob(&session, credentials(kBob));
        RUN_OK(login, session);
        QSignalSpy closed(&session, &Pop3Session::closed);
        auto *retrieve = new Pop3RetrieveJob(&session, 1);
        QVERIFY(runJob(retrieve));
        QVERIFY(!retrieve->isComplete());
        error = retrieve->error();
        log = logText(session);
        QVERIFY(closed.size() == 1 || closed.wait(5000));
        closedError = closed.first().first().value<NetError>();
    }
    QVERIFY2(error.code == expected,
             qPrintable(u"got code %1: %2\n"_s.arg(int(error.code)).arg(error.message) + log));
    QVERIFY2(!error.message.isEmpty(), "an error without a sentence");
    if (expected == NetError::Code::ConnectionLost) {
        QVERIFY(error.isTemporary());
        if (closedError.isError())
            QCOMPARE(closedError.code, NetError::Code::ConnectionLost);
    }
    QVERIFY2(server.log().contains(u"fault"_s), qPrintable(server.log()));
    QVERIFY(server.isRunning()); // the fault hit one session, not the server
}

void TestEnginesLoopback::serverStopsCleanly()
{
    QVERIFY2(m_server.stop(), qPrintable(m_server.log()));
}

QTEST_GUILESS_MAIN(TestEnginesLoopback)
#include "tst_engines_loopback.moc"
