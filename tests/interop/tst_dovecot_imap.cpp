// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession and its jobs against a real Dovecot (../shared/interop/dovecot.sh): STARTTLS
// and implicit TLS, AUTHENTICATE PLAIN, capabilities after login, ENABLE CONDSTORE QRESYNC,
// LIST with SPECIAL-USE, STATUS, SELECT with QRESYNC (HIGHESTMODSEQ, VANISHED (EARLIER)),
// UID FETCH of a few hundred headers, CHANGEDSINCE after another session changed flags,
// SEARCH, APPEND with APPENDUID, UID COPY and UID MOVE, COMPRESS=DEFLATE, and IDLE that
// hears another session's APPEND. INBOX starts with kMessages messages written straight into
// the Maildir (fast), so every UID below is known: message n has UID n.
#include "DovecotServer.h"
#include "EngineTestSupport.h"
#include "net/Connection.h"
#include "net/imap/AppendJob.h"
#include "net/imap/CompressJob.h"
#include "net/imap/CopyJob.h"
#include "net/imap/EnableJob.h"
#include "net/imap/ExpungeJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/IdleJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/ListJob.h"
#include "net/imap/LoginJob.h"
#include "net/imap/MoveJob.h"
#include "net/imap/NamespaceJob.h"
#include "net/imap/NoopJob.h"
#include "net/imap/SearchJob.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StatusJob.h"
#include "net/imap/StoreJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace magpie::imap;
using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::testing::DovecotServer;
using magpie::testing::logText;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::testing::waitForClosed;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ServerEndpoint::Security)

// Runs a job that must succeed; on failure the test fails with the error and the protocol log.
#define RUN_OK(job, session)                                                                       \
    do {                                                                                           \
        QVERIFY2(runJob(job), "the job did not finish in time");                                   \
        QVERIFY2(!(job)->failed(), qPrintable((job)->errorString() + u"\n"_s + logText(session))); \
    } while (false)

namespace {
const QString kUser = u"carol@example.test"_s;
const QString kPassword = u"imap secret"_s;
constexpr quint32 kMessages = 300;

// Message n (1-based): plain text, but every 25th is multipart with an attachment. CRLF line
// ends, as IMAP sends them, so BODY[] must equal the file byte for byte.
QByteArray sampleMessage(quint32 n)
{
    const QByteArray number = QByteArray::number(n);
    QByteArray header = "From: Dave <dave@example.test>\r\n"
                        "To: Carol <carol@example.test>\r\n"
                        "Subject: Message "
        + number
        + "\r\n"
          "Date: Sun, 01 Mar 2026 13:05:09 +0000\r\n"
          "Message-ID: <m"
        + number + "@example.test>\r\n";
    if (n % 25 != 0)
        return header + "\r\nBody of message " + number + ".\r\n.leading dot\r\n";
    return header
        + "MIME-Version: 1.0\r\n"
          "Content-Type: multipart/mixed; boundary=\"xyz\"\r\n"
          "\r\n"
          "--xyz\r\n"
          "Content-Type: text/plain; charset=utf-8\r\n"
          "\r\n"
          "See the attachment of message "
        + number
        + ".\r\n"
          "--xyz\r\n"
          "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
          "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
          "Content-Transfer-Encoding: base64\r\n"
          "\r\n"
          "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r\n"
          "--xyz--\r\n";
}

QByteArray headerOf(const QByteArray &message)
{
    return message.left(message.indexOf("\r\n\r\n") + 4);
}

// CREATE (RFC 3501 s6.3.3): no client job exists for it yet; the test makes its folders
// with this one, built on the same job interface.
class CreateMailboxJob : public ImapJob
{
public:
    CreateMailboxJob(ImapSession *session, const QString &name)
        : ImapJob(session)
        , m_name(name)
    { }

protected:
    void doStart() override { send(ImapCommand("CREATE").mailbox(m_name)); }
    void handleTagged(const ImapResponse &response) override
    {
        const NetError error = errorFrom(response, u"Creating "_s + m_name);
        if (error.isError())
            finishWithError(error);
        else
            finishWithSuccess();
    }

private:
    QString m_name;
};
} // namespace

class TestDovecotImap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void logsInAndAsksCapabilities_data();
    void logsInAndAsksCapabilities();
    void wrongPasswordIsAuthenticationFailed();
    void listsSpecialUseFolders();
    void enablesQresyncAndSelects();
    void fetchesEveryHeader();
    void fetchesBodiesExactly();
    void seesFlagChangesSinceModSeq();
    void seesExpungesAsVanished();
    void appendsWithAppendUid();
    void copiesAndMoves();
    void fetchesOverCompression();
    void idleHearsAnotherSessionsAppend();

private:
    // A session logged in (and with `enable` enabled); QVERIFY-fails the test otherwise.
    void logIn(ImapSession &session,
               ServerEndpoint::Security security = ServerEndpoint::Security::ImplicitTls,
               const QByteArrayList &enable = {});
    void select(ImapSession &session, const QString &mailbox, SelectedMailbox *result = nullptr);
    ServerEndpoint endpoint(ServerEndpoint::Security security) const;

    DovecotServer m_dovecot;
};

void TestDovecotImap::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QDir maildir(m_dovecot.mailDirectory(kUser));
    for (const char *sub : { "cur", "new", "tmp" })
        QVERIFY(maildir.mkpath(QString::fromLatin1(sub)));
    for (quint32 n = 1; n <= kMessages; ++n) {
        // Dovecot gives new files UIDs in the order of the times in their names.
        QFile file(maildir.filePath(u"cur/%1.M%2P1.magpie-test:2,"_s.arg(1700000000 + n).arg(n)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(sampleMessage(n));
    }
    QProcess chown;
    chown.start(u"chown"_s, { u"-R"_s, u"dovecot:dovecot"_s, m_dovecot.directory() + u"/mail"_s });
    QVERIFY(chown.waitForFinished(10000));
    QCOMPARE(chown.exitCode(), 0);
}

ServerEndpoint TestDovecotImap::endpoint(ServerEndpoint::Security security) const
{
    ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.security = security;
    endpoint.port = security == ServerEndpoint::Security::ImplicitTls ? m_dovecot.imapsPort()
                                                                      : m_dovecot.imapPort();
    endpoint.extraCaCertificates = QSslCertificate::fromPath(m_dovecot.certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 15000;
    return endpoint;
}

void TestDovecotImap::logIn(ImapSession &session, ServerEndpoint::Security security,
                            const QByteArrayList &enable)
{
    NetError error;
    QVERIFY2(openSession(session, &error, endpoint(security)),
             qPrintable(error.message + u"\n"_s + logText(session)));
    auto *login = new LoginJob(&session, Credentials { kUser, kPassword, {}, {} });
    RUN_OK(login, session);
    QCOMPARE(session.state(), ImapSession::State::Authenticated);
    if (!enable.isEmpty()) {
        auto *enableJob = new EnableJob(&session, enable);
        RUN_OK(enableJob, session);
        for (const QByteArray &extension : enable)
            QVERIFY2(session.isEnabled(extension), extension.constData());
    }
}

void TestDovecotImap::select(ImapSession &session, const QString &mailbox, SelectedMailbox *result)
{
    auto *job = new SelectJob(&session, mailbox);
    RUN_OK(job, session);
    QCOMPARE(session.state(), ImapSession::State::Selected);
    QCOMPARE(session.selectedMailbox(), mailbox);
    if (result)
        *result = job->mailbox();
}

void TestDovecotImap::logsInAndAsksCapabilities_data()
{
    QTest::addColumn<ServerEndpoint::Security>("security");
    QTest::newRow("STARTTLS") << ServerEndpoint::Security::StartTls;
    QTest::newRow("implicit TLS") << ServerEndpoint::Security::ImplicitTls;
}

void TestDovecotImap::logsInAndAsksCapabilities()
{
    QFETCH(ServerEndpoint::Security, security);
    ImapSession session;
    NetError error;
    QVERIFY2(openSession(session, &error, endpoint(security)),
             qPrintable(error.message + logText(session)));
    QVERIFY(session.tlsDetails().encrypted);
    QCOMPARE(session.tlsDetails().subject.contains(u"localhost"_s), true);
    // Before login Dovecot offers STARTTLS only on the plain port, and not after it was used.
    QVERIFY(!session.hasCapability("STARTTLS"));
    QVERIFY(!session.hasCapability("LOGINDISABLED"));
    QVERIFY(session.authMechanisms().contains("PLAIN"));

    auto *login = new LoginJob(&session, Credentials { kUser, kPassword, {}, {} });
    RUN_OK(login, session);
    QCOMPARE(login->mechanismName(), QByteArray("PLAIN"));
    // Capabilities are fresh after login (RFC 3501 s6.2.2): the extensions appear now.
    for (const char *capability :
         { "IMAP4REV1", "IDLE", "CONDSTORE", "QRESYNC", "MOVE", "UIDPLUS", "ENABLE", "SPECIAL-USE",
           "COMPRESS=DEFLATE", "ESEARCH", "LITERAL+", "NAMESPACE" })
        QVERIFY2(session.hasCapability(capability),
                 qPrintable(QString::fromLatin1(capability) + u" missing: "_s + logText(session)));

    const QString log = logText(session);
    QVERIFY2(log.contains(u"AUTHENTICATE PLAIN"_s), qPrintable(log));
    QVERIFY(!log.contains(kPassword));
    QVERIFY(!log.contains(QString::fromLatin1(
        QByteArray(QByteArray(1, '\0') + kUser.toUtf8() + '\0' + kPassword.toUtf8()).toBase64())));

    auto *namespaces = new NamespaceJob(&session);
    RUN_OK(namespaces, session);
    QCOMPARE(namespaces->personal().size(), 1);
    QCOMPARE(namespaces->personal().first().delimiter, QChar(u'/'));

    QCOMPARE(waitForClosed(session, [&session] { session.logout(); }).code, NetError::Code::None);
    QCOMPARE(session.state(), ImapSession::State::LoggedOut);
}

void TestDovecotImap::wrongPasswordIsAuthenticationFailed()
{
    ImapSession session;
    NetError error;
    QVERIFY2(openSession(session, &error, endpoint(ServerEndpoint::Security::StartTls)),
             qPrintable(error.message));
    auto *login = new LoginJob(&session, Credentials { kUser, u"guess"_s, {}, {} });
    QVERIFY(runJob(login, 30000)); // Dovecot waits before refusing
    QVERIFY(login->failed());
    QCOMPARE(login->error().code, NetError::Code::AuthenticationFailed);
    QVERIFY2(login->errorString().contains(kUser), qPrintable(login->errorString()));
    QCOMPARE(session.state(), ImapSession::State::NotAuthenticated);
}

void TestDovecotImap::listsSpecialUseFolders()
{
    ImapSession session;
    logIn(session);
    if (QTest::currentTestFailed())
        return;
    auto *list = new ListJob(&session);
    RUN_OK(list, session);
    QMap<QString, ListEntry> byName;
    for (const ListEntry &entry : list->entries())
        byName.insert(entry.name, entry);
    const QMap<QString, ListEntry::SpecialUse> expected {
        { u"Drafts"_s, ListEntry::SpecialUse::Drafts },
        { u"Sent"_s, ListEntry::SpecialUse::Sent },
        { u"Trash"_s, ListEntry::SpecialUse::Trash },
        { u"Junk"_s, ListEntry::SpecialUse::Junk },
        { u"Archive"_s, ListEntry::SpecialUse::Archive },
        { u"INBOX"_s, ListEntry::SpecialUse::None },
    };
    QCOMPARE(byName.keys(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const ListEntry &entry = byName.value(it.key());
        QCOMPARE(entry.specialUse, it.value());
        QCOMPARE(entry.delimiter, QChar(u'/'));
        QVERIFY(entry.isSelectable());
        QVERIFY2(entry.hasChildren.has_value(), qPrintable(it.key())); // CHILDREN asked for
        QCOMPARE(*entry.hasChildren, false);
    }
}

void TestDovecotImap::enablesQresyncAndSelects()
{
    ImapSession session;
    logIn(session, ServerEndpoint::Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *status = new StatusJob(&session, u"INBOX"_s);
    RUN_OK(status, session);
    QCOMPARE(status->status().messages, std::optional<quint32>(kMessages));
    QCOMPARE(status->status().uidNext, std::optional<quint32>(kMessages + 1));
    QCOMPARE(status->status().unseen, std::optional<quint32>(kMessages));
    QVERIFY(status->status().uidValidity.has_value());
    QVERIFY(status->status().highestModSeq.has_value());

    auto *enable = new EnableJob(&session, { "CONDSTORE", "QRESYNC" });
    RUN_OK(enable, session);
    QVERIFY2(enable->enabled().contains("QRESYNC"), enable->enabled().join(' ').constData());
    QVERIFY(session.isEnabled("CONDSTORE"));
    QVERIFY(session.isEnabled("QRESYNC"));

    SelectedMailbox inbox;
    select(session, u"INBOX"_s, &inbox);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(inbox.exists, kMessages);
    QCOMPARE(inbox.uidNext, std::optional<quint32>(kMessages + 1));
    QCOMPARE(inbox.uidValidity, status->status().uidValidity);
    QVERIFY(inbox.highestModSeq.has_value());
    QCOMPARE(*inbox.highestModSeq, *status->status().highestModSeq);
    QVERIFY(!inbox.noModSeq);
    QVERIFY(!inbox.readOnly);
    QVERIFY(inbox.flags.contains("\\Seen"));
    QVERIFY(inbox.permanentFlags.contains("\\*"));

    // EXAMINE: read-only.
    auto *examine = new SelectJob(&session, u"Archive"_s);
    examine->setReadOnly(true);
    RUN_OK(examine, session);
    QVERIFY(examine->mailbox().readOnly);
    QVERIFY(session.isReadOnly());
    QCOMPARE(examine->mailbox().exists, 0u);
}

void TestDovecotImap::fetchesEveryHeader()
{
    ImapSession session;
    logIn(session, ServerEndpoint::Security::ImplicitTls, { "CONDSTORE" });
    if (QTest::currentTestFailed())
        return;
    select(session, u"INBOX"_s);
    if (QTest::currentTestFailed())
        return;
    QElapsedTimer timer;
    timer.start();
    auto *fetch = new FetchJob(&session);
    fetch->setUidsFrom(1);
    fetch->setItems(FetchJob::Item::Flags | FetchJob::Item::Envelope | FetchJob::Item::Size
                    | FetchJob::Item::InternalDate | FetchJob::Item::ModSeq);
    fetch->addBodySection("HEADER");
    QList<FetchedMessage> streamed;
    connect(fetch, &FetchJob::messageFetched, this,
            [&streamed](const FetchedMessage &message) { streamed << message; });
    RUN_OK(fetch, session);
    QCOMPARE(streamed.size(), qsizetype(kMessages));
    QCOMPARE(fetch->fetchedCount(), quint64(kMessages));
    QVERIFY(fetch->messages().isEmpty()); // not collected unless asked
    for (quint32 n = 1; n <= kMessages; ++n) {
        const FetchedMessage &message = streamed.at(n - 1);
        const QByteArray file = sampleMessage(n);
        QCOMPARE(message.uid, n);
        QCOMPARE(message.sequenceNumber, n);
        QVERIFY(message.flags.has_value());
        QVERIFY(!message.flags->contains("\\Seen"));
        QCOMPARE(message.size, std::optional<quint64>(quint64(file.size())));
        QVERIFY(message.internalDate.has_value() && message.internalDate->isValid());
        QVERIFY(message.modSeq.has_value());
        QVERIFY(message.envelope.has_value());
        QCOMPARE(message.envelope->subject, u"Message "_s + QString::number(n));
        QCOMPARE(message.envelope->messageId, "<m" + QByteArray::number(n) + "@example.test>");
        QCOMPARE(message.envelope->date,
                 QDateTime(QDate(2026, 3, 1), QTime(13, 5, 9), QTimeZone::utc()));
        QCOMPARE(message.envelope->from.size(), 1);
        QCOMPARE(message.envelope->to.size(), 1);
        QCOMPARE(message.sections.value("HEADER"), headerOf(file));
    }
    // A few hundred headers over loopback must not take long.
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

void TestDovecotImap::fetchesBodiesExactly()
{
    ImapSession session;
    logIn(session);
    if (QTest::currentTestFailed())
        return;
    select(session, u"INBOX"_s);
    if (QTest::currentTestFailed())
        return;
    auto *fetch = new FetchJob(&session);
    fetch->setUids(UidSet::fromUids({ 24, 25 }));
    fetch->setItems(FetchJob::Item::BodyStructure | FetchJob::Item::Size);
    fetch->addBodySection("");
    fetch->addBodySection("1");
    fetch->addBodySection("2.MIME");
    fetch->setCollectMessages(true);
    RUN_OK(fetch, session);
    QCOMPARE(fetch->messages().size(), 2);
    for (const FetchedMessage &message : fetch->messages()) {
        const QByteArray file = sampleMessage(message.uid);
        QCOMPARE(message.sections.value(""), file);
        QVERIFY(message.bodyStructure.has_value());
        if (message.uid == 24) {
            QCOMPARE(message.bodyStructure->type, QByteArray("text"));
            QCOMPARE(message.bodyStructure->subtype, QByteArray("plain"));
            QCOMPARE(message.sections.value("1"), file.mid(file.indexOf("\r\n\r\n") + 4));
            continue;
        }
        const BodyStructure &structure = *message.bodyStructure;
        QCOMPARE(structure.type, QByteArray("multipart"));
        QCOMPARE(structure.subtype, QByteArray("mixed"));
        QCOMPARE(structure.parameters.value("boundary"), u"xyz"_s);
        QCOMPARE(structure.children.size(), 2);
        QCOMPARE(structure.children.at(0).partNumber, QByteArray("1"));
        const BodyStructure &pdf = structure.children.at(1);
        QCOMPARE(pdf.partNumber, QByteArray("2"));
        QCOMPARE(pdf.type, QByteArray("application"));
        QCOMPARE(pdf.encoding, QByteArray("base64"));
        QCOMPARE(pdf.disposition, QByteArray("attachment"));
        QCOMPARE(pdf.dispositionParameters.value("filename"), u"report.pdf"_s);
        QVERIFY(pdf.isAttachment());
        // The CRLF before "--xyz" belongs to the boundary (RFC 2046 s5.1.1), not to part 1.
        QCOMPARE(message.sections.value("1"), QByteArray("See the attachment of message 25."));
        QVERIFY2(message.sections.value("2.MIME").startsWith("Content-Type: application/pdf"),
                 message.sections.value("2.MIME").constData());
    }
    // A partial fetch: 40 octets from octet 10 (RFC 3501 s6.4.5), "BODY[]<10>" in the answer.
    auto *partial = new FetchJob(&session);
    partial->setUids(UidSet::fromUids({ 25 }));
    partial->addBodySection("", 10, 40);
    partial->setCollectMessages(true);
    RUN_OK(partial, session);
    QCOMPARE(partial->messages().size(), 1);
    QCOMPARE(partial->messages().first().sections.value(""), sampleMessage(25).mid(10, 40));
    QCOMPARE(partial->messages().first().sectionOrigins.value(""), quint64(10));

    // BODY.PEEK leaves \Seen alone.
    auto *flags = new FetchJob(&session);
    flags->setUids(UidSet::fromUids({ 24, 25 }));
    flags->setItems(FetchJob::Item::Flags);
    flags->setCollectMessages(true);
    RUN_OK(flags, session);
    for (const FetchedMessage &message : flags->messages())
        QVERIFY(!message.flags->contains("\\Seen"));
}

void TestDovecotImap::seesFlagChangesSinceModSeq()
{
    ImapSession watcher;
    logIn(watcher, ServerEndpoint::Security::ImplicitTls, { "CONDSTORE", "QRESYNC" });
    if (QTest::currentTestFailed())
        return;
    SelectedMailbox before;
    select(watcher, u"INBOX"_s, &before);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(before.highestModSeq.has_value());

    // Another client flags two messages.
    {
        ImapSession other;
        logIn(other, ServerEndpoint::Security::StartTls);
        if (QTest::currentTestFailed())
            return;
        select(other, u"INBOX"_s);
        if (QTest::currentTestFailed())
            return;
        auto *store = new StoreJob(&other);
        store->setUids(UidSet::fromUids({ 5, 7 }));
        store->setFlags(StoreJob::Mode::Add, { "\\Flagged", "$Important" });
        QList<FetchedMessage> updated;
        connect(store, &StoreJob::messageUpdated, this,
                [&updated](const FetchedMessage &message) { updated << message; });
        RUN_OK(store, other);
        QCOMPARE(updated.size(), 2);
        QVERIFY(updated.first().flags->contains("\\Flagged"));
        QCOMPARE(waitForClosed(other, [&other] { other.logout(); }).code, NetError::Code::None);
    }

    auto *changed = new FetchJob(&watcher);
    changed->setUidsFrom(1);
    changed->setItems(FetchJob::Item::Flags | FetchJob::Item::ModSeq);
    changed->setChangedSince(*before.highestModSeq);
    changed->setCollectMessages(true);
    RUN_OK(changed, watcher);
    QList<quint32> uids;
    for (const FetchedMessage &message : changed->messages()) {
        uids << message.uid;
        QVERIFY(message.flags->contains("\\Flagged"));
        QVERIFY(message.flags->contains("$Important"));
        QVERIFY(*message.modSeq > *before.highestModSeq);
    }
    QCOMPARE(uids, (QList<quint32> { 5, 7 }));

    auto *search = new SearchJob(&watcher);
    search->setCriteria(SearchCriteria::flagged());
    RUN_OK(search, watcher);
    QCOMPARE(search->uids(), UidSet::fromUids({ 5, 7 }));
    QCOMPARE(search->count(), 2u);

    auto *bySubject = new SearchJob(&watcher);
    bySubject->setCriteria(SearchCriteria::subject(u"Message 42"_s) && !SearchCriteria::flagged());
    RUN_OK(bySubject, watcher);
    QCOMPARE(bySubject->uids().toList(), QList<quint32> { 42 });

    // Our own STORE: -FLAGS, silently, only where unchanged since the modseq we know.
    auto *unflag = new StoreJob(&watcher);
    unflag->setUids(UidSet::fromUids({ 5 }));
    unflag->setFlags(StoreJob::Mode::Remove, { "\\Flagged" });
    unflag->setSilent(true);
    unflag->setUnchangedSince(*changed->messages().first().modSeq);
    RUN_OK(unflag, watcher);
    QVERIFY(unflag->modifiedUids().isEmpty());
    auto *stale = new StoreJob(&watcher);
    stale->setUids(UidSet::fromUids({ 7 }));
    stale->setFlags(StoreJob::Mode::Add, { "\\Seen" });
    stale->setUnchangedSince(1); // older than the other client's change: left alone
    RUN_OK(stale, watcher);
    QCOMPARE(stale->modifiedUids(), UidSet::fromUids({ 7 }));
}

void TestDovecotImap::seesExpungesAsVanished()
{
    // What a client's cache knows after a visit.
    SelectedMailbox known;
    {
        ImapSession earlier;
        logIn(earlier, ServerEndpoint::Security::ImplicitTls, { "QRESYNC" });
        if (QTest::currentTestFailed())
            return;
        select(earlier, u"INBOX"_s, &known);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(waitForClosed(earlier, [&earlier] { earlier.logout(); }).code,
                 NetError::Code::None);
    }
    QVERIFY(known.uidValidity && known.highestModSeq);

    // Meanwhile another client removes 10:12 and flags 20.
    {
        ImapSession other;
        logIn(other, ServerEndpoint::Security::StartTls, { "QRESYNC" });
        if (QTest::currentTestFailed())
            return;
        select(other, u"INBOX"_s);
        if (QTest::currentTestFailed())
            return;
        auto *mark = new StoreJob(&other);
        mark->setUids(UidSet::range(10, 12));
        mark->setFlags(StoreJob::Mode::Add, { "\\Deleted" });
        mark->setSilent(true);
        RUN_OK(mark, other);
        auto *flag = new StoreJob(&other);
        flag->setUids(UidSet::fromUids({ 20 }));
        flag->setFlags(StoreJob::Mode::Add, { "\\Answered" });
        RUN_OK(flag, other);
        QSignalSpy vanishedSignal(&other, &ImapSession::vanished);
        auto *expunge = new ExpungeJob(&other);
        expunge->setUids(UidSet::range(10, 12));
        RUN_OK(expunge, other);
        // QRESYNC enabled: the server says VANISHED, not EXPUNGE (RFC 7162 s3.2.10).
        QCOMPARE(expunge->vanishedUids(), UidSet::range(10, 12));
        QVERIFY(expunge->expungedSequenceNumbers().isEmpty());
        QCOMPARE(vanishedSignal.size(), 1);
        QCOMPARE(vanishedSignal.first().at(0).value<UidSet>(), UidSet::range(10, 12));
        QCOMPARE(vanishedSignal.first().at(1).toBool(), false);
        QCOMPARE(waitForClosed(other, [&other] { other.logout(); }).code, NetError::Code::None);
    }

    // Back again with QRESYNC: the SELECT itself says what vanished and what changed.
    ImapSession later;
    logIn(later, ServerEndpoint::Security::ImplicitTls, { "CONDSTORE", "QRESYNC" });
    if (QTest::currentTestFailed())
        return;
    auto *resync = new SelectJob(&later, u"INBOX"_s);
    resync->setQResync(*known.uidValidity, *known.highestModSeq, UidSet::range(1, kMessages));
    RUN_OK(resync, later);
    QVERIFY2(logText(later).contains(u"QRESYNC ("_s), qPrintable(logText(later)));
    QCOMPARE(resync->mailbox().exists, kMessages - 3);
    QCOMPARE(resync->mailbox().vanished, UidSet::range(10, 12));
    QList<quint32> changedUids;
    for (const FetchedMessage &message : resync->mailbox().changed)
        changedUids << message.uid;
    QVERIFY2(changedUids.contains(20), qPrintable(logText(later)));
    QVERIFY(!changedUids.contains(11));

    // And UID FETCH ... (CHANGEDSINCE m VANISHED) in a mailbox selected without it.
    auto *fetch = new FetchJob(&later);
    fetch->setUids(UidSet::range(1, kMessages));
    fetch->setItems(FetchJob::Item::Flags);
    fetch->setChangedSince(*known.highestModSeq);
    fetch->setVanished(true);
    fetch->setCollectMessages(true);
    RUN_OK(fetch, later);
    QCOMPARE(fetch->vanishedUids(), UidSet::range(10, 12));
    QVERIFY(!fetch->messages().isEmpty());
}

void TestDovecotImap::appendsWithAppendUid()
{
    ImapSession session;
    logIn(session);
    if (QTest::currentTestFailed())
        return;
    auto *status = new StatusJob(&session, u"Drafts"_s);
    RUN_OK(status, session);

    const QByteArray draft = "From: Carol <carol@example.test>\r\nTo: Dave <dave@example.test>\r\n"
                             "Subject: A draft with \xc3\xa4 8-bit byte\r\n\r\nNot finished.\r\n";
    const QDateTime date(QDate(2026, 2, 14), QTime(9, 30, 0), QTimeZone(3600));
    auto *append = new AppendJob(&session);
    append->setMailbox(u"Drafts"_s);
    append->setMessage(draft);
    append->setFlags({ "\\Draft", "\\Seen" });
    append->setInternalDate(date);
    RUN_OK(append, session);
    QCOMPARE(append->uidValidity(), *status->status().uidValidity);
    QCOMPARE(append->uid(), *status->status().uidNext);
    // The message went as a literal: the log shows its size, not its contents.
    QVERIFY2(!logText(session).contains(u"Not finished"_s), qPrintable(logText(session)));

    select(session, u"Drafts"_s);
    if (QTest::currentTestFailed())
        return;
    auto *fetch = new FetchJob(&session);
    fetch->setUids(UidSet::fromUids({ append->uid() }));
    fetch->setItems(FetchJob::Item::Flags | FetchJob::Item::InternalDate);
    fetch->addBodySection("");
    fetch->setCollectMessages(true);
    RUN_OK(fetch, session);
    QCOMPARE(fetch->messages().size(), 1);
    const FetchedMessage &message = fetch->messages().first();
    QCOMPARE(message.sections.value(""), draft);
    QVERIFY(message.flags->contains("\\Draft"));
    QVERIFY(message.flags->contains("\\Seen"));
    QCOMPARE(message.internalDate->toUTC(), date.toUTC());

    auto *missing = new AppendJob(&session);
    missing->setMailbox(u"No such folder"_s);
    missing->setMessage(draft);
    QVERIFY(runJob(missing));
    QVERIFY(missing->failed());
    QVERIFY2(missing->mailboxMissing(), qPrintable(missing->errorString()));
}

void TestDovecotImap::copiesAndMoves()
{
    ImapSession session;
    logIn(session, ServerEndpoint::Security::ImplicitTls, { "QRESYNC" });
    if (QTest::currentTestFailed())
        return;
    select(session, u"INBOX"_s);
    if (QTest::currentTestFailed())
        return;

    auto *copy = new CopyJob(&session);
    copy->setUids(UidSet::range(1, 3));
    copy->setDestination(u"Archive"_s);
    RUN_OK(copy, session);
    QVERIFY(copy->copyUid().has_value());
    QCOMPARE(copy->copyUid()->sourceUids(), UidSet::range(1, 3));
    QCOMPARE(copy->copyUid()->destinationUids().count(), 3u);

    const QString folder = QString::fromUtf8("Projekte/2026 \xc3\x9c"
                                             "bersicht");
    auto *nowhere = new MoveJob(&session);
    nowhere->setUids(UidSet::range(30, 39));
    nowhere->setDestination(folder);
    QVERIFY(runJob(nowhere));
    QVERIFY(nowhere->failed());
    QVERIFY2(nowhere->destinationMissing(), qPrintable(nowhere->errorString()));
    QVERIFY(!nowhere->copied());

    auto *create = new CreateMailboxJob(&session, folder);
    RUN_OK(create, session);
    QSignalSpy vanished(&session, &ImapSession::vanished);
    auto *move = new MoveJob(&session);
    move->setUids(UidSet::range(30, 39));
    move->setDestination(folder);
    RUN_OK(move, session);
    QVERIFY(move->copied());
    QVERIFY(!move->originalsLeftDeleted());
    QVERIFY2(logText(session).contains(u"UID MOVE 30:39"_s), qPrintable(logText(session)));
    QVERIFY(move->copyUid().has_value());
    QCOMPARE(move->copyUid()->sourceUids(), UidSet::range(30, 39));
    QCOMPARE(move->copyUid()->destinationOf(30), 1u);
    QVERIFY(!vanished.isEmpty());
    QCOMPARE(vanished.first().at(0).value<UidSet>(), UidSet::range(30, 39));

    auto *gone = new SearchJob(&session);
    gone->setCriteria(SearchCriteria::uids(UidSet::range(30, 39)));
    RUN_OK(gone, session);
    QVERIFY(gone->uids().isEmpty());

    auto *status = new StatusJob(&session, folder);
    RUN_OK(status, session);
    QCOMPARE(status->status().messages, std::optional<quint32>(10));
    auto *list = new ListJob(&session, QString(), u"Projekte/*"_s);
    RUN_OK(list, session);
    QCOMPARE(list->entries().size(), 1);
    QCOMPARE(list->entries().first().name, folder);

    // The moved messages arrived whole.
    select(session, folder);
    if (QTest::currentTestFailed())
        return;
    auto *fetch = new FetchJob(&session);
    fetch->setUids(UidSet::fromUids({ 1 }));
    fetch->addBodySection("");
    fetch->setCollectMessages(true);
    RUN_OK(fetch, session);
    QCOMPARE(fetch->messages().value(0).sections.value(""), sampleMessage(30));
}

void TestDovecotImap::fetchesOverCompression()
{
    ImapSession session;
    logIn(session, ServerEndpoint::Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *compress = new CompressJob(&session);
    RUN_OK(compress, session);
    QVERIFY(compress->isActive());
    QVERIFY(session.connection()->isCompressed());
    QVERIFY2(logText(session).contains(u"COMPRESS DEFLATE"_s), qPrintable(logText(session)));

    select(session, u"INBOX"_s);
    if (QTest::currentTestFailed())
        return;
    auto *fetch = new FetchJob(&session);
    fetch->setUidsFrom(1);
    fetch->setItems(FetchJob::Item::Envelope | FetchJob::Item::BodyStructure
                    | FetchJob::Item::Flags);
    fetch->addBodySection("TEXT");
    quint64 count = 0;
    bool allParsed = true;
    connect(fetch, &FetchJob::messageFetched, this, [&](const FetchedMessage &message) {
        ++count;
        const QByteArray file = sampleMessage(message.uid);
        allParsed = allParsed && message.envelope
            && message.envelope->subject == u"Message "_s + QString::number(message.uid)
            && message.sections.value("TEXT") == file.mid(file.indexOf("\r\n\r\n") + 4);
    });
    RUN_OK(fetch, session);
    QVERIFY(count > 250);
    QVERIFY(allParsed);
    auto *noop = new NoopJob(&session);
    RUN_OK(noop, session);
    QCOMPARE(waitForClosed(session, [&session] { session.logout(); }).code, NetError::Code::None);
}

void TestDovecotImap::idleHearsAnotherSessionsAppend()
{
    ImapSession watcher;
    logIn(watcher);
    if (QTest::currentTestFailed())
        return;
    SelectedMailbox inbox;
    select(watcher, u"INBOX"_s, &inbox);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy exists(&watcher, &ImapSession::existsChanged);
    auto *idle = new IdleJob(&watcher);
    QSignalSpy idling(idle, &IdleJob::idling);
    idle->setAutoDelete(false);
    idle->start();
    QVERIFY2(idling.wait(10000), qPrintable(logText(watcher)));
    QVERIFY(idle->isIdling());

    ImapSession other;
    logIn(other, ServerEndpoint::Security::StartTls);
    if (QTest::currentTestFailed())
        return;
    auto *append = new AppendJob(&other);
    append->setMailbox(u"INBOX"_s);
    append->setMessage("Subject: while you were idling\r\n\r\nHello.\r\n");
    RUN_OK(append, other);

    // Dovecot notices the new file and tells the idling client (RFC 2177 s3).
    QTRY_VERIFY2_WITH_TIMEOUT(!exists.isEmpty(), qPrintable(logText(watcher)), 15000);
    QCOMPARE(exists.last().first().toUInt(), inbox.exists + 1);
    QVERIFY(!idle->isFinished());

    // A job queued behind IDLE ends it (DONE) and then runs.
    auto *fetch = new FetchJob(&watcher);
    fetch->setUids(UidSet::fromUids({ append->uid() }));
    fetch->setItems(FetchJob::Item::Envelope);
    fetch->setCollectMessages(true);
    RUN_OK(fetch, watcher);
    QVERIFY(idle->isFinished());
    QVERIFY2(!idle->failed(), qPrintable(idle->errorString()));
    QCOMPARE(fetch->messages().value(0).envelope->subject, u"while you were idling"_s);

    // IDLE again, then stop() by hand.
    auto *again = new IdleJob(&watcher);
    QSignalSpy idlingAgain(again, &IdleJob::idling);
    again->setAutoDelete(false);
    again->start();
    QVERIFY(idlingAgain.wait(10000));
    QSignalSpy finished(again, &magpie::net::Job::finished);
    again->stop();
    QVERIFY(finished.wait(10000));
    QVERIFY(!again->failed());
    QCOMPARE(waitForClosed(watcher, [&watcher] { watcher.logout(); }).code, NetError::Code::None);
}

QTEST_GUILESS_MAIN(TestDovecotImap)
#include "tst_dovecot_imap.moc"
