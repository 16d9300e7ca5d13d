// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

namespace magpie::imap {

// NOOP (RFC 3501 s6.1.2): gives the server a chance to announce changes (they arrive as the
// session's signals) and keeps an idle connection alive.
class NoopJob : public ImapJob
{
    Q_OBJECT
public:
    explicit NoopJob(ImapSession *session);
    ~NoopJob() override;

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;
};

} // namespace magpie::imap
