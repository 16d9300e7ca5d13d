// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"
#include "mime/MessagePart.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace magpie::mime {

// An RFC 5322 message: its bytes, kept once and shared by every part, and the MIME tree over
// them. Header accessors decode on each call; keep what you need.
class Message
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::Message)
public:
    explicit Message(const QByteArray &data);
    ~Message();
    Message(Message &&) noexcept;
    Message &operator=(Message &&) noexcept;

    const QByteArray &data() const { return m_data; }
    const MessagePart &root() const { return *m_root; }
    const HeaderBlock &headers() const { return m_root->headers(); }

    // Subject unfolded, RFC 2047 decoded, trimmed; a null QString when absent.
    QString subject() const;
    // Every mailbox of every field named `field` (From, To, Cc, Reply-To, ...), in order.
    // Text that is not an address is reported through `warnings` when given.
    QList<Mailbox> addresses(QByteArrayView field, QStringList *warnings = nullptr) const;
    std::optional<QDateTime> date() const;
    QByteArray messageId() const;
    QByteArray inReplyTo() const;
    QList<QByteArray> references() const;

    // The leaves of the tree, depth first, descending into enclosed messages.
    QList<const MessagePart *> leafParts() const;
    // The part to show as the message's text (docs/cli.md, "text"), or nullptr.
    const MessagePart *bodyPart() const;
    // The body part and, when it is one of a multipart/alternative, all of that alternative.
    QList<const MessagePart *> bodyCandidates() const;
    // Attachments as docs/cli.md defines them: enclosed messages, then files, in order.
    QList<const MessagePart *> attachments() const;
    bool hasHtml() const;

    // The best plain text of the body: text/plain as is, text/html converted. Problems met
    // while decoding it (damaged encoding, wrong charset) are added to `warnings`.
    QString bodyText(QStringList *warnings = nullptr) const;

    // Everything found wrong in the message, each a sentence for a person: structure, header
    // fields, and damaged data in any part. Decodes every part, so it costs a full pass.
    QStringList warnings() const;

private:
    QByteArray m_data;
    std::unique_ptr<MessagePart> m_root;
};

} // namespace magpie::mime
