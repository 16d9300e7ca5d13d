// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QCoreApplication>

#include <optional>

namespace magpie::net {

// The client side of the SASL mechanisms Magpie uses (RFC 4422), shared by IMAP
// AUTHENTICATE, POP3 AUTH and SMTP AUTH. Works on raw (not base64) payloads; each protocol
// does its own base64 and framing, and its own SASL-IR decision.
class SaslClient
{
    Q_DECLARE_TR_FUNCTIONS(magpie::net::SaslClient)
public:
    enum class Mechanism { OAuthBearer, XOAuth2, Plain, Login };

    // The strongest mechanism both sides can use, or nothing: with a token OAUTHBEARER
    // (RFC 7628) then XOAUTH2; with a password PLAIN (RFC 4616) then LOGIN. `offered` is the
    // server's list (case-insensitive). `whyNot` says what was offered and what was missing.
    static std::optional<Mechanism> choose(const QByteArrayList &offered,
                                           const Credentials &credentials,
                                           QString *whyNot = nullptr);
    static QByteArray name(Mechanism mechanism); // "PLAIN"

    SaslClient(Mechanism mechanism, const Credentials &credentials, const QString &host = {},
               quint16 port = 0);

    Mechanism mechanism() const { return m_mechanism; }
    // Whether the mechanism starts with a client response (PLAIN, XOAUTH2, OAUTHBEARER),
    // which goes on the command line with SASL-IR (RFC 4959) or after an empty challenge.
    bool hasInitialResponse() const;
    QByteArray initialResponse() const;
    // The answer to a server challenge (raw bytes: the caller base64-decodes challenges and
    // encodes answers), or nothing when the exchange cannot go on: LOGIN asked a third
    // question, PLAIN got a non-empty challenge, or an OAuth error was already answered.
    // An empty challenge before any response gets initialResponse() (no SASL-IR).
    // OAuth errors: a non-empty challenge to OAUTHBEARER or XOAUTH2 is the server's error
    // JSON; it is kept in oauthError() and answered so the server can finish with its failure
    // reply: OAUTHBEARER answers the single byte "\x01" (RFC 7628 s3.2.3), XOAUTH2 an empty
    // response (Google's XOAUTH2 description). The login has failed either way.
    std::optional<QByteArray> respond(const QByteArray &challenge);
    QByteArray oauthError() const { return m_oauthError; }

private:
    Mechanism m_mechanism;
    Credentials m_credentials;
    QString m_host;
    quint16 m_port;
    int m_step = 0;
    QByteArray m_oauthError;
};

} // namespace magpie::net
