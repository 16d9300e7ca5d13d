// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncTask.h"

#include <QList>

#include <memory>

namespace magpie::imap {
class ImapSession;
}
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Replays an account's pending offline operations on an open session, oldest first
// (RFC 4549 s4.2): flags by UID STORE (UNCHANGEDSINCE when CONDSTORE is on), moves by MOVE or
// COPY -> STORE \Deleted -> UID EXPUNGE of exactly those UIDs (never a bare EXPUNGE), drafts
// by APPEND (APPENDUID). An operation is removed only after the server confirmed it; on a
// dropped connection the rest wait for the next pass. Conflicts go the server's way without
// losing the person's copy: a message gone from the server that was being moved or edited is
// uploaded again from the cached body into the target folder; a flag change on a message
// that no longer exists is dropped and reported as a Conflict progress note.
//
// Replays are idempotent: an operation counts its attempts, and one whose earlier attempt may
// have reached the server looks for the message in the target by Message-ID before copying or
// uploading it again (UID SEARCH HEADER Message-ID), so a dropped connection never files two
// copies. Messages are resolved from their cache rows at replay time (see PendingOperation).
class OperationReplayTask : public SyncTask
{
    Q_OBJECT
public:
    OperationReplayTask(const QString &accountId, imap::ImapSession *session,
                        store::MailCache &cache, QObject *parent = nullptr);
    ~OperationReplayTask() override;

    int replayed() const;
    // Every conflict met in this pass, in order (also emitted as conflictResolved()).
    const QList<SyncProblem> &conflicts() const;

Q_SIGNALS:
    // An offline change could not be applied as made; the problem (kind Conflict) says what
    // was kept. The pass goes on.
    void conflictResolved(const magpie::sync::SyncProblem &problem);

protected:
    void doStart() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
