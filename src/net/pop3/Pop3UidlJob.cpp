// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3UidlJob.h"

#include "net/pop3/Pop3Session.h"

#include <algorithm>

namespace magpie::pop3 {

Pop3UidlJob::Pop3UidlJob(Pop3Session *session)
    : Pop3Job(session)
{ }

Pop3UidlJob::Pop3UidlJob(Pop3Session *session, quint32 messageNumber)
    : Pop3Job(session)
    , m_number(messageNumber)
{ }

Pop3UidlJob::~Pop3UidlJob() = default;

void Pop3UidlJob::doStart()
{
    if (m_number == 0)
        send("UIDL", ReplyKind::MultiLine);
    else
        send("UIDL " + QByteArray::number(m_number));
}

// RFC 1939 s7: "msg unique-id", the unique-id 1 to 70 characters from 0x21 to 0x7E. Longer
// ones (some servers' are) are taken as they are; a control character or a missing id is not.
bool Pop3UidlJob::addLine(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    bool numberOk = false;
    Entry entry;
    if (space > 0) {
        entry.number = line.first(space).toUInt(&numberOk);
        entry.uid = line.sliced(space + 1).trimmed().toByteArray();
    }
    const bool uidOk = !entry.uid.isEmpty()
        && std::all_of(entry.uid.cbegin(), entry.uid.cend(),
                       [](char c) { return uchar(c) > 0x20 && uchar(c) < 0x7f; });
    if (!numberOk || entry.number == 0 || !uidOk) {
        if (m_badLine.isNull())
            m_badLine = line.first(qMin<qsizetype>(line.size(), 100)).toByteArray();
        return false;
    }
    m_entries.append(entry);
    return true;
}

void Pop3UidlJob::handleReply(const Pop3Reply &reply)
{
    if (!reply.isOk()) {
        finishWithError(errorFrom(reply,
                                  m_number
                                      ? tr("Asking for the unique-id of message %1").arg(m_number)
                                      : tr("Asking for the messages' unique-ids")));
        return;
    }
    if (m_number == 0)
        return; // the listing follows
    if (!addLine(reply.text)) {
        handleEndOfData(); // reports the bad line
        return;
    }
    finishWithSuccess();
}

void Pop3UidlJob::handleData(const QByteArray &chunk)
{
    const QByteArrayList lines = m_lines.add(chunk);
    for (const QByteArray &line : lines)
        addLine(line);
}

void Pop3UidlJob::handleEndOfData()
{
    const QByteArrayList last = m_lines.finish();
    for (const QByteArray &line : last)
        addLine(line);
    if (m_badLine.isNull() && !m_lines.overflowed()) {
        finishWithSuccess();
        return;
    }
    m_entries.clear(); // half a listing would be taken for the whole maildrop
    finishWithError(net::NetError::make(
        net::NetError::Code::ProtocolViolation,
        m_lines.overflowed()
            ? tr("The server %1 sent a unique-id listing with an overlong line.")
                  .arg(session()->endpoint().hostAndPort())
            : tr("The server %1 sent a unique-id listing Magpie cannot read (“%2”).")
                  .arg(session()->endpoint().hostAndPort(), QString::fromLatin1(m_badLine))));
}

} // namespace magpie::pop3
