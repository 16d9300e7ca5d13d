// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession: STARTTLS, LOGIN and AUTHENTICATE PLAIN (RFC 3501 s6.2, RFC 4616, RFC 4959).
#include "server/imap/ImapSession.h"

#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/Transport.h"

#include <QTimer>

namespace magpie::server {

namespace {

// For the log: a login name is the client's text, so nothing in it may start a new line.
QString printable(const QString &text)
{
    QString result = text.left(200);
    for (QChar &c : result) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return result;
}

// RFC 4616 s2: message = [authzid] UTF8NUL authcid UTF8NUL passwd. An authorization
// identity other than the login itself would be acting as another user, which no one may.
bool decodePlain(const QByteArray &base64, QString *login, QString *password, bool *wellFormed)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
    *wellFormed = false;
    if (!decoded)
        return false;
    const QList<QByteArray> parts = decoded.decoded.split('\0');
    if (parts.size() != 3 || parts.at(1).isEmpty())
        return false;
    *wellFormed = true;
    *login = QString::fromUtf8(parts.at(1));
    *password = QString::fromUtf8(parts.at(2));
    return parts.at(0).isEmpty() || parts.at(0) == parts.at(1);
}

} // namespace

bool ImapSession::plaintextAuthAllowed() const
{
    return transport().isEncrypted() || context().allowPlaintextAuth();
}

void ImapSession::startTls(const ImapCommand &command)
{
    if (transport().isEncrypted()) {
        reply(command.tag, "BAD The connection is already encrypted.");
        return;
    }
    if (!transport().canStartTls()) {
        reply(command.tag, "BAD STARTTLS is not available: this server has no certificate.");
        return;
    }
    reply(command.tag, "OK Begin TLS negotiation now");
    if (isClosed())
        return;
    // RFC 3501 s6.2.1, RFC 2595 s3.1: whatever the client sent after STARTTLS, before the
    // handshake, could have been injected by someone in the middle: it is thrown away.
    m_reader.discardBuffered();
    transport().startTls();
    log(QStringLiteral("starttls"));
}

void ImapSession::login(const ImapCommand &command)
{
    if (!plaintextAuthAllowed()) {
        // RFC 3501 s6.2.3 (LOGINDISABLED), RFC 5530 s3 (PRIVACYREQUIRED).
        reply(command.tag,
              "NO [PRIVACYREQUIRED] Logging in with a password is not allowed on "
              "an unencrypted connection: use STARTTLS first.");
        return;
    }
    checkCredentials(command.tag, QString::fromUtf8(command.user),
                     QString::fromUtf8(command.password));
}

void ImapSession::authenticate(const ImapCommand &command)
{
    if (command.mechanism != "PLAIN") {
        reply(command.tag,
              "NO The authentication mechanism " + command.mechanism.left(40)
                  + " is not supported; use PLAIN.");
        return;
    }
    if (!plaintextAuthAllowed()) {
        reply(command.tag,
              "NO [PRIVACYREQUIRED] Sending a password is not allowed on an "
              "unencrypted connection: use STARTTLS first.");
        return;
    }
    m_waitingTag = command.tag;
    if (command.initialResponse) {
        // RFC 4959 s3: the response in the command itself; "=" stands for an empty one.
        saslResponse(*command.initialResponse == "=" ? QByteArray() : *command.initialResponse);
        return;
    }
    m_expecting = Expecting::SaslResponse;
    send("+ \r\n"); // RFC 4616: PLAIN has no challenge (RFC 3501 s7.5: "+" and an empty one)
}

void ImapSession::saslResponse(const QByteArray &line)
{
    m_expecting = Expecting::Command;
    const QByteArray tag = std::exchange(m_waitingTag, {});
    if (line == "*") {
        reply(tag, "BAD Authentication cancelled."); // RFC 3501 s6.2.2
        return;
    }
    QString login;
    QString password;
    bool wellFormed = false;
    if (!decodePlain(line, &login, &password, &wellFormed)) {
        if (!wellFormed) {
            reply(tag, "BAD The PLAIN response is not base64 of \"\\0user\\0password\".");
            return;
        }
        loginFailed(tag, login);
        return;
    }
    checkCredentials(tag, login, password);
}

void ImapSession::checkCredentials(const QByteArray &tag, const QString &login,
                                   const QString &password)
{
    const QString user = context().authenticate(login, password);
    if (user.isEmpty()) {
        loginFailed(tag, login);
        return;
    }
    MailStore &store = context().store();
    if (!store.hasUser(user))
        store.addUser(user);
    m_user = user;
    m_state = State::Authenticated;
    log(QStringLiteral("login ") + user);
    // RFC 3501 s6.2.3 allows the new capabilities in the OK, which saves a round trip.
    reply(tag, "OK [CAPABILITY " + capabilities() + "] Logged in");
}

void ImapSession::loginFailed(const QByteArray &tag, const QString &login)
{
    ++m_authFailures;
    log(QStringLiteral("login failed for ") + printable(login));
    // The reply waits, and so does every command behind it, to slow down password guessing;
    // the event loop (and every other session) goes on meanwhile.
    pauseInput();
    QTimer::singleShot(context().limits().authFailureDelayMs, this, [this, tag] {
        reply(tag, "NO [AUTHENTICATIONFAILED] The user name or password is wrong.");
        if (isClosed())
            return;
        if (m_authFailures >= context().limits().maxAuthFailures) {
            log(QStringLiteral("too many failed logins; closing"));
            send("* BYE Too many failed logins.\r\n");
            m_state = State::Logout;
            closeConnection();
            return;
        }
        resumeInput();
    });
}

} // namespace magpie::server
