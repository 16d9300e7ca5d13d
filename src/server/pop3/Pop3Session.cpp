// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/pop3/Pop3Session.h"

#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/Transport.h"

#include <QTimer>

namespace magpie::server {

namespace {

using Verb = Pop3Command::Verb;

const QString kInbox = QStringLiteral("INBOX");

// Commands a client may pipeline while a failed login's delay runs (RFC 2449 s6.6).
qsizetype pendingInputLimit(const ServerLimits &limits)
{
    return qMax<qsizetype>(qsizetype(limits.maxLineLength) * 16, 1024 * 1024);
}

QByteArray number(qint64 n)
{
    return QByteArray::number(n);
}

} // namespace

Pop3Session::Pop3Session(ServerContext &context, Transport &transport, QObject *parent)
    : ProtocolSession(Protocol::Pop3, context, transport, parent)
    , m_lines(context.limits().maxLineLength)
{ }

Pop3Session::~Pop3Session()
{
    releaseMaildrop();
}

void Pop3Session::start()
{
    log(QStringLiteral("connect"));
    // No "<timestamp>" in the greeting: it would invite APOP, which we do not offer.
    send("+OK " + context().hostName().toUtf8() + " Magpie POP3 server ready\r\n");
}

void Pop3Session::tlsStarted()
{
    if (m_wait != Wait::TlsHandshake)
        return;
    m_wait = Wait::Nothing;
    m_lines.clear();
    log(QStringLiteral("tls established"));
    processInput();
}

void Pop3Session::idleTimedOut()
{
    // RFC 1939 s3: the autologout timer closes without a reply and without UPDATE.
    log(QStringLiteral("idle timeout"));
    closeConnection();
}

int Pop3Session::idleTimeoutMs() const
{
    return context().limits().pop3IdleTimeoutMs;
}

void Pop3Session::connectionLost()
{
    m_sasl.reset();
    releaseMaildrop(); // nothing marked for deletion is removed (s6: only QUIT updates)
    if (!m_disconnectLogged) {
        m_disconnectLogged = true;
        log(QStringLiteral("disconnect"));
    }
}

void Pop3Session::releaseMaildrop()
{
    if (m_locked) {
        m_locked = false;
        context().store().unlockMaildrop(m_user);
    }
}

void Pop3Session::handleBytes(QByteArrayView bytes)
{
    // RFC 2595 s4: what came after STLS and before the handshake is not a command.
    if (m_wait == Wait::TlsHandshake)
        return;
    m_lines.append(bytes);
    if (m_wait != Wait::Nothing && m_lines.bufferedSize() > pendingInputLimit(context().limits())) {
        log(QStringLiteral("too much pipelined input; closing"));
        closeConnection();
        return;
    }
    processInput();
}

void Pop3Session::processInput()
{
    if (m_processing)
        return;
    m_processing = true;
    while (!isClosed() && m_wait == Wait::Nothing) {
        const std::optional<CommandLineReader::Line> line = m_lines.next();
        if (!line)
            break;
        if (m_sasl) {
            if (line->tooLong) {
                m_sasl.reset();
                error("Authentication line too long; authentication cancelled.");
            } else {
                takeAuthStep(m_sasl->respond(line->text));
            }
        } else if (line->tooLong) {
            error("Line too long.");
        } else {
            execute(Pop3Command::parse(line->text));
        }
    }
    m_processing = false;
}

void Pop3Session::ok(const QByteArray &text)
{
    completeCommand(text.isEmpty() ? QByteArray("+OK\r\n") : "+OK " + text + "\r\n");
}

void Pop3Session::error(const QByteArray &text)
{
    completeCommand("-ERR " + text + "\r\n");
}

void Pop3Session::execute(const Pop3Command &command)
{
    if (!beginCommand(command.name))
        return; // a fault rule answered
    if (command.verb == Verb::Unknown)
        return error("Unknown command.");
    if (!command.isValid())
        return error(command.whyNot.toUtf8());
    if (command.verb == Verb::Capa)
        return capa();
    if (m_user.isEmpty())
        authorization(command);
    else
        transaction(command);
}

// CAPA, RFC 2449 s5: what is on offer now (login mechanisms only before login).
void Pop3Session::capa()
{
    QByteArray text = "+OK Capability list follows\r\n"
                      "TOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
    if (m_user.isEmpty()) {
        if (loginAllowed()) {
            text += "USER\r\n";
            text += "SASL " + SaslExchange::mechanismNames().join(' ') + "\r\n";
        }
        if (transport().canStartTls() && !transport().isEncrypted())
            text += "STLS\r\n";
    }
    text += "IMPLEMENTATION Magpie\r\n.\r\n";
    completeCommand(text);
}

void Pop3Session::authorization(const Pop3Command &command)
{
    static const QByteArray plaintextRefused =
        "[SYS/PERM] Login without TLS is disabled on this server; send STLS first.";
    switch (command.verb) {
    case Verb::Quit:
        ok("Bye");
        closeConnection();
        return;
    case Verb::Stls:
        return startTls();
    case Verb::Auth:
        return auth(command);
    case Verb::User:
        if (!loginAllowed())
            return error(plaintextRefused);
        // Whether the user exists is only told after PASS, so that names cannot be probed.
        m_userGiven = QString::fromUtf8(command.argument);
        return ok("Send your password.");
    case Verb::Pass: {
        if (!loginAllowed())
            return error(plaintextRefused);
        if (m_userGiven.isEmpty())
            return error("Send USER first.");
        const QString user = std::exchange(m_userGiven, QString());
        return login(user, QString::fromUtf8(command.argument));
    }
    default:
        return error("Log in first, with USER and PASS or with AUTH.");
    }
}

// STLS, RFC 2595 s4
void Pop3Session::startTls()
{
    if (transport().isEncrypted())
        return error("TLS is already active.");
    if (!transport().canStartTls())
        return error("TLS is not available: the server has no certificate.");
    m_lines.clear(); // pipelined after STLS: discarded, never executed
    m_wait = Wait::TlsHandshake;
    ok("Begin TLS negotiation now.");
    if (isClosed())
        return;
    m_userGiven.clear();
    transport().startTls();
}

// AUTH, RFC 5034 s4
void Pop3Session::auth(const Pop3Command &command)
{
    if (command.argument.isEmpty()) {
        // A bare AUTH lists the mechanisms, as clients from before RFC 5034 expect.
        completeCommand("+OK\r\n" + SaslExchange::mechanismNames().join("\r\n") + "\r\n.\r\n");
        return;
    }
    if (!loginAllowed())
        return error("[SYS/PERM] Login without TLS is disabled on this server; send STLS first.");
    const auto mechanism = SaslExchange::mechanism(command.argument);
    if (!mechanism)
        return error("Unsupported authentication mechanism; use PLAIN or LOGIN.");
    m_userGiven.clear();
    m_sasl = std::make_unique<SaslExchange>(*mechanism);
    std::optional<QByteArrayView> initial;
    if (command.initialResponse)
        initial = QByteArrayView(*command.initialResponse);
    takeAuthStep(m_sasl->start(initial));
}

void Pop3Session::takeAuthStep(const SaslExchange::Step &step)
{
    switch (step.kind) {
    case SaslExchange::Step::Kind::Challenge:
        send("+ " + step.challenge + "\r\n");
        return;
    case SaslExchange::Step::Kind::Malformed:
        m_sasl.reset();
        return error(step.whyNot.toUtf8());
    case SaslExchange::Step::Kind::Cancelled:
        m_sasl.reset();
        return error("Authentication cancelled.");
    case SaslExchange::Step::Kind::Done:
        m_sasl.reset();
        return login(step.credentials.login, step.credentials.password);
    }
}

void Pop3Session::login(const QString &login, const QString &password)
{
    const QString user = context().authenticate(login, password);
    if (user.isEmpty()) {
        ++m_authFailures;
        SaslCredentials forLog;
        forLog.login = login;
        log(QStringLiteral("auth failed for ") + forLog.loginForLog());
        // The failure waits, so that guessing passwords is slow; so does everything after it.
        m_wait = Wait::AuthDelay;
        QTimer::singleShot(context().limits().authFailureDelayMs, this, [this] {
            m_wait = Wait::Nothing;
            if (m_authFailures >= context().limits().maxAuthFailures) {
                log(QStringLiteral("too many failed logins; closing"));
                error("[AUTH] Invalid user name or password. Too many failures; closing the "
                      "connection.");
                closeConnection();
                return;
            }
            error("[AUTH] Invalid user name or password.");
            processInput();
        });
        return;
    }
    MailStore &store = context().store();
    if (!store.lockMaildrop(user)) {
        log(QStringLiteral("maildrop in use: ") + user);
        return error("[IN-USE] Another POP3 session has this mailbox open; try again later.");
    }
    m_locked = true;
    m_user = user;
    const auto inbox = store.status(user, kInbox);
    m_maildrop = Pop3Maildrop(inbox ? inbox->uidValidity : 0, store.messages(user, kInbox));
    log(QStringLiteral("login ") + user);
    ok("Logged in; " + number(m_maildrop.visibleCount()) + " messages ("
       + number(m_maildrop.visibleSize()) + " octets).");
}

bool Pop3Session::loginAllowed() const
{
    return transport().isEncrypted() || context().allowPlaintextAuth();
}

void Pop3Session::transaction(const Pop3Command &command)
{
    switch (command.verb) {
    case Verb::Stat:
        return ok(number(m_maildrop.visibleCount()) + ' ' + number(m_maildrop.visibleSize()));
    case Verb::List:
        return list(command, false);
    case Verb::Uidl:
        return list(command, true);
    case Verb::Retr:
    case Verb::Top:
        return retrieve(command);
    case Verb::Dele:
        if (!checkMessage(command))
            return;
        m_maildrop.markDeleted(*command.message);
        return ok("Message " + number(*command.message) + " deleted.");
    case Verb::Noop:
        return ok("");
    case Verb::Rset:
        m_maildrop.unmarkAll();
        return ok("Maildrop has " + number(m_maildrop.visibleCount()) + " messages ("
                  + number(m_maildrop.visibleSize()) + " octets).");
    case Verb::Quit:
        return update();
    case Verb::User:
    case Verb::Pass:
    case Verb::Auth:
    case Verb::Stls:
        return error("Already logged in.");
    default:
        return error("Unknown command.");
    }
}

bool Pop3Session::checkMessage(const Pop3Command &command)
{
    const int n = *command.message;
    if (!m_maildrop.exists(n)) {
        error("There is no message " + number(n) + '.');
        return false;
    }
    if (m_maildrop.isDeleted(n)) {
        error("Message " + number(n) + " is deleted.");
        return false;
    }
    return true;
}

// LIST and UIDL, RFC 1939 s5 and s7: one message, or every one not marked deleted.
void Pop3Session::list(const Pop3Command &command, bool uniqueIds)
{
    auto entry = [&](int n) -> QByteArray {
        return number(n) + ' ' + (uniqueIds ? m_maildrop.uniqueId(n) : number(m_maildrop.size(n)));
    };
    if (command.message) {
        if (checkMessage(command))
            ok(entry(*command.message));
        return;
    }
    QByteArray text = uniqueIds ? QByteArray("+OK Unique-id listing follows\r\n")
                                : "+OK " + number(m_maildrop.visibleCount()) + " messages ("
            + number(m_maildrop.visibleSize()) + " octets)\r\n";
    for (int n = 1; n <= m_maildrop.count(); ++n) {
        if (!m_maildrop.isDeleted(n))
            text += entry(n) + "\r\n";
    }
    completeCommand(text + ".\r\n");
}

// RETR and TOP (RFC 1939 s5, s7): the message, byte-stuffed.
void Pop3Session::retrieve(const Pop3Command &command)
{
    if (!checkMessage(command))
        return;
    const int n = *command.message;
    StoreError storeError;
    const QByteArray content =
        context().store().content(m_user, kInbox, m_maildrop.uid(n), &storeError);
    if (storeError)
        return error("[SYS/TEMP] Message " + number(n)
                     + " cannot be read; another session may have removed it.");
    if (command.verb == Verb::Top) {
        completeCommand("+OK Top of message follows\r\n"
                        + Pop3Maildrop::byteStuffed(Pop3Maildrop::top(content, *command.lines)));
        return;
    }
    completeCommand("+OK " + number(content.size()) + " octets\r\n"
                    + Pop3Maildrop::byteStuffed(content));
}

// QUIT in TRANSACTION: the UPDATE state (RFC 1939 s6). Only now do DELE's marks take effect.
void Pop3Session::update()
{
    const QList<Uid> deleted = m_maildrop.deletedUids();
    StoreError storeError;
    if (!deleted.isEmpty())
        context().store().expunge(m_user, kInbox, deleted, &storeError);
    if (storeError) {
        log(QStringLiteral("removing deleted messages failed: ") + storeError.message);
        error("[SYS/TEMP] The deleted messages could not be removed; they are still there.");
    } else {
        if (!deleted.isEmpty())
            log(QStringLiteral("removed %1 messages").arg(deleted.size()));
        const int left = m_maildrop.visibleCount();
        ok("Bye; " + number(left) + (left == 1 ? " message left." : " messages left."));
    }
    releaseMaildrop();
    closeConnection();
}

} // namespace magpie::server
