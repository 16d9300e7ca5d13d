// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace magpie::store {

// One message waiting to be sent (schema: outbox). Written and committed before any network
// (DESIGN.md, "The path of a message"), so a crash at any point loses nothing.
struct OutboxEntry
{
    enum class State {
        Queued,      // waiting for its next attempt
        Sending,     // an attempt is running (a crash leaves it here: treated as Queued,
                     // unless the final dot was already sent, see Unconfirmed)
        Unconfirmed, // the connection ended after DATA's final dot and before the reply: the
                     // server may have accepted it (RFC 5321 s4.1.1.4, RFC 1047). Not resent
                     // on its own; the person decides, so nobody gets it twice.
        Failed,      // a permanent refusal (5xx): kept, with the server's words, until the
                     // person edits, retries or discards it
        Sent,        // accepted by the server; waiting for the copy to Sent to be filed
    };

    qint64 id = 0;
    QString accountId;
    QByteArray envelopeFrom;          // MAIL FROM address
    QList<QByteArray> recipients;     // RCPT TO addresses (To, Cc and Bcc)
    QByteArray raw;                   // the message as built, Bcc removed
    QByteArray messageId;             // with brackets, for the Sent-folder duplicate check
    QString subject;                  // for the outbox list
    State state = State::Queued;
    int attempts = 0;                 // failed attempts so far
    QDateTime nextAttempt;            // when Queued: not before this (UTC)
    QString lastError;                // the last failure, a sentence for a person
    QDateTime createdAt;
};

} // namespace magpie::store
