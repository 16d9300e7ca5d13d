// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpSession.h"

#include "net/Connection.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpJob.h"

#include <QPointer>

namespace magpie::smtp {

namespace {

using namespace Qt::StringLiterals;
using Code = net::NetError::Code;

// RFC 5321 s4.1.1.1: EHLO takes a domain or an address literal. Checked before it goes on
// the wire, like every argument: nothing the caller passes can add a command.
bool isValidHeloName(const QByteArray &name)
{
    if (name.isEmpty() || name.size() > 255)
        return false;
    if (name.startsWith('[')) {
        if (!name.endsWith(']') || name.size() < 3)
            return false;
        for (const char c : name.mid(1, name.size() - 2)) {
            if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\')
                return false;
        }
        return true;
    }
    for (const QByteArray &label : name.split('.')) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith('-') || label.endsWith('-'))
            return false;
        for (const char c : label) {
            const bool letDig =
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letDig && c != '-')
                return false;
        }
    }
    return true;
}

// 421: the server is closing (RFC 5321 s3.8); otherwise 4xx and 5xx kept apart.
Code refusalCode(const SmtpReply &reply)
{
    if (reply.code() == 421)
        return Code::ServerClosing;
    return reply.isTransient() ? Code::TemporaryFailure : Code::CommandRejected;
}

QString said(const SmtpReply &reply)
{
    QString text = QString::fromUtf8(reply.summary());
    if (!text.endsWith(u'.'))
        text += u'.';
    return text;
}

} // namespace

SmtpSession::SmtpSession(QObject *parent)
    : QObject(parent)
    , m_log(new net::ProtocolLog(this))
{
    makeConnection();
}

void SmtpSession::makeConnection()
{
    // A Connection carries one connection (its socket is not reused): a session that
    // connects again gets a fresh one, and the old one goes once its signals are done.
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->deleteLater();
    }
    m_connection = new net::Connection(this);
    connect(m_connection, &net::Connection::ready, this, &SmtpSession::onConnectionReady);
    connect(m_connection, &net::Connection::received, this, &SmtpSession::onReceived);
    connect(m_connection, &net::Connection::failed, this, &SmtpSession::onConnectionFailed);
    connect(m_connection, &net::Connection::closed, this, &SmtpSession::onConnectionClosed);
}

SmtpSession::~SmtpSession()
{
    // Jobs are children and die with the session; they must not call back into it.
    m_queue.clear();
    m_current = nullptr;
}

void SmtpSession::connectToServer(const net::ServerEndpoint &endpoint, const QString &heloName)
{
    if (m_state != State::Disconnected)
        return;
    m_endpoint = endpoint;
    m_heloName = heloName.isEmpty() ? QByteArrayLiteral("[127.0.0.1]") : heloName.toLatin1();
    m_parser.reset();
    m_step = Step::None;
    m_greeting = {};
    m_ehloReply = {};
    m_usedHelo = false;
    m_tlsStarted = false;
    m_extensions = {};
    m_authenticatedUser.clear();
    m_transactions = 0;
    m_awaited = 0;
    m_quitRequested = false;
    m_closedEmitted = false;
    if (m_used)
        makeConnection();
    m_used = true;
    setState(State::Connecting);

    const QByteArray latin = heloName.toLatin1();
    if (heloName.isEmpty() || (QString::fromLatin1(latin) == heloName && isValidHeloName(latin))) {
        m_log->note(tr("Connecting to %1").arg(endpoint.hostAndPort()));
        m_connection->connectToServer(endpoint);
        return;
    }
    // Reported from the event loop, so that a caller connecting to closed() after this
    // call still hears it.
    const net::NetError error = net::NetError::make(
        Code::InvalidArgument,
        tr("The name \"%1\" cannot be sent in EHLO; use a domain name or an address literal "
           "like [192.0.2.1].")
            .arg(heloName));
    QMetaObject::invokeMethod(
        this, [this, error] { shutDown(error); }, Qt::QueuedConnection);
}

void SmtpSession::quit()
{
    if (m_state == State::Disconnected || m_state == State::Quitting)
        return;
    m_quitRequested = true;
    if (m_state == State::Ready && !m_current)
        runNext();
}

void SmtpSession::abort()
{
    if (m_state == State::Disconnected)
        return;
    shutDown(net::NetError::make(Code::Aborted,
                                 tr("The connection to %1 was stopped.").arg(m_endpoint.host)));
}

net::TlsDetails SmtpSession::tlsDetails() const
{
    return m_connection->tlsDetails();
}

bool SmtpSession::isEncrypted() const
{
    return m_connection->isEncrypted();
}

// --- jobs ---------------------------------------------------------------------------------

void SmtpSession::enqueue(SmtpJob *job)
{
    if (m_used && m_closedEmitted) {
        // The session was used and is closed: nothing will ever run this job.
        QPointer<SmtpJob> guard(job);
        const net::NetError error = net::NetError::make(
            Code::ConnectionLost, tr("The connection to %1 is closed.").arg(m_endpoint.host));
        QMetaObject::invokeMethod(
            this,
            [guard, error] {
                if (guard)
                    guard->connectionLost(error);
            },
            Qt::QueuedConnection);
        return;
    }
    m_queue.enqueue(job);
    connect(job, &net::Job::finished, this, [this, job] { jobFinished(job); });
    if (m_state == State::Ready && !m_current)
        QMetaObject::invokeMethod(this, &SmtpSession::runNext, Qt::QueuedConnection);
}

void SmtpSession::runNext()
{
    if (m_state != State::Ready || m_current)
        return;
    while (!m_queue.isEmpty() && !m_current) {
        SmtpJob *job = m_queue.dequeue();
        if (!job || job->isFinished())
            continue;
        m_current = job;
        m_awaited = 0;
        job->doStart();
        return;
    }
    if (m_quitRequested)
        sendQuit();
}

void SmtpSession::jobFinished(SmtpJob *job)
{
    m_queue.removeAll(job);
    if (job != m_current)
        return;
    m_current = nullptr;
    // A job ends only when its replies are in; should one not, those replies are read and
    // dropped rather than handed to the next job.
    m_orphanReplies += m_awaited;
    m_awaited = 0;
    if (m_state == State::Ready)
        QMetaObject::invokeMethod(this, &SmtpSession::runNext, Qt::QueuedConnection);
}

void SmtpSession::writeCommands(const QByteArrayList &lines, const QByteArrayList &logLines,
                                bool redacted)
{
    QByteArray bytes;
    for (const QByteArray &line : lines) {
        // The encoders check their arguments; this is the last line of defence against a
        // second command smuggled into one line.
        if (line.contains('\r') || line.contains('\n') || line.contains('\0')) {
            if (m_current)
                m_current->connectionLost(net::NetError::make(
                    Code::InvalidArgument,
                    tr("A command for %1 contained a line break; nothing was sent.")
                        .arg(m_endpoint.host)));
            return;
        }
        bytes += line + "\r\n";
    }
    for (const QByteArray &line : logLines) {
        if (redacted)
            m_log->clientRedacted(line);
        else
            m_log->client(line);
    }
    m_awaited += int(lines.size());
    m_connection->setReplyAwaited(true);
    m_connection->write(bytes);
}

void SmtpSession::writeData(const QByteArray &bytes, int awaitedReplies)
{
    if (awaitedReplies > 0) {
        m_log->client(QByteArrayLiteral("."));
        m_awaited += awaitedReplies;
        m_connection->setReplyAwaited(true);
    }
    m_connection->write(bytes);
}

// --- the conversation ---------------------------------------------------------------------

void SmtpSession::onConnectionReady()
{
    if (m_step == Step::None && m_state == State::Connecting) {
        // RFC 5321 s3.1: the server speaks first.
        setState(State::Opening);
        m_step = Step::Greeting;
        m_connection->setReplyAwaited(true);
        if (m_connection->isEncrypted()) {
            const net::TlsDetails tls = m_connection->tlsDetails();
            m_log->note(tr("%1 established (%2)").arg(tls.protocol, tls.cipher));
        }
        return;
    }
    if (m_step == Step::TlsHandshake) {
        m_tlsStarted = true;
        const net::TlsDetails tls = m_connection->tlsDetails();
        m_log->note(tr("%1 established (%2)").arg(tls.protocol, tls.cipher));
        // RFC 3207 s4.2: forget everything learnt in plaintext and ask again.
        m_step = Step::EhloAgain;
        sendEhlo();
    }
}

void SmtpSession::onReceived(const QByteArray &bytes)
{
    if (m_closedEmitted)
        return;
    m_parser.feed(bytes);
    const QPointer<SmtpSession> self(this);
    while (self && !m_closedEmitted) {
        const std::optional<SmtpReply> reply = m_parser.next();
        if (!reply) {
            if (m_parser.hasError())
                shutDown(net::NetError::make(Code::ProtocolViolation,
                                             tr("%1 sent something that is not an SMTP reply. %2")
                                                 .arg(m_endpoint.host, m_parser.errorString())));
            return;
        }
        m_log->server(reply->toWire());
        handleReply(*reply);
        // After the STARTTLS go-ahead the rest of this read is not looked at (RFC 3207 s4.2).
        if (m_step == Step::TlsHandshake)
            return;
    }
}

void SmtpSession::handleReply(const SmtpReply &reply)
{
    if (m_state == State::Opening || m_step == Step::Quit) {
        handleOpeningReply(reply);
        return;
    }
    // RFC 5321 s3.8: 421 may come in answer to any command, and the server then closes.
    if (reply.code() == 421) {
        shutDown(net::NetError::make(
            Code::ServerClosing,
            tr("%1 is closing the connection: %2").arg(m_endpoint.host, said(reply)),
            reply.summary()));
        return;
    }
    if (m_orphanReplies > 0) {
        --m_orphanReplies;
        if (m_orphanReplies == 0 && m_awaited == 0)
            m_connection->setReplyAwaited(false);
        return;
    }
    if (!m_current || m_awaited <= 0) {
        shutDown(net::NetError::make(
            Code::ProtocolViolation,
            tr("%1 sent a reply to no command: %2").arg(m_endpoint.host, said(reply)),
            reply.summary()));
        return;
    }
    if (--m_awaited == 0)
        m_connection->setReplyAwaited(false);
    m_current->handleReply(reply);
}

void SmtpSession::handleOpeningReply(const SmtpReply &reply)
{
    const QString &host = m_endpoint.host;
    switch (m_step) {
    case Step::Greeting:
        m_greeting = reply;
        if (reply.code() == 220) {
            m_step = Step::Ehlo;
            sendEhlo();
        } else if (reply.code() == 554 || reply.code() == 421) {
            // RFC 5321 s3.1: 554 instead of the greeting means no service here; the client
            // is to QUIT. 421 means the server is closing already.
            failOpening(
                net::NetError::make(Code::ServerClosing,
                                    tr("%1 refused the connection: %2").arg(host, said(reply)),
                                    reply.summary()),
                reply.code() == 554);
        } else {
            failOpening(net::NetError::make(
                Code::ProtocolViolation,
                tr("%1 did not greet as an SMTP server does: %2").arg(host, said(reply)),
                reply.summary()));
        }
        return;
    case Step::Ehlo:
    case Step::EhloAgain:
        if (reply.isPositive()) {
            m_ehloReply = reply;
            m_extensions = SmtpExtensions::fromEhloReply(reply);
            if (m_step == Step::Ehlo
                && m_endpoint.security == net::ServerEndpoint::Security::StartTls) {
                if (!hasExtension("STARTTLS")) {
                    failOpening(
                        net::NetError::make(
                            Code::StartTlsUnavailable,
                            tr("%1 does not offer STARTTLS, so the connection cannot be encrypted. "
                               "Nothing was sent in plaintext; choose TLS (port 465) if the server "
                               "has it.")
                                .arg(host)),
                        true);
                    return;
                }
                m_step = Step::StartTls;
                m_log->client(QByteArrayLiteral("STARTTLS"));
                m_connection->write(QByteArrayLiteral("STARTTLS\r\n"));
                return;
            }
            finishOpening();
        } else if ((reply.code() == 500 || reply.code() == 502) && m_step == Step::Ehlo) {
            // RFC 5321 s3.2: an old server that does not know EHLO; no extensions then.
            if (m_endpoint.security == net::ServerEndpoint::Security::StartTls) {
                failOpening(
                    net::NetError::make(
                        Code::StartTlsUnavailable,
                        tr("%1 does not understand EHLO, so it cannot offer STARTTLS and the "
                           "connection cannot be encrypted. Nothing was sent in plaintext.")
                            .arg(host),
                        reply.summary()),
                    true);
                return;
            }
            m_step = Step::Helo;
            const QByteArray line = "HELO " + m_heloName;
            m_log->client(line);
            m_connection->write(line + "\r\n");
        } else {
            failOpening(net::NetError::make(refusalCode(reply),
                                            tr("%1 refused EHLO: %2").arg(host, said(reply)),
                                            reply.summary()),
                        reply.code() != 421);
        }
        return;
    case Step::Helo:
        if (reply.isPositive()) {
            m_usedHelo = true;
            m_extensions = {};
            finishOpening();
        } else {
            failOpening(net::NetError::make(refusalCode(reply),
                                            tr("%1 refused HELO: %2").arg(host, said(reply)),
                                            reply.summary()),
                        reply.code() != 421);
        }
        return;
    case Step::StartTls:
        if (reply.code() == 220) {
            // RFC 3207 s4.2: whatever else arrived before the handshake (a pipelined,
            // injected "250 ...") is dropped unread; so is what the socket holds.
            m_step = Step::TlsHandshake;
            m_extensions = {};
            m_ehloReply = {};
            const qsizetype dropped = m_parser.discardBuffered() + m_connection->startTls();
            if (dropped > 0)
                m_log->note(tr("Discarded %n byte(s) received before the TLS handshake "
                               "(RFC 3207 s4.2).",
                               nullptr, int(dropped)));
            return;
        }
        failOpening(
            net::NetError::make(
                reply.code() == 421 ? Code::ServerClosing : Code::StartTlsUnavailable,
                tr("%1 refused STARTTLS: %2 Nothing was sent in plaintext.").arg(host, said(reply)),
                reply.summary()),
            reply.code() != 421);
        return;
    case Step::Quit:
        // RFC 5321 s4.1.1.10: 221, then the server closes; we close too, whatever it said.
        m_connection->setReplyAwaited(false);
        m_connection->close();
        return;
    case Step::None:
    case Step::TlsHandshake:
        shutDown(net::NetError::make(Code::ProtocolViolation,
                                     tr("%1 sent a reply to no command: %2").arg(host, said(reply)),
                                     reply.summary()));
        return;
    }
}

void SmtpSession::sendEhlo()
{
    const QByteArray line = "EHLO " + m_heloName;
    m_log->client(line);
    m_connection->setReplyAwaited(true);
    m_connection->write(line + "\r\n");
}

void SmtpSession::finishOpening()
{
    m_step = Step::None;
    m_connection->setReplyAwaited(false);
    setState(State::Ready);
    const QPointer<SmtpSession> self(this);
    Q_EMIT opened();
    if (self)
        runNext();
}

void SmtpSession::sendQuit()
{
    m_quitRequested = false;
    m_step = Step::Quit;
    setState(State::Quitting);
    m_log->client(QByteArrayLiteral("QUIT"));
    m_connection->setReplyAwaited(true);
    m_connection->write(QByteArrayLiteral("QUIT\r\n"));
}

void SmtpSession::onConnectionFailed(const net::NetError &error)
{
    // A server that hangs up on QUIT without its 221 has still done what was asked.
    if (m_step == Step::Quit && error.code == Code::ConnectionLost) {
        shutDown(net::NetError::none());
        return;
    }
    shutDown(error);
}

void SmtpSession::onConnectionClosed()
{
    if (m_closedEmitted)
        return;
    if (m_step == Step::Quit) {
        shutDown(net::NetError::none());
        return;
    }
    shutDown(net::NetError::make(
        Code::ConnectionLost,
        m_state == State::Ready
            ? tr("%1 closed the connection unexpectedly.").arg(m_endpoint.host)
            : tr("%1 closed the connection before it was ready.").arg(m_endpoint.host)));
}

void SmtpSession::failOpening(const net::NetError &error, bool sayQuit)
{
    // A server that is not closing by itself gets its QUIT (RFC 5321 s3.1, s4.1.1.10), so
    // it need not wait for a timeout; the answer is not awaited.
    if (sayQuit) {
        m_log->client(QByteArrayLiteral("QUIT"));
        m_connection->write(QByteArrayLiteral("QUIT\r\n"));
    }
    shutDown(error, sayQuit);
}

void SmtpSession::shutDown(const net::NetError &error, bool closePolitely)
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    const bool polite = !error.isError();
    m_step = Step::None;
    m_awaited = 0;
    m_orphanReplies = 0;
    m_parser.reset();
    if (error.isError())
        m_log->note(error.message);
    setState(State::Disconnected);

    // Jobs still there after a polite QUIT cannot be (quit() waits for them); after an
    // error they fail with it.
    const net::NetError jobError = error.isError()
        ? error
        : net::NetError::make(Code::ConnectionLost,
                              tr("The connection to %1 was closed.").arg(m_endpoint.host));
    const QPointer<SmtpSession> self(this);
    QQueue<QPointer<SmtpJob>> jobs = m_queue;
    jobs.prepend(m_current);
    m_current = nullptr;
    m_queue.clear();
    for (const QPointer<SmtpJob> &job : std::as_const(jobs)) {
        if (job && !job->isFinished())
            job->connectionLost(jobError);
    }
    if (!self)
        return;
    if (closePolitely)
        m_connection->close();
    else if (!polite)
        m_connection->abort();
    Q_EMIT closed(error);
}

void SmtpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace magpie::smtp
