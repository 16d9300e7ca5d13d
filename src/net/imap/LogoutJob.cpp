// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/LogoutJob.h"

namespace magpie::imap {

LogoutJob::LogoutJob(ImapSession *session)
    : ImapJob(session)
{ }

LogoutJob::~LogoutJob() = default;

void LogoutJob::doStart()
{
    send(ImapCommand("LOGOUT"));
}

bool LogoutJob::handleUntagged(const ImapResponse &response)
{
    return response.status == ImapResponse::Status::Bye;
}

void LogoutJob::handleTagged(const ImapResponse &)
{
    // Whatever the server answers, the conversation is over (RFC 3501 s6.1.3).
    finishWithSuccess();
}

void LogoutJob::connectionLost(const net::NetError &)
{
    // Closing right after BYE, before the tagged OK, is what some servers do.
    finishWithSuccess();
}

} // namespace magpie::imap
