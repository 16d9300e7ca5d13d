// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Message.h"

#include "mime/EncodedWords.h"
#include "mime/HtmlToText.h"
#include "mime/MessageDate.h"
#include "mime/MessageIds.h"
#include "mime/MessageParser.h"

#include <QSet>

namespace magpie::mime {

namespace {

void collectLeaves(const MessagePart &part, QList<const MessagePart *> &leaves)
{
    if (part.isLeaf()) {
        leaves << &part;
        return;
    }
    for (const auto &child : part.children())
        collectLeaves(*child, leaves);
}

bool isReadableText(const MessagePart &part)
{
    return part.isType("text/plain") || part.isType("text/html");
}

// docs/cli.md, "text": the part a reader sees as the message's text. A part marked as an
// attachment is a file, never the text (RFC 2183 s2.2).
const MessagePart *bestBody(const MessagePart &part)
{
    switch (part.kind()) {
    case MessagePart::Kind::Leaf:
        return isReadableText(part) && part.disposition() != "attachment" ? &part : nullptr;
    case MessagePart::Kind::Message:
        return nullptr; // an enclosed message is an attachment, not this message's text
    case MessagePart::Kind::Multipart:
        break;
    }
    const auto &children = part.children();
    if (children.empty())
        return nullptr;
    if (part.isType("multipart/alternative")) {
        // RFC 2046 s5.1.4: alternatives in increasing faithfulness; for text, plain wins.
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            if ((*it)->isLeaf() && (*it)->isType("text/plain") && (*it)->disposition() != "attachment")
                return it->get();
        }
        // Else the most faithful version that yields text (an invitation's text/calendar
        // after the HTML does not).
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            if (const MessagePart *body = bestBody(**it))
                return body;
        }
        return nullptr;
    }
    if (part.isType("multipart/related")) {
        // RFC 2387 s3.2: the start parameter names the root by Content-ID, else the first.
        const QList<QByteArray> start = MessageIds::parse(part.parameter("start").toLatin1());
        if (!start.isEmpty()) {
            for (const auto &child : children) {
                if (child->contentId() == start.first())
                    return bestBody(*child);
            }
        }
        return bestBody(*children.front());
    }
    return bestBody(*children.front());
}

bool isInside(const MessagePart *part, QByteArrayView type)
{
    for (const MessagePart *p = part->parent(); p; p = p->parent()) {
        if (p->isType(type))
            return true;
    }
    return false;
}

bool isInsideMessage(const MessagePart *part)
{
    for (const MessagePart *p = part->parent(); p; p = p->parent()) {
        if (p->isMessage())
            return true;
    }
    return false;
}

QString damageWarning(const MessagePart &part)
{
    const QString path = part.path();
    switch (part.transferEncoding()) {
    case TransferEncoding::Base64:
        return Message::tr("The base64 data of part %1 is damaged; what could be read is shown.").arg(path);
    case TransferEncoding::QuotedPrintable:
        return Message::tr("The quoted-printable text of part %1 is damaged; it is shown as well as it could be read.").arg(path);
    case TransferEncoding::UUEncode:
        return Message::tr("The uuencode data of part %1 is damaged or incomplete.").arg(path);
    default:
        return {};
    }
}

} // namespace

Message::Message(const QByteArray &data)
    : m_data(data)
    , m_root(MessageParser::parse(m_data))
{
}

Message::~Message() = default;
Message::Message(Message &&) noexcept = default;
Message &Message::operator=(Message &&) noexcept = default;

QString Message::subject() const
{
    const QByteArray raw = headers().value("Subject");
    if (raw.isNull())
        return {};
    return EncodedWords::decode(raw).trimmed();
}

QList<Mailbox> Message::addresses(QByteArrayView field, QStringList *warnings) const
{
    QList<Mailbox> all;
    for (const QByteArray &value : headers().values(field)) {
        QStringList problems;
        all << AddressList::parse(value, &problems);
        if (warnings) {
            for (const QString &problem : std::as_const(problems))
                *warnings << tr("The %1 field holds text that is not an address: %2")
                                 .arg(QString::fromLatin1(field), problem);
        }
    }
    return all;
}

std::optional<QDateTime> Message::date() const
{
    const QByteArray raw = headers().value("Date");
    if (raw.isNull())
        return std::nullopt;
    return MessageDate::parse(raw);
}

QByteArray Message::messageId() const
{
    const QList<QByteArray> ids = MessageIds::parse(headers().value("Message-ID"));
    return ids.isEmpty() ? QByteArray() : ids.first();
}

QByteArray Message::inReplyTo() const
{
    const QList<QByteArray> ids = MessageIds::parse(headers().value("In-Reply-To"));
    return ids.isEmpty() ? QByteArray() : ids.first();
}

QList<QByteArray> Message::references() const
{
    return MessageIds::parse(headers().value("References"));
}

QList<const MessagePart *> Message::leafParts() const
{
    QList<const MessagePart *> leaves;
    collectLeaves(*m_root, leaves);
    return leaves;
}

const MessagePart *Message::bodyPart() const
{
    return bestBody(*m_root);
}

QList<const MessagePart *> Message::bodyCandidates() const
{
    const MessagePart *body = bodyPart();
    if (!body)
        return {};
    // The outermost multipart/alternative above the body holds all of its versions.
    const MessagePart *alternative = nullptr;
    for (const MessagePart *p = body->parent(); p && !p->isMessage(); p = p->parent()) {
        if (p->isType("multipart/alternative"))
            alternative = p;
    }
    if (!alternative)
        return { body };
    QList<const MessagePart *> candidates;
    collectLeaves(*alternative, candidates);
    return candidates;
}

QList<const MessagePart *> Message::attachments() const
{
    const QList<const MessagePart *> candidateList = bodyCandidates();
    const QSet<const MessagePart *> candidates(candidateList.begin(), candidateList.end());
    QList<const MessagePart *> found;
    // One walk in document order: an enclosed message is one attachment and is not entered.
    QList<const MessagePart *> stack { m_root.get() };
    while (!stack.isEmpty()) {
        const MessagePart *part = stack.takeLast();
        if (part->isMessage()) {
            found << part;
            continue;
        }
        if (part->isMultipart()) {
            for (auto it = part->children().rbegin(); it != part->children().rend(); ++it)
                stack << it->get();
            continue;
        }
        if (candidates.contains(part))
            continue;
        const QByteArray disposition = part->disposition();
        if (disposition != "attachment" && isInside(part, "multipart/related"))
            continue; // inline content of an HTML page: cid: images, style sheets
        if (disposition == "attachment" || !part->fileName().isEmpty() || !part->isText())
            found << part;
    }
    return found;
}

bool Message::hasHtml() const
{
    const QList<const MessagePart *> fileList = attachments();
    const QSet<const MessagePart *> files(fileList.begin(), fileList.end());
    for (const MessagePart *leaf : leafParts()) {
        // HTML of a forwarded message belongs to that message, not to this one.
        if (leaf->isType("text/html") && !files.contains(leaf) && !isInsideMessage(leaf))
            return true;
    }
    return false;
}

QString Message::bodyText(QStringList *warnings) const
{
    const MessagePart *body = bodyPart();
    if (!body)
        return {};
    bool damaged = false;
    const DecodedText decoded = body->text(&damaged);
    if (warnings) {
        if (damaged)
            *warnings << damageWarning(*body);
        if (decoded.fellBack) {
            const QByteArray declared = body->charset();
            *warnings << tr("Part %1 declares the charset \"%2\", which is unknown or does not "
                            "match its text; it was read as %3.")
                             .arg(body->path(),
                                  QString::fromLatin1(declared.isEmpty() ? QByteArray("us-ascii") : declared),
                                  QString::fromLatin1(decoded.charset));
        }
    }
    return body->isType("text/html") ? HtmlToText::convert(decoded.text) : decoded.text;
}

QStringList Message::warnings() const
{
    QStringList found;
    if (m_data.isEmpty())
        return { tr("The input is empty: there is no message in it.") };
    if (m_root->headers().isEmpty() && m_data[0] != '\n' && m_data[0] != '\r')
        found << tr("The input does not start with a header field (no header); all of it is "
                    "shown as text.");

    // Structure, in tree order.
    QList<const MessagePart *> stack { m_root.get() };
    while (!stack.isEmpty()) {
        const MessagePart *part = stack.takeLast();
        found << part->warnings();
        for (auto it = part->children().rbegin(); it != part->children().rend(); ++it)
            stack << it->get();
    }

    // Header fields of the message itself.
    for (const HeaderBlock::Field &field : headers().fields()) {
        bool eightBit = false;
        for (char c : field.folded)
            eightBit |= static_cast<unsigned char>(c) >= 0x80;
        if (eightBit && !Charsets::isValidUtf8(field.folded))
            found << tr("The %1 header field holds 8-bit bytes that are not UTF-8; they were "
                        "read as windows-1252.")
                         .arg(QString::fromLatin1(field.name));
    }
    for (const char *field : { "From", "To", "Cc", "Bcc", "Reply-To", "Sender" })
        addresses(field, &found);
    const QByteArray rawDate = headers().value("Date");
    if (!rawDate.isNull() && !date())
        found << tr("The Date field \"%1\" could not be read as a date.")
                     .arg(QString::fromLatin1(rawDate));

    // Data: every leaf's transfer encoding, and the text's charset.
    const MessagePart *body = bodyPart();
    for (const MessagePart *leaf : leafParts()) {
        if (leaf == body)
            continue; // bodyText() reports it, with the charset
        bool damaged = false;
        leaf->decodedBody(&damaged);
        if (damaged)
            found << damageWarning(*leaf);
    }
    bodyText(&found);
    found.removeAll(QString());
    return found;
}

} // namespace magpie::mime
