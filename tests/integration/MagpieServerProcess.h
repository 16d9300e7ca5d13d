// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ServerEndpoint.h"

#include <QByteArray>
#include <QMap>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace magpie::testing {

// A real magpie-server process for one test (docs/server.md), driven only through its
// command-line contract: `--data DIR` (a temporary folder, so the certificate it makes is
// DIR/tls/cert.pem), one `--user` per user, a random `--port-base` (retried when a port turns
// out to be taken: tests run in parallel), "SERVICE 127.0.0.1:PORT" lines and "ready" on
// standard output. Stopped with SIGTERM when this object goes away.
class MagpieServerProcess
{
public:
    enum class Service { Smtp, Submissions, Pop3, Pop3s, Imap, Imaps };

    MagpieServerProcess();
    ~MagpieServerProcess();
    MagpieServerProcess(const MagpieServerProcess &) = delete;
    MagpieServerProcess &operator=(const MagpieServerProcess &) = delete;

    // users: "alice@example.test" -> "secret". `extraArguments` go after the others
    // (--allow-plaintext-auth, --fault ..., --catch-all ...). Failed logins are answered at
    // once (--auth-failure-delay 0). Returns an empty string on success, else what went
    // wrong (with the server's standard error), for the test to fail with.
    QString start(const QMap<QString, QString> &users, const QStringList &extraArguments = {});
    // SIGTERM, then waits; true when it exited with status 0 (a clean stop).
    bool stop();

    bool isRunning() const;
    quint16 port(Service service) const;
    QString dataDirectory() const { return m_dir.path(); }
    QString certificatePath() const;
    QSslCertificate certificate() const { return m_certificate; }

    // 127.0.0.1 on the port of `service` with the security it speaks (implicit TLS on
    // submissions/pop3s/imaps, `plainPortSecurity` on the others), trusting the server's
    // certificate, with short timeouts so a stuck test fails in seconds.
    net::ServerEndpoint endpoint(Service service,
                                 net::ServerEndpoint::Security plainPortSecurity =
                                     net::ServerEndpoint::Security::StartTls) const;

    // What the server logged on standard error so far (for failure messages): session
    // events, "fault ... fired" lines. Reads what is pending first.
    QString log();

private:
    QString tryStart(int base, const QStringList &arguments);

    QTemporaryDir m_dir;
    QProcess m_process;
    QMap<QString, quint16> m_ports; // "smtp" -> 30525 ...
    QSslCertificate m_certificate;
    QByteArray m_stderr;
};

} // namespace magpie::testing
