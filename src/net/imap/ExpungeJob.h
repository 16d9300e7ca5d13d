// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QList>

namespace magpie::imap {

// UID EXPUNGE (RFC 4315 s2.1): permanently removes exactly these messages, if they are marked
// \Deleted, from the selected mailbox. It needs UIDPLUS; without it the job refuses: a bare
// EXPUNGE would also remove every message another client marked \Deleted (DESIGN.md "Store").
// The server's answer, "* n EXPUNGE" (sequence numbers, RFC 3501 s7.4.1) or, with QRESYNC,
// "* VANISHED uids" (RFC 7162 s3.2.10), is collected here; the session reports it as well.
class ExpungeJob : public ImapJob
{
    Q_OBJECT
public:
    explicit ExpungeJob(ImapSession *session);
    ~ExpungeJob() override;

    void setUids(const UidSet &uids);

    // In the order the server sent them (each relative to the mailbox after the ones before).
    const QList<quint32> &expungedSequenceNumbers() const { return m_expunged; }
    const UidSet &vanishedUids() const { return m_vanished; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString what() const;

    UidSet m_uids;
    QList<quint32> m_expunged;
    UidSet m_vanished;
};

} // namespace magpie::imap
