// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sasl/SaslCredentials.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// One SASL authentication in progress, PLAIN or LOGIN, independent of the protocol that
// carries it: the session turns a Challenge into "334 ..." (SMTP), "+ ..." (POP3, IMAP),
// and checks the credentials of Done itself.
class SaslExchange
{
public:
    enum class Mechanism { Plain, Login };

    struct Step
    {
        enum class Kind {
            Challenge, // send `challenge` (base64, may be empty) and feed the answer to respond()
            Done, // `credentials` are ready to be checked
            Malformed, // the client's response could not be decoded; `whyNot` says why
            Cancelled, // the client sent "*"
        };
        Kind kind = Kind::Malformed;
        QByteArray challenge;
        SaslCredentials credentials;
        QString whyNot;
    };

    // The mechanism a client names (case-insensitive, RFC 4422 s3.1), if we have it.
    static std::optional<Mechanism> mechanism(QByteArrayView name);
    // What we advertise, best first.
    static QByteArrayList mechanismNames() { return { "PLAIN", "LOGIN" }; }

    explicit SaslExchange(Mechanism mechanism);

    // `initialResponse` as it came with the command (base64, or "=" for an empty one,
    // RFC 4954 s4); none when the command had no initial response.
    Step start(std::optional<QByteArrayView> initialResponse);
    // The client's answer to the last Challenge, one line without its CRLF.
    Step respond(QByteArrayView line);

private:
    Step takeLogin(QByteArrayView base64);
    Step takePassword(QByteArrayView base64);

    Mechanism m_mechanism;
    QString m_login;
    bool m_waitingForPassword = false;
};

} // namespace magpie::server
