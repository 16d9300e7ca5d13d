// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QByteArray>

namespace magpie::sync {

// UID SEARCH HEADER Message-ID "<id>" in the selected mailbox (RFC 3501 s6.4.4): whether a
// message is already there, so that replaying a move or a draft upload whose first attempt
// may have reached the server does not file a second copy. imap::SearchCriteria has no HEADER
// key, and the replay needs nothing else, so this small job lives with it. Without RETURN the
// answer is a plain "* SEARCH" even where ESEARCH is offered (RFC 4731 s3.1).
class MessageIdSearchJob : public imap::ImapJob
{
    Q_OBJECT
public:
    // `messageId` with or without its angle brackets; the search is a substring match
    // (RFC 3501 s6.4.4), so the id is sent without them.
    MessageIdSearchJob(imap::ImapSession *session, const QByteArray &messageId);
    ~MessageIdSearchJob() override;

    const imap::UidSet &uids() const { return m_uids; }

protected:
    void doStart() override;
    bool handleUntagged(const imap::ImapResponse &response) override;
    void handleTagged(const imap::ImapResponse &response) override;

private:
    QByteArray m_messageId;
    imap::UidSet m_uids;
};

} // namespace magpie::sync
