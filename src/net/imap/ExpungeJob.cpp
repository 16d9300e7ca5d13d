// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ExpungeJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

ExpungeJob::ExpungeJob(ImapSession *session)
    : ImapJob(session)
{ }

ExpungeJob::~ExpungeJob() = default;

void ExpungeJob::setUids(const UidSet &uids)
{
    m_uids = uids;
}

QString ExpungeJob::what() const
{
    const quint64 count = m_uids.count();
    const QString mailbox = session()->selectedMailbox();
    if (count == 1)
        return tr("Removing 1 deleted message from %1").arg(mailbox);
    return tr("Removing %n deleted messages from %1", nullptr, int(qMin<quint64>(count, INT_MAX)))
        .arg(mailbox);
}

void ExpungeJob::doStart()
{
    if (!hasCapability("UIDPLUS")) {
        return finishWithError(net::NetError::make(
            net::NetError::Code::InvalidArgument,
            tr("%1 is not possible: the server cannot remove only chosen messages (it lacks "
               "UIDPLUS), and removing all deleted messages would also take those other "
               "programs marked as deleted.")
                .arg(what())));
    }
    if (m_uids.isEmpty())
        return finishWithSuccess();
    send(ImapCommand("UID EXPUNGE").sequence(m_uids));
}

bool ExpungeJob::handleUntagged(const ImapResponse &response)
{
    if (response.name == "EXPUNGE" && response.number) {
        m_expunged.append(*response.number);
        return true;
    }
    // "* VANISHED 41,43:116", without EARLIER: removed now (RFC 7162 s3.2.10).
    if (response.name == "VANISHED" && response.data.size() == 1) {
        if (const auto uids = UidSet::parse(response.data.at(0).text())) {
            for (const auto &range : uids->ranges())
                m_vanished.add(range.first, range.second);
            return true;
        }
    }
    return false;
}

void ExpungeJob::handleTagged(const ImapResponse &response)
{
    const net::NetError error = errorFrom(response, what());
    if (error.isError())
        return finishWithError(error);
    finishWithSuccess();
}

} // namespace magpie::imap
