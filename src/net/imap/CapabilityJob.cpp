// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/CapabilityJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

CapabilityJob::CapabilityJob(ImapSession *session)
    : ImapJob(session)
{ }

CapabilityJob::~CapabilityJob() = default;

QSet<QByteArray> CapabilityJob::capabilities() const
{
    return session()->capabilities();
}

void CapabilityJob::doStart()
{
    send(ImapCommand("CAPABILITY"));
}

void CapabilityJob::handleTagged(const ImapResponse &response)
{
    // The session took the untagged CAPABILITY (or a [CAPABILITY] code) on its way here.
    if (response.status == ImapResponse::Status::Ok)
        finishWithSuccess();
    else
        finishWithError(errorFrom(response, tr("Asking %1 what it supports").arg(host())));
}

} // namespace magpie::imap
