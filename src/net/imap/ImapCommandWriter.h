// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapCommand.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>

namespace magpie::net {
class Connection;
}

namespace magpie::imap {

// Writes tagged commands to the connection for ImapSession. A command with synchronizing
// literals goes out in chunks: each chunk but the last ends with "{n}" and the next waits
// for the server's "+" (RFC 3501 s7.5); commands sent meanwhile wait behind it. With LITERAL+
// literals do not wait; with LITERAL- only literals up to 4096 bytes do not (RFC 7888 s4).
class ImapCommandWriter
{
public:
    enum class Literals { Synchronizing, NonSynchronizing, UpTo4096 };

    void setConnection(net::Connection *connection);
    void write(const QByteArray &tag, const ImapCommand &command, Literals literals);
    // The server's "+": true when it was the go-ahead for a waiting literal (and the next
    // chunk went out), false when it is for the running job.
    bool continueLiteral();
    // A tagged NO/BAD instead of the "+": the rest of that command is never sent.
    void cancel(const QByteArray &tag);
    void clear();

private:
    struct Outgoing
    {
        QByteArray tag;
        QByteArrayList chunks;
        qsizetype sent = 0; // chunks written so far
    };
    void writeChunks();

    net::Connection *m_connection = nullptr;
    QList<Outgoing> m_outgoing; // the first may be waiting for "+"
};

} // namespace magpie::imap
