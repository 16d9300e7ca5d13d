// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapCommandWriter.h"

#include "net/Connection.h"

namespace magpie::imap {

namespace {
constexpr qsizetype kLiteralMinusLimit = 4096; // RFC 7888 s4
} // namespace

void ImapCommandWriter::setConnection(net::Connection *connection)
{
    m_connection = connection;
    m_outgoing.clear();
}

void ImapCommandWriter::write(const QByteArray &tag, const ImapCommand &command, Literals literals)
{
    const bool nonSynchronizing = literals == Literals::NonSynchronizing
        || (literals == Literals::UpTo4096 && command.largestLiteral() <= kLiteralMinusLimit);
    const QByteArrayList chunks = command.chunks(tag, nonSynchronizing);
    m_outgoing.append(Outgoing { tag, chunks, 0 });
    if (m_outgoing.size() == 1)
        writeChunks();
}

bool ImapCommandWriter::continueLiteral()
{
    if (m_outgoing.isEmpty() || m_outgoing.first().sent == 0)
        return false;
    writeChunks();
    return true;
}

void ImapCommandWriter::cancel(const QByteArray &tag)
{
    for (qsizetype i = 0; i < m_outgoing.size(); ++i) {
        if (m_outgoing.at(i).tag == tag) {
            m_outgoing.removeAt(i);
            if (i == 0)
                writeChunks(); // the commands that waited behind it
            return;
        }
    }
}

void ImapCommandWriter::clear()
{
    m_outgoing.clear();
}

// Writes chunks until one ends in a synchronizing literal.
void ImapCommandWriter::writeChunks()
{
    while (!m_outgoing.isEmpty() && m_connection) {
        Outgoing &head = m_outgoing.first();
        if (head.sent < head.chunks.size())
            m_connection->write(head.chunks.at(head.sent++));
        if (head.sent < head.chunks.size())
            return;
        m_outgoing.removeFirst();
    }
}

} // namespace magpie::imap
