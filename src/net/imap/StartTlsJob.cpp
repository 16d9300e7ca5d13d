// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/StartTlsJob.h"

namespace magpie::imap {

using net::NetError;

StartTlsJob::StartTlsJob(ImapSession *session)
    : ImapJob(session)
{ }

StartTlsJob::~StartTlsJob() = default;

void StartTlsJob::doStart()
{
    send(ImapCommand("STARTTLS"));
}

void StartTlsJob::handleTagged(const ImapResponse &response)
{
    if (response.status == ImapResponse::Status::Ok) {
        switchToTls();
        finishWithSuccess();
        return;
    }
    finishWithError(NetError::make(
        NetError::Code::StartTlsUnavailable,
        tr("%1 refused STARTTLS (“%2”), so Magpie will not send your password unencrypted. "
           "Choose SSL/TLS or ask your provider.")
            .arg(host(), response.text),
        response.text.toUtf8()));
}

} // namespace magpie::imap
