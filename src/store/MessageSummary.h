// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"
#include "store/MessageFlags.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace magpie::store {

// Where a cached message stands relative to the server. A row is removed only after the
// server confirmed the change (DESIGN.md, data-safety rules); until then it is hidden.
enum class LocalState {
    Synced = 0,        // as on the server (or a local folder's own message)
    PendingRemoval = 1, // deleted or moved away offline; hidden from lists until replayed
    PendingUpload = 2,  // in this folder locally but not yet on the server (uid 0): a moved
                        // copy or a draft awaiting APPEND
};

// What the message list needs about one message, without its body (schema: messages).
struct MessageSummary
{
    qint64 id = 0;       // the cache's own key, stable while the row lives
    qint64 folderId = 0;
    quint32 uid = 0;     // 0: not (yet) on a server: POP3, local Sent, awaiting APPEND
    MessageFlags flags;
    quint64 modSeq = 0;  // RFC 7162 MODSEQ of the flags as last seen
    LocalState localState = LocalState::Synced;
    QDateTime date;       // Date: field, else INTERNALDATE; UTC
    QDateTime receivedAt; // INTERNALDATE, or when POP3 downloaded it
    mime::Mailbox from;
    QList<mime::Mailbox> to;
    QList<mime::Mailbox> cc;
    QString subject;
    QByteArray messageId;        // with brackets, as sent
    QByteArray inReplyTo;        // with brackets, as sent
    QList<QByteArray> references; // each with brackets
    quint64 size = 0;            // RFC822.SIZE, or the downloaded size
    bool hasAttachments = false;
    QString preview;             // the first words of the body text, once the body is known
    QString pop3Uidl;            // POP3 only (RFC 1939 UIDL)
    bool hasBody = false;        // read-only: a body is cached (BodyStore)
};

} // namespace magpie::store
