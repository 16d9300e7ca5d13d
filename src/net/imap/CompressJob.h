// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

namespace magpie::imap {

// COMPRESS DEFLATE (RFC 4978): after the tagged OK both directions are raw DEFLATE; bytes
// that came after the OK are already compressed and go to the inflater (RFC 4978 s3).
// Without COMPRESS=DEFLATE offered, or once compression is on, it succeeds without sending.
class CompressJob : public ImapJob
{
    Q_OBJECT
public:
    explicit CompressJob(ImapSession *session);
    ~CompressJob() override;

    bool isActive() const { return m_active; } // compression was switched on by this job

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;

private:
    bool m_active = false;
};

} // namespace magpie::imap
