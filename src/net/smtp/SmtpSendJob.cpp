// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpSendJob.h"

#include "net/Connection.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpSession.h"

#include <QPointer>

namespace magpie::smtp {

namespace {

using Code = net::NetError::Code;

// How much may wait in the connection's queue before the next slice is encoded.
constexpr qint64 kQueueHighWater = 256 * 1024;

// "31 MB", "512 KB", "900 bytes"; one decimal below 10 of a unit.
QString formatSize(qint64 bytes, int extraDecimals = 0)
{
    constexpr double kKiB = 1024.0;
    constexpr double kMiB = 1024.0 * 1024.0;
    const auto number = [extraDecimals](double value) {
        const int decimals = (value < 10 ? 1 : 0) + extraDecimals;
        return QString::number(value, 'f', decimals);
    };
    if (bytes >= kMiB)
        return SmtpSendJob::tr("%1 MB").arg(number(bytes / kMiB));
    if (bytes >= kKiB)
        return SmtpSendJob::tr("%1 KB").arg(number(bytes / kKiB));
    return bytes == 1 ? SmtpSendJob::tr("1 byte") : SmtpSendJob::tr("%1 bytes").arg(bytes);
}

} // namespace

SmtpSendJob::SmtpSendJob(SmtpSession *session, const SmtpEnvelope &envelope,
                         const QByteArray &message)
    : SmtpJob(session)
    , m_envelope(envelope)
    , m_message(message)
{ }

SmtpSendJob::~SmtpSendJob() = default;

QStringList SmtpSendJob::acceptedRecipients() const
{
    QStringList accepted;
    for (const RecipientResult &result : m_results) {
        if (result.accepted())
            accepted.append(result.address);
    }
    return accepted;
}

QList<SmtpSendJob::RecipientResult> SmtpSendJob::refusedRecipients() const
{
    QList<RecipientResult> refused;
    for (const RecipientResult &result : m_results) {
        if (!result.accepted())
            refused.append(result);
    }
    return refused;
}

net::NetError SmtpSendJob::checkBeforeSending()
{
    if (const net::NetError error = m_envelope.validate(); error.isError())
        return error;
    m_reversePath = m_envelope.reversePath()->wire;
    m_forwardPaths.clear();
    for (qsizetype i = 0; i < m_envelope.recipients().size(); ++i)
        m_forwardPaths.append(m_envelope.forwardPath(i)->wire);

    // One pass over the content: its size once CRLF-normalised (what SIZE=n declares,
    // RFC 1870 s4), whether it has 8-bit bytes, and no NUL (which SMTP cannot carry).
    const char *data = m_message.constData();
    const qsizetype length = m_message.size();
    qint64 size = length;
    bool eightBit = false;
    for (qsizetype i = 0; i < length; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c >= 0x80) {
            eightBit = true;
        } else if (c == '\n') {
            if (i == 0 || data[i - 1] != '\r')
                ++size; // a bare LF goes as CRLF
        } else if (c == '\r') {
            if (i + 1 == length || data[i + 1] != '\n')
                ++size; // so does a bare CR
        } else if (c == 0) {
            return net::NetError::make(Code::InvalidArgument,
                                       tr("The message contains a NUL byte, which SMTP cannot "
                                          "carry; nothing was sent."));
        }
    }
    if (length > 0 && data[length - 1] != '\n' && data[length - 1] != '\r')
        size += 2; // the last line gets its CRLF
    m_size = size;
    m_eightBit = eightBit;

    const QString host = serverName();
    const qint64 limit = session()->sizeLimit();
    if (limit > 0 && size > limit) {
        QString have = formatSize(size);
        QString allowed = formatSize(limit);
        for (int extra = 1; have == allowed && extra <= 3; ++extra) {
            have = formatSize(size, extra);
            allowed = formatSize(limit, extra);
        }
        return net::NetError::make(
            Code::MessageTooLarge,
            tr("The message is %1; %2 accepts at most %3.").arg(have, host, allowed));
    }

    m_smtpUtf8 = m_envelope.needsSmtpUtf8();
    if (m_smtpUtf8 && !session()->hasExtension("SMTPUTF8")) {
        QString address = m_envelope.from();
        if (!m_envelope.reversePath()->needsSmtpUtf8) {
            for (qsizetype i = 0; i < m_envelope.recipients().size(); ++i) {
                if (m_envelope.forwardPath(i)->needsSmtpUtf8) {
                    address = m_envelope.recipients().at(i);
                    break;
                }
            }
        }
        return net::NetError::make(
            Code::InvalidArgument,
            tr("The address %1 has characters beyond ASCII before the \"@\", which needs "
               "SMTPUTF8, and %2 does not offer it; nothing was sent.")
                .arg(address, host));
    }
    // RFC 6152: 8-bit content only to a server that said 8BITMIME; never to a 7-bit one.
    if (m_eightBit && !session()->hasExtension("8BITMIME")) {
        return net::NetError::make(
            Code::InvalidArgument,
            tr("The message has 8-bit content, but %1 accepts only 7-bit mail (no 8BITMIME); "
               "it must be encoded as quoted-printable or base64 first. Nothing was sent.")
                .arg(host));
    }
    return net::NetError::none();
}

QByteArray SmtpSendJob::mailCommand() const
{
    QByteArray line = "MAIL FROM:" + m_reversePath;
    if (session()->hasExtension("SIZE"))
        line += " SIZE=" + QByteArray::number(m_size); // RFC 1870 s6
    if (m_eightBit)
        line += " BODY=8BITMIME"; // RFC 6152 s3
    if (m_smtpUtf8)
        line += " SMTPUTF8"; // RFC 6531 s3.4
    return line;
}

void SmtpSendJob::doStart()
{
    if (const net::NetError error = checkBeforeSending(); error.isError()) {
        finishWithError(error);
        return;
    }
    // A connection that carried a message before starts this one clean (RFC 5321 s4.1.1.5).
    m_sendRset = session()->transactionsStarted() > 0;
    session()->countTransaction();
    m_pipelined = session()->hasExtension("PIPELINING");
    m_results.clear();
    for (const QString &address : m_envelope.recipients())
        m_results.append(RecipientResult { address, {} });

    if (m_pipelined) {
        // RFC 2920 s3.1: RSET, MAIL, RCPT may be grouped; DATA ends the group.
        QByteArrayList lines;
        if (m_sendRset) {
            lines.append(QByteArrayLiteral("RSET"));
            m_expected.append(Step::Rset);
        }
        lines.append(mailCommand());
        m_expected.append(Step::Mail);
        for (const QByteArray &path : std::as_const(m_forwardPaths)) {
            lines.append("RCPT TO:" + path);
            m_expected.append(Step::Rcpt);
        }
        lines.append(QByteArrayLiteral("DATA"));
        m_expected.append(Step::Data);
        sendCommands(lines);
        return;
    }
    if (m_sendRset) {
        expect(Step::Rset, QByteArrayLiteral("RSET"));
        return;
    }
    expect(Step::Mail, mailCommand());
}

void SmtpSendJob::expect(Step step, const QByteArray &line)
{
    m_expected.append(step);
    sendCommand(line);
}

void SmtpSendJob::handleReply(const SmtpReply &reply)
{
    if (m_expected.isEmpty())
        return; // the session never hands over more replies than were awaited
    const Step step = m_expected.takeFirst();
    switch (step) {
    case Step::Rset:
        if (!reply.isPositive() && !m_pendingError.isError())
            m_pendingError = errorFrom(reply, tr("RSET"));
        if (!m_pipelined) {
            if (m_pendingError.isError()) {
                finishWithError(m_pendingError);
                return;
            }
            expect(Step::Mail, mailCommand());
        }
        return;
    case Step::Mail:
        if (!reply.isPositive() && !m_pendingError.isError()) {
            m_pendingError =
                errorFrom(reply,
                          m_envelope.from().isEmpty() ? tr("the empty sender")
                                                      : tr("the sender %1").arg(m_envelope.from()));
        }
        if (!m_pipelined) {
            // No transaction was opened, so there is nothing to reset.
            if (m_pendingError.isError()) {
                finishWithError(m_pendingError);
                return;
            }
            sendNextRecipient();
        }
        return;
    case Step::Rcpt:
        m_results[m_nextRecipient].reply = reply;
        ++m_nextRecipient;
        if (!m_pipelined) {
            if (m_nextRecipient < m_forwardPaths.size())
                sendNextRecipient();
            else if (acceptedRecipients().isEmpty())
                resetAndFail(noRecipientError());
            else
                expect(Step::Data, QByteArrayLiteral("DATA"));
        }
        return;
    case Step::Data:
        handleDataReply(reply);
        return;
    case Step::EndOfData:
        if (m_pendingError.isError()) {
            // The "." that ended an empty DATA a pipelining server took without recipients.
            resetAndFail(m_pendingError);
            return;
        }
        if (reply.isPositive()) {
            m_finalReply = reply;
            finishWithSuccess();
            return;
        }
        // The reply to the end of data ends the transaction either way (RFC 5321 s4.1.1.4).
        finishWithError(errorFrom(reply, tr("the message")));
        return;
    case Step::RsetAfterFailure:
        finishWithError(m_pendingError);
        return;
    case Step::Content:
        return;
    }
}

void SmtpSendJob::sendNextRecipient()
{
    expect(Step::Rcpt, "RCPT TO:" + m_forwardPaths.at(m_nextRecipient));
}

void SmtpSendJob::handleDataReply(const SmtpReply &reply)
{
    const bool anyAccepted = !acceptedRecipients().isEmpty();
    if (!m_pendingError.isError() && !anyAccepted)
        m_pendingError = noRecipientError();
    if (reply.code() == 354) {
        if (m_pendingError.isError()) {
            // RFC 2920 s3.1: a pipelining server took DATA though nothing before it was
            // accepted; an empty message ends it, then the transaction is reset.
            m_expected.append(Step::EndOfData);
            sendEndOfData(QByteArrayLiteral(".\r\n"));
            return;
        }
        m_step = Step::Content;
        session()->log()->clientData(m_size);
        writeContent();
        return;
    }
    if (!m_pendingError.isError())
        m_pendingError = errorFrom(reply, tr("the message"));
    // MAIL was accepted (or a pipelined MAIL was refused and nothing is open): reset so
    // the next message starts clean.
    resetAndFail(m_pendingError);
}

void SmtpSendJob::resetAndFail(const net::NetError &error)
{
    m_pendingError = error;
    m_expected.append(Step::RsetAfterFailure);
    sendCommand(QByteArrayLiteral("RSET"));
}

net::NetError SmtpSendJob::noRecipientError() const
{
    // Temporary when any refusal was: the outbox tries again later, and the permanent ones
    // are in recipientResults() to be dropped or reported.
    bool anyTransient = false;
    QStringList parts;
    QByteArrayList replies;
    for (const RecipientResult &result : m_results) {
        // A "too many recipients" 552 is a 452 (RFC 5321 s4.5.3.1.10).
        anyTransient = anyTransient || result.reply.isTransient() || result.reply.code() == 552;
        QString said = QString::fromUtf8(result.reply.summary());
        if (said.endsWith(u'.'))
            said.chop(1);
        parts.append(tr("%1: %2").arg(result.address, said));
        replies.append(result.reply.summary());
    }
    const Code code = anyTransient ? Code::TemporaryFailure : Code::CommandRejected;
    QString message;
    if (m_results.size() == 1) {
        message = tr("The server refused %1.").arg(parts.first());
    } else {
        message = tr("The server refused every recipient: %1.").arg(parts.join(u"; "));
    }
    return net::NetError::make(code, message, replies.join('\n'));
}

void SmtpSendJob::writeContent()
{
    // A slice at a time while the connection's queue is short, the next when it has drained
    // (Connection::bytesWritten): a large message is never held twice in full.
    net::Connection *connection = session()->connection();
    while (!isFinished() && m_written < m_message.size()
           && connection->bytesToWrite() < kQueueHighWater)
        writeSlice();
    if (isFinished() || m_written < m_message.size()) {
        if (!m_drainConnection && !isFinished())
            m_drainConnection = connect(connection, &net::Connection::bytesWritten, this,
                                        &SmtpSendJob::writeContent);
        return;
    }
    disconnect(m_drainConnection);
    m_drainConnection = {};
    const QPointer<SmtpSendJob> self(this);
    Q_EMIT endOfDataAboutToBeSent();
    if (!self || isFinished())
        return; // the caller stopped it: the "." never goes out
    m_step = Step::EndOfData;
    m_expected.append(Step::EndOfData);
    sendEndOfData(m_atLineStart ? QByteArrayLiteral(".\r\n") : QByteArrayLiteral("\r\n.\r\n"));
}

void SmtpSendJob::writeSlice()
{
    // RFC 5321 s4.5.2: a line that starts with "." gets another; every line ends in CRLF
    // (a bare CR or a bare LF becomes CRLF). The state carries over from slice to slice.
    const char *data = m_message.constData();
    const qsizetype end = qMin(m_message.size(), m_written + m_chunkSize);
    QByteArray out;
    out.reserve((end - m_written) + (end - m_written) / 32 + 8);
    qsizetype runStart = m_written;
    for (qsizetype i = m_written; i < end; ++i) {
        const char c = data[i];
        if (c == '\r' || c == '\n') {
            out.append(data + runStart, i - runStart);
            runStart = i + 1;
            if (c == '\n' && m_pendingCr) {
                m_pendingCr = false; // the LF of a CRLF already written
                continue;
            }
            out.append("\r\n", 2);
            m_pendingCr = c == '\r';
            m_atLineStart = true;
            continue;
        }
        m_pendingCr = false;
        if (m_atLineStart) {
            m_atLineStart = false;
            if (c == '.') {
                out.append(data + runStart, i - runStart);
                out.append('.');
                runStart = i;
            }
        }
    }
    out.append(data + runStart, end - runStart);
    m_written = end;
    if (!out.isEmpty())
        sendData(out);
}

void SmtpSendJob::connectionLost(const net::NetError &error)
{
    disconnect(m_drainConnection);
    // After the final "." only the server's reply tells whether it took the message; a 421
    // is such a reply (the transaction is aborted, RFC 5321 s3.8), anything else is not.
    if (m_step == Step::EndOfData && !isFinished() && error.code != Code::ServerClosing)
        m_deliveryUncertain = true;
    if (m_step == Step::EndOfData && error.code == Code::ConnectionLost) {
        finishWithError(net::NetError::make(
            Code::ConnectionLost,
            tr("The connection to %1 was lost after the message was sent and before the server "
               "confirmed it; it may or may not have been delivered.")
                .arg(serverName())));
        return;
    }
    if (m_step == Step::EndOfData && error.code == Code::Timeout) {
        finishWithError(net::NetError::make(
            Code::Timeout,
            tr("%1 did not confirm the message in time after it was sent; it may or may not "
               "have been delivered.")
                .arg(serverName())));
        return;
    }
    if (m_step == Step::Content && error.code == Code::ConnectionLost) {
        finishWithError(net::NetError::make(
            Code::ConnectionLost,
            tr("The connection to %1 was lost while the message was being sent; it was not "
               "delivered.")
                .arg(serverName())));
        return;
    }
    SmtpJob::connectionLost(error);
}

} // namespace magpie::smtp
