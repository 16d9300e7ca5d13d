// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QByteArray>

namespace magpie::sync {

// UID SEARCH HEADER Message-ID "<id>" (RFC 3501 s6.4.4) in the selected mailbox: is a copy
// of this message already there? The outbox asks before filing a sent message in Sent, so
// an APPEND whose reply was lost is never repeated into a second copy. HEADER matches a
// substring of the field's value, so "<id>" with its brackets finds exactly that Message-ID
// (a reply's References field is a different field). The answer is "* SEARCH 3 9"; no
// RETURN option is sent, so an ESEARCH server answers that way too (RFC 4731 s3.1), though
// an ESEARCH answer is read as well.
//
// (imap::SearchCriteria has no HEADER key; this job builds the one command it needs from
// ImapCommand's typed parts, so the Message-ID goes quoted or as a literal, never raw.)
class MessageIdSearchJob : public imap::ImapJob
{
    Q_OBJECT
public:
    // `messageId` with or without its angle brackets; it is searched with them.
    MessageIdSearchJob(imap::ImapSession *session, const QByteArray &messageId);
    ~MessageIdSearchJob() override;

    const imap::UidSet &uids() const { return m_uids; }
    bool found() const { return !m_uids.isEmpty(); }

protected:
    void doStart() override;
    bool handleUntagged(const imap::ImapResponse &response) override;
    void handleTagged(const imap::ImapResponse &response) override;

private:
    QString what() const;

    QByteArray m_messageId;
    QByteArray m_tag;
    imap::UidSet m_uids;
    bool m_unreadable = false;
};

} // namespace magpie::sync
