// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/MailUrl.h"
#include "net/NetError.h"
#include "net/TlsDetails.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace magpie::cli {

// What `magpie-cli check` prints, one finding per line on standard output, in the order they
// happen, so that a failure shows how far the conversation got (docs/cli.md "check"):
//
//   Connected to imap.example.com:993 (IMAP, TLS from the first byte)
//   TLS: TLS 1.3, TLS_AES_256_GCM_SHA384
//   Certificate: CN=imap.example.com, issued by CN=R11,O=Let's Encrypt,C=US, valid until 2026-06-01
//   SHA-256: AB:CD:...
//   Capabilities: IMAP4rev1 IDLE ...
//   Login: accepted for alice@example.com (PLAIN)
//
// Problems go to standard error as "magpie-cli check: <the engine's sentence>".
class CheckReport
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::CheckReport)
public:
    CheckReport(QTextStream &out, QTextStream &err);

    void connected(const MailUrl &url);
    void tls(const MailUrl &url, const net::TlsDetails &details);
    void capabilities(const QStringList &capabilities, const QString &heading = {});
    void loggedIn(const QString &user, const QString &mechanism);
    void loginSkipped();
    void line(const QString &text);
    void alert(const QString &text);
    void failed(const net::NetError &error);
    void protocolLog(const QString &log);

    QTextStream &out() { return m_out; }

private:
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace magpie::cli
