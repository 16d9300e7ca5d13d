// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapSession.h"

#include "net/imap/CapabilityJob.h"
#include "net/imap/ImapJob.h"
#include "net/imap/LogoutJob.h"
#include "net/imap/StartTlsJob.h"
#include "net/imap/UntaggedData.h"

#include <QMetaObject>

#include <algorithm>
#include <utility>

namespace magpie::imap {

using net::NetError;

ImapSession::ImapSession(QObject *parent)
    : QObject(parent)
    , m_log(new net::ProtocolLog(this))
    , m_input(m_log)
{ }

ImapSession::~ImapSession()
{
    // No signal from a dying connection may reach a half-destroyed session.
    if (m_connection) {
        m_connection->disconnect(this);
        delete m_connection;
    }
}

void ImapSession::connectToServer(const net::ServerEndpoint &endpoint)
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
        m_connection->deleteLater();
    }
    m_endpoint = endpoint;
    m_parser = ImapResponseParser();
    m_capabilities.clear();
    m_enabled.clear();
    m_selectedMailbox.clear();
    m_inStepMark.clear();
    m_readOnly = false;
    m_tlsDone = false;
    m_idling = false;
    m_replyAwaited = false;
    m_switch = Switch::None;
    m_byeText.clear();
    m_pendingTags.clear();
    m_pipelined.clear();
    m_input.reset();
    m_nextTag = 1;

    m_connection = new net::Connection(this);
    m_writer.setConnection(m_connection);
    connect(m_connection, &net::Connection::ready, this, &ImapSession::onReady);
    connect(m_connection, &net::Connection::received, this, &ImapSession::onReceived);
    connect(m_connection, &net::Connection::failed, this, &ImapSession::onFailed);
    connect(m_connection, &net::Connection::closed, this, &ImapSession::onClosed);
    m_phase = Phase::Connecting;
    setState(State::Connecting);
    m_log->note(tr("Connecting to %1").arg(endpoint.hostAndPort()));
    m_connection->connectToServer(endpoint);
}

void ImapSession::logout()
{
    if (m_phase == Phase::Idle || m_phase == Phase::Closing) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT closed(NetError::none()); }, Qt::QueuedConnection);
        return;
    }
    if (m_logoutJob)
        return;
    m_logoutJob = new LogoutJob(this);
    m_logoutJob->start();
}

void ImapSession::abort()
{
    if (m_phase == Phase::Idle)
        return;
    const NetError error = NetError::make(
        NetError::Code::Aborted, tr("The connection to %1 was stopped.").arg(m_endpoint.host));
    m_connection->disconnect(this); // the closed() that abort() causes is ours, not news
    m_connection->abort();
    finishClosing(error);
}

bool ImapSession::isOpen() const
{
    return m_phase == Phase::Open;
}

net::TlsDetails ImapSession::tlsDetails() const
{
    return m_connection ? m_connection->tlsDetails() : net::TlsDetails();
}

bool ImapSession::hasCapability(QByteArrayView name) const
{
    return m_capabilities.contains(name.toByteArray().toUpper());
}

QByteArrayList ImapSession::authMechanisms() const
{
    QByteArrayList mechanisms;
    for (const QByteArray &capability : m_capabilities) {
        if (capability.startsWith("AUTH="))
            mechanisms.append(capability.mid(5));
    }
    std::sort(mechanisms.begin(), mechanisms.end());
    return mechanisms;
}

bool ImapSession::isEnabled(QByteArrayView extension) const
{
    return m_enabled.contains(extension.toByteArray().toUpper());
}

// ---- jobs ----------------------------------------------------------------------------

void ImapSession::enqueue(ImapJob *job)
{
    m_queue.enqueue(job);
    if (m_current && !m_current->isFinished())
        m_current->jobQueuedBehind();
    scheduleNext();
}

// Jobs start from the event loop, never inside start(): the caller connects to finished()
// after start() as often as before it.
void ImapSession::scheduleNext()
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

void ImapSession::startNext()
{
    if (m_phase == Phase::Idle) {
        failAll(m_closeError.isError()
                    ? m_closeError
                    : NetError::make(NetError::Code::ConnectionLost,
                                     tr("Magpie is not connected to %1.").arg(m_endpoint.host)));
        return;
    }
    if (m_phase != Phase::Open || !m_byeText.isEmpty())
        return; // after an unexpected BYE the server is going away: queued jobs wait for it
    while (!m_queue.isEmpty()) {
        ImapJob *job = m_queue.head();
        if (!job || job->isFinished()) {
            m_queue.dequeue();
            continue;
        }
        if (!m_current) {
            m_queue.dequeue();
            runJob(job);
        } else if (canPipeline(job)) {
            m_queue.dequeue();
            runPipelined(job);
        } else {
            return;
        }
    }
}

void ImapSession::runJob(ImapJob *job)
{
    m_current = job;
    forgetTags(job);
    m_running = job;
    connect(job, &net::Job::finished, this, [this, job](net::Job *) { onJobFinished(job); });
    connect(job, &QObject::destroyed, this, [this, job] { onJobDestroyed(job); });
    job->doStart();
    // Jobs queued while this one waited its turn (an IDLE behind a FETCH, say).
    const bool othersWaiting =
        std::any_of(m_queue.cbegin(), m_queue.cend(),
                    [](const QPointer<ImapJob> &j) { return j && !j->isFinished(); });
    if (othersWaiting && m_current == job && !job->isFinished())
        job->jobQueuedBehind();
}

// RFC 3501 s5.5: a command may be sent before the one ahead of it completed unless the two
// could be ambiguous. Only jobs that say so (UID FETCHes, whose results no other UID FETCH
// changes) go behind each other; anything else waits until all of them are done. Commands
// behind a synchronizing literal wait in ImapCommandWriter for its "+".
bool ImapSession::canPipeline(const ImapJob *job) const
{
    return job->pipelines() && m_current && !m_current->isFinished() && m_current->pipelines()
        && !m_idling && m_switch == Switch::None;
}

void ImapSession::runPipelined(ImapJob *job)
{
    m_pipelined.append(job);
    connect(job, &net::Job::finished, this, [this, job](net::Job *) { onJobFinished(job); });
    connect(job, &QObject::destroyed, this, [this, job] { onJobDestroyed(job); });
    job->doStart();
}

// Deleted while it ran, without finishing: the queue must not wait for it forever, and the
// completions of its commands are ignored. (Called from ~QObject: the address is not yet
// anyone else's.)
void ImapSession::onJobDestroyed(const ImapJob *job)
{
    m_pipelined.removeIf([](const QPointer<ImapJob> &j) { return j.isNull(); });
    forgetTags(job);
    if (m_running == job && !m_current && m_phase == Phase::Open) {
        m_running = nullptr;
        m_idling = false;
        promotePipelined();
        scheduleNext();
    }
    updateReplyAwaited();
}

// The oldest pipelined job still running becomes the current one: it gets the untagged
// responses first, as the server answers its command next.
void ImapSession::promotePipelined()
{
    while (!m_current && !m_pipelined.isEmpty()) {
        const QPointer<ImapJob> next = m_pipelined.takeFirst();
        if (next && !next->isFinished()) {
            m_current = next;
            m_running = next;
        }
    }
}

qsizetype ImapSession::pipelinedJobs() const
{
    return std::count_if(m_pipelined.cbegin(), m_pipelined.cend(),
                         [](const QPointer<ImapJob> &j) { return j && !j->isFinished(); });
}

// The running job (current or pipelined) at `job`'s address, or null if it is not one.
ImapJob *ImapSession::runningJob(const ImapJob *job) const
{
    if (!job)
        return nullptr;
    if (m_current == job && !m_current->isFinished())
        return m_current;
    for (const QPointer<ImapJob> &pipelined : m_pipelined) {
        if (pipelined == job && !pipelined->isFinished())
            return pipelined;
    }
    return nullptr;
}

QList<ImapSession::SentCommand>::const_iterator ImapSession::sentCommand(const QByteArray &tag) const
{
    return std::find_if(m_pendingTags.cbegin(), m_pendingTags.cend(),
                        [&tag](const SentCommand &sent) { return sent.tag == tag; });
}

void ImapSession::forgetTags(const ImapJob *job)
{
    m_pendingTags.removeIf([job](const SentCommand &sent) { return sent.job == job; });
}

void ImapSession::onJobFinished(ImapJob *job)
{
    if (job != m_current) {
        // A pipelined job that ended before the one ahead of it, or a queued job that ended
        // before its turn (IdleJob::stop()).
        if (m_pipelined.removeIf([job](const QPointer<ImapJob> &j) { return j == job; }) > 0) {
            forgetTags(job);
            updateReplyAwaited();
        }
        return;
    }
    m_current = nullptr;
    m_running = nullptr;
    forgetTags(job);
    m_idling = false;
    updateReplyAwaited();
    switch (m_phase) {
    case Phase::Greeting:
    case Phase::Opening:
        if (job->failed())
            failOpening(job->error());
        else
            continueOpening();
        break;
    case Phase::Open:
        if (job == m_logoutJob) {
            m_phase = Phase::Closing;
            setState(State::LoggedOut);
            m_connection->close();
        } else {
            promotePipelined();
            scheduleNext();
        }
        break;
    default:
        break;
    }
}

QByteArray ImapSession::sendCommand(ImapJob *job, const ImapCommand &command)
{
    if (!command.isValid()) {
        job->finishWithError(
            NetError::make(NetError::Code::InvalidArgument, command.errorString()));
        return {};
    }
    if (!runningJob(job) || !m_connection || m_phase == Phase::Idle || m_phase == Phase::Closing) {
        job->finishWithError(
            NetError::make(NetError::Code::ConnectionLost,
                           tr("Magpie is not connected to %1.").arg(m_endpoint.host)));
        return {};
    }
    const QByteArray tag = 'a' + QByteArray::number(m_nextTag++);
    if (m_log->isEnabled()) // logText() formats the whole command; a disabled log costs nothing
        m_log->client(command.logText(tag));
    m_pendingTags.append({ tag, job });
    using Literals = ImapCommandWriter::Literals;
    m_writer.write(tag, command,
                   hasCapability("LITERAL+")       ? Literals::NonSynchronizing
                       : hasCapability("LITERAL-") ? Literals::UpTo4096
                                                   : Literals::Synchronizing);
    updateReplyAwaited();
    return tag;
}

void ImapSession::sendLine(const QByteArray &line, bool secret)
{
    if (!m_connection || m_phase == Phase::Idle)
        return;
    if (secret)
        m_log->clientRedacted({});
    else
        m_log->client(line);
    m_connection->write(line + "\r\n");
}

void ImapSession::updateReplyAwaited()
{
    if (!m_connection)
        return;
    // After an unexpected BYE the server should close (RFC 3501 s7.1.5); the read timeout
    // makes sure it does not hang on instead.
    const bool awaited = m_phase != Phase::Idle
        && (m_phase == Phase::Greeting || !m_byeText.isEmpty()
            || (!m_pendingTags.isEmpty() && !m_idling));
    if (awaited != m_replyAwaited) {
        m_replyAwaited = awaited;
        m_connection->setReplyAwaited(awaited);
    }
}

void ImapSession::failAll(const NetError &error)
{
    if (ImapJob *job = m_current; job && !job->isFinished()) {
        m_current = nullptr;
        job->connectionLost(error);
    }
    m_current = nullptr;
    const QList<QPointer<ImapJob>> pipelined = std::exchange(m_pipelined, {});
    for (const QPointer<ImapJob> &job : pipelined) {
        if (job && !job->isFinished())
            job->connectionLost(error);
    }
    m_pendingTags.clear();
    m_writer.clear();
    while (!m_queue.isEmpty()) {
        ImapJob *job = m_queue.dequeue();
        if (job && !job->isFinished())
            job->finishWithError(error);
    }
}

// ---- connection ----------------------------------------------------------------------

void ImapSession::onReady()
{
    const net::TlsDetails tls = m_connection->tlsDetails();
    if (tls.encrypted)
        m_log->note(tr("%1 established (%2)").arg(tls.protocol, tls.cipher));
    if (m_phase == Phase::Connecting) {
        m_tlsDone = tls.encrypted;
        m_phase = Phase::Greeting;
        updateReplyAwaited();
    } else if (m_phase == Phase::TlsHandshake) {
        m_tlsDone = true;
        m_phase = Phase::Opening;
        continueOpening(); // asks CAPABILITY again: nothing said before TLS counts
    }
}

// Bytes go to the parser one line (or literal piece) at a time, so that a STARTTLS or
// COMPRESS go-ahead is acted on before one byte after it is parsed: those bytes are dropped
// (RFC 2595 s3.1) or inflated (RFC 4978 s3). The same walk feeds the protocol log, which
// shows lines as received and literals as their sizes.
void ImapSession::onReceived(const QByteArray &bytes)
{
    const QPointer<ImapSession> self(this);
    qsizetype position = 0;
    while (position < bytes.size() && m_switch == Switch::None && m_phase != Phase::Idle
           && m_phase != Phase::TlsHandshake) {
        const QByteArrayView rest = QByteArrayView(bytes).sliced(position);
        const qsizetype size = m_input.take(rest);
        m_parser.feed(rest.first(size));
        position += size;
        drainParser();
        if (!self)
            return;
    }
    if (m_switch != Switch::None)
        performSwitch(bytes.mid(position));
}

void ImapSession::drainParser()
{
    const QPointer<ImapSession> self(this);
    while (self && m_switch == Switch::None && m_phase != Phase::Idle
           && m_phase != Phase::TlsHandshake) {
        std::optional<ImapResponse> response = m_parser.next();
        if (!response)
            return;
        dispatch(*response);
    }
}

void ImapSession::requestSwitch(Switch what)
{
    m_switch = what;
    if (what == Switch::Tls)
        m_phase = Phase::TlsHandshake;
}

void ImapSession::performSwitch(const QByteArray &unread)
{
    const Switch what = m_switch;
    m_switch = Switch::None;
    const QByteArray rest = m_parser.takeBuffered() + unread;
    m_input.reset();
    if (what == Switch::Tls) {
        // RFC 2595 s3.1 / RFC 3501 s6.2.1: nothing the server said before TLS is believed.
        m_capabilities.clear();
        const qsizetype dropped = rest.size() + m_connection->startTls();
        if (dropped > 0)
            m_log->note(tr("discarded %1 bytes received before the TLS handshake").arg(dropped));
        Q_EMIT capabilitiesChanged();
    } else {
        m_connection->startCompression(rest);
        m_log->note(tr("COMPRESS=DEFLATE in force"));
    }
}

void ImapSession::onFailed(const NetError &error)
{
    if (m_phase == Phase::Idle)
        return;
    m_log->note(error.message);
    if (!m_byeText.isEmpty() && error.code == NetError::Code::ConnectionLost)
        finishClosing(byeError());
    else
        finishClosing(error);
}

NetError ImapSession::byeError() const
{
    return NetError::make(NetError::Code::ServerClosing,
                          tr("%1 closed the connection: “%2”.").arg(m_endpoint.host, NetError::quotable(m_byeText)),
                          "BYE " + m_byeText.toUtf8());
}

void ImapSession::onClosed()
{
    if (m_phase == Phase::Idle)
        return;
    if (m_phase == Phase::Closing) {
        finishClosing(NetError::none());
        return;
    }
    if (m_current && m_current == m_logoutJob) {
        // BYE came and the server closed before its tagged OK: LOGOUT is done all the same.
        m_phase = Phase::Closing;
        setState(State::LoggedOut);
        finishClosing(NetError::none());
        return;
    }
    finishClosing(m_byeText.isEmpty() ? NetError::make(
                      NetError::Code::ConnectionLost,
                      tr("The connection to %1 was closed unexpectedly.").arg(m_endpoint.host))
                                      : byeError());
}

void ImapSession::finishClosing(const NetError &error)
{
    if (m_phase == Phase::Idle)
        return;
    const bool wasLoggingOut = m_state == State::LoggedOut;
    m_phase = Phase::Idle;
    m_closeError = error;
    if (m_replyAwaited && m_connection)
        m_connection->setReplyAwaited(false);
    m_replyAwaited = false;
    if (error.isError() || !wasLoggingOut)
        setState(State::Disconnected);
    NetError jobError = error;
    if (!jobError.isError())
        jobError = NetError::make(NetError::Code::ConnectionLost,
                                  tr("The connection to %1 was closed.").arg(m_endpoint.host));
    if (m_current && m_current == m_logoutJob && !m_current->isFinished())
        m_current->finishWithSuccess();
    failAll(jobError);
    Q_EMIT closed(error);
}

void ImapSession::failOpening(const NetError &error)
{
    m_log->note(error.message);
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
    }
    finishClosing(error);
}

void ImapSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// ---- opening -------------------------------------------------------------------------

// After the greeting and after each opening step: what is still needed before opened().
void ImapSession::continueOpening()
{
    if (m_phase != Phase::Opening)
        return;
    if (m_capabilities.isEmpty()) {
        runJob(new CapabilityJob(this));
        return;
    }
    if (m_endpoint.security == net::ServerEndpoint::Security::StartTls && !m_tlsDone) {
        if (!hasCapability("STARTTLS")) {
            failOpening(NetError::make(
                NetError::Code::StartTlsUnavailable,
                tr("%1 does not offer STARTTLS, so Magpie will not send your password "
                   "unencrypted. Choose SSL/TLS or ask your provider.")
                    .arg(m_endpoint.host)));
            return;
        }
        runJob(new StartTlsJob(this));
        return;
    }
    m_phase = Phase::Open;
    Q_EMIT opened();
    scheduleNext();
}

void ImapSession::handleGreeting(const ImapResponse &response)
{
    if (response.kind != ImapResponse::Kind::Untagged || !response.isStatus()
        || response.status == ImapResponse::Status::No
        || response.status == ImapResponse::Status::Bad) {
        failOpening(NetError::make(
            NetError::Code::ProtocolViolation,
            tr("%1 did not greet like an IMAP server. Check the server name and port.")
                .arg(m_endpoint.host)));
        return;
    }
    handleResponseCode(response);
    switch (response.status) {
    case ImapResponse::Status::Bye:
        failOpening(NetError::make(
            NetError::Code::ServerClosing,
            tr("%1 is not accepting connections: “%2”.")
                .arg(m_endpoint.host, NetError::quotable(response.text)),
            "BYE " + response.text.toUtf8()));
        return;
    case ImapResponse::Status::Preauth:
        // RFC 3501 s6.2.1: a PREAUTH greeting leaves no chance to STARTTLS; going on would
        // mean going on unencrypted.
        if (m_endpoint.security == net::ServerEndpoint::Security::StartTls && !m_tlsDone) {
            failOpening(NetError::make(
                NetError::Code::StartTlsUnavailable,
                tr("%1 logged the connection in before it could be encrypted (PREAUTH), so "
                   "STARTTLS is impossible and Magpie will not go on unencrypted. Choose "
                   "SSL/TLS or ask your provider.")
                    .arg(m_endpoint.host),
                "PREAUTH " + response.text.toUtf8()));
            return;
        }
        setState(State::Authenticated);
        break;
    default:
        setState(State::NotAuthenticated);
        break;
    }
    m_phase = Phase::Opening;
    updateReplyAwaited();
    continueOpening();
}

// ---- responses -----------------------------------------------------------------------

void ImapSession::dispatch(const ImapResponse &response)
{
    if (m_phase == Phase::Greeting) {
        if (response.kind == ImapResponse::Kind::Malformed) {
            failOpening(NetError::make(NetError::Code::ProtocolViolation,
                                       tr("%1 sent a greeting Magpie could not read: %2")
                                           .arg(m_endpoint.host, response.errorText)));
            return;
        }
        handleGreeting(response);
        return;
    }
    switch (response.kind) {
    case ImapResponse::Kind::Untagged:
        handleUntagged(response);
        break;
    case ImapResponse::Kind::Tagged:
        handleTagged(response);
        break;
    case ImapResponse::Kind::Continuation:
        handleContinuation(response);
        break;
    case ImapResponse::Kind::Malformed:
        handleMalformed(response);
        break;
    }
}

void ImapSession::handleUntagged(const ImapResponse &response)
{
    const bool loggedIn = m_state == State::Authenticated || m_state == State::Selected;
    // Before login only capabilities and status responses mean anything; a server has no
    // business announcing messages to a client that has not logged in.
    if (!loggedIn && !response.isStatus() && response.name != "CAPABILITY")
        return;
    if (response.name == "CAPABILITY")
        setCapabilities(untagged::capabilities(response.data));
    else if (response.name == "ENABLED") {
        for (const ImapValue &value : response.data)
            m_enabled.insert(value.text().toUpper()); // RFC 5161 s3.2
    }
    handleResponseCode(response);

    ImapJob *job = m_current && !m_current->isFinished() ? m_current.data() : nullptr;
    if (response.status == ImapResponse::Status::Bye) {
        if (job && job->handleUntagged(response))
            return; // LOGOUT's BYE
        m_byeText = response.text.isEmpty() ? QStringLiteral("BYE") : response.text;
        Q_EMIT bye(response.text);
        if (job && m_current == job && !job->isFinished())
            job->connectionLost(byeError());
        const QList<QPointer<ImapJob>> pipelined = m_pipelined;
        for (const QPointer<ImapJob> &other : pipelined) {
            if (other && !other->isFinished())
                other->connectionLost(byeError());
        }
        updateReplyAwaited();
        return;
    }
    if (loggedIn)
        forgetInStepMarkIfChanged(response);
    const QPointer<ImapSession> self(this);
    bool taken = job && job->handleUntagged(response);
    // What the current job did not take may be a pipelined job's: a server may work on
    // several commands at once (RFC 3501 s5.5), so their responses can come early.
    for (qsizetype i = 0; self && !taken && i < m_pipelined.size(); ++i) {
        const QPointer<ImapJob> pipelined = m_pipelined.at(i);
        taken = pipelined && !pipelined->isFinished() && pipelined->handleUntagged(response);
    }
    if (self && loggedIn)
        emitUnsolicited(response, taken);
}

void ImapSession::setInStepMark(const QByteArray &mark)
{
    m_inStepMark = m_state == State::Selected ? mark : QByteArray();
}

void ImapSession::forgetInStepMarkIfChanged(const ImapResponse &response)
{
    if (m_inStepMark.isEmpty())
        return;
    const QByteArray &name = response.name;
    bool changed = name == "EXISTS" || name == "EXPUNGE" || name == "VANISHED";
    if (name == "FETCH") {
        // A FETCH of a body or a header alone changes nothing; one with FLAGS (a flag change,
        // RFC 3501 s7.4.2) or MODSEQ (RFC 7162 s3.2.4: sent with every change once
        // CONDSTORE is on) may.
        changed = response.data.isEmpty() || !response.data.constFirst().isList();
        if (!changed) {
            const QList<ImapValue> &items = response.data.constFirst().list;
            for (qsizetype i = 0; i < items.size() && !changed; i += 2)
                changed = items[i].isAtom("FLAGS") || items[i].isAtom("MODSEQ");
        }
    }
    if (changed)
        m_inStepMark.clear();
}

void ImapSession::emitUnsolicited(const ImapResponse &response, bool takenByJob)
{
    const QByteArray &name = response.name;
    if (name == "EXISTS" && response.number) {
        Q_EMIT existsChanged(*response.number);
    } else if (name == "EXPUNGE" && response.number) {
        Q_EMIT expunged(*response.number);
    } else if (name == "VANISHED") {
        if (const auto gone = untagged::vanished(response))
            Q_EMIT vanished(gone->uids, gone->earlier);
        else
            m_log->note(tr("ignored a VANISHED response with an unreadable UID set"));
    } else if (name == "FETCH" && !takenByJob) {
        QString error;
        if (const auto message = decode::fetch(response, &error))
            Q_EMIT messageFetched(*message);
        else
            m_log->note(tr("ignored a FETCH response Magpie could not read: %1").arg(error));
    } else if (name == "FLAGS" && !response.data.isEmpty() && response.data.first().isList()) {
        Q_EMIT flagsAnnounced(untagged::flagList(response.data.first()));
    }
}

void ImapSession::handleTagged(const ImapResponse &response)
{
    handleResponseCode(response);
    const auto sent = sentCommand(response.tag);
    ImapJob *job = sent == m_pendingTags.cend() ? nullptr : runningJob(sent->job);
    if (!job) {
        m_log->note(tr("ignored the completion of %1, which no running command was waiting for")
                        .arg(QString::fromLatin1(response.tag)));
        return;
    }
    m_pendingTags.erase(sent);
    // A NO/BAD instead of a literal's "+" ends that command (RFC 3501 s7.5): its remaining
    // chunks are never sent.
    m_writer.cancel(response.tag);
    updateReplyAwaited();
    job->handleTagged(response);
}

void ImapSession::handleContinuation(const ImapResponse &response)
{
    if (m_writer.continueLiteral())
        return; // the go-ahead for a literal (RFC 3501 s7.5)
    if (m_current && !m_current->isFinished())
        m_current->handleContinuation(response);
    else
        m_log->note(tr("ignored a continuation request nobody was waiting for"));
}

void ImapSession::handleMalformed(const ImapResponse &response)
{
    m_log->note(tr("could not read a response: %1").arg(response.errorText));
    ImapJob *job = m_current && !m_current->isFinished() ? m_current.data() : nullptr;
    // A tagged response that could not be read fails the command with that tag; an untagged
    // one fails the current job, since it may have been its data.
    if (!response.tag.isEmpty()) {
        const auto sent = sentCommand(response.tag);
        job = sent == m_pendingTags.cend() ? nullptr : runningJob(sent->job);
    }
    if (!job)
        return;
    // The parser's errorText is a whole sentence that quotes the start of the response.
    job->finishWithError(
        NetError::make(NetError::Code::ProtocolViolation,
                       response.errorText.isEmpty()
                           ? tr("%1 sent a response Magpie could not read.").arg(m_endpoint.host)
                           : response.errorText));
}

void ImapSession::handleResponseCode(const ImapResponse &response)
{
    if (!response.code)
        return;
    if (response.code->name == "CAPABILITY")
        setCapabilities(untagged::capabilities(*response.code));
    else if (response.code->name == "ALERT")
        Q_EMIT alert(response.text); // RFC 3501 s7.1: must be shown to the user
}

void ImapSession::setCapabilities(const QSet<QByteArray> &capabilities)
{
    m_capabilities = capabilities;
    Q_EMIT capabilitiesChanged();
}

} // namespace magpie::imap
