// SPDX-License-Identifier: GPL-3.0-or-later
// The two ways ImapFolderSyncTask finds an unchanged folder without SELECTing it again (a
// SELECT makes the server open the whole mailbox: Dovecot takes ~0.1-0.2 s for 100,000
// messages in a Maildir, the whole of a resync's time).
#include "sync/ImapFolderSyncTask_p.h"

#include "net/imap/NoopJob.h"

namespace magpie::sync {

QByteArray ImapFolderSyncTask::Private::inStepMark() const
{
    // Which cache, which folder, and the state the last pass saved: a folder reset or synced
    // by someone else since no longer matches.
    return QByteArray("folder-sync ") + QByteArray::number(quintptr(&cache)) + ' '
        + QByteArray::number(folderId) + ' ' + QByteArray::number(folder.uidValidity) + ' '
        + QByteArray::number(folder.uidNext) + ' ' + QByteArray::number(folder.highestModSeq);
}

bool ImapFolderSyncTask::Private::canPoll() const
{
    // The folder is still selected on this session since a pass here brought it in step, and
    // the server has reported no change to it since (ImapSession::inStepMark). Only with
    // CONDSTORE/QRESYNC: there every change comes with its UID and MODSEQ (RFC 7162 s3.2.4),
    // so a pass on it is trusted to have applied all it was told.
    if (!condStore || folder.uidValidity == 0 || folder.uidNext == 0
        || session->state() != imap::ImapSession::State::Selected
        || session->selectedMailbox() != folder.path || session->isReadOnly()
        || session->inStepMark().isEmpty() || session->inStepMark() != inStepMark())
        return false;
    // A LIST-STATUS that already shows a change: the SELECT will be needed anyway.
    if (listed
        && ((listed->uidNext && *listed->uidNext != folder.uidNext)
            || (listed->highestModSeq && *listed->highestModSeq != folder.highestModSeq)
            || (listed->uidValidity && *listed->uidValidity != folder.uidValidity)
            || (listed->messages
                && qint64(*listed->messages) != store::MessageStore(cache).count(folderId))))
        return false;
    return true;
}

void ImapFolderSyncTask::Private::poll()
{
    // Nothing to SELECT again: NOOP asks the server for what changed since (RFC 3501 s6.1.2
    // "a periodic poll for new messages or message status updates"; s5.2: size changes MUST
    // and flag changes SHOULD be sent unasked; with QRESYNC expunges come as VANISHED, RFC
    // 7162 s3.2.10). Re-selecting a big folder costs the server a full open of it (Dovecot:
    // ~0.1-0.2 s for 100,000 messages), the NOOP a fraction of a millisecond. If anything was
    // reported the session has dropped the mark, and the QRESYNC/CONDSTORE SELECT below
    // brings all of it in from the saved HIGHESTMODSEQ, exactly as after a reconnect.
    report(ImapFolderSyncTask::tr("Checking %1 for changes").arg(path()));
    auto *job = new imap::NoopJob(session);
    QObject::connect(job, &net::Job::finished, q, [this, job](net::Job *) {
        if (q->isFinished())
            return;
        if (job->failed())
            return q->finishWithNetError(job->error());
        if (session && session->inStepMark() == inStepMark())
            return q->finishWithSuccess(); // nothing changed; the mark stays
        select();
    });
    job->start();
}

void ImapFolderSyncTask::Private::markInStep()
{
    if (condStore && !unaccounted && session && session->selectedMailbox() == folder.path
        && !session->isReadOnly())
        session->setInStepMark(inStepMark());
}

bool ImapFolderSyncTask::Private::unchangedByListedStatus() const
{
    // Nothing can have changed when, against what the last complete pass saved:
    // - UIDVALIDITY is the same (else every cached UID is void, RFC 3501 s2.3.1.1);
    // - UIDNEXT is the same: it "MUST change whenever new messages are added to the
    //   mailbox, even if those new messages are subsequently expunged" (RFC 3501 s2.3.1.1);
    // - HIGHESTMODSEQ is the same: every flag change gives the message a mod-sequence above
    //   all earlier ones (RFC 7162 s3.1, s3.1.2.1), so a changed message still there raises it;
    // - MESSAGES is the number of messages cached: with no new message, an expunge can only
    //   make it smaller (and any that did not survive, with UIDNEXT equal, were in the cache).
    // A pass that stopped early saved no new state, so its folder never matches. Only with a
    // CONDSTORE enabling command given on this connection (QRESYNC enabled, or CONDSTORE):
    // some servers count mod-sequences only after one (RFC 7162 s3.1.2.1). The selected
    // folder is left to poll()/select(): STATUS of it is not to be relied on (RFC 3501
    // s6.3.10).
    if (!listed || !condStore || !(qresync || session->isEnabled("CONDSTORE")))
        return false;
    if (session->selectedMailbox() == folder.path)
        return false;
    const imap::MailboxStatus &status = *listed;
    if (!status.uidValidity || !status.uidNext || !status.highestModSeq || !status.messages)
        return false;
    if (folder.uidValidity == 0 || folder.uidNext == 0 || folder.highestModSeq == 0)
        return false;
    if (*status.uidValidity != folder.uidValidity || *status.uidNext != folder.uidNext
        || *status.highestModSeq != folder.highestModSeq)
        return false;
    return store::MessageStore(cache).count(folderId) == qint64(*status.messages);
}

} // namespace magpie::sync
