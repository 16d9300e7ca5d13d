// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/EnableJob.h"

namespace magpie::imap {

EnableJob::EnableJob(ImapSession *session, const QByteArrayList &extensions)
    : ImapJob(session)
    , m_requested(extensions)
{ }

EnableJob::~EnableJob() = default;

void EnableJob::doStart()
{
    // RFC 5161 s3.1: only what the server advertises; ENABLE itself must be offered too.
    ImapCommand command("ENABLE");
    bool any = false;
    for (const QByteArray &extension : std::as_const(m_requested)) {
        if (hasCapability(extension)) {
            command.atom(extension.toUpper());
            any = true;
        }
    }
    if (!any || !hasCapability("ENABLE")) {
        finishWithSuccess();
        return;
    }
    send(command);
}

bool EnableJob::handleUntagged(const ImapResponse &response)
{
    if (response.name != "ENABLED")
        return false;
    for (const ImapValue &value : response.data) // the session records them as well
        m_enabled.append(value.text().toUpper());
    return true;
}

void EnableJob::handleTagged(const ImapResponse &response)
{
    if (response.status == ImapResponse::Status::Ok)
        finishWithSuccess();
    else
        finishWithError(errorFrom(response, tr("Enabling extensions on %1").arg(host())));
}

} // namespace magpie::imap
