// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol sessions magpie-server runs, kept apart from Server so that tests can run the
// server's network side with sessions of their own.
#include "server/Server.h"

// Each protocol's session is in when its header is; a build without one disconnects that
// protocol's clients with a line in the log rather than failing to build.
#if __has_include("server/smtp/SmtpSession.h")
#include "server/smtp/SmtpSession.h"
#define MAGPIE_SERVER_HAS_SMTP
#endif
#if __has_include("server/pop3/Pop3Session.h")
#include "server/pop3/Pop3Session.h"
#define MAGPIE_SERVER_HAS_POP3
#endif
#if __has_include("server/imap/ImapSession.h")
#include "server/imap/ImapSession.h"
#define MAGPIE_SERVER_HAS_IMAP
#endif

namespace magpie::server {

Server::SessionFactory Server::defaultSessionFactory()
{
    return [](Protocol protocol, ServerContext &context, Transport &transport,
              QObject *parent) -> ProtocolSession * {
        switch (protocol) {
        case Protocol::Smtp:
#ifdef MAGPIE_SERVER_HAS_SMTP
            return new SmtpSession(context, transport, parent);
#else
            break;
#endif
        case Protocol::Pop3:
#ifdef MAGPIE_SERVER_HAS_POP3
            return new Pop3Session(context, transport, parent);
#else
            break;
#endif
        case Protocol::Imap:
#ifdef MAGPIE_SERVER_HAS_IMAP
            return new ImapSession(context, transport, parent);
#else
            break;
#endif
        }
        Q_UNUSED(context)
        Q_UNUSED(transport)
        Q_UNUSED(parent)
        return nullptr;
    };
}

} // namespace magpie::server
