// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/CopyJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

CopyJob::CopyJob(ImapSession *session)
    : ImapJob(session)
{ }

CopyJob::~CopyJob() = default;

void CopyJob::setUids(const UidSet &uids)
{
    m_uids = uids;
}

void CopyJob::setDestination(const QString &mailbox)
{
    m_destination = mailbox;
}

QString CopyJob::what() const
{
    const quint64 count = m_uids.count();
    if (count == 1)
        return tr("Copying 1 message to %1").arg(m_destination);
    return tr("Copying %n messages to %1", nullptr, int(qMin<quint64>(count, INT_MAX)))
        .arg(m_destination);
}

void CopyJob::doStart()
{
    if (m_destination.isEmpty()) {
        return finishWithError(
            net::NetError::make(net::NetError::Code::InvalidArgument,
                                tr("Copying messages needs a destination folder.")));
    }
    if (m_uids.isEmpty())
        return finishWithSuccess();
    ImapCommand command("UID COPY");
    command.sequence(m_uids).mailbox(m_destination, utf8Accepted());
    send(command);
}

void CopyJob::handleTagged(const ImapResponse &response)
{
    if (response.code) {
        if (response.code->name == "COPYUID")
            m_copyUid = CopyUid::fromCode(*response.code, m_uids.count());
        m_destinationMissing =
            response.status == ImapResponse::Status::No && response.code->name == "TRYCREATE";
    }
    net::NetError error = errorFrom(response, what());
    if (error.isError()) {
        if (m_destinationMissing)
            error.message +=
                u' ' + tr("The folder %1 does not exist on the server.").arg(m_destination);
        return finishWithError(error);
    }
    finishWithSuccess();
}

} // namespace magpie::imap
