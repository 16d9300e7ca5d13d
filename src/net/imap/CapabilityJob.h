// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QSet>

namespace magpie::imap {

// CAPABILITY (RFC 3501 s6.1.1). The session records the answer; capabilities() is a copy.
class CapabilityJob : public ImapJob
{
    Q_OBJECT
public:
    explicit CapabilityJob(ImapSession *session);
    ~CapabilityJob() override;

    QSet<QByteArray> capabilities() const;

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;
};

} // namespace magpie::imap
