// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/ClientConfig.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

using Security = net::ServerEndpoint::Security;

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

std::optional<MailServerProposal::Remark> remarkFromKey(QStringView key)
{
    using Remark = MailServerProposal::Remark;
    if (key == u"app-password")
        return Remark::AppPassword;
    if (key == u"oauth-preferred")
        return Remark::OAuthPreferred;
    if (key == u"local-bridge")
        return Remark::LocalBridge;
    if (key == u"enable-imap")
        return Remark::EnableImap;
    return std::nullopt;
}

// Reads one <incomingServer> or <outgoingServer>; the reader is on its start element.
// std::nullopt when the entry is of an unknown type or has a bad field (it is then skipped).
std::optional<ClientConfig::Server> readServer(QXmlStreamReader &xml)
{
    using Server = ClientConfig::Server;
    Server server;
    const QStringView type = xml.attributes().value(QLatin1StringView("type"));
    bool usable = true;
    if (type == u"imap")
        server.type = Server::Type::Imap;
    else if (type == u"pop3")
        server.type = Server::Type::Pop3;
    else if (type == u"smtp")
        server.type = Server::Type::Smtp;
    else
        usable = false; // exchange, ews, jmap...: not something Magpie speaks
    bool sawPort = false;
    bool sawSecurity = false;
    while (xml.readNextStartElement()) {
        const QStringView name = xml.name();
        if (name == u"hostname") {
            server.hostName = xml.readElementText().trimmed();
            if (!MailServerProposal::isHostName(server.hostName))
                usable = false;
        } else if (name == u"port") {
            bool ok = false;
            const int port = xml.readElementText().trimmed().toInt(&ok);
            if (!ok || port < 1 || port > 65535)
                usable = false;
            else
                server.port = quint16(port);
            sawPort = true;
        } else if (name == u"socketType") {
            const QString socketType = xml.readElementText().trimmed();
            sawSecurity = true;
            if (socketType == u"SSL")
                server.security = Security::ImplicitTls;
            else if (socketType == u"STARTTLS")
                server.security = Security::StartTls;
            else if (socketType == u"plain")
                server.security = Security::Plaintext;
            else
                usable = false;
        } else if (name == u"username") {
            server.userName = xml.readElementText().trimmed();
            if (hasControlCharacter(server.userName) || server.userName.size() > 320)
                usable = false;
        } else if (name == u"authentication") {
            server.authentication.append(xml.readElementText().trimmed());
        } else {
            xml.skipCurrentElement();
        }
    }
    if (!usable || server.hostName.isEmpty() || !sawPort || !sawSecurity)
        return std::nullopt;
    return server;
}

void readProvider(QXmlStreamReader &xml, ClientConfig &config)
{
    config.id = xml.attributes().value(QLatin1StringView("id")).toString();
    while (xml.readNextStartElement()) {
        const QStringView name = xml.name();
        if (name == u"domain") {
            const QString domain = xml.readElementText().trimmed().toLower();
            if (MailServerProposal::isHostName(domain))
                config.domains.append(domain);
        } else if (name == u"displayName") {
            const QString text = xml.readElementText().simplified();
            if (!hasControlCharacter(text))
                config.displayName = text.left(80);
        } else if (name == u"incomingServer" || name == u"outgoingServer") {
            const bool incoming = name == u"incomingServer";
            const std::optional<ClientConfig::Server> server = readServer(xml);
            if (!server)
                continue;
            const bool isSmtp = server->type == ClientConfig::Server::Type::Smtp;
            if (incoming && !isSmtp)
                config.incoming.append(*server);
            else if (!incoming && isSmtp)
                config.outgoing.append(*server);
        } else if (name == u"remark") {
            const std::optional<MailServerProposal::Remark> remark =
                remarkFromKey(xml.readElementText().trimmed());
            if (remark && !config.remarks.contains(*remark))
                config.remarks.append(*remark);
        } else {
            xml.skipCurrentElement();
        }
    }
}

bool authenticationUsable(const ClientConfig::Server &server)
{
    // None listed: the engines choose among what the server offers.
    if (server.authentication.isEmpty())
        return true;
    for (const QString &method : server.authentication) {
        if (method == u"password-cleartext" || method == u"password-encrypted"
            || method == u"plain" || method == u"secure")
            return true;
    }
    return false;
}

} // namespace

std::optional<ClientConfig> ClientConfig::parse(const QByteArray &document, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (document.size() > kMaxBytes)
        return fail(tr("The configuration file is larger than any real one (%1 bytes).")
                        .arg(document.size()));

    QXmlStreamReader xml(document);
    ClientConfig config;
    bool sawRoot = false;
    bool sawProvider = false;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::DTD || token == QXmlStreamReader::EntityReference)
            return fail(tr("The configuration file declares a document type, which real "
                           "configuration files never do; it was not used."));
        if (token != QXmlStreamReader::StartElement)
            continue;
        if (!sawRoot) {
            if (xml.name() != u"clientConfig")
                return fail(tr("The file is not a mail client configuration (it has no "
                               "clientConfig element)."));
            sawRoot = true;
            while (xml.readNextStartElement()) {
                if (xml.name() == u"emailProvider" && !sawProvider) {
                    sawProvider = true;
                    readProvider(xml, config);
                } else {
                    xml.skipCurrentElement();
                }
            }
        }
    }
    if (xml.hasError())
        return fail(tr("The configuration file is not well-formed XML (line %1: %2).")
                        .arg(xml.lineNumber())
                        .arg(xml.errorString()));
    if (!sawProvider)
        return fail(tr("The configuration file describes no mail provider."));
    return config;
}

std::optional<MailServerProposal> ClientConfig::proposalFor(const QString &address,
                                                            MailServerProposal::Source source) const
{
    MailServerProposal proposal;
    proposal.source = source;
    proposal.providerName = displayName;
    proposal.remarks = remarks;
    bool foundIncoming = false;
    for (const Server &server : incoming) {
        if (server.security == Security::Plaintext || !authenticationUsable(server))
            continue;
        proposal.incoming = server.type == Server::Type::Pop3 ? sync::AccountConfig::Incoming::Pop3
                                                              : sync::AccountConfig::Incoming::Imap;
        proposal.incomingServer.host = server.hostName;
        proposal.incomingServer.port = server.port;
        proposal.incomingServer.security = server.security;
        proposal.incomingUser = MailServerProposal::expand(server.userName, address);
        foundIncoming = true;
        break;
    }
    if (!foundIncoming) {
        // Only OAuth offered: say so rather than proposing what cannot log in.
        return std::nullopt;
    }
    for (const Server &server : outgoing) {
        if (server.security == Security::Plaintext || !authenticationUsable(server))
            continue;
        proposal.smtpServer.host = server.hostName;
        proposal.smtpServer.port = server.port;
        proposal.smtpServer.security = server.security;
        proposal.smtpUser = MailServerProposal::expand(server.userName, address);
        break;
    }
    if (proposal.incomingUser.isEmpty())
        proposal.incomingUser = address;
    if (proposal.hasSmtp() && proposal.smtpUser.isEmpty())
        proposal.smtpUser = address;
    return proposal;
}

} // namespace magpie::app
