// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/LoginJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

using net::NetError;
using net::SaslClient;

LoginJob::LoginJob(ImapSession *session, const net::Credentials &credentials)
    : ImapJob(session)
    , m_credentials(credentials)
{ }

LoginJob::~LoginJob() = default;

void LoginJob::doStart()
{
    if (session()->state() == ImapSession::State::Authenticated
        || session()->state() == ImapSession::State::Selected) {
        finishWithSuccess(); // PREAUTH (RFC 3501 s7.1.4): already logged in
        return;
    }
    const QByteArrayList offered = session()->authMechanisms();
    QString whyNot;
    const std::optional<SaslClient::Mechanism> mechanism =
        offered.isEmpty() ? std::nullopt : SaslClient::choose(offered, m_credentials, &whyNot);
    if (mechanism) {
        // RFC 3501 s6.2.2 AUTHENTICATE; RFC 4959: the initial response on the command line.
        m_sasl.emplace(*mechanism, m_credentials, host(), session()->endpoint().port);
        m_mechanismName = SaslClient::name(*mechanism);
        ImapCommand command("AUTHENTICATE");
        command.atom(m_mechanismName);
        if (m_sasl->hasInitialResponse() && hasCapability("SASL-IR")) {
            const QByteArray response = m_sasl->initialResponse().toBase64();
            // RFC 4959 s3: "=" stands for an empty initial response.
            command.secret(response.isEmpty() ? QStringLiteral("=")
                                              : QString::fromLatin1(response));
            m_initialResponseSent = true;
        }
        m_loginTag = send(command);
        return;
    }
    // RFC 3501 s6.2.3 LOGIN, when no SASL mechanism fits and the server allows it.
    if (!m_credentials.password.isEmpty() && !hasCapability("LOGINDISABLED")) {
        m_mechanismName = "LOGIN";
        m_loginTag =
            send(ImapCommand("LOGIN").astring(m_credentials.user).secret(m_credentials.password));
        return;
    }
    QString message;
    // RFC 3501 s6.2.3: LOGINDISABLED almost always means "encrypt first".
    if (hasCapability("LOGINDISABLED") && !m_credentials.password.isEmpty()
        && !session()->tlsDetails().encrypted)
        message = tr("%1 does not accept a password on an unencrypted connection "
                     "(LOGINDISABLED). Choose SSL/TLS or STARTTLS in the account settings.")
                      .arg(host());
    else if (hasCapability("LOGINDISABLED") && !m_credentials.password.isEmpty())
        message = tr("%1 does not accept a password on this connection (LOGINDISABLED) and "
                     "offers no sign-in method Magpie can use.")
                      .arg(host());
    else if (!whyNot.isEmpty())
        message = whyNot;
    else
        message = tr("%1 offers no sign-in method Magpie can use with what it was given for %2.")
                      .arg(host(), m_credentials.user);
    finishWithError(NetError::make(NetError::Code::NoSuitableMechanism, message));
}

bool LoginJob::handleUntagged(const ImapResponse &response)
{
    if (response.name == "CAPABILITY") {
        m_capabilitiesSeen = true; // the session stored them
        return true;
    }
    return false;
}

void LoginJob::handleContinuation(const ImapResponse &response)
{
    if (!m_sasl) {
        ImapJob::handleContinuation(response); // LOGIN's literals are the session's business
        return;
    }
    if (!m_initialResponseSent && m_sasl->hasInitialResponse()) {
        // Without SASL-IR the initial response answers the server's empty challenge.
        m_initialResponseSent = true;
        sendLine(m_sasl->initialResponse().toBase64(), true);
        return;
    }
    const auto challenge = QByteArray::fromBase64Encoding(response.continuation.trimmed(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
    std::optional<QByteArray> answer;
    if (challenge)
        answer = m_sasl->respond(*challenge);
    if (!answer) {
        // RFC 3501 s6.2.2: "*" cancels; the server then answers BAD.
        m_saslAborted = true;
        sendLine("*", false);
        return;
    }
    sendLine(answer->toBase64(), true);
}

void LoginJob::handleTagged(const ImapResponse &response)
{
    if (response.tag == m_capabilityTag) {
        // Logged in either way; without fresh capabilities the session keeps the old ones.
        finishWithSuccess();
        return;
    }
    if (response.status != ImapResponse::Status::Ok) {
        loginFailed(response);
        return;
    }
    markAuthenticated();
    const bool codeHadCapabilities = response.code && response.code->name == "CAPABILITY";
    if (codeHadCapabilities || m_capabilitiesSeen) {
        finishWithSuccess();
        return;
    }
    // RFC 3501 s6.2.2: capabilities may differ after login; ask when the server did not say.
    m_capabilityTag = send(ImapCommand("CAPABILITY"));
}

void LoginJob::loginFailed(const ImapResponse &response)
{
    const QByteArray code = response.code ? response.code->name : QByteArray();
    const QString said = response.text.isEmpty()
        ? QString()
        : QLatin1Char(' ') + tr("It said: “%1”.").arg(NetError::quotable(response.text));
    const QByteArray reply =
        (response.status == ImapResponse::Status::Bad ? "BAD " : "NO ") + response.text.toUtf8();
    // RFC 5530 s3: UNAVAILABLE is the server's trouble, not the password's.
    if (code == "UNAVAILABLE") {
        finishWithError(
            NetError::make(NetError::Code::TemporaryFailure,
                           tr("%1 cannot check the password for %2 right now; try again later.")
                                   .arg(host(), m_credentials.user)
                               + said,
                           reply));
        return;
    }
    if (code == "EXPIRED") {
        finishWithError(
            NetError::make(NetError::Code::AuthenticationFailed,
                           tr("The password for %1 has expired. Change it with your provider.")
                                   .arg(m_credentials.user)
                               + said,
                           reply));
        return;
    }
    if (m_saslAborted && m_sasl && m_sasl->oauthError().isEmpty()) {
        finishWithError(
            NetError::make(NetError::Code::ProtocolViolation,
                           tr("%1 sent a sign-in challenge for %2 that Magpie could not answer.")
                               .arg(host(), QString::fromLatin1(m_mechanismName)),
                           reply));
        return;
    }
    if (m_sasl && !m_sasl->oauthError().isEmpty()) {
        finishWithError(NetError::make(
            NetError::Code::AuthenticationFailed,
            tr("The server refused the sign-in token for %1 (%2). Sign in to the account again.")
                .arg(m_credentials.user, QString::fromUtf8(m_sasl->oauthError())),
            reply));
        return;
    }
    const QString message = m_sasl
            && (m_sasl->mechanism() == SaslClient::Mechanism::XOAuth2
                || m_sasl->mechanism() == SaslClient::Mechanism::OAuthBearer)
        ? tr("The server refused the sign-in token for %1.").arg(m_credentials.user)
        : tr("The server refused the password for %1.").arg(m_credentials.user);
    finishWithError(NetError::make(NetError::Code::AuthenticationFailed, message + said, reply));
}

} // namespace magpie::imap
