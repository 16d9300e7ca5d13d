// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3LoginJob.h"

#include "net/pop3/Pop3Session.h"

#include <QCryptographicHash>

namespace magpie::pop3 {

namespace {

using Code = net::NetError::Code;

// RFC 2449 s4: a command line, CRLF included, is at most 255 octets; RFC 5034 s4 sends the
// initial response on the AUTH line only when it fits.
constexpr qsizetype MaximumCommandLine = 255;

bool hasLineBreakOrNul(const QString &text)
{
    return text.contains(u'\r') || text.contains(u'\n') || text.contains(QChar(0));
}

} // namespace

Pop3LoginJob::Pop3LoginJob(Pop3Session *session, const net::Credentials &credentials)
    : Pop3Job(session)
    , m_credentials(credentials)
{ }

Pop3LoginJob::~Pop3LoginJob() = default;

QByteArray Pop3LoginJob::mechanismName() const
{
    return m_sasl ? net::SaslClient::name(m_sasl->mechanism()) : QByteArray();
}

QString Pop3LoginJob::account() const
{
    return m_credentials.user;
}

void Pop3LoginJob::doStart()
{
    const net::Credentials &credentials = m_credentials;
    const QString server = session()->endpoint().hostAndPort();
    if (credentials.user.isEmpty()) {
        finishWithError(net::NetError::make(Code::InvalidArgument,
                                            tr("Enter a user name to log in to %1.").arg(server)));
        return;
    }
    if (hasLineBreakOrNul(credentials.user) || hasLineBreakOrNul(credentials.password)
        || hasLineBreakOrNul(credentials.oauthToken) || hasLineBreakOrNul(credentials.authzid)) {
        finishWithError(net::NetError::make(
            Code::InvalidArgument,
            tr("The user name or password for %1 contains a line break or a NUL character, which "
               "cannot be sent to a POP3 server. Check the account settings.")
                .arg(account())));
        return;
    }

    switch (m_method) {
    case Method::Apop:
        startApop();
        return;
    case Method::UserPass:
        startUserPass();
        return;
    case Method::Sasl:
    case Method::Automatic:
        break;
    }

    const QByteArrayList offered = session()->saslMechanisms();
    QString whyNot;
    if (!offered.isEmpty()) {
        if (const auto mechanism = net::SaslClient::choose(offered, credentials, &whyNot)) {
            startSasl(*mechanism);
            return;
        }
    }
    if (m_method == Method::Sasl || (credentials.password.isEmpty() && credentials.hasToken())) {
        finishWithError(net::NetError::make(
            Code::NoSuitableMechanism,
            !whyNot.isEmpty() ? whyNot
                : credentials.hasToken()
                ? tr("The server %1 offers no way to log in with an access token (it lists no "
                     "OAUTHBEARER or XOAUTH2).")
                      .arg(server)
                : tr("The server %1 offers no SASL authentication (AUTH).").arg(server)));
        return;
    }
    // RFC 2449 s6.8: USER in CAPA says USER/PASS works; a server without CAPA has it anyway.
    if (!session()->capabilitiesKnown() || session()->hasCapability("USER")) {
        startUserPass();
        return;
    }
    finishWithError(net::NetError::make(
        Code::NoSuitableMechanism,
        (whyNot.isEmpty() ? QString() : whyNot + u' ')
            + tr("The server %1 does not offer logging in with USER and PASS either. It may "
                 "allow it only over an encrypted connection: choose TLS or STARTTLS in the "
                 "account settings.")
                  .arg(server)));
}

// RFC 1939 s7 USER/PASS. The password goes out as UTF-8; the log shows "PASS <redacted>".
void Pop3LoginJob::startUserPass()
{
    m_used = Method::UserPass;
    send("USER " + m_credentials.user.toUtf8());
}

// RFC 1939 s7 APOP: MD5 over the greeting's timestamp and the password, as 32 hex digits.
void Pop3LoginJob::startApop()
{
    m_used = Method::Apop;
    const QByteArray timestamp = session()->apopTimestamp();
    if (timestamp.isEmpty()) {
        finishWithError(net::NetError::make(
            Code::NoSuitableMechanism,
            tr("The server %1 does not offer APOP: its greeting has no timestamp. Log in with the "
               "password instead (USER/PASS or SASL).")
                .arg(session()->endpoint().hostAndPort())));
        return;
    }
    if (m_credentials.user.contains(u' ')) {
        finishWithError(net::NetError::make(
            Code::InvalidArgument,
            tr("The user name “%1” contains a space, which APOP cannot send. Log in with the "
               "password instead (USER/PASS or SASL).")
                .arg(account())));
        return;
    }
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray(timestamp + m_credentials.password.toUtf8()),
                                 QCryptographicHash::Md5)
            .toHex();
    const QByteArray user = m_credentials.user.toUtf8();
    sendSecret("APOP " + user + ' ' + digest, "APOP " + user);
}

// RFC 5034 s4: AUTH mechanism [initial-response]; an empty initial response is "=".
void Pop3LoginJob::startSasl(net::SaslClient::Mechanism mechanism)
{
    m_used = Method::Sasl;
    const net::ServerEndpoint &endpoint = session()->endpoint();
    m_sasl =
        std::make_unique<net::SaslClient>(mechanism, m_credentials, endpoint.host, endpoint.port);
    const QByteArray command = "AUTH " + net::SaslClient::name(mechanism);
    if (m_sasl->hasInitialResponse()) {
        const QByteArray response = m_sasl->initialResponse();
        const QByteArray encoded = response.isEmpty() ? QByteArray("=") : response.toBase64();
        if (command.size() + 1 + encoded.size() + 2 <= MaximumCommandLine) {
            sendAuth(command + ' ' + encoded, command, true);
            return;
        }
        // Too long for the line: sent after the server's empty challenge instead.
        m_delayedInitialResponse = response.toBase64();
        m_initialResponsePending = true;
    }
    sendAuth(command, command, false);
}

void Pop3LoginJob::handleReply(const Pop3Reply &reply)
{
    switch (reply.status) {
    case Pop3Reply::Status::Continuation:
        answerChallenge(reply);
        return;
    case Pop3Reply::Status::Ok:
        if (m_used == Method::UserPass && !m_passSent) {
            m_passSent = true;
            sendSecret("PASS " + m_credentials.password.toUtf8(), "PASS");
            return;
        }
        loggedIn();
        finishWithSuccess();
        return;
    case Pop3Reply::Status::Err:
    case Pop3Reply::Status::Malformed:
        refused(reply);
        return;
    }
}

void Pop3LoginJob::answerChallenge(const Pop3Reply &reply)
{
    if (!m_sasl || m_cancelled)
        return; // after "*" only the server's -ERR is awaited
    if (m_initialResponsePending) {
        m_initialResponsePending = false;
        sendSaslResponse(m_delayedInitialResponse);
        return;
    }
    const auto decoded =
        QByteArray::fromBase64Encoding(reply.text, QByteArray::AbortOnBase64DecodingErrors);
    const std::optional<QByteArray> response =
        decoded ? m_sasl->respond(decoded.decoded) : std::nullopt;
    if (!response) {
        // RFC 5034 s4: "*" cancels the exchange; the server answers -ERR.
        m_cancelled = true;
        sendSaslResponse("*");
        return;
    }
    sendSaslResponse(response->toBase64());
}

// RFC 2449 s8.1 and RFC 3206: the response code tells a busy mailbox or a passing server
// problem (try again later, nothing wrong with the password) from refused credentials.
void Pop3LoginJob::refused(const Pop3Reply &reply)
{
    const QString server = session()->endpoint().hostAndPort();
    const QString said = reply.readableText();
    const QString theServerSaid =
        said.isEmpty() ? QString() : u' ' + tr("The server said: “%1”").arg(said);
    if (reply.hasCode("IN-USE")) {
        finishWithError(net::NetError::make(
            Code::TemporaryFailure,
            tr("Another program is using this mailbox on %1 (POP3 lets only one in at a time). "
               "Close the other mail program or wait a few minutes, then try again.")
                    .arg(server)
                + theServerSaid,
            reply.line));
    } else if (reply.hasCode("LOGIN-DELAY")) {
        finishWithError(net::NetError::make(
            Code::TemporaryFailure,
            tr("The server %1 allows logging in to this mailbox only every few minutes; try again "
               "later.")
                    .arg(server)
                + theServerSaid,
            reply.line));
    } else if (reply.hasCode("SYS/TEMP")) {
        finishWithError(net::NetError::make(
            Code::TemporaryFailure,
            tr("The server %1 has a temporary problem and could not log in %2; try again later.")
                    .arg(server, account())
                + theServerSaid,
            reply.line));
    } else if (reply.hasCode("SYS/PERM")) {
        finishWithError(net::NetError::make(
            Code::CommandRejected,
            tr("The server %1 does not let %2 log in.").arg(server, account()) + theServerSaid,
            reply.line));
    } else {
        QString message = m_sasl && m_credentials.hasToken() && m_credentials.password.isEmpty()
            ? tr("The server refused the access token for %1.").arg(account())
            : tr("The server refused the password for %1.").arg(account());
        if (m_sasl && !m_sasl->oauthError().isEmpty())
            message += u' '
                + tr("Its explanation: %1").arg(QString::fromUtf8(m_sasl->oauthError().left(300)));
        finishWithError(
            net::NetError::make(Code::AuthenticationFailed, message + theServerSaid, reply.line));
    }
}

} // namespace magpie::pop3
