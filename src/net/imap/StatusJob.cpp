// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/StatusJob.h"

#include "net/imap/UntaggedData.h"

namespace magpie::imap {

using net::NetError;

std::optional<MailboxStatus> mailboxStatusFrom(const ImapResponse &response, bool utf8Accepted)
{
    if (response.name != "STATUS" || response.data.size() < 2 || response.data.at(0).isList()
        || !response.data.at(1).isList())
        return std::nullopt;
    MailboxStatus status;
    status.mailbox = untagged::mailboxName(response.data.at(0).text(), utf8Accepted);
    const QList<ImapValue> &items = response.data.at(1).list;
    for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
        const ImapValue &item = items.at(i);
        const ImapValue &value = items.at(i + 1);
        if (!value.isNumber())
            continue;
        if (item.isAtom("MESSAGES"))
            status.messages = quint32(value.number);
        else if (item.isAtom("UIDNEXT"))
            status.uidNext = quint32(value.number);
        else if (item.isAtom("UIDVALIDITY"))
            status.uidValidity = quint32(value.number);
        else if (item.isAtom("UNSEEN"))
            status.unseen = quint32(value.number);
        else if (item.isAtom("HIGHESTMODSEQ"))
            status.highestModSeq = value.number;
    }
    return status;
}

StatusJob::StatusJob(ImapSession *session, const QString &mailbox)
    : ImapJob(session)
{
    m_status.mailbox = mailbox;
}

StatusJob::~StatusJob() = default;

void StatusJob::doStart()
{
    // RFC 7162 s3.1.7: HIGHESTMODSEQ may be asked for when the server offers CONDSTORE.
    const QByteArray items = hasCapability("CONDSTORE")
        ? QByteArrayLiteral("(MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)")
        : QByteArrayLiteral("(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)");
    send(ImapCommand("STATUS").mailbox(m_status.mailbox, utf8Accepted()).raw(items));
}

bool StatusJob::handleUntagged(const ImapResponse &response)
{
    std::optional<MailboxStatus> status = mailboxStatusFrom(response, utf8Accepted());
    if (!status)
        return false;
    status->mailbox = m_status.mailbox; // as asked (the server may spell INBOX its own way)
    m_status = *status;
    m_seen = true;
    return true;
}

void StatusJob::handleTagged(const ImapResponse &response)
{
    if (response.status != ImapResponse::Status::Ok) {
        finishWithError(
            errorFrom(response, tr("Counting the messages in %1").arg(m_status.mailbox)));
        return;
    }
    if (!m_seen) {
        finishWithError(NetError::make(
            NetError::Code::ProtocolViolation,
            tr("%1 answered STATUS for %2 without the counts.").arg(host(), m_status.mailbox)));
        return;
    }
    finishWithSuccess();
}

} // namespace magpie::imap
