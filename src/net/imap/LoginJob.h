// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "net/SaslClient.h"
#include "net/imap/ImapJob.h"

#include <optional>

namespace magpie::imap {

// Logs in (RFC 3501 s6.2.2 AUTHENTICATE, s6.2.3 LOGIN). The mechanism is SaslClient::choose()
// from the AUTH= capabilities, strongest first; its initial response goes on the command
// line when SASL-IR is offered (RFC 4959), else after the server's empty "+". When no AUTH=
// mechanism fits but a password is given, plain LOGIN is used unless LOGINDISABLED.
// Afterwards the session's capabilities are fresh: from [CAPABILITY] in the OK, an untagged
// CAPABILITY during the login, or a CAPABILITY command this job sends (RFC 3501 s6.2.2:
// capabilities may change after login).
//
// Errors: AuthenticationFailed "The server refused the password for alice@example.com." with
// the server's text; [UNAVAILABLE] (RFC 5530) gives TemporaryFailure; NoSuitableMechanism
// when nothing the server offers can be used with what was given.
class LoginJob : public ImapJob
{
    Q_OBJECT
public:
    LoginJob(ImapSession *session, const net::Credentials &credentials);
    ~LoginJob() override;

    // The mechanism used ("PLAIN", "XOAUTH2", or "LOGIN" for the LOGIN command).
    QByteArray mechanismName() const { return m_mechanismName; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;
    void handleContinuation(const ImapResponse &response) override;

private:
    void loginFailed(const ImapResponse &tagged);

    net::Credentials m_credentials;
    std::optional<net::SaslClient> m_sasl;
    QByteArray m_mechanismName;
    QByteArray m_loginTag;
    QByteArray m_capabilityTag;
    bool m_initialResponseSent = false;
    bool m_capabilitiesSeen = false;
    bool m_saslAborted = false;
};

} // namespace magpie::imap
