// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol sessions magpie-server runs, kept apart from Server so that tests can run the
// server's network side with sessions of their own.
#include "server/Server.h"
#include "server/imap/ImapSession.h"
#include "server/pop3/Pop3Session.h"
#include "server/smtp/SmtpSession.h"

namespace magpie::server {

Server::SessionFactory Server::defaultSessionFactory()
{
    return [](Protocol protocol, ServerContext &context, Transport &transport,
              QObject *parent) -> ProtocolSession * {
        switch (protocol) {
        case Protocol::Smtp:
            return new SmtpSession(context, transport, parent);
        case Protocol::Pop3:
            return new Pop3Session(context, transport, parent);
        case Protocol::Imap:
            return new ImapSession(context, transport, parent);
        }
        return nullptr;
    };
}

} // namespace magpie::server
