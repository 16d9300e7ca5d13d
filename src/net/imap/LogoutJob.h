// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

namespace magpie::imap {

// LOGOUT (RFC 3501 s6.1.3), queued by ImapSession::logout(): the server's BYE is expected
// here, not an error; the session closes the connection when this job ends.
class LogoutJob : public ImapJob
{
    Q_OBJECT
public:
    explicit LogoutJob(ImapSession *session);
    ~LogoutJob() override;

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;
    void connectionLost(const net::NetError &error) override;
};

} // namespace magpie::imap
