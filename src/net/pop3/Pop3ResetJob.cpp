// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3ResetJob.h"

namespace magpie::pop3 {

Pop3ResetJob::Pop3ResetJob(Pop3Session *session)
    : Pop3Job(session)
{ }

Pop3ResetJob::~Pop3ResetJob() = default;

void Pop3ResetJob::doStart()
{
    send("RSET");
}

void Pop3ResetJob::handleReply(const Pop3Reply &reply)
{
    if (reply.isOk())
        finishWithSuccess();
    else
        finishWithError(errorFrom(reply, tr("Undoing the deletions")));
}

} // namespace magpie::pop3
