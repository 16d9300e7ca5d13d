// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/MessageIdSearchJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::sync {

MessageIdSearchJob::MessageIdSearchJob(imap::ImapSession *session, const QByteArray &messageId)
    : imap::ImapJob(session)
    , m_messageId(messageId.trimmed())
{
    if (m_messageId.startsWith('<') && m_messageId.endsWith('>'))
        m_messageId = m_messageId.mid(1, m_messageId.size() - 2);
}

MessageIdSearchJob::~MessageIdSearchJob() = default;

void MessageIdSearchJob::doStart()
{
    if (m_messageId.isEmpty())
        return finishWithSuccess(); // nothing to look for: no match
    imap::ImapCommand command("UID SEARCH");
    command.raw("HEADER Message-ID").string(m_messageId);
    send(command);
}

bool MessageIdSearchJob::handleUntagged(const imap::ImapResponse &response)
{
    if (response.name != "SEARCH" || response.number)
        return false;
    for (const imap::ImapValue &value : response.data) {
        if (value.isNumber() && value.number > 0 && value.number <= 0xffffffffULL)
            m_uids.add(quint32(value.number));
    }
    return true;
}

void MessageIdSearchJob::handleTagged(const imap::ImapResponse &response)
{
    const QString mailbox = session()->selectedMailbox();
    const net::NetError error =
        errorFrom(response, tr("Looking for a message in %1 by its Message-ID").arg(mailbox));
    if (error.isError())
        return finishWithError(error);
    finishWithSuccess();
}

} // namespace magpie::sync
