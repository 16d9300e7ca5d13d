// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/NoopJob.h"

namespace magpie::imap {

NoopJob::NoopJob(ImapSession *session)
    : ImapJob(session)
{ }

NoopJob::~NoopJob() = default;

void NoopJob::doStart()
{
    send(ImapCommand("NOOP"));
}

void NoopJob::handleTagged(const ImapResponse &response)
{
    if (response.status == ImapResponse::Status::Ok)
        finishWithSuccess();
    else
        finishWithError(errorFrom(response, tr("Checking %1 for changes").arg(host())));
}

} // namespace magpie::imap
