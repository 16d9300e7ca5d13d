// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/CopyUid.h"
#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QString>

#include <optional>

namespace magpie::imap {

// Moves messages from the selected mailbox to another, keeping DESIGN.md's data-safety rule
// ("Store"): UID MOVE when the server offers MOVE (RFC 6851 s3.2); otherwise UID COPY, then
// only if the copy succeeded UID STORE +FLAGS.SILENT (\Deleted) of the originals, then
// UID EXPUNGE of exactly those UIDs (RFC 4315 s2.1) when UIDPLUS is offered. Without UIDPLUS
// it never sends a bare EXPUNGE, which would also remove messages other clients marked
// \Deleted: the originals stay, marked \Deleted, and originalsLeftDeleted() / notice() say so.
//
// All commands run inside this one job, so no other job's command can come in between.
class MoveJob : public ImapJob
{
    Q_OBJECT
public:
    explicit MoveJob(ImapSession *session);
    ~MoveJob() override;

    void setUids(const UidSet &uids);
    void setDestination(const QString &mailbox);

    // The new UIDs in the destination, when the server said (COPYUID, RFC 4315 s3 / RFC 6851
    // s4.3).
    const std::optional<CopyUid> &copyUid() const { return m_copyUid; }
    // The destination does not exist (NO [TRYCREATE], RFC 3501 s6.4.7); nothing was changed.
    bool destinationMissing() const { return m_destinationMissing; }
    // The messages were copied and the originals marked \Deleted, but not expunged (the
    // server has neither MOVE nor UIDPLUS); notice() is the sentence to show.
    bool originalsLeftDeleted() const { return m_leftDeleted; }
    QString notice() const { return m_notice; }
    // The copy is done (by MOVE or COPY): the destination holds the messages, whatever
    // happened afterwards.
    bool copied() const { return m_copied; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    enum class Step { Move, Copy, MarkDeleted, Expunge };
    QString what() const;
    QString count() const;
    void readCopyUid(const ImapResponse &response);
    void sendStep(Step step);

    UidSet m_uids;
    QString m_destination;
    QString m_source;
    Step m_step = Step::Move;
    std::optional<CopyUid> m_copyUid;
    bool m_destinationMissing = false;
    bool m_leftDeleted = false;
    bool m_copied = false;
    QString m_notice;
};

} // namespace magpie::imap
