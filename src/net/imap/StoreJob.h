// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QByteArrayList>

namespace magpie::imap {

// UID STORE (RFC 3501 s6.4.6, s6.4.8): add, remove or replace flags on a UID set, optionally
// .SILENT, optionally only where the message has not changed since a modification sequence
// (UNCHANGEDSINCE, RFC 7162 s3.1.3). Messages changed in between are left alone by the server
// and reported by "[MODIFIED 7,9]": modifiedUids() lists them, so the caller can fetch their
// new flags and decide again instead of overwriting someone else's change.
class StoreJob : public ImapJob
{
    Q_OBJECT
public:
    enum class Mode {
        Add, // +FLAGS
        Remove, // -FLAGS
        Replace, // FLAGS
    };

    explicit StoreJob(ImapSession *session);
    ~StoreJob() override;

    void setUids(const UidSet &uids);
    // "\Seen", "\Flagged", "\Deleted", "\Answered", "\Draft" or a keyword ("$Junk"); an
    // invalid flag fails the job before anything is sent.
    void setFlags(Mode mode, const QByteArrayList &flags);
    // .SILENT: the server need not send the new flags back (RFC 3501 s6.4.6). With
    // UNCHANGEDSINCE it still sends the new MODSEQ (RFC 7162 s3.1.3).
    void setSilent(bool silent);
    void setUnchangedSince(quint64 modSeq); // needs CONDSTORE

    // The UIDs the server did not change because they were modified since (RFC 7162 s3.1.3).
    const UidSet &modifiedUids() const { return m_modified; }

Q_SIGNALS:
    // The flags and/or MODSEQ the server reported for a stored message.
    void messageUpdated(const magpie::imap::FetchedMessage &message);

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString what() const;

    UidSet m_uids;
    Mode m_mode = Mode::Add;
    QByteArrayList m_flags;
    bool m_silent = false;
    quint64 m_unchangedSince = 0;
    UidSet m_modified;
};

} // namespace magpie::imap
