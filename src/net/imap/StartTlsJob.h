// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

namespace magpie::imap {

// STARTTLS (RFC 3501 s6.2.1), run by the session while opening when the endpoint asks for
// StartTls. On the tagged OK the session drops whatever else it received and starts the
// handshake (RFC 2595 s3.1); a NO or BAD fails with StartTlsUnavailable, never a fallback.
class StartTlsJob : public ImapJob
{
    Q_OBJECT
public:
    explicit StartTlsJob(ImapSession *session);
    ~StartTlsJob() override;

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;
};

} // namespace magpie::imap
