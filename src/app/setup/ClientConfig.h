// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/MailServerProposal.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::app {

// A Mozilla autoconfig document ("clientConfig" version 1.1, the format of
// https://autoconfig.<domain>/mail/config-v1.1.xml and of Thunderbird's ISP database), read
// by Magpie's own parser. Magpie's bundled provider files use the same format.
//
// The document comes from the network, so it is treated as hostile: at most kMaxBytes, no
// DTD (so no entity tricks), only well-formed XML, host names checked as DNS names, ports in
// 1-65535, user names without control characters; anything else in a server entry makes the
// entry be skipped, never half-used.
struct ClientConfig
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::ClientConfig)
public:
    static constexpr qsizetype kMaxBytes = 128 * 1024;

    struct Server
    {
        enum class Type { Imap, Pop3, Smtp };
        Type type = Type::Imap;
        QString hostName;
        quint16 port = 0;
        net::ServerEndpoint::Security security = net::ServerEndpoint::Security::ImplicitTls;
        QString userName; // with the placeholders, e.g. "%EMAILADDRESS%"
        QStringList authentication; // "password-cleartext", "OAuth2", ...
    };

    QString id;          // emailProvider id="..."
    QString displayName; // e.g. "Gmail"
    QStringList domains; // lower case
    QList<Server> incoming; // in the document's order, which is the provider's preference
    QList<Server> outgoing;
    QList<MailServerProposal::Remark> remarks; // Magpie's <remark> extension (bundled files)

    // std::nullopt with `error` set to a sentence when the document cannot be used at all.
    static std::optional<ClientConfig> parse(const QByteArray &xml, QString *error);

    // The first incoming server the provider lists that Magpie can use safely (IMAP or POP3
    // over TLS: a plaintext entry is never proposed, RFC 8314 s3) and the first such SMTP
    // server, with the user names expanded for `address`. No incoming server: std::nullopt.
    std::optional<MailServerProposal> proposalFor(const QString &address,
                                                  MailServerProposal::Source source) const;
};

} // namespace magpie::app
