// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/CopyUid.h"
#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QString>

#include <optional>

namespace magpie::imap {

// UID COPY (RFC 3501 s6.4.7, s6.4.8) of messages in the selected mailbox to another. With
// UIDPLUS the server says which UIDs the copies got ([COPYUID], RFC 4315 s3): copyUid().
class CopyJob : public ImapJob
{
    Q_OBJECT
public:
    explicit CopyJob(ImapSession *session);
    ~CopyJob() override;

    void setUids(const UidSet &uids);
    void setDestination(const QString &mailbox);

    // Present when the server sent a well-formed COPYUID.
    const std::optional<CopyUid> &copyUid() const { return m_copyUid; }
    // The server answered NO [TRYCREATE]: the destination does not exist (RFC 3501 s6.4.7).
    bool destinationMissing() const { return m_destinationMissing; }

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString what() const;

    UidSet m_uids;
    QString m_destination;
    std::optional<CopyUid> m_copyUid;
    bool m_destinationMissing = false;
};

} // namespace magpie::imap
