// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"
#include "mime/MessageBuilder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace magpie::app {

// What the composer's fields say, turned into the bytes to send or to keep as a draft
// (src/mime's MessageBuilder) and the SMTP envelope. Kept apart from the window so the rules
// are tested without one: Bcc recipients are in the envelope only, never in a header
// (RFC 5322 s3.6.3, RFC 5321 s7.2); every address is checked before anything is queued; a
// field holding CR or LF is refused, never written into a header.
struct OutgoingMessage
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::OutgoingMessage)
public:
    mime::Mailbox from;
    QString to;  // as typed: "Alice <alice@example.com>, bob@example.com"
    QString cc;
    QString bcc;
    QString subject;
    QString text;        // plain text, lines separated by "\n"
    QString html;        // empty: plain text only
    QList<mime::Attachment> attachments;
    QByteArray inReplyTo;
    QList<QByteArray> references;
    QByteArray messageId; // empty: a new one (drafts keep theirs across autosaves)

    struct Built
    {
        QByteArray bytes;
        QByteArray messageId;
        QString envelopeFrom;
        QStringList recipients; // To, Cc and Bcc, each address once
        QString error;          // a sentence; empty when built
        bool ok() const { return error.isEmpty(); }
    };

    // The message to send: needs a sender and at least one recipient.
    Built forSending() const;
    // A draft: recipients may be missing or half typed (what is not an address yet is
    // left out of the header, not refused); Bcc is not kept (MessageBuilder writes no Bcc).
    Built asDraft() const;

    // Parses a To/Cc/Bcc field. Text that is not an address is reported in `invalid`.
    static QList<mime::Mailbox> parseRecipients(const QString &field, QStringList *invalid);

private:
    Built build(bool draft) const;
};

} // namespace magpie::app
