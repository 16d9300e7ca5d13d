// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3ListJob.h"

#include "net/pop3/Pop3Session.h"

namespace magpie::pop3 {

Pop3ListJob::Pop3ListJob(Pop3Session *session)
    : Pop3Job(session)
{ }

Pop3ListJob::Pop3ListJob(Pop3Session *session, quint32 messageNumber)
    : Pop3Job(session)
    , m_number(messageNumber)
{ }

Pop3ListJob::~Pop3ListJob() = default;

void Pop3ListJob::doStart()
{
    if (m_number == 0)
        send("LIST", ReplyKind::MultiLine);
    else
        send("LIST " + QByteArray::number(m_number));
}

// RFC 1939 s5: a scan listing, "msg size", perhaps followed by more words.
bool Pop3ListJob::addLine(QByteArrayView line)
{
    QByteArrayList words = line.toByteArray().split(' ');
    words.removeAll(QByteArray());
    bool numberOk = false;
    bool sizeOk = false;
    Entry entry;
    if (words.size() >= 2) {
        entry.number = words.at(0).toUInt(&numberOk);
        entry.size = words.at(1).toLongLong(&sizeOk);
    }
    if (!numberOk || !sizeOk || entry.number == 0 || entry.size < 0) {
        if (m_badLine.isNull())
            m_badLine = line.first(qMin<qsizetype>(line.size(), 100)).toByteArray();
        return false;
    }
    m_entries.append(entry);
    return true;
}

void Pop3ListJob::handleReply(const Pop3Reply &reply)
{
    if (!reply.isOk()) {
        finishWithError(errorFrom(
            reply, m_number ? tr("Listing message %1").arg(m_number) : tr("Listing the messages")));
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

void Pop3ListJob::handleData(const QByteArray &chunk)
{
    const QByteArrayList lines = m_lines.add(chunk);
    for (const QByteArray &line : lines)
        addLine(line);
}

void Pop3ListJob::handleEndOfData()
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
            ? tr("The server %1 sent a message listing with an overlong line.")
                  .arg(session()->endpoint().hostAndPort())
            : tr("The server %1 sent a message listing Magpie cannot read (“%2”).")
                  .arg(session()->endpoint().hostAndPort(), QString::fromLatin1(m_badLine))));
}

} // namespace magpie::pop3
