// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"
#include "mime/MessageBuilder.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace magpie::mime {

// What a reply or forward starts with in the composer, before the user edits it.
struct Draft
{
    QList<Mailbox> to;
    QList<Mailbox> cc;
    QString subject;
    QByteArray inReplyTo;          // the parent's Message-ID (replies only)
    QList<QByteArray> references;  // RFC 5322 s3.6.4 (replies only)
    QString body;                  // plain text, lines separated by "\n"
    QList<Attachment> attachments; // forwarded files, or the whole message
};

} // namespace magpie::mime
