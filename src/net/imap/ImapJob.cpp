// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

using net::NetError;

ImapJob::ImapJob(ImapSession *session)
    : Job(session)
    , m_session(session)
{ }

ImapJob::~ImapJob() = default;

void ImapJob::start()
{
    if (m_queued || isFinished())
        return;
    m_queued = true;
    m_session->enqueue(this);
}

QByteArray ImapJob::send(const ImapCommand &command)
{
    return m_session->sendCommand(this, command);
}

void ImapJob::sendLine(const QByteArray &line, bool secret)
{
    m_session->sendLine(line, secret);
}

bool ImapJob::handleUntagged(const ImapResponse &)
{
    return false;
}

void ImapJob::handleContinuation(const ImapResponse &response)
{
    finishWithError(
        NetError::make(NetError::Code::ProtocolViolation,
                       tr("%1 asked for more data (“+ %2”) when Magpie had nothing more to send.")
                           .arg(host(), QString::fromUtf8(response.continuation)),
                       "+ " + response.continuation));
}

void ImapJob::connectionLost(const NetError &error)
{
    finishWithError(error);
}

void ImapJob::jobQueuedBehind()
{ }

bool ImapJob::pipelines() const
{
    return false;
}

NetError ImapJob::errorFrom(const ImapResponse &tagged, const QString &what) const
{
    if (tagged.status == ImapResponse::Status::Ok)
        return NetError::none();
    // The server's own words, response code included: "[NONEXISTENT] No such mailbox".
    QByteArray words;
    if (tagged.code) {
        words = '[' + tagged.code->name;
        if (!tagged.code->rawArguments.isEmpty())
            words += ' ' + tagged.code->rawArguments;
        words += "] ";
    }
    words += tagged.text.toUtf8();
    words = words.trimmed();
    const QByteArray status = tagged.status == ImapResponse::Status::No ? "NO" : "BAD";
    // RFC 5530 s3: UNAVAILABLE and INUSE are conditions that go away by themselves.
    const bool temporary =
        tagged.code && (tagged.code->name == "UNAVAILABLE" || tagged.code->name == "INUSE");
    const QString message = words.isEmpty()
        ? tr("%1 failed: the server answered %2 without saying why.")
              .arg(what, QString::fromLatin1(status))
        : tr("%1 failed: the server answered “%2”.").arg(what, NetError::quotable(QString::fromUtf8(words)));
    return NetError::make(temporary ? NetError::Code::TemporaryFailure
                                    : NetError::Code::CommandRejected,
                          message, status + ' ' + words);
}

bool ImapJob::hasCapability(QByteArrayView name) const
{
    return m_session->hasCapability(name);
}

bool ImapJob::isEnabled(QByteArrayView extension) const
{
    return m_session->isEnabled(extension);
}

QString ImapJob::host() const
{
    return m_session->endpoint().host;
}

void ImapJob::markAuthenticated()
{
    m_session->setState(ImapSession::State::Authenticated);
}

void ImapJob::markSelected(const QString &mailbox, bool readOnly)
{
    m_session->m_selectedMailbox = mailbox;
    m_session->m_inStepMark.clear();
    m_session->m_readOnly = readOnly;
    m_session->setState(ImapSession::State::Selected);
}

void ImapJob::markDeselected()
{
    m_session->m_selectedMailbox.clear();
    m_session->m_inStepMark.clear();
    m_session->m_readOnly = false;
    if (m_session->state() == ImapSession::State::Selected)
        m_session->setState(ImapSession::State::Authenticated);
}

void ImapJob::setIdling(bool idling)
{
    m_session->m_idling = idling;
    m_session->updateReplyAwaited();
}

void ImapJob::switchToTls()
{
    m_session->requestSwitch(ImapSession::Switch::Tls);
}

void ImapJob::switchToCompression()
{
    m_session->requestSwitch(ImapSession::Switch::Compression);
}

} // namespace magpie::imap
