// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/FaultPlan.h"
#include "server/ServerLimits.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::server {

// A mailbox owner of the loopback server: named by its mail address, which is also the login.
struct LocalUser
{
    QString address;
    QString password;

    // "alice@example.test:secret" (the --user option and each line of DIR/users). The password
    // is everything after the first colon, so it may itself hold colons.
    static std::optional<LocalUser> parse(const QString &spec, QString *whyNot = nullptr);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::LocalUser) // last: it ends in "private:"
};

// The listening ports. All of them move together with --port-base N: each is N plus a fixed
// offset, the well-known port it stands for (465, 110, 995, 143, 993) or 525 for SMTP, so the
// default base 2000 gives the customary 2525 and 2465, 2110, 2995, 2143 and 2993.
struct ServerPorts
{
    quint16 smtp = 0;
    quint16 submissions = 0; // implicit TLS (RFC 8314)
    quint16 pop3 = 0;
    quint16 pop3s = 0;
    quint16 imap = 0;
    quint16 imaps = 0;

    static constexpr int kDefaultBase = 2000;
    static std::optional<ServerPorts> fromBase(int base, QString *whyNot = nullptr);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::ServerPorts) // last: it ends in "private:"
};

struct ServerConfig
{
    QString dataDir;          // --data DIR; empty with --memory
    bool inMemory = false;    // --memory
    QList<LocalUser> users;   // --user, plus DIR/users
    QString catchAll;         // --catch-all USER
    ServerPorts ports;
    QString listenAddress = QStringLiteral("127.0.0.1");
    QString tlsCertFile;      // --tls-cert; with tlsKeyFile, else a self-signed one in dataDir
    QString tlsKeyFile;       // --tls-key
    bool allowPlaintextAuth = false; // --allow-plaintext-auth
    ServerLimits limits;
    QList<FaultRule> faults;  // --fault

    // Checks what command-line parsing cannot: a store is chosen, the catch-all user exists,
    // no user is listed twice. Returns the problems as sentences, empty when none.
    QStringList problems() const;

    Q_DECLARE_TR_FUNCTIONS(magpie::server::ServerConfig) // last: it ends in "private:"
};

} // namespace magpie::server
