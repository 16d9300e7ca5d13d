// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/MessageIdSearchJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::sync {

using net::NetError;

MessageIdSearchJob::MessageIdSearchJob(imap::ImapSession *session, const QByteArray &messageId)
    : imap::ImapJob(session)
    , m_messageId(messageId)
{ }

MessageIdSearchJob::~MessageIdSearchJob() = default;

QString MessageIdSearchJob::what() const
{
    return tr("Looking for the sent message in %1").arg(session()->selectedMailbox());
}

void MessageIdSearchJob::doStart()
{
    if (m_messageId.isEmpty()) {
        return finishWithError(NetError::make(
            NetError::Code::InvalidArgument,
            tr("The message has no Message-ID, so Magpie cannot tell whether a copy is "
               "already there.")));
    }
    // With its angle brackets (RFC 5322 s3.6.4 msg-id): HEADER matches a substring, so the
    // bare id would also match a longer one that ends with it.
    QByteArray wanted = m_messageId.trimmed();
    if (!wanted.startsWith('<'))
        wanted.prepend('<');
    if (!wanted.endsWith('>'))
        wanted.append('>');
    imap::ImapCommand command("UID SEARCH");
    // A Message-ID is ASCII (RFC 5322 s3.6.4); should one not be, the server is told how
    // to read it (RFC 3501 s6.4.4).
    bool ascii = true;
    for (const char c : std::as_const(wanted))
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!ascii)
        command.raw("CHARSET UTF-8");
    command.atom("HEADER").string("Message-ID").string(wanted);
    m_tag = send(command);
}

bool MessageIdSearchJob::handleUntagged(const imap::ImapResponse &response)
{
    if (response.number || (response.name != "SEARCH" && response.name != "ESEARCH"))
        return false;
    if (response.name == "SEARCH") {
        // "* SEARCH 2 5" (RFC 3501 s7.2.5); an empty "* SEARCH" is no match.
        for (const imap::ImapValue &value : response.data) {
            if (value.isNumber() && value.number > 0 && value.number <= 0xffffffffULL)
                m_uids.add(quint32(value.number));
            else
                m_unreadable = true;
        }
        return true;
    }
    // "* ESEARCH (TAG "a4") UID ALL 3:4" (RFC 4731 s3.1), should a server send it anyway.
    const QList<imap::ImapValue> &data = response.data;
    qsizetype i = 0;
    if (i < data.size() && data.at(i).isList()) {
        const QList<imap::ImapValue> &correlator = data.at(i).list;
        if (correlator.size() == 2 && correlator.at(1).text() != m_tag)
            return false;
        ++i;
    }
    if (i < data.size() && data.at(i).isAtom("UID"))
        ++i;
    for (; i + 1 < data.size(); i += 2) {
        if (!data.at(i).isAtom("ALL"))
            continue;
        const std::optional<imap::UidSet> uids = imap::UidSet::parse(data.at(i + 1).text());
        if (uids)
            m_uids = *uids;
        else
            m_unreadable = true;
    }
    return true;
}

void MessageIdSearchJob::handleTagged(const imap::ImapResponse &response)
{
    const NetError error = errorFrom(response, what());
    if (error.isError())
        return finishWithError(error);
    if (m_unreadable) {
        return finishWithError(NetError::make(
            NetError::Code::ProtocolViolation,
            tr("%1 failed: the server's answer did not list messages.").arg(what())));
    }
    finishWithSuccess();
}

} // namespace magpie::sync
