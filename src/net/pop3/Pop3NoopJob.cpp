// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3NoopJob.h"

namespace magpie::pop3 {

Pop3NoopJob::Pop3NoopJob(Pop3Session *session)
    : Pop3Job(session)
{ }

Pop3NoopJob::~Pop3NoopJob() = default;

void Pop3NoopJob::doStart()
{
    send("NOOP");
}

void Pop3NoopJob::handleReply(const Pop3Reply &reply)
{
    if (reply.isOk())
        finishWithSuccess();
    else
        finishWithError(errorFrom(reply, tr("Checking the connection")));
}

} // namespace magpie::pop3
