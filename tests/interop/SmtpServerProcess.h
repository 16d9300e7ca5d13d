// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ServerEndpoint.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace magpie::testing {

// A real SMTP submission server nobody here wrote: ../shared/interop/smtp-server.py
// (aiosmtpd), run by Debian's Python (MAGPIE_SYSTEM_PYTHON) on a free loopback port, with
// the test certificate tests/data/tls/localhost.{crt,key} (for localhost and 127.0.0.1).
// Every message it accepts is stored as DIR/n.eml with its envelope in DIR/n.json. Stopped
// (by its pid) when this object goes away.
class SmtpServerProcess
{
public:
    enum class Tls {
        None, // plaintext only (AUTH then allowed without TLS)
        StartTls, // STARTTLS offered; required before AUTH when users are given
        Implicit, // TLS from the first byte (submissions, RFC 8314)
    };

    SmtpServerProcess();
    ~SmtpServerProcess();
    SmtpServerProcess(const SmtpServerProcess &) = delete;
    SmtpServerProcess &operator=(const SmtpServerProcess &) = delete;

    // users: name -> password; when given, AUTH (PLAIN, LOGIN) is required. Returns an empty
    // string on success, else what went wrong (the script's output), for the test to fail
    // with: a missing Python, aiosmtpd or script fails, never skips.
    QString start(Tls tls, const QMap<QString, QString> &users = {});
    void stop();

    quint16 port() const { return m_port; }
    QString directory() const { return m_dir.path(); }
    // 127.0.0.1:port with the matching security, trusting the test certificate, short timeouts.
    net::ServerEndpoint endpoint() const;

    // Messages stored so far (1, 2, ...): n.eml's bytes exactly as aiosmtpd kept them (after
    // dot-unstuffing), and n.json: {"mail_from", "rcpt_tos": [...], "auth": user or null}.
    int messageCount() const;
    QByteArray message(int n) const;
    QJsonObject envelope(int n) const;

    // What the script wrote on its standard output and error (for failure messages).
    QString output();

    static QString certificatePath();
    static QString keyPath();

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    Tls m_tls = Tls::None;
    quint16 m_port = 0;
    QByteArray m_output;
};

} // namespace magpie::testing
