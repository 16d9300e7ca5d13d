// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpLoginJob.h"

#include "net/smtp/SmtpSession.h"

namespace magpie::smtp {

namespace {

using Code = net::NetError::Code;

// RFC 5321 s4.5.3.1.4: a command line is at most 512 octets with its CRLF; an initial
// response that would make AUTH longer waits for the empty challenge (RFC 4954 s4).
constexpr qsizetype kMaxCommandLine = 512;

QString said(const SmtpReply &reply)
{
    QString text = QString::fromUtf8(reply.summary());
    if (!text.endsWith(u'.'))
        text += u'.';
    return text;
}

} // namespace

SmtpLoginJob::SmtpLoginJob(SmtpSession *session, const net::Credentials &credentials)
    : SmtpJob(session)
    , m_credentials(credentials)
{ }

SmtpLoginJob::~SmtpLoginJob() = default;

std::optional<net::SaslClient::Mechanism> SmtpLoginJob::mechanism() const
{
    if (!m_sasl)
        return std::nullopt;
    return m_sasl->mechanism();
}

void SmtpLoginJob::doStart()
{
    const QString host = serverName();
    const QByteArrayList offered = session()->authMechanisms();
    if (offered.isEmpty()) {
        QString message =
            tr("%1 does not offer a way to log in (no AUTH in its EHLO reply).").arg(host);
        if (!session()->isEncrypted())
            message += u' '
                + tr("Many servers offer it only over an encrypted connection: choose "
                     "STARTTLS or TLS for this account.");
        finishWithError(net::NetError::make(Code::NoSuitableMechanism, message));
        return;
    }
    QString whyNot;
    const std::optional<net::SaslClient::Mechanism> chosen =
        net::SaslClient::choose(offered, m_credentials, &whyNot);
    if (!chosen) {
        if (whyNot.isEmpty())
            whyNot = tr("%1 offers no login method Magpie can use (it offers %2).")
                         .arg(host, QString::fromLatin1(offered.join(", ")));
        finishWithError(net::NetError::make(Code::NoSuitableMechanism, whyNot));
        return;
    }
    m_sasl =
        std::make_unique<net::SaslClient>(*chosen, m_credentials, host, session()->endpoint().port);
    const QByteArray command = "AUTH " + net::SaslClient::name(*chosen);
    if (m_sasl->hasInitialResponse()) {
        // RFC 4954 s4: the initial response on the AUTH line, "=" when it is empty.
        const QByteArray response = m_sasl->initialResponse();
        const QByteArray encoded =
            response.isEmpty() ? QByteArrayLiteral("=") : response.toBase64();
        const QByteArray line = command + ' ' + encoded;
        if (line.size() + 2 <= kMaxCommandLine) {
            sendSecret(line, command);
            return;
        }
        m_initialResponsePending = true;
    }
    sendCommand(command);
}

void SmtpLoginJob::handleReply(const SmtpReply &reply)
{
    if (reply.code() == 334 && !m_cancelled) {
        answerChallenge(reply);
        return;
    }
    m_finalReply = reply;
    if (reply.isPositive() && !m_cancelled) { // 235 (RFC 4954 s6)
        session()->setAuthenticated(m_credentials.user);
        finishWithSuccess();
        return;
    }
    fail(reply);
}

void SmtpLoginJob::answerChallenge(const SmtpReply &reply)
{
    if (m_initialResponsePending) {
        // The empty challenge that stands for "send your initial response" (RFC 4422 s5).
        m_initialResponsePending = false;
        const QByteArray response = m_sasl->initialResponse();
        sendSecret(response.toBase64(), QByteArray());
        return;
    }
    // RFC 4954 s4: the challenge is base64 and nothing else; a client that cannot decode it
    // cancels with "*".
    const QByteArray text =
        reply.lines().isEmpty() ? QByteArray() : reply.lines().first().trimmed();
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    std::optional<QByteArray> response;
    if (decoded)
        response = m_sasl->respond(decoded.decoded);
    if (!response) {
        m_cancelled = true;
        m_cancelReason = decoded
            ? tr("%1 asked more than the %2 login method answers; the login was cancelled.")
                  .arg(serverName(),
                       QString::fromLatin1(net::SaslClient::name(m_sasl->mechanism())))
            : tr("%1 sent a login challenge that is not valid base64; the login was cancelled.")
                  .arg(serverName());
        sendCommand(QByteArrayLiteral("*"));
        return;
    }
    sendSecret(response->toBase64(), QByteArray());
}

void SmtpLoginJob::fail(const SmtpReply &reply)
{
    const QString host = serverName();
    const QString &user = m_credentials.user;
    if (m_cancelled) {
        finishWithError(
            net::NetError::make(Code::ProtocolViolation, m_cancelReason, reply.summary()));
        return;
    }
    QString message;
    Code code = Code::CommandRejected;
    switch (reply.code()) {
    case 535: // authentication credentials invalid (RFC 4954 s6)
    case 534: // mechanism too weak, or (Gmail) an app password or web login is needed
        code = Code::AuthenticationFailed;
        message = m_credentials.hasToken()
            ? tr("The server refused the access token for %1.").arg(user)
            : tr("The server refused the password for %1.").arg(user);
        if (const QByteArray oauth = m_sasl ? m_sasl->oauthError() : QByteArray(); !oauth.isEmpty())
            message += u' ' + tr("The token was not accepted: %1.").arg(QString::fromUtf8(oauth));
        break;
    case 530: // authentication required / must issue STARTTLS first
    case 538: // encryption required for the requested mechanism (RFC 4954 s6)
        message = tr("%1 requires an encrypted connection before logging in; choose STARTTLS "
                     "or TLS for this account.")
                      .arg(host);
        break;
    default:
        if (reply.isTransient()) {
            // 454 temporary authentication failure, 432 password transition needed.
            code = Code::TemporaryFailure;
            message = tr("%1 could not log in %2 just now; try again later.").arg(host, user);
        } else {
            message = tr("%1 refused to log in %2.").arg(host, user);
        }
        break;
    }
    message += u' ' + tr("It said: %1").arg(said(reply));
    finishWithError(net::NetError::make(code, message, reply.summary()));
}

} // namespace magpie::smtp
