// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpJob.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace magpie::smtp {

// Submits one message (RFC 5321 s3.3): [RSET] MAIL FROM, RCPT TO for each recipient, DATA,
// the content, and the final reply, which is given to the caller ("250 2.0.0 queued as
// 4F3A1").
//
// Before anything is sent: the envelope is validated (SmtpEnvelope); a message larger than
// the server's SIZE fails with MessageTooLarge (RFC 1870); 8-bit content without 8BITMIME,
// an address that needs SMTPUTF8 without SMTPUTF8, or a NUL byte in the content fail with
// InvalidArgument. MAIL FROM carries SIZE=n when SIZE is offered, BODY=8BITMIME for 8-bit
// content (RFC 6152), SMTPUTF8 when an address needs it (RFC 6531 s3.4).
//
// With PIPELINING (RFC 2920) MAIL, every RCPT and DATA go in one write and the replies are
// matched in order. Each recipient's reply is kept: when some are refused the message goes
// to the others and the job succeeds with refusedRecipients() listing the rest; when none
// is accepted the transaction is reset (RSET) and the job fails with their replies.
//
// The content is CRLF-normalised and dot-stuffed (RFC 5321 s4.5.2) while it is written, in
// slices as the connection drains, never as a second full copy. Errors: 4xx TemporaryFailure, 5xx
// CommandRejected, the sentence quoting the reply with its enhanced code ("The server refused
// bob@example.com: 550 5.1.1 mailbox unknown."); the connection lost after the content was
// sent and before the final reply: ConnectionLost (temporary; the message may or may not
// have been delivered).
class SmtpSendJob : public SmtpJob
{
    Q_OBJECT
public:
    struct RecipientResult
    {
        QString address;
        SmtpReply reply; // RCPT's reply; invalid when it was never answered
        bool accepted() const { return reply.isPositive(); }
    };

    // `message`: the whole message as built (RFC 5322), implicitly shared, not copied.
    SmtpSendJob(SmtpSession *session, const SmtpEnvelope &envelope, const QByteArray &message);
    ~SmtpSendJob() override;

    const SmtpEnvelope &envelope() const { return m_envelope; }
    // The reply to the end of the content, on success.
    const SmtpReply &finalReply() const { return m_finalReply; }
    // One per recipient in envelope order, after RCPT was answered.
    const QList<RecipientResult> &recipientResults() const { return m_results; }
    QStringList acceptedRecipients() const;
    QList<RecipientResult> refusedRecipients() const;
    // The message's size as sent (CRLF line ends, before dot-stuffing): SIZE=n (RFC 1870 s4).
    qint64 messageSize() const { return m_size; }
    // Content is written in pieces of this many source bytes (default 64 KiB).
    void setChunkSize(qsizetype bytes) { m_chunkSize = bytes > 0 ? bytes : 1; }

    // Whether the end of the content (the final ".") was handed to the connection. Until
    // then the server cannot have accepted the message, whatever happens (RFC 5321
    // s4.1.1.4): a failure before it is safe to retry.
    bool endOfDataSent() const { return m_step == Step::EndOfData; }
    // The job failed after the final "." was sent and before the server's reply to it was
    // read (connection lost, timed out, aborted): the server may have accepted the message
    // and be delivering it (RFC 1047), so sending it again may deliver it twice. A reply
    // (250, 4xx, 5xx, also a 421 closing the connection, RFC 5321 s3.8) settles it: false.
    bool deliveryUncertain() const { return m_deliveryUncertain; }

Q_SIGNALS:
    // Emitted once, directly, just before the final "." is written: the last moment the
    // message is certainly not delivered. A caller that must survive a crash records now
    // that the outcome is about to become uncertain (the outbox commits "Unconfirmed"); if
    // it cannot, it may abort the session from the slot, and the "." is not sent.
    void endOfDataAboutToBeSent();

protected:
    void doStart() override;
    void handleReply(const SmtpReply &reply) override;
    void connectionLost(const net::NetError &error) override;

private:
    enum class Step { Rset, Mail, Rcpt, Data, Content, EndOfData, RsetAfterFailure };

    net::NetError checkBeforeSending();
    QByteArray mailCommand() const;
    void expect(Step step, const QByteArray &line);
    void sendNextRecipient();
    void handleDataReply(const SmtpReply &reply);
    void writeContent();
    void writeSlice();
    void resetAndFail(const net::NetError &error);
    net::NetError noRecipientError() const;

    SmtpEnvelope m_envelope;
    QByteArray m_message;
    QByteArrayList m_forwardPaths;
    QByteArray m_reversePath;
    QList<RecipientResult> m_results;
    SmtpReply m_finalReply;
    net::NetError m_pendingError; // reported once the pipelined replies are all in
    Step m_step = Step::Mail; // Content and EndOfData matter: what a lost connection means
    QList<Step> m_expected; // the replies still due, in the order the commands went
    qint64 m_size = 0;
    bool m_eightBit = false;
    bool m_smtpUtf8 = false;
    bool m_pipelined = false;
    bool m_sendRset = false;
    qsizetype m_nextRecipient = 0;
    qsizetype m_written = 0; // source bytes of m_message written so far
    bool m_atLineStart = true; // dot-stuffing state across chunks
    bool m_pendingCr = false; // a CR ended the last chunk
    bool m_deliveryUncertain = false; // see deliveryUncertain()
    qsizetype m_chunkSize = 64 * 1024;
    QMetaObject::Connection m_drainConnection;
};

} // namespace magpie::smtp
