// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/Pop3DownloadTask.h"

#include "mime/Message.h"
#include "mime/MessageIds.h"
#include "net/pop3/Pop3DeleteJob.h"
#include "net/pop3/Pop3ListJob.h"
#include "net/pop3/Pop3LoginJob.h"
#include "net/pop3/Pop3RetrieveJob.h"
#include "net/pop3/Pop3Session.h"
#include "net/pop3/Pop3UidlJob.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/Pop3Ledger.h"

#include <QHash>
#include <QSet>

#include <utility>

namespace magpie::sync {

using pop3::Pop3Session;
using Code = net::NetError::Code;

namespace {

// Progress is reported at least this often while a large message arrives.
constexpr qint64 progressStepBytes = 64 * 1024;

// The summary the message list shows, from the downloaded bytes. The parser never gives
// up on a message (damaged parts become warnings), so even garbage is stored: as its raw
// bytes with whatever headers could be read and the download time as its date.
store::MessageSummary summaryOf(const QByteArray &raw, const QDateTime &downloadedAt)
{
    const mime::Message message(raw);
    store::MessageSummary summary;
    summary.subject = message.subject();
    summary.from = message.addresses("From").value(0);
    summary.to = message.addresses("To");
    summary.cc = message.addresses("Cc");
    summary.date = message.date().value_or(downloadedAt).toUTC();
    summary.receivedAt = downloadedAt;
    // The summary keeps ids with their brackets, as IMAP's ENVELOPE gives them; the parser
    // returns them bare.
    summary.messageId = mime::MessageIds::bracketed(message.messageId());
    summary.inReplyTo = mime::MessageIds::bracketed(message.inReplyTo());
    for (const QByteArray &id : message.references())
        summary.references.append(mime::MessageIds::bracketed(id));
    summary.size = quint64(raw.size());
    summary.hasAttachments = !message.attachments().isEmpty();
    return summary;
}

} // namespace

struct Pop3DownloadTask::Private
{
    Private(const AccountConfig &a, const net::Credentials &c, store::MailCache &m)
        : account(a)
        , credentials(c)
        , cache(m)
        , ledger(m)
    {
    }

    AccountConfig account;
    net::Credentials credentials;
    store::MailCache &cache;
    store::Pop3Ledger ledger;
    std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
    Pop3Session *session = nullptr; // child of the task

    QList<pop3::Pop3UidlJob::Entry> listing; // the server's messages, by number
    QHash<quint32, qint64> sizes;           // LIST, for progress only
    QList<pop3::Pop3UidlJob::Entry> wanted; // not downloaded yet, in number order
    qsizetype next = 0;
    qint64 wantedBytes = 0;
    QByteArray message; // the one being retrieved
    qint64 reportedBytes = 0;

    QStringList marked; // UIDLs with an accepted DELE, removed only by QUIT's +OK
    bool quitting = false;
    QStringList problems; // things that went wrong without stopping the download

    qint64 downloaded = 0;
    qint64 deleted = 0;
    qint64 bytes = 0;
};

Pop3DownloadTask::Pop3DownloadTask(const AccountConfig &account,
                                   const net::Credentials &credentials,
                                   store::MailCache &cache, QObject *parent)
    : SyncTask(account.id, parent)
    , d(std::make_unique<Private>(account, credentials, cache))
{
}

Pop3DownloadTask::~Pop3DownloadTask() = default;

qint64 Pop3DownloadTask::downloaded() const
{
    return d->downloaded;
}

qint64 Pop3DownloadTask::deletedFromServer() const
{
    return d->deleted;
}

qint64 Pop3DownloadTask::bytes() const
{
    return d->bytes;
}

void Pop3DownloadTask::setClock(std::function<QDateTime()> clock)
{
    if (clock)
        d->clock = std::move(clock);
}

void Pop3DownloadTask::doStart()
{
    if (d->account.incoming != AccountConfig::Incoming::Pop3 || !d->account.isValid()) {
        SyncProblem problem;
        problem.kind = SyncProblem::Kind::Server;
        problem.message = tr("The account %1 is not set up to download mail with POP3. Check "
                             "its incoming server in Settings > Accounts.")
                              .arg(d->account.displayName.isEmpty() ? d->account.id
                                                                    : d->account.displayName);
        finishWithProblem(problem);
        return;
    }
    d->session = new Pop3Session(this);
    connect(d->session, &Pop3Session::opened, this, [this] { logIn(); });
    connect(d->session, &Pop3Session::closed, this,
            [this](const net::NetError &error) { sessionClosed(error); });
    reportProgress(tr("Connecting to %1").arg(d->account.incomingServer.host));
    d->session->connectToServer(d->account.incomingServer);
}

void Pop3DownloadTask::logIn()
{
    auto *job = new pop3::Pop3LoginJob(d->session, d->credentials);
    connect(job, &net::Job::finished, this, [this, job] {
        if (isFinished())
            return;
        if (job->failed()) {
            fail(job->error());
            return;
        }
        listUniqueIds();
    });
    job->start();
}

void Pop3DownloadTask::listUniqueIds()
{
    // Without UIDL (RFC 1939 s7; RFC 2449 s6.8 lists it in CAPA) nothing tells this session's
    // message 1 from last session's, so anything downloaded could be downloaded again: stop.
    if (d->session->capabilitiesKnown() && !d->session->hasCapability("UIDL")) {
        stopWithoutUidl();
        return;
    }
    reportProgress(tr("Looking for new mail on %1").arg(d->account.incomingServer.host));
    auto *job = new pop3::Pop3UidlJob(d->session);
    connect(job, &net::Job::finished, this, [this, job] {
        if (isFinished())
            return;
        if (job->failed()) {
            // A server without CAPA says whether it knows UIDL only by refusing it.
            if (!d->session->capabilitiesKnown() && job->error().code == Code::CommandRejected)
                stopWithoutUidl();
            else
                fail(job->error());
            return;
        }
        d->listing = job->entries();
        listSizes();
    });
    job->start();
}

void Pop3DownloadTask::listSizes()
{
    auto *job = new pop3::Pop3ListJob(d->session);
    connect(job, &net::Job::finished, this, [this, job] {
        if (isFinished())
            return;
        // Sizes only make the progress finer: a refused LIST costs nothing else.
        if (job->failed() && job->error().code != Code::CommandRejected
            && job->error().code != Code::TemporaryFailure) {
            fail(job->error());
            return;
        }
        for (const auto &entry : job->entries())
            d->sizes.insert(entry.number, entry.size);
        planDownloads();
    });
    job->start();
}

void Pop3DownloadTask::planDownloads()
{
    QStringList onServer;
    onServer.reserve(d->listing.size());
    for (const auto &entry : std::as_const(d->listing))
        onServer.append(QString::fromLatin1(entry.uid));

    // The listing is complete and this session holds the maildrop's lock (RFC 1939 s4), so a
    // UIDL missing from it is gone from the server for good: forget it.
    if (const store::StoreError error = d->ledger.forgetAbsent(d->account.id, onServer)) {
        fail(error);
        return;
    }

    const QSet<QString> known = d->ledger.knownUidls(d->account.id);
    QSet<QString> planned;
    for (const auto &entry : std::as_const(d->listing)) {
        const QString uidl = QString::fromLatin1(entry.uid);
        // A server that (wrongly) gives two messages one UIDL gets the first downloaded only:
        // the ledger could not tell the second from the first next time.
        if (known.contains(uidl) || planned.contains(uidl))
            continue;
        planned.insert(uidl);
        d->wanted.append(entry);
        d->wantedBytes += d->sizes.value(entry.number);
    }
    retrieveNext();
}

void Pop3DownloadTask::retrieveNext()
{
    if (d->next >= d->wanted.size()) {
        deleteDue();
        return;
    }
    const auto entry = d->wanted.at(d->next);
    d->message.clear();
    d->message.reserve(qsizetype(qMin<qint64>(d->sizes.value(entry.number), 64 << 20)));
    reportDownloadProgress();

    auto *job = new pop3::Pop3RetrieveJob(d->session, entry.number);
    connect(job, &pop3::Pop3RetrieveJob::dataReceived, this, [this](const QByteArray &chunk) {
        d->message += chunk;
        if (d->bytes + d->message.size() - d->reportedBytes >= progressStepBytes)
            reportDownloadProgress();
    });
    connect(job, &net::Job::finished, this, [this, job, entry] {
        if (isFinished())
            return;
        if (job->failed() || !job->isComplete()) {
            const net::NetError error = job->error();
            d->message.clear();
            // -ERR for one message (RFC 1939 s5): skip it and try again next time; anything
            // else means the connection is gone, and with it any DELE (none was sent yet).
            if (error.code == Code::CommandRejected || error.code == Code::TemporaryFailure) {
                d->problems.append(error.message);
                ++d->next;
                retrieveNext();
            } else {
                fail(error);
            }
            return;
        }
        // Said before the save, so a person (and the crash test) sees the download is
        // complete and the message is being put away.
        reportDownloadProgress(true);
        const QByteArray raw = std::exchange(d->message, {});
        if (!save(QString::fromLatin1(entry.uid), raw))
            return;
        ++d->next;
        retrieveNext();
    });
    job->start();
}

bool Pop3DownloadTask::save(const QString &uidl, const QByteArray &raw)
{
    const QDateTime now = d->clock().toUTC();
    const store::MessageSummary summary = summaryOf(raw, now);

    // The folder, the message, its body and its UIDL in one transaction (the ledger's
    // nested one joins it): a crash before the commit keeps none of them, so the next run
    // downloads the message again; after it, all of them, so it is never downloaded again.
    store::WriteTransaction transaction(d->cache);
    store::StoreError error = transaction.begun();
    if (!error) {
        store::FolderRecord inbox;
        inbox.accountId = d->account.id;
        inbox.path = QStringLiteral("INBOX");
        inbox.role = store::FolderRole::Inbox;
        inbox.local = true;
        const auto folder = store::FolderStore(d->cache).ensure(inbox, &error);
        if (!error && !folder)
            error = { store::StoreError::Failed,
                      tr("Magpie could not make the local Inbox of %1 in its mail cache %2.")
                          .arg(d->account.id, d->cache.path()) };
        if (!error)
            d->ledger.saveDownloaded(d->account.id, uidl, folder->id, summary, raw, now, &error);
        if (!error)
            error = transaction.commit();
    }
    if (error) {
        fail(error);
        return false;
    }
    ++d->downloaded;
    d->bytes += raw.size();
    d->reportedBytes = d->bytes;
    return true;
}

void Pop3DownloadTask::deleteDue()
{
    QStringList onServer;
    QHash<QString, quint32> numbers;
    for (const auto &entry : std::as_const(d->listing)) {
        const QString uidl = QString::fromLatin1(entry.uid);
        onServer.append(uidl);
        numbers.insert(uidl, entry.number); // the first message of a repeated UIDL stays
    }
    store::Pop3Ledger::DeletionPolicy policy;
    policy.leaveOnServer = d->account.pop3LeaveOnServer;
    policy.deleteAfterDays = d->account.pop3DeleteAfterDays;
    // Only UIDLs in the ledger come back, i.e. messages whose save was committed.
    const QStringList due =
        d->ledger.dueForDeletion(d->account.id, onServer, policy, d->clock().toUTC());
    if (due.isEmpty()) {
        quit();
        return;
    }
    QList<quint32> dueNumbers;
    QHash<quint32, QString> uidlOf;
    for (const QString &uidl : due) {
        const quint32 number = numbers.value(uidl);
        dueNumbers.append(number);
        uidlOf.insert(number, uidl);
    }
    reportProgress(tr("Deleting %n downloaded message(s) from %1", nullptr, int(due.size()))
                       .arg(d->account.incomingServer.host));
    auto *job = new pop3::Pop3DeleteJob(d->session, dueNumbers);
    connect(job, &net::Job::finished, this, [this, job, uidlOf] {
        if (isFinished())
            return;
        for (const quint32 number : job->deletedNumbers())
            d->marked.append(uidlOf.value(number));
        if (job->failed()) {
            const Code code = job->error().code;
            if (code != Code::CommandRejected && code != Code::TemporaryFailure) {
                // The connection is gone before QUIT: the server forgets every DELE
                // (RFC 1939 s6), so nothing was deleted; the next run tries again.
                d->marked.clear();
                fail(job->error());
                return;
            }
            d->problems.append(job->error().message);
        }
        quit();
    });
    job->start();
}

void Pop3DownloadTask::quit()
{
    d->quitting = true;
    d->session->quit();
}

void Pop3DownloadTask::sessionClosed(const net::NetError &error)
{
    if (isFinished())
        return;
    if (!d->quitting) {
        fail(error.isError() ? error
                             : net::NetError::make(Code::ConnectionLost,
                                                   tr("The POP3 server %1 closed the connection.")
                                                       .arg(d->account.incomingServer.host)));
        return;
    }
    if (error.isError()) {
        if (d->marked.isEmpty()) {
            // Everything downloaded is saved; an unanswered QUIT changed nothing else.
            finishDownload();
            return;
        }
        // RFC 1939 s6: without QUIT's +OK the UPDATE state may not have happened. The
        // messages stay recorded as on the server; the next run deletes them again.
        SyncProblem problem = problemFrom(error);
        problem.message = tr("%1 The %n message(s) marked for deletion on %2 may still be "
                             "there; Magpie will delete them next time.",
                             nullptr, int(d->marked.size()))
                              .arg(error.message, d->account.incomingServer.host);
        problem.willRetry = true;
        finishWithProblem(problem);
        return;
    }
    if (const store::StoreError stored = d->ledger.markDeleted(d->account.id, d->marked)) {
        // Harmless: the next UIDL listing no longer names them, and they are forgotten then.
        d->problems.append(stored.message);
    }
    d->deleted = d->marked.size();
    finishDownload();
}

void Pop3DownloadTask::finishDownload()
{
    reportProgress(tr("%n new message(s) downloaded from %1", nullptr, int(d->downloaded))
                       .arg(d->account.incomingServer.host),
                   d->bytes, d->bytes);
    if (d->problems.isEmpty()) {
        finishWithSuccess();
        return;
    }
    SyncProblem problem;
    problem.kind = SyncProblem::Kind::Server;
    problem.willRetry = true;
    problem.message = d->problems.join(u' ');
    finishWithProblem(problem);
}

void Pop3DownloadTask::stopWithoutUidl()
{
    SyncProblem problem;
    problem.kind = SyncProblem::Kind::Server;
    problem.willRetry = false;
    problem.message =
        tr("The POP3 server %1 does not support UIDL, so Magpie cannot tell which messages it "
           "has already downloaded and would download them again every time. Nothing was "
           "downloaded. Use IMAP for this account if the provider offers it.")
            .arg(d->account.incomingServer.host);
    finishWithProblem(problem);
    d->quitting = true;
    d->session->quit();
}

void Pop3DownloadTask::fail(const net::NetError &error)
{
    finishWithNetError(error);
    // No QUIT: whatever was marked with DELE stays on the server (RFC 1939 s6).
    if (d->session)
        d->session->abort();
}

void Pop3DownloadTask::fail(const store::StoreError &error)
{
    finishWithStoreError(error);
    if (d->session)
        d->session->abort();
}

void Pop3DownloadTask::reportDownloadProgress(bool saving)
{
    const qint64 done = d->bytes + d->message.size();
    d->reportedBytes = done;
    const qint64 number = qMin<qint64>(d->next + 1, d->wanted.size());
    const QString host = d->account.incomingServer.host;
    const QString activity = saving
        ? tr("Saving message %1 of %2 from %3").arg(number).arg(d->wanted.size()).arg(host)
        : tr("Downloading message %1 of %2 from %3").arg(number).arg(d->wanted.size()).arg(host);
    // Bytes when LIST gave the sizes (finer for big messages), else messages.
    if (d->wantedBytes > 0)
        reportProgress(activity, qMin(done, d->wantedBytes), d->wantedBytes);
    else
        reportProgress(activity, d->next, d->wanted.size());
}

} // namespace magpie::sync
