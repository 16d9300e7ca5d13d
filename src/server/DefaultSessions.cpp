// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol sessions magpie-server runs, kept apart from Server so that tests can run the
// server's network side with sessions of their own.
//
// MERGE NOTE (remove with it): SmtpSession, Pop3Session and ImapSession are written on other
// branches. Once they are merged, this file becomes:
//
//     #include "server/imap/ImapSession.h"
//     #include "server/pop3/Pop3Session.h"
//     #include "server/smtp/SmtpSession.h"
//     ...
//     case Protocol::Smtp: return new SmtpSession(context, transport, parent);
//     case Protocol::Pop3: return new Pop3Session(context, transport, parent);
//     case Protocol::Imap: return new ImapSession(context, transport, parent);
//
// Not done with __has_include: neither ninja nor ccache notices a header that appears later,
// so a build would keep the object compiled without the sessions.
#include "server/Server.h"

namespace magpie::server {

Server::SessionFactory Server::defaultSessionFactory()
{
    return [](Protocol, ServerContext &, Transport &, QObject *) -> ProtocolSession * {
        return nullptr; // the connection is closed with a line in the log
    };
}

} // namespace magpie::server
