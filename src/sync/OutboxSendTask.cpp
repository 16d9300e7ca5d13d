// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/OutboxSendTask.h"

#include "mime/Message.h"
#include "mime/MessageIds.h"
#include "net/imap/AppendJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/SelectJob.h"
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/OutboxQueue.h"
#include "sync/MessageIdSearchJob.h"
#include "sync/RetrySchedule.h"

#include <QPointer>
#include <QTimer>

// How a pass goes (DESIGN.md, "The path of a message"):
//
// 1. Sending. The due entries (OutboxQueue::due) go one by one over one SMTP connection.
//    Each is marked Sending (committed) before its first byte, and Unconfirmed (committed)
//    just before DATA's final dot (SmtpSendJob::endOfDataAboutToBeSent), so whatever moment
//    the program dies at, the entry says what the server can have: Sending never reached
//    the dot and is sent again by the next pass; Unconfirmed may have been delivered and is
//    left to the person (RFC 5321 s4.1.1.4, RFC 1047). The reply then settles it: 250 ->
//    Sent; 4xx or a connection lost before the dot -> Queued for RetrySchedule's next
//    attempt; 5xx -> Failed with the server's words; no reply -> stays Unconfirmed.
//
//    Some recipients refused while others were accepted: the message went to those that
//    were accepted, so sending it again would give them a second copy. The entry becomes
//    Sent with a note naming the refused ones (and the server's words) in its lastError,
//    is filed like any sent message, and the task reports the note as a problem (kind
//    Server, not retried), so the person learns who did not get it.
//
// 2. Filing (every Sent entry, also those an earlier pass could not file). POP3 accounts:
//    the cache's local Sent folder gets the message (summary and body) in the transaction
//    that removes the entry. IMAP accounts, with the session given by setImapSession(): the
//    Sent folder is the cache's folder with the Sent role (RFC 6154), else its folder
//    named "Sent", else "Sent" on the server as is; Magpie does not create a missing one
//    (the entry then stays Sent and the task says why). The folder is EXAMINEd, then for
//    each message UID SEARCH HEADER Message-ID finds whether a copy is there already (an
//    earlier APPEND whose reply was lost); only if not, APPEND with \Seen. Then the entry is
//    removed. The cache learns of the copy from the next sync of that folder rather than
//    here, so it gets its real UID and flags and never a second row.
//
// Entries are independent: one failing does not stop the others, unless the connection or
// the login failed; then every entry not yet tried is Queued for the next attempt, as a
// failed attempt, so the runtime's next pass does not hammer a server that is down.

namespace magpie::sync {

using store::OutboxEntry;
using store::OutboxQueue;

struct OutboxSendTask::Private
{
    Private(const AccountConfig &account, const net::Credentials &credentials,
            store::MailCache &cache)
        : account(account)
        , credentials(credentials)
        , cache(cache)
        , queue(cache)
    { }

    AccountConfig account;
    net::Credentials credentials;
    store::MailCache &cache;
    OutboxQueue queue;
    QPointer<imap::ImapSession> imap;
    QDateTime fixedNow;
    int sent = 0;
    int failed = 0;

    // Sending
    smtp::SmtpSession *smtp = nullptr;
    QList<OutboxEntry> due;
    qsizetype next = 0;
    bool smtpOpened = false;
    bool smtpPhaseOver = false;
    net::NetError connectionError; // the connection or login failed
    net::NetError sendNetError;    // the connection ended during the pass

    // Filing
    QList<OutboxEntry> filing;
    qsizetype nextFiling = 0;
    QString sentFolder;

    // What the person should hear about at the end.
    QStringList notices;
    bool anyPermanent = false;
    store::StoreError storeError;

    QDateTime now() const
    {
        return fixedNow.isValid() ? fixedNow : QDateTime::currentDateTimeUtc();
    }
};

OutboxSendTask::OutboxSendTask(const AccountConfig &account,
                               const net::Credentials &smtpCredentials, store::MailCache &cache,
                               QObject *parent)
    : SyncTask(account.id, parent)
    , d(std::make_unique<Private>(account, smtpCredentials, cache))
{ }

OutboxSendTask::~OutboxSendTask()
{
    if (d->smtp)
        d->smtp->disconnect(this);
}

void OutboxSendTask::setImapSession(imap::ImapSession *session)
{
    d->imap = session;
}

void OutboxSendTask::setNow(const QDateTime &now)
{
    d->fixedNow = now.toUTC();
}

int OutboxSendTask::sent() const
{
    return d->sent;
}

int OutboxSendTask::failed() const
{
    return d->failed;
}

void OutboxSendTask::doStart()
{
    d->due = d->queue.due(accountId(), d->now());
    if (d->due.isEmpty()) {
        startFiling();
        return;
    }
    if (d->account.smtpServer.host.isEmpty()) {
        d->notices.append(tr("%n message(s) wait in the outbox, but the account %1 has no "
                             "outgoing (SMTP) server; add one in its settings.",
                             nullptr, int(d->due.size()))
                              .arg(d->account.displayName.isEmpty() ? d->account.address
                                                                    : d->account.displayName));
        d->anyPermanent = true;
        startFiling();
        return;
    }
    reportProgress(tr("Connecting to %1").arg(d->account.smtpServer.host));
    d->smtp = new smtp::SmtpSession(this);
    connect(d->smtp, &smtp::SmtpSession::opened, this, &OutboxSendTask::smtpOpened);
    connect(d->smtp, &smtp::SmtpSession::closed, this, &OutboxSendTask::smtpClosed);
    d->smtp->connectToServer(d->account.smtpServer);
}

void OutboxSendTask::smtpOpened()
{
    d->smtpOpened = true;
    const net::Credentials &credentials = d->credentials;
    if (credentials.user.isEmpty() && !credentials.hasToken()) {
        QTimer::singleShot(0, this, &OutboxSendTask::sendNext);
        return;
    }
    auto *login = new smtp::SmtpLoginJob(d->smtp, credentials);
    connect(login, &net::Job::finished, this, [this, login] {
        if (login->failed()) {
            connectionFailed(login->error());
            return;
        }
        QTimer::singleShot(0, this, &OutboxSendTask::sendNext);
    });
    login->start();
}

void OutboxSendTask::smtpClosed(const net::NetError &error)
{
    if (d->smtpPhaseOver)
        return;
    if (!d->smtpOpened) {
        connectionFailed(error.isError()
                             ? error
                             : net::NetError::make(net::NetError::Code::ConnectionLost,
                                                   tr("The connection to %1 was closed.")
                                                       .arg(d->account.smtpServer.host)));
        return;
    }
    // During the pass: the entry being sent (if any) has its own answer from its job; the
    // ones after it stay as they are for the next pass.
    if (error.isError() && !d->sendNetError.isError())
        d->sendNetError = error;
}

void OutboxSendTask::connectionFailed(const net::NetError &error)
{
    if (d->smtpPhaseOver)
        return;
    d->connectionError = error;
    // Every entry not yet tried counts a failed attempt, so a server that is down is not
    // asked again at once; a refused login is kept in the entry for the outbox to show.
    const QDateTime now = d->now();
    for (qsizetype i = d->next; i < d->due.size(); ++i) {
        const OutboxEntry &entry = d->due.at(i);
        const int attempts = entry.attempts + 1;
        if (const store::StoreError error2 = d->queue.markQueuedForRetry(
                entry.id, error.message, attempts, RetrySchedule::nextAttempt(now, attempts));
            error2 && error2.code != store::StoreError::NotFound && !d->storeError)
            d->storeError = error2;
    }
    d->next = d->due.size();
    endSmtpPhase();
}

void OutboxSendTask::sendNext()
{
    if (d->smtpPhaseOver)
        return;
    if (d->storeError || d->sendNetError.isError() || !d->smtp->isOpen()
        || d->next >= d->due.size()) {
        endSmtpPhase();
        return;
    }
    const OutboxEntry &entry = d->due.at(d->next);
    reportProgress(tr("Sending “%1”").arg(entry.subject), d->next, d->due.size());
    // Committed before the first byte: a crash from here on leaves Sending, which the next
    // pass sends again (nothing can have been delivered before the final dot).
    if (const store::StoreError error = d->queue.markSending(entry.id)) {
        if (error.code != store::StoreError::NotFound) {
            d->storeError = error;
            endSmtpPhase();
            return;
        }
        ++d->next; // discarded meanwhile
        QTimer::singleShot(0, this, &OutboxSendTask::sendNext);
        return;
    }
    QStringList recipients;
    for (const QByteArray &recipient : entry.recipients)
        recipients.append(QString::fromUtf8(recipient));
    const smtp::SmtpEnvelope envelope(QString::fromUtf8(entry.envelopeFrom), recipients);
    auto *job = new smtp::SmtpSendJob(d->smtp, envelope, entry.raw);
    const qint64 id = entry.id;
    connect(job, &smtp::SmtpSendJob::endOfDataAboutToBeSent, this, [this, id] {
        const store::StoreError error = d->queue.markUnconfirmed(
            id, tr("The message was sent to the server; its answer has not come yet."));
        if (error) {
            // Unrecorded, a crash now could send it twice: stop before the final dot.
            d->storeError = error;
            d->smtp->abort();
        }
    });
    connect(job, &net::Job::finished, this, [this, job] { sendFinished(job); });
    job->start();
}

void OutboxSendTask::sendFinished(smtp::SmtpSendJob *job)
{
    const OutboxEntry entry = d->due.at(d->next);
    ++d->next;
    const QDateTime now = d->now();
    const net::NetError &error = job->error();
    store::StoreError written;
    if (!job->failed()) {
        QString note;
        const QList<smtp::SmtpSendJob::RecipientResult> refused = job->refusedRecipients();
        if (!refused.isEmpty()) {
            QStringList parts;
            for (const smtp::SmtpSendJob::RecipientResult &result : refused) {
                parts.append(tr("%1 (%2)").arg(
                    result.address,
                    net::NetError::quotable(QString::fromUtf8(result.reply.summary()))));
            }
            note = tr("Sent to %1, but not to %2: the server refused them, so they did not get "
                      "the message.")
                       .arg(job->acceptedRecipients().join(u", "), parts.join(u", "));
            d->notices.append(tr("“%1”: %2").arg(entry.subject, note));
            d->anyPermanent = true;
        }
        written = d->queue.markSent(entry.id, note);
        ++d->sent;
    } else if (d->storeError) {
        // The session was stopped because the cache could not record the attempt: the entry
        // stays Sending and is sent again by the next pass (the dot never went out).
    } else if (job->deliveryUncertain()) {
        const QString text =
            tr("%1 Magpie will not send it again on its own, so nobody gets it twice: check "
               "with a recipient or in the Sent folder, then send it again or discard it.")
                .arg(error.message);
        written = d->queue.markUnconfirmed(entry.id, text);
        d->notices.append(tr("“%1”: %2").arg(entry.subject, text));
        d->anyPermanent = true;
        ++d->failed;
    } else if (error.code == net::NetError::Code::Aborted) {
        // Stopped from here (the runtime shutting down): not the server's doing, so not a
        // failed attempt; due again at once.
        written = d->queue.markQueuedForRetry(entry.id, error.message, entry.attempts, now);
    } else if (error.isTemporary()) {
        const int attempts = entry.attempts + 1;
        const auto delay = RetrySchedule::delayAfter(attempts);
        const QString text = tr("%1 Magpie will try again in %n minute(s).", nullptr,
                                int(delay.count()))
                                 .arg(error.message);
        written = d->queue.markQueuedForRetry(entry.id, text, attempts,
                                              RetrySchedule::nextAttempt(now, attempts));
        d->notices.append(tr("“%1”: %2").arg(entry.subject, text));
    } else {
        written = d->queue.markFailed(entry.id, error.message);
        d->notices.append(tr("“%1”: %2").arg(entry.subject, error.message));
        d->anyPermanent = true;
        ++d->failed;
    }
    if (written && written.code != store::StoreError::NotFound && !d->storeError)
        d->storeError = written;
    // Queued: this may run inside the session's own shutdown.
    QTimer::singleShot(0, this, &OutboxSendTask::sendNext);
}

void OutboxSendTask::endSmtpPhase()
{
    if (d->smtpPhaseOver)
        return;
    d->smtpPhaseOver = true;
    if (d->smtp && d->smtp->state() != smtp::SmtpSession::State::Disconnected)
        d->smtp->quit();
    QTimer::singleShot(0, this, &OutboxSendTask::startFiling);
}

// --- filing ------------------------------------------------------------------------------

void OutboxSendTask::startFiling()
{
    if (d->storeError) {
        finish();
        return;
    }
    d->filing = d->queue.awaitingFiling(accountId());
    d->nextFiling = 0;
    if (d->filing.isEmpty()) {
        finish();
        return;
    }
    if (d->account.incoming == AccountConfig::Incoming::Pop3) {
        fileLocally();
        finish();
        return;
    }
    if (!d->imap || !(d->imap->state() == imap::ImapSession::State::Authenticated
                      || d->imap->state() == imap::ImapSession::State::Selected)) {
        finish(); // filed by a later pass that has a logged-in IMAP session
        return;
    }
    // Jobs die with their session: should it be deleted under us, end rather than wait.
    connect(d->imap, &QObject::destroyed, this, [this] { finish(); });
    store::FolderStore folders(d->cache);
    std::optional<store::FolderRecord> folder =
        folders.folderByRole(accountId(), store::FolderRole::Sent);
    if (!folder)
        folder = folders.folderByPath(accountId(), QStringLiteral("Sent"));
    d->sentFolder = folder ? folder->path : QStringLiteral("Sent");
    reportProgress(tr("Filing sent messages in %1").arg(d->sentFolder), 0, d->filing.size(),
                   d->sentFolder);
    // EXAMINE: nothing here changes the folder's flags (RFC 3501 s6.3.2).
    auto *examine = new imap::SelectJob(d->imap, d->sentFolder);
    examine->setReadOnly(true);
    connect(examine, &net::Job::finished, this, [this, examine] {
        if (examine->failed()) {
            d->notices.append(tr("%n sent message(s) could not be filed in %1: %2 They stay "
                                 "in the outbox until they are.",
                                 nullptr, int(d->filing.size()))
                                  .arg(d->sentFolder, examine->errorString()));
            finish();
            return;
        }
        fileNext();
    });
    examine->start();
}

void OutboxSendTask::fileNext()
{
    if (d->nextFiling >= d->filing.size() || !d->imap || !d->imap->isOpen() || d->storeError) {
        finish();
        return;
    }
    const OutboxEntry &entry = d->filing.at(d->nextFiling);
    reportProgress(tr("Filing sent messages in %1").arg(d->sentFolder), d->nextFiling,
                   d->filing.size(), d->sentFolder);
    QByteArray messageId = entry.messageId;
    if (messageId.isEmpty())
        messageId = mime::Message(entry.raw).messageId();
    if (messageId.isEmpty()) {
        // Nothing to look for: filed as it is (a message Magpie built always has one).
        append(entry);
        return;
    }
    auto *search = new MessageIdSearchJob(d->imap, messageId);
    connect(search, &net::Job::finished, this, [this, search, entry] {
        if (search->failed()) {
            fileFailed(entry, search->error());
            return;
        }
        if (search->found()) {
            filed(entry); // an earlier APPEND got there; its reply was lost
            return;
        }
        append(entry);
    });
    search->start();
}

void OutboxSendTask::append(const OutboxEntry &entry)
{
    auto *job = new imap::AppendJob(d->imap);
    job->setMailbox(d->sentFolder);
    job->setMessage(entry.raw);
    job->setFlags({ QByteArrayLiteral("\\Seen") });
    connect(job, &net::Job::finished, this, [this, job, entry] {
        if (job->failed()) {
            fileFailed(entry, job->error());
            return;
        }
        filed(entry);
    });
    job->start();
}

void OutboxSendTask::filed(const OutboxEntry &entry)
{
    if (const store::StoreError error = d->queue.remove(entry.id);
        error && error.code != store::StoreError::NotFound)
        d->storeError = error;
    ++d->nextFiling;
    QTimer::singleShot(0, this, &OutboxSendTask::fileNext);
}

void OutboxSendTask::fileFailed(const OutboxEntry &entry, const net::NetError &error)
{
    // The entry stays Sent: the next pass looks for it by Message-ID before filing again.
    d->notices.append(tr("“%1” was sent, but could not be filed in %2: %3 Magpie will try "
                         "again.")
                          .arg(entry.subject, d->sentFolder, error.message));
    ++d->nextFiling;
    QTimer::singleShot(0, this, &OutboxSendTask::fileNext);
}

void OutboxSendTask::fileLocally()
{
    // POP3: the account's Sent lives only in this cache. The message, its body and the
    // outbox entry's removal are one transaction: either it is in Sent or still queued.
    store::FolderStore folders(d->cache);
    store::MessageStore messages(d->cache);
    store::BodyStore bodies(d->cache);
    for (const OutboxEntry &entry : std::as_const(d->filing)) {
        store::WriteTransaction transaction(d->cache);
        if (const store::StoreError error = transaction.begun()) {
            d->storeError = error;
            return;
        }
        store::FolderRecord wanted;
        wanted.accountId = accountId();
        wanted.path = QStringLiteral("Sent"); // a stable name: looked up by role anyway
        wanted.role = store::FolderRole::Sent;
        wanted.local = true;
        std::optional<store::FolderRecord> folder = folders.folderByRole(accountId(),
                                                                         store::FolderRole::Sent);
        store::StoreError error;
        if (!folder)
            folder = folders.ensure(wanted, &error);
        if (!folder) {
            d->storeError = error ? error
                                  : store::StoreError { store::StoreError::Failed,
                                                        tr("Magpie could not make the local "
                                                           "Sent folder.") };
            return;
        }
        const store::MessageSummary summary = summaryOf(entry, folder->id);
        bool already = false;
        if (!summary.messageId.isEmpty()) {
            for (const store::MessageSummary &existing :
                 messages.messagesWithMessageId(accountId(), summary.messageId))
                already = already || existing.folderId == folder->id;
        }
        if (!already) {
            const QList<qint64> ids = messages.add(folder->id, { summary }, &error);
            if (error || ids.size() != 1) {
                d->storeError = error;
                return;
            }
            if ((error = bodies.save(ids.first(), entry.raw))) {
                d->storeError = error;
                return;
            }
        }
        if ((error = d->queue.remove(entry.id)) && error.code != store::StoreError::NotFound) {
            d->storeError = error;
            return;
        }
        if ((error = transaction.commit())) {
            d->storeError = error;
            return;
        }
    }
}

store::MessageSummary OutboxSendTask::summaryOf(const OutboxEntry &entry, qint64 folderId) const
{
    const mime::Message message(entry.raw);
    store::MessageSummary summary;
    summary.folderId = folderId;
    summary.flags.set(store::MessageFlags::Seen);
    const QDateTime now = d->now();
    summary.date = message.date().value_or(entry.createdAt.isValid() ? entry.createdAt : now)
                       .toUTC();
    summary.receivedAt = now;
    const QList<mime::Mailbox> from = message.addresses("From");
    if (!from.isEmpty())
        summary.from = from.first();
    summary.to = message.addresses("To");
    summary.cc = message.addresses("Cc");
    summary.subject = message.subject().isNull() ? entry.subject : message.subject();
    summary.messageId = entry.messageId.isEmpty()
                            ? mime::MessageIds::bracketed(message.messageId())
                            : entry.messageId;
    summary.inReplyTo = mime::MessageIds::bracketed(message.inReplyTo());
    for (const QByteArray &id : message.references())
        summary.references.append(mime::MessageIds::bracketed(id));
    summary.size = quint64(entry.raw.size());
    return summary;
}

// --- the end -----------------------------------------------------------------------------

void OutboxSendTask::finish()
{
    if (d->storeError) {
        finishWithStoreError(d->storeError);
        return;
    }
    if (d->connectionError.isError()) {
        finishWithNetError(d->connectionError);
        return;
    }
    if (d->sendNetError.isError() && d->next < d->due.size()) {
        // The connection ended with messages left: they go with the next pass.
        finishWithNetError(d->sendNetError);
        return;
    }
    if (d->notices.isEmpty()) {
        finishWithSuccess();
        return;
    }
    SyncProblem problem;
    problem.kind = SyncProblem::Kind::Server;
    problem.message = d->notices.join(u'\n');
    problem.willRetry = !d->anyPermanent;
    finishWithProblem(problem);
}

} // namespace magpie::sync
