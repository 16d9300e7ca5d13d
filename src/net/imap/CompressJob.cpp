// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/CompressJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

CompressJob::CompressJob(ImapSession *session)
    : ImapJob(session)
{ }

CompressJob::~CompressJob() = default;

void CompressJob::doStart()
{
    if (!hasCapability("COMPRESS=DEFLATE") || session()->connection()->isCompressed()) {
        finishWithSuccess();
        return;
    }
    send(ImapCommand("COMPRESS").atom("DEFLATE"));
}

void CompressJob::handleTagged(const ImapResponse &response)
{
    if (response.status == ImapResponse::Status::Ok) {
        // RFC 4978 s3: compression starts right after the CRLF of this OK.
        switchToCompression();
        m_active = true;
        finishWithSuccess();
        return;
    }
    // RFC 4978 s4: [COMPRESSIONACTIVE] means it is already on (another layer did it).
    if (response.code && response.code->name == "COMPRESSIONACTIVE") {
        finishWithSuccess();
        return;
    }
    finishWithError(errorFrom(response, tr("Switching on compression")));
}

} // namespace magpie::imap
