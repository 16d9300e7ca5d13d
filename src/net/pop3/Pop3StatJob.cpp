// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3StatJob.h"

#include "net/pop3/Pop3Session.h"

namespace magpie::pop3 {

Pop3StatJob::Pop3StatJob(Pop3Session *session)
    : Pop3Job(session)
{ }

Pop3StatJob::~Pop3StatJob() = default;

void Pop3StatJob::doStart()
{
    send("STAT");
}

// RFC 1939 s5: "+OK nn mm", the drop listing; servers may add words after it.
void Pop3StatJob::handleReply(const Pop3Reply &reply)
{
    if (!reply.isOk()) {
        finishWithError(errorFrom(reply, tr("Counting the messages")));
        return;
    }
    const QByteArrayList words = reply.text.split(' ');
    bool countOk = false;
    bool sizeOk = false;
    if (words.size() >= 2) {
        m_count = words.at(0).toUInt(&countOk);
        m_size = words.at(1).toLongLong(&sizeOk);
    }
    if (!countOk || !sizeOk || m_size < 0) {
        m_count = 0;
        m_size = 0;
        finishWithError(net::NetError::make(
            net::NetError::Code::ProtocolViolation,
            tr("The server %1 answered STAT with “%2”, which is not a message count and size.")
                .arg(session()->endpoint().hostAndPort(), reply.readableText()),
            reply.line));
        return;
    }
    finishWithSuccess();
}

} // namespace magpie::pop3
