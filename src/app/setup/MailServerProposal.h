// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ServerEndpoint.h"
#include "sync/AccountConfig.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace magpie::app {

// The servers account setup proposes for an address: where it came from, the incoming
// (IMAP or POP3) and outgoing (SMTP submission) servers with the login names already filled in,
// and remarks a person must know (an app password is needed, ...).
struct MailServerProposal
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::MailServerProposal)
public:
    enum class Source {
        ProviderList, // Magpie's bundled list (resources/providers)
        Autoconfig,   // the domain's Mozilla autoconfig file
        SrvRecords,   // RFC 6186 DNS SRV records
        CommonNames,  // imap.<domain>, mail.<domain>, smtp.<domain> exist
    };
    // What a provider's entry says a person must know, kept as keys so the sentences can be
    // translated (the files hold facts only).
    enum class Remark {
        AppPassword,  // the web password is refused: an app password must be made
        OAuthPreferred, // the provider is moving to OAuth 2.0, which this version cannot do
        LocalBridge,  // a program on this computer (e.g. Proton Mail Bridge) must be running
        EnableImap,   // IMAP access must first be switched on in the web settings
    };

    Source source = Source::ProviderList;
    QString providerName; // "Gmail"; empty when not known
    sync::AccountConfig::Incoming incoming = sync::AccountConfig::Incoming::Imap;
    net::ServerEndpoint incomingServer;
    QString incomingUser;
    net::ServerEndpoint smtpServer; // host empty: none found
    QString smtpUser;
    QList<Remark> remarks;

    bool hasIncoming() const { return !incomingServer.host.isEmpty() && incomingServer.port != 0; }
    bool hasSmtp() const { return !smtpServer.host.isEmpty() && smtpServer.port != 0; }

    // Mozilla autoconfig placeholders (%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%)
    // replaced with the parts of `address`.
    static QString expand(const QString &pattern, const QString &address);
    // The domain of an address ("Example.COM" for "a@Example.COM" gives "example.com"), empty
    // when the address has no "@" or nothing after it.
    static QString domainOf(const QString &address);
    // A host name as DNS allows it (RFC 1123 s2.1): letters, digits, "-" and "." in labels
    // of at most 63 characters, 253 in all. Anything else from a file or the network is
    // refused before it could reach a socket or a setting.
    static bool isHostName(const QString &host);

    static QString sourceText(Source source);
    static QString remarkText(Remark remark, const QString &providerName);
};

} // namespace magpie::app
