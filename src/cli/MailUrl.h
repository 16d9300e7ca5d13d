// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ServerEndpoint.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::cli {

// A server as magpie-cli takes it on the command line, in the style of RFC 5092 (imap://),
// RFC 2384 (pop://) and the common smtp:// form:
//
//   imaps://alice%40example.com@imap.example.com:993
//   imap://alice@mail.example.com?starttls=required
//   smtp://mail.example.com           (no user: connect and look, do not log in)
//
// Schemes: imap, imaps, pop3, pop3s, smtp, smtps; the "s" ones are TLS from the first byte.
// A plain scheme is plaintext unless `?starttls=required` asks for STARTTLS/STLS, which is
// then required (no fallback). `?starttls=no` says plaintext explicitly. The user is
// percent-decoded (a login name that is an address needs "%40"). A password in the URL is
// refused: command lines end up in shell histories and process lists.
class MailUrl
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::MailUrl)
public:
    enum class Protocol { Imap, Pop3, Smtp };

    // The URL, or nothing with a sentence in `error` saying what is wrong with it.
    static std::optional<MailUrl> parse(const QString &text, QString *error);
    // 993, 143, 995, 110, 465, 587 (RFC 8314 s7.3; RFC 6409 s3.1 for submission).
    static quint16 defaultPort(Protocol protocol, net::ServerEndpoint::Security security);

    Protocol protocol() const { return m_protocol; }
    net::ServerEndpoint::Security security() const { return m_security; }
    QString user() const { return m_user; } // decoded; empty: do not log in
    QString host() const { return m_host; } // IDN as A-labels (xn--), IPv6 without brackets
    quint16 port() const { return m_port; }
    bool hasUser() const { return !m_user.isEmpty(); }
    bool isPlaintext() const { return m_security == net::ServerEndpoint::Security::Plaintext; }

    // host, port and security; trust settings are the caller's.
    net::ServerEndpoint endpoint() const;
    // "IMAP", "POP3", "SMTP"
    QString protocolName() const;
    // "imaps://alice%40example.com@imap.example.com:993": canonical, never a password.
    QString toString() const;

private:
    MailUrl() = default;

    Protocol m_protocol = Protocol::Imap;
    net::ServerEndpoint::Security m_security = net::ServerEndpoint::Security::ImplicitTls;
    QString m_user;
    QString m_host;
    quint16 m_port = 0;
};

} // namespace magpie::cli
