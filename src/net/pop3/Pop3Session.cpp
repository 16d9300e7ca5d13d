// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3Session.h"

#include "net/pop3/Pop3Job.h"

#include <QMetaObject>

#include <algorithm>

namespace magpie::pop3 {

namespace {

using Code = net::NetError::Code;

bool isWhitespaceOrControl(char c)
{
    return uchar(c) <= 0x20 || uchar(c) == 0x7f;
}

// RFC 1939 s7: a server that supports APOP puts a timestamp in its greeting, in the syntax of
// a msg-id: "<" ... ">", e.g. <1896.697170952@dbc.mtview.ca.us>.
QByteArray apopTimestampIn(const QByteArray &greeting)
{
    qsizetype from = 0;
    for (;;) {
        const qsizetype open = greeting.indexOf('<', from);
        if (open < 0)
            return {};
        const qsizetype close = greeting.indexOf('>', open + 1);
        if (close < 0)
            return {};
        const QByteArrayView inside = QByteArrayView(greeting).sliced(open + 1, close - open - 1);
        if (!inside.isEmpty() && std::none_of(inside.begin(), inside.end(), isWhitespaceOrControl))
            return greeting.sliced(open, close - open + 1);
        from = open + 1;
    }
}

// The server's words, for an error sentence: what it sent as text, never control bytes.
QString serverWords(const Pop3Reply &reply)
{
    QString text = QString::fromUtf8(reply.line.left(200));
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return text;
}

} // namespace

Pop3Session::Pop3Session(QObject *parent)
    : QObject(parent)
    , m_connection(new net::Connection(this))
    , m_log(new net::ProtocolLog(this))
{ }

Pop3Session::~Pop3Session()
{
    // Jobs and the connection are children; nothing may call back into a half-destroyed session.
    if (m_connection)
        m_connection->disconnect(this);
}

const net::ServerEndpoint &Pop3Session::endpoint() const
{
    return m_connection->endpoint();
}

net::TlsDetails Pop3Session::tlsDetails() const
{
    return m_connection->tlsDetails();
}

bool Pop3Session::hasCapability(QByteArrayView keyword) const
{
    for (const QByteArray &line : m_capabilities) {
        const qsizetype space = line.indexOf(' ');
        const QByteArrayView tag =
            space < 0 ? QByteArrayView(line) : QByteArrayView(line).first(space);
        if (tag.compare(keyword, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArrayList Pop3Session::capabilityArguments(QByteArrayView keyword) const
{
    for (const QByteArray &line : m_capabilities) {
        QByteArrayList words = line.split(' ');
        words.removeAll(QByteArray());
        if (!words.isEmpty()
            && QByteArrayView(words.first()).compare(keyword, Qt::CaseInsensitive) == 0) {
            words.removeFirst();
            return words;
        }
    }
    return {};
}

void Pop3Session::connectToServer(const net::ServerEndpoint &endpoint)
{
    if (m_state != State::Disconnected && m_state != State::LoggedOut)
        return;
    if (m_connectionUsed) { // a Connection serves one connection; a new one for the next
        m_connection->disconnect(this);
        m_connection->abort();
        m_connection->deleteLater();
        m_connection = new net::Connection(this);
    }
    m_connectionUsed = true;
    connect(m_connection, &net::Connection::ready, this, &Pop3Session::onReady);
    connect(m_connection, &net::Connection::received, this, &Pop3Session::onReceived);
    // The Connection tears itself down after failed(); it must not be aborted from inside it.
    connect(m_connection, &net::Connection::failed, this, [this](const net::NetError &error) {
        if (m_quitSent && !m_quitAnswered && error.code == Code::ConnectionLost)
            fail(quitUnanswered(), false);
        else
            fail(error, false);
    });
    connect(m_connection, &net::Connection::closed, this, &Pop3Session::onClosed);

    m_parser.reset();
    m_greeting.clear();
    m_apopTimestamp.clear();
    m_capabilities.clear();
    m_capabilitiesKnown = false;
    m_opened = m_tlsStarting = m_ended = false;
    m_quitRequested = m_quitSent = m_quitAnswered = false;
    m_quitError = net::NetError::none();
    m_awaited.clear();
    setState(State::Connecting);
    m_log->note(tr("Connecting to %1").arg(endpoint.hostAndPort()));
    m_connection->connectToServer(endpoint);
}

void Pop3Session::quit()
{
    if (m_ended || m_quitRequested)
        return; // closed() was emitted already, or will be
    if (m_state == State::Disconnected || m_state == State::LoggedOut) {
        // Never connected: nothing to end; say so on the next turn, as for a real close.
        m_ended = true;
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT closed(net::NetError::none()); }, Qt::QueuedConnection);
        return;
    }
    m_quitRequested = true;
    scheduleNext();
}

void Pop3Session::abort()
{
    fail(net::NetError::make(
        Code::Aborted,
        tr("The connection to %1 was closed before the command finished.").arg(where())));
}

void Pop3Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString Pop3Session::where() const
{
    return m_connection->endpoint().hostAndPort();
}

void Pop3Session::onReady()
{
    if (m_tlsStarting) {
        m_tlsStarting = false;
        const net::TlsDetails tls = m_connection->tlsDetails();
        m_log->note(tr("%1 established (%2)").arg(tls.protocol, tls.cipher));
        // RFC 2595 s4: what the server said before TLS may have been forged: ask again.
        sendOwn(Purpose::Capa, "CAPA", true);
        return;
    }
    if (m_connection->isEncrypted()) {
        const net::TlsDetails tls = m_connection->tlsDetails();
        m_log->note(tr("%1 established (%2)").arg(tls.protocol, tls.cipher));
    }
    m_awaited.enqueue(Awaited { Purpose::Greeting, nullptr, false, false });
    updateReplyAwaited();
}

void Pop3Session::onReceived(const QByteArray &bytes)
{
    if (m_ended)
        return;
    m_parser.feed(bytes);
    processInput();
}

void Pop3Session::processInput()
{
    const QPointer<Pop3Session> self(this);
    while (self && !m_ended) {
        if (!m_parser.isInBody())
            m_parser.setMultiLineExpected(!m_awaited.isEmpty() && m_awaited.head().multiLine);
        Pop3ReplyParser::Event event = m_parser.next();
        switch (event.type) {
        case Pop3ReplyParser::Event::Type::NeedMoreData:
            return;
        case Pop3ReplyParser::Event::Type::Reply:
            if (!handleReply(event.reply))
                return;
            break;
        case Pop3ReplyParser::Event::Type::Data:
            handleData(event.data);
            break;
        case Pop3ReplyParser::Event::Type::EndOfData:
            handleEndOfData();
            break;
        }
    }
}

// Returns false when reading must stop here (STLS go-ahead, a failure, the end).
bool Pop3Session::handleReply(const Pop3Reply &reply)
{
    m_log->server(reply.line);
    if (reply.status == Pop3Reply::Status::Malformed) {
        // POP3 replies carry no tag: after one that cannot be read, no later reply can be
        // matched to its command with any confidence.
        fail(net::NetError::make(Code::ProtocolViolation,
                                 tr("The server %1 sent a reply that is not POP3: “%2”.")
                                     .arg(where(), net::NetError::quotable(serverWords(reply))),
                                 reply.line));
        return false;
    }
    if (m_awaited.isEmpty()) {
        // Unsolicited, e.g. "-ERR autologout" before a server closes: nothing to answer.
        m_log->note(tr("Ignored a reply to no command"));
        return true;
    }
    const Awaited awaited = m_awaited.head();
    if (reply.status == Pop3Reply::Status::Continuation) {
        if (!awaited.saslExchange) {
            fail(net::NetError::make(
                Code::ProtocolViolation,
                tr("The server %1 asked for more (“%2”) where a POP3 answer was due.")
                    .arg(where(), net::NetError::quotable(serverWords(reply))),
                reply.line));
            return false;
        }
    } else if (!(reply.isOk() && awaited.multiLine)) {
        m_awaited.dequeue();
    }
    m_bodyBytes = 0;
    updateReplyAwaited();
    if (awaited.purpose != Purpose::Job)
        return handleOwnReply(awaited.purpose, reply);
    if (awaited.job && !awaited.job->isFinished())
        awaited.job->handleReply(reply);
    return true;
}

void Pop3Session::handleData(const QByteArray &chunk)
{
    m_bodyBytes += chunk.size();
    if (m_awaited.isEmpty())
        return;
    const Awaited &awaited = m_awaited.head();
    if (awaited.purpose == Purpose::Capa) {
        const QByteArrayList lines = m_capaLines.add(chunk);
        for (const QByteArray &line : lines) {
            m_log->server(line);
            m_newCapabilities.append(line.trimmed());
        }
    } else if (awaited.job && !awaited.job->isFinished()) {
        awaited.job->handleData(chunk);
    }
}

void Pop3Session::handleEndOfData()
{
    if (m_awaited.isEmpty())
        return;
    const Awaited awaited = m_awaited.dequeue();
    updateReplyAwaited();
    if (awaited.purpose == Purpose::Capa) {
        const QByteArrayList last = m_capaLines.finish();
        for (const QByteArray &line : last) {
            m_log->server(line);
            m_newCapabilities.append(line.trimmed());
        }
        m_log->server(".");
        m_newCapabilities.removeAll(QByteArray());
        m_capabilities = m_newCapabilities;
        m_capabilitiesKnown = true;
        capabilitiesDone();
        return;
    }
    // Message contents stay out of the log (ProtocolLog): only their size.
    m_log->serverData(m_bodyBytes);
    m_log->server(".");
    if (awaited.job && !awaited.job->isFinished())
        awaited.job->handleEndOfData();
}

bool Pop3Session::handleOwnReply(Purpose purpose, const Pop3Reply &reply)
{
    switch (purpose) {
    case Purpose::Greeting:
        if (reply.isErr()) {
            // RFC 1939 s4 allows no "-ERR" greeting, yet servers send one when overloaded.
            fail(net::NetError::make(
                Code::ServerClosing,
                tr("The server %1 is not taking connections now (it said “%2”). "
                   "Try again later.")
                    .arg(where(), reply.readableText()),
                reply.line));
            return false;
        }
        if (!reply.isOk()) {
            fail(net::NetError::make(
                Code::ProtocolViolation,
                tr("The server %1 did not greet like a POP3 server (it said “%2”). "
                   "Check the port in the account settings.")
                    .arg(where(), net::NetError::quotable(serverWords(reply))),
                reply.line));
            return false;
        }
        m_greeting = reply.text;
        m_apopTimestamp = apopTimestampIn(reply.text);
        setState(State::Authorization);
        sendOwn(Purpose::Capa, "CAPA", true);
        return true;
    case Purpose::Capa:
        if (reply.isOk()) { // the list follows
            m_newCapabilities.clear();
            m_capaLines = Pop3Lines();
            return true;
        }
        // RFC 2449 s5: a server from before CAPA answers -ERR; it has USER/PASS at least.
        m_capabilities.clear();
        m_capabilitiesKnown = false;
        capabilitiesDone();
        return true;
    case Purpose::Stls:
        if (!reply.isOk()) {
            fail(net::NetError::make(Code::StartTlsUnavailable,
                                     tr("The server %1 refused to start TLS (it said “%2”), so the "
                                        "connection cannot be encrypted. Magpie does not continue "
                                        "without encryption; choose TLS (port 995) in the account "
                                        "settings, or ask the provider.")
                                         .arg(where(), reply.readableText()),
                                     reply.line));
            return false;
        }
        {
            // RFC 2595 s4 / s3.1: what arrived after the go-ahead was sent before the
            // handshake, by the server or by someone in between; it is never read.
            const qsizetype dropped = m_parser.reset() + m_connection->startTls();
            if (dropped > 0)
                m_log->note(
                    dropped == 1
                        ? tr("Discarded 1 byte received before the TLS handshake")
                        : tr("Discarded %1 bytes received before the TLS handshake").arg(dropped));
            m_tlsStarting = true;
        }
        return false;
    case Purpose::Quit:
        m_quitAnswered = true;
        if (reply.isOk()) {
            setState(State::LoggedOut);
        } else {
            // RFC 1939 s6: in the UPDATE state "-ERR" means some deletions did not happen.
            m_quitError = net::NetError::make(
                reply.isTemporary() ? Code::TemporaryFailure : Code::CommandRejected,
                tr("The server %1 did not confirm the end of the session (it said “%2”); messages "
                   "marked for deletion may still be on the server.")
                    .arg(where(), reply.readableText()),
                reply.line);
        }
        m_connection->close();
        return false;
    case Purpose::Job:
        break;
    }
    return true;
}

void Pop3Session::capabilitiesDone()
{
    if (endpoint().security == net::ServerEndpoint::Security::StartTls
        && !m_connection->isEncrypted()) {
        // RFC 2595 s4: STLS is offered through CAPA. Required once chosen: no plaintext fallback.
        if (!hasCapability("STLS")) {
            fail(net::NetError::make(
                Code::StartTlsUnavailable,
                tr("The server %1 does not offer STLS, so the connection cannot "
                   "be encrypted. Magpie does not continue without encryption; "
                   "choose TLS (port 995) in the account settings, or ask the "
                   "provider.")
                    .arg(where())));
            return;
        }
        sendOwn(Purpose::Stls, "STLS", false);
        return;
    }
    m_opened = true;
    const QPointer<Pop3Session> self(this);
    Q_EMIT opened();
    if (self)
        scheduleNext();
}

void Pop3Session::sendOwn(Purpose purpose, const QByteArray &command, bool multiLine)
{
    m_connection->write(command + "\r\n");
    m_log->client(command);
    m_awaited.enqueue(Awaited { purpose, nullptr, multiLine, false });
    updateReplyAwaited();
}

bool Pop3Session::sendCommand(Pop3Job *job, const QByteArray &command, const Awaited &awaited,
                              const QByteArray &redactedAs)
{
    // RFC 1939 s3: one line per command. Anything that could end the line early and start
    // another command of the caller's choosing is refused before a byte is sent.
    if (command.contains('\r') || command.contains('\n') || command.contains('\0')) {
        failLater(job,
                  net::NetError::make(Code::InvalidArgument,
                                      tr("Magpie did not send a command to %1: an argument "
                                         "contains a line break or a NUL character.")
                                          .arg(where())));
        return false;
    }
    if (m_ended || !m_opened) {
        failLater(job,
                  net::NetError::make(Code::ConnectionLost,
                                      tr("There is no connection to %1 any more.").arg(where())));
        return false;
    }
    m_connection->write(command + "\r\n");
    if (redactedAs.isNull())
        m_log->client(command);
    else
        m_log->clientRedacted(redactedAs);
    m_awaited.enqueue(awaited);
    updateReplyAwaited();
    return true;
}

void Pop3Session::sendSaslResponse(const QByteArray &response)
{
    if (m_ended)
        return;
    m_connection->write(response + "\r\n");
    m_log->clientRedacted({});
}

// Fails a job from the event loop, not from inside the call that would have sent its
// command, so the job's caller sees the same order of events either way.
void Pop3Session::failLater(Pop3Job *job, const net::NetError &error)
{
    const QPointer<Pop3Job> target(job);
    QMetaObject::invokeMethod(
        this,
        [target, error] {
            if (target && !target->isFinished())
                target->connectionLost(error);
        },
        Qt::QueuedConnection);
}

void Pop3Session::enqueue(Pop3Job *job)
{
    connect(job, &net::Job::finished, this,
            [this](net::Job *finished) { jobFinished(static_cast<Pop3Job *>(finished)); });
    // A job deleted while queued or running never finishes; the queue must go on without it.
    connect(job, &QObject::destroyed, this, [this] { scheduleNext(); });
    if (m_ended || m_quitSent) {
        failLater(
            job,
            net::NetError::make(Code::ConnectionLost,
                                tr("The connection to %1 has ended; connect again.").arg(where())));
        return;
    }
    m_queue.enqueue(job);
    scheduleNext();
}

void Pop3Session::scheduleNext()
{
    if (m_nextScheduled)
        return;
    m_nextScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_nextScheduled = false;
            startNext();
        },
        Qt::QueuedConnection);
}

void Pop3Session::startNext()
{
    if (!m_opened || m_ended || m_current)
        return;
    while (!m_queue.isEmpty()) {
        const QPointer<Pop3Job> job = m_queue.dequeue();
        if (!job || job->isFinished())
            continue;
        m_current = job;
        job->doStart();
        return;
    }
    if (m_quitRequested && !m_quitSent) {
        m_quitSent = true;
        sendOwn(Purpose::Quit, "QUIT", false);
    }
}

void Pop3Session::jobFinished(Pop3Job *job)
{
    if (job == m_current) {
        m_current = nullptr;
        startNext();
    } else {
        m_queue.removeAll(job);
    }
}

void Pop3Session::updateReplyAwaited()
{
    m_connection->setReplyAwaited(!m_awaited.isEmpty());
}

void Pop3Session::onClosed()
{
    if (m_ended)
        return;
    if (m_quitAnswered) {
        m_ended = true;
        m_opened = false;
        Q_EMIT closed(m_quitError);
        return;
    }
    fail(m_quitSent ? quitUnanswered()
                    : net::NetError::make(Code::ConnectionLost,
                                          tr("The server %1 closed the connection.").arg(where())));
}

net::NetError Pop3Session::quitUnanswered() const
{
    return net::NetError::make(Code::ConnectionLost,
                               tr("The server %1 closed the connection without confirming the end "
                                  "of the session; messages marked for deletion may still be on "
                                  "the server.")
                                   .arg(where()));
}

// The connection is over: the running job and every queued one fail with `error`, then
// closed(error). Nothing is retried here; that is the caller's decision (isTemporary()).
void Pop3Session::fail(const net::NetError &error, bool dropConnection)
{
    if (m_ended)
        return;
    m_ended = true;
    m_opened = false;
    m_awaited.clear();
    m_parser.reset();
    if (m_state != State::LoggedOut)
        setState(State::Disconnected);
    if (dropConnection)
        m_connection->abort();

    const QPointer<Pop3Session> self(this);
    QList<QPointer<Pop3Job>> jobs;
    if (m_current)
        jobs.append(m_current);
    m_current = nullptr;
    jobs += m_queue;
    m_queue.clear();
    for (const QPointer<Pop3Job> &job : jobs) {
        if (job && !job->isFinished())
            job->connectionLost(error);
        if (!self)
            return;
    }
    Q_EMIT closed(error);
}

} // namespace magpie::pop3
