// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/SmtpSession.h"

#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/Transport.h"
#include "server/smtp/ReceivedField.h"
#include "server/smtp/SmtpDataReader.h"

#include <QDateTime>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

namespace magpie::server {

namespace {

using Verb = SmtpCommand::Verb;
using Problem = SmtpCommand::Problem;

// RFC 5321 s4.5.3.1.8 asks for at least 100; more are refused with 452 (s4.5.3.1.10).
constexpr qsizetype kMaxRecipients = 1000;

// What a client may pipeline while a reply is pending (a delivery, a failed login's delay):
// commands only (RFC 2920 s3.1 has it wait for 354 before content), so a lot is plenty.
qsizetype pendingInputLimit(const ServerLimits &limits)
{
    return qMax<qsizetype>(qsizetype(limits.maxLineLength) * 16, 1024 * 1024);
}

// Client-chosen bytes in a log line: printable ASCII only, and short.
QString forLog(QByteArrayView bytes)
{
    QString out;
    for (char c : bytes.first(qMin<qsizetype>(bytes.size(), 100)))
        out += (c >= 32 && c < 127) ? QChar::fromLatin1(c) : u'?';
    return bytes.size() > 100 ? out + QStringLiteral("...") : out;
}

QByteArray newQueueId()
{
    return QByteArray::number(QRandomGenerator::global()->generate64(), 16).toUpper();
}

QByteArray multiline(QByteArrayView code, const QList<QByteArray> &lines)
{
    QByteArray out;
    for (qsizetype i = 0; i < lines.size(); ++i)
        out += code + (i + 1 < lines.size() ? "-" : " ") + lines.at(i) + "\r\n";
    return out;
}

} // namespace

SmtpSession::SmtpSession(ServerContext &context, Transport &transport, QObject *parent)
    : ProtocolSession(Protocol::Smtp, context, transport, parent)
    , m_lines(context.limits().maxLineLength)
{ }

SmtpSession::~SmtpSession() = default;

void SmtpSession::start()
{
    log(QStringLiteral("connect"));
    // RFC 5321 s4.2: "220" SP domain SP text; no enhanced code before EHLO.
    send("220 " + context().hostName().toUtf8() + " ESMTP Magpie ready\r\n");
}

void SmtpSession::tlsStarted()
{
    if (m_wait != Wait::TlsHandshake)
        return;
    m_wait = Wait::Nothing;
    m_lines.clear();
    log(QStringLiteral("tls established"));
    processInput();
}

void SmtpSession::idleTimedOut()
{
    // RFC 5321 s4.5.3.2.7 and s3.8: a timed-out server answers 421 and closes.
    log(QStringLiteral("idle timeout"));
    send("421 4.4.2 " + context().hostName().toUtf8() + " Error: timeout exceeded\r\n");
    closeConnection();
}

int SmtpSession::idleTimeoutMs() const
{
    return context().limits().smtpIdleTimeoutMs;
}

void SmtpSession::connectionLost()
{
    m_data.reset();
    m_sasl.reset();
    if (!m_disconnectLogged) {
        m_disconnectLogged = true;
        log(QStringLiteral("disconnect"));
    }
}

void SmtpSession::handleBytes(QByteArrayView bytes)
{
    // RFC 3207 s4.2 (and the 2011 STARTTLS injection bugs): what the client sent after
    // STARTTLS and before the handshake is never executed.
    if (m_wait == Wait::TlsHandshake)
        return;
    m_lines.append(bytes);
    if (m_wait != Wait::Nothing && m_lines.bufferedSize() > pendingInputLimit(context().limits())) {
        log(QStringLiteral("too much pipelined input; closing"));
        send("421 4.7.0 " + context().hostName().toUtf8()
             + " Too much input while a reply is pending; closing the connection\r\n");
        closeConnection();
        return;
    }
    processInput();
}

void SmtpSession::processInput()
{
    if (m_processing)
        return; // a delivery that finished at once; the loop below goes on
    m_processing = true;
    while (!isClosed() && m_wait == Wait::Nothing) {
        if (m_data) {
            readData();
            if (m_data)
                break; // the end of the data has not come yet
            continue;
        }
        const std::optional<CommandLineReader::Line> line = m_lines.next();
        if (!line)
            break;
        if (m_sasl) {
            if (line->tooLong) {
                m_sasl.reset();
                reply("500 5.5.6", "Authentication exchange line is too long.");
            } else {
                continueAuth(line->text);
            }
        } else if (line->tooLong) {
            // RFC 5321 s4.5.3.1.10 "500 Line too long"; the rest of the line is skipped.
            reply("500 5.5.2", "Line too long.");
        } else {
            execute(SmtpCommand::parse(line->text));
        }
    }
    m_processing = false;
}

void SmtpSession::readData()
{
    const QByteArray bytes = m_lines.takeBuffered();
    const qsizetype used = m_data->feed(bytes);
    if (!m_data->isFinished())
        return;
    m_lines.append(QByteArrayView(bytes).sliced(used)); // pipelined commands after the dot
    finishData();
}

void SmtpSession::reply(QByteArrayView codeAndStatus, const QByteArray &text)
{
    completeCommand(codeAndStatus.toByteArray() + ' ' + text + "\r\n");
}

void SmtpSession::execute(const SmtpCommand &command)
{
    if (!beginCommand(command.name))
        return; // a fault rule answered
    const bool pathCommand = command.verb == Verb::Mail || command.verb == Verb::Rcpt;
    if (!command.isValid() && !pathCommand) {
        reply("501 5.5.4", command.whyNot.toUtf8());
        return;
    }
    switch (command.verb) {
    case Verb::Unknown:
        reply("500 5.5.1", "Command not recognized.");
        return;
    case Verb::Helo:
    case Verb::Ehlo:
        ehlo(command);
        return;
    case Verb::Mail:
        mail(command);
        return;
    case Verb::Rcpt:
        rcpt(command);
        return;
    case Verb::Data:
        data();
        return;
    case Verb::Rset:
        resetTransaction();
        reply("250 2.0.0", "Ok");
        return;
    case Verb::Noop:
        reply("250 2.0.0", "Ok");
        return;
    case Verb::Quit:
        reply("221 2.0.0", "Bye");
        closeConnection();
        return;
    case Verb::Vrfy:
        // RFC 5321 s3.5.3: 252 when we will not say whether the address exists.
        reply("252 2.5.0",
              "Cannot verify the address, but will take mail for it and try to deliver.");
        return;
    case Verb::Expn:
        reply("502 5.5.1", "EXPN is not available here.");
        return;
    case Verb::Help:
        reply(
            "214 2.0.0",
            "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY STARTTLS AUTH. See RFC 5321.");
        return;
    case Verb::StartTls:
        startTls();
        return;
    case Verb::Auth:
        auth(command);
        return;
    }
}

// EHLO / HELO, RFC 5321 s4.1.1.1: like RSET, plus the extensions list for EHLO.
void SmtpSession::ehlo(const SmtpCommand &command)
{
    resetTransaction();
    m_heloName = command.argument;
    m_esmtp = command.verb == Verb::Ehlo;
    log((m_esmtp ? QStringLiteral("ehlo ") : QStringLiteral("helo ")) + forLog(m_heloName));
    const QByteArray host = context().hostName().toUtf8();
    if (!m_esmtp) {
        completeCommand("250 " + host + "\r\n");
        return;
    }
    QList<QByteArray> lines = { host + " at your service",
                                "SIZE " + QByteArray::number(context().limits().maxMessageSize),
                                "8BITMIME",
                                "PIPELINING",
                                "SMTPUTF8",
                                "ENHANCEDSTATUSCODES" };
    if (transport().canStartTls() && !transport().isEncrypted())
        lines.append("STARTTLS");
    // RFC 4954 s6 (on 538): offer no mechanism that would be refused for want of TLS.
    if (loginAllowed())
        lines.append("AUTH " + SaslExchange::mechanismNames().join(' '));
    completeCommand(multiline("250", lines));
}

// MAIL FROM, RFC 5321 s4.1.1.2
void SmtpSession::mail(const SmtpCommand &command)
{
    if (m_heloName.isEmpty())
        return reply("503 5.5.1", "Send EHLO or HELO first.");
    if (inTransaction())
        return reply("503 5.5.1", "A sender is already given; send RSET to start over.");
    switch (command.problem) {
    case Problem::None:
        break;
    case Problem::BadPath:
        return reply("501 5.1.7", command.whyNot.toUtf8());
    case Problem::UnknownParameter:
        return reply("555 5.5.4", command.whyNot.toUtf8());
    case Problem::Syntax:
    case Problem::BadParameter:
        return reply("501 5.5.4", command.whyNot.toUtf8());
    }
    const bool hasParameters = command.size || command.body != SmtpCommand::Body::Unspecified
        || command.smtpUtf8 || command.mailAuth;
    if (!m_esmtp && hasParameters)
        return reply("555 5.5.4", "MAIL parameters need EHLO; this session began with HELO.");
    const qint64 limit = context().limits().maxMessageSize;
    if (command.size && *command.size > limit) // RFC 1870 s6.1
        return reply("552 5.3.4",
                     "The message is too big: the limit is " + QByteArray::number(limit)
                         + " octets.");
    if (!command.smtpUtf8 && !command.path.isAscii()) // RFC 6531 s3.5
        return reply("550 5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter.");
    m_sender = command.path;
    m_smtpUtf8 = command.smtpUtf8;
    reply("250 2.1.0", "Ok");
}

// RCPT TO, RFC 5321 s4.1.1.3. Only our own users (or the catch-all): nothing is relayed.
void SmtpSession::rcpt(const SmtpCommand &command)
{
    if (!inTransaction())
        return reply("503 5.5.1", "Send MAIL first.");
    switch (command.problem) {
    case Problem::None:
        break;
    case Problem::BadPath:
        return reply("501 5.1.3", command.whyNot.toUtf8());
    case Problem::UnknownParameter:
        return reply("555 5.5.4", command.whyNot.toUtf8());
    case Problem::Syntax:
    case Problem::BadParameter:
        return reply("501 5.5.4", command.whyNot.toUtf8());
    }
    if (!m_smtpUtf8 && !command.path.isAscii()) // RFC 6531 s3.5
        return reply("553 5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter on MAIL.");
    if (m_recipients.size() >= kMaxRecipients)
        return reply("452 4.5.3", "Too many recipients.");
    // s4.5.1: mail to <Postmaster> must be taken; it goes where postmaster@ our name goes.
    const QString address = command.path.kind() == SmtpPath::Kind::Postmaster
        ? QStringLiteral("postmaster@") + context().hostName()
        : command.path.address();
    const QString user = context().recipientUser(address);
    if (user.isEmpty())
        return reply("550 5.1.1", "No mailbox here by that name: " + command.path.toWire());
    if (!m_recipientUsers.contains(user))
        m_recipientUsers.append(user);
    m_recipients.append(command.path);
    reply("250 2.1.5", "Ok");
}

// DATA, RFC 5321 s4.1.1.4. The reply to the content comes from finishData().
void SmtpSession::data()
{
    if (!inTransaction())
        return reply("503 5.5.1", "Send MAIL first.");
    if (m_recipientUsers.isEmpty()) // s3.3: 554 when every RCPT was refused
        return reply("554 5.5.1", "No valid recipients.");
    send("354 End data with <CR><LF>.<CR><LF>\r\n");
    m_data = std::make_unique<SmtpDataReader>(context().limits().maxMessageSize,
                                              context().limits().maxLineLength);
}

void SmtpSession::finishData()
{
    const std::unique_ptr<SmtpDataReader> reader = std::move(m_data);
    switch (reader->outcome()) {
    case SmtpDataReader::Outcome::TooBig:
        log(QStringLiteral("message refused: %1 octets is over the limit").arg(reader->size()));
        resetTransaction();
        return reply("552 5.3.4",
                     "The message is too big: the limit is "
                         + QByteArray::number(context().limits().maxMessageSize) + " octets.");
    case SmtpDataReader::Outcome::LineTooLong:
        log(QStringLiteral("message refused: a line is too long"));
        resetTransaction();
        return reply("500 5.5.2", "A line of the message is too long; the message was not taken.");
    case SmtpDataReader::Outcome::Reading:
    case SmtpDataReader::Outcome::Complete:
        break;
    }
    deliver(reader->takeMessage());
}

// The 250 comes only once the store says every copy is durable (DESIGN.md, RFC 5321 s6.1).
void SmtpSession::deliver(const QByteArray &content)
{
    ReceivedField received;
    received.heloName = m_heloName;
    received.peer = transport().peer();
    received.byHost = context().hostName().toUtf8();
    received.esmtp = m_esmtp;
    received.tls = transport().isEncrypted();
    received.authenticated = !m_authenticatedUser.isEmpty();
    received.smtpUtf8 = m_smtpUtf8;
    received.id = newQueueId();
    if (m_recipients.size() == 1)
        received.recipient = m_recipients.constFirst().toWire();
    received.when = QDateTime::currentDateTimeUtc();
    const QByteArray message = received.toBytes() + content;

    QStringList recipients;
    for (const SmtpPath &path : std::as_const(m_recipients))
        recipients.append(QString::fromUtf8(path.mailbox()));
    const QString summary =
        QStringLiteral("%1 from <%2> to %3, %4 octets")
            .arg(QString::fromLatin1(received.id), QString::fromUtf8(m_sender->mailbox()),
                 recipients.join(QStringLiteral(", ")))
            .arg(message.size());
    const QByteArray id = received.id;

    m_wait = Wait::Delivery;
    const QPointer<SmtpSession> self(this);
    context().store().deliver(
        m_recipientUsers, message, [self, id, summary](const StoreError &error) {
            if (!self)
                return;
            self->m_wait = Wait::Nothing;
            self->resetTransaction();
            if (error) {
                self->log(QStringLiteral("delivery failed: ") + error.message);
                switch (error.code) {
                case StoreError::TooBig:
                    self->reply("552 5.3.4", "The message is too big for this server.");
                    break;
                case StoreError::DiskFull:
                    self->reply("452 4.3.1", "Insufficient system storage; try again later.");
                    break;
                default:
                    self->reply("451 4.3.0", "The message could not be stored; try again later.");
                    break;
                }
            } else {
                self->log(QStringLiteral("delivered ") + summary);
                self->reply("250 2.0.0", "Ok: queued as " + id);
            }
            self->processInput();
        });
}

// STARTTLS, RFC 3207 s4
void SmtpSession::startTls()
{
    if (transport().isEncrypted())
        return reply("503 5.5.1", "TLS is already active.");
    if (!transport().canStartTls())
        return reply("454 4.7.0", "TLS is not available: the server has no certificate.");
    m_lines.clear(); // pipelined after STARTTLS: discarded, never executed
    m_wait = Wait::TlsHandshake;
    reply("220 2.0.0", "Ready to start TLS");
    if (isClosed())
        return;
    // s4.2: forget all the client told us; it must say EHLO again.
    m_heloName.clear();
    m_esmtp = false;
    m_authenticatedUser.clear();
    resetTransaction();
    transport().startTls();
}

// AUTH, RFC 4954 s4
void SmtpSession::auth(const SmtpCommand &command)
{
    if (m_heloName.isEmpty() || !m_esmtp)
        return reply("503 5.5.1", "Send EHLO first.");
    if (!m_authenticatedUser.isEmpty())
        return reply("503 5.5.1", "Already authenticated.");
    if (inTransaction())
        return reply("503 5.5.1", "AUTH is not allowed during a mail transaction.");
    if (!loginAllowed())
        return reply(
            "538 5.7.11",
            "Encryption required for requested authentication mechanism: send STARTTLS first.");
    const auto mechanism = SaslExchange::mechanism(command.argument);
    if (!mechanism)
        return reply("504 5.5.4", "Unrecognized authentication type; use PLAIN or LOGIN.");
    m_sasl = std::make_unique<SaslExchange>(*mechanism);
    std::optional<QByteArrayView> initial;
    if (command.initialResponse)
        initial = QByteArrayView(*command.initialResponse);
    takeAuthStep(m_sasl->start(initial));
}

void SmtpSession::continueAuth(QByteArrayView line)
{
    takeAuthStep(m_sasl->respond(line));
}

void SmtpSession::takeAuthStep(const SaslExchange::Step &step)
{
    switch (step.kind) {
    case SaslExchange::Step::Kind::Challenge:
        send("334 " + step.challenge + "\r\n");
        return;
    case SaslExchange::Step::Kind::Malformed:
        m_sasl.reset();
        return reply("501 5.5.2", step.whyNot.toUtf8());
    case SaslExchange::Step::Kind::Cancelled:
        m_sasl.reset();
        return reply("501 5.7.0", "Authentication cancelled.");
    case SaslExchange::Step::Kind::Done:
        m_sasl.reset();
        break;
    }
    const QString user = context().authenticate(step.credentials.login, step.credentials.password);
    if (!user.isEmpty()) {
        m_authenticatedUser = user;
        log(QStringLiteral("auth ok ") + user);
        return reply("235 2.7.0", "Authentication successful.");
    }
    ++m_authFailures;
    log(QStringLiteral("auth failed for ") + step.credentials.loginForLog());
    // The failure waits, so that guessing passwords is slow; so does everything after it.
    m_wait = Wait::AuthDelay;
    QTimer::singleShot(context().limits().authFailureDelayMs, this, [this] {
        m_wait = Wait::Nothing;
        reply("535 5.7.8", "Authentication credentials invalid.");
        if (m_authFailures >= context().limits().maxAuthFailures && !isClosed()) {
            log(QStringLiteral("too many failed logins; closing"));
            send("421 4.7.0 " + context().hostName().toUtf8()
                 + " Too many failed logins; closing the connection\r\n");
            closeConnection();
            return;
        }
        processInput();
    });
}

bool SmtpSession::loginAllowed() const
{
    return transport().isEncrypted() || context().allowPlaintextAuth();
}

void SmtpSession::resetTransaction()
{
    m_sender.reset();
    m_smtpUtf8 = false;
    m_recipientUsers.clear();
    m_recipients.clear();
}

} // namespace magpie::server
