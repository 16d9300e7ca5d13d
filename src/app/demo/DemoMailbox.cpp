// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo/DemoMailbox.h"

#include "app/demo/DemoSeed.h"
#include "server/MailStore.h"
#include "server/Server.h"

#include <QCoreApplication>
#include <QDir>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// 24 random bytes as base64url: unguessable by other local users for the run's lifetime.
QString randomPassword()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

struct DemoMailbox::Private
{
    QString directory; // PROFILE/demo: the server's Maildirs and its TLS identity
    QString password;
    std::unique_ptr<server::Server> server;
};

DemoMailbox::DemoMailbox(const QString &profileDirectory, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->directory = QDir(profileDirectory).filePath(u"demo"_s);
}

DemoMailbox::~DemoMailbox()
{
    stop();
}

QString DemoMailbox::start()
{
    if (isRunning())
        return {};
    if (!QDir().mkpath(d->directory))
        return tr("Cannot create the demo mailbox folder %1. Check that the profile folder is "
                  "writable, or start Magpie with --profile and another folder.")
            .arg(QDir::toNativeSeparators(d->directory));

    d->password = randomPassword();
    server::ServerConfig config;
    config.dataDir = d->directory;
    config.users = { server::LocalUser { QString::fromLatin1(kAddress), d->password } };
    // Everything sent from the demo stays on this computer: mail to any address lands in the
    // demo Inbox rather than bouncing, so replies and new messages can be tried out freely.
    config.catchAll = QString::fromLatin1(kAddress);
    config.listenAddress = u"127.0.0.1"_s;
    config.ports = server::ServerPorts {}; // all 0: free ports chosen by the system

    auto server = std::make_unique<server::Server>(config);
    QString error;
    if (!server->start(&error))
        return tr("The demo mailbox could not be started: %1").arg(error);
    d->server = std::move(server);

    const QString seedError = DemoSeed::seedOnce(d->server->store(),
                                                 QString::fromLatin1(kAddress), d->directory);
    if (!seedError.isEmpty()) {
        stop();
        return seedError;
    }
    return {};
}

void DemoMailbox::stop()
{
    if (!d->server)
        return;
    d->server->stop();
    d->server.reset();
}

bool DemoMailbox::isRunning() const
{
    return d->server && d->server->isRunning();
}

sync::AccountConfig DemoMailbox::account() const
{
    sync::AccountConfig account;
    account.id = QString::fromLatin1(kAccountId);
    account.displayName = tr("Demo mailbox");
    account.identityName = tr("Robin Demo");
    account.address = QString::fromLatin1(kAddress);
    account.incoming = sync::AccountConfig::Incoming::Imap;
    account.incomingUser = account.address;
    account.smtpUser = account.address;
    // Fetch every demo body at once: the demo must read offline and instantly.
    account.prefetchDays = 3650;
    if (!isRunning())
        return account;

    // TLS as with any real server (RFC 8314 implicit TLS), trusting exactly this server's own
    // self-signed certificate, and nothing else beyond the system's roots.
    const server::ServerPorts ports = d->server->ports();
    net::ServerEndpoint incoming;
    incoming.host = u"127.0.0.1"_s;
    incoming.port = ports.imaps;
    incoming.security = net::ServerEndpoint::Security::ImplicitTls;
    if (d->server->tlsIdentity())
        incoming.extraCaCertificates = { d->server->tlsIdentity()->certificate() };
    net::ServerEndpoint smtp = incoming;
    smtp.port = ports.submissions;
    account.incomingServer = incoming;
    account.smtpServer = smtp;
    return account;
}

QString DemoMailbox::password() const
{
    return d->password;
}

server::Server *DemoMailbox::server() const
{
    return d->server.get();
}

} // namespace magpie::app
