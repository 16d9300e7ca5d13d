// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapFetch.h"

#include "mime/HeaderBlock.h"
#include "mime/Message.h"
#include "server/imap/ImapBodyStructure.h"
#include "server/imap/ImapEnvelope.h"

namespace magpie::server {

namespace {

using mime::MessagePart;

// The part a section's numbers name (RFC 3501 s6.4.5), or nullptr. Numbers count the parts of
// a message: the children of its top part when that is a multipart, else its single body,
// which is part 1. Below a message/rfc822 part they count the parts of the enclosed message.
const MessagePart *findPart(const MessagePart &root, const QList<int> &numbers)
{
    const MessagePart *part = nullptr;
    const MessagePart *messageTop = &root; // the message the next number counts in
    for (const int number : numbers) {
        if (number < 1)
            return nullptr;
        if (part && part->isMultipart()) {
            if (static_cast<size_t>(number) > part->children().size())
                return nullptr;
            part = part->children()[number - 1].get();
            continue;
        }
        if (part) {
            if (!part->isMessage() || part->children().empty())
                return nullptr; // a single body has no parts
            messageTop = part->children().front().get();
        }
        if (messageTop->isMultipart()) {
            if (static_cast<size_t>(number) > messageTop->children().size())
                return nullptr;
            part = messageTop->children()[number - 1].get();
        } else if (number == 1) {
            part = messageTop;
        } else {
            return nullptr;
        }
    }
    return part;
}

QByteArray between(const char *from, const char *to)
{
    return QByteArray(from, to - from);
}

// The header section of a message, with the empty line that ends it: of the stored message
// when `top` is the root, else of the message a message/rfc822 part encloses.
QByteArray messageHeader(const mime::Message &message, const MessagePart &top)
{
    const char *bodyStart = top.rawBody().data();
    if (!top.parent())
        return between(message.data().constData(), bodyStart);
    if (!top.headers().isEmpty())
        return between(top.headers().fields().front().name.data(), bodyStart);
    // No field: the header is nothing or just an empty line. Which one only the enclosed
    // message's own first bytes tell (they may be a decoded copy), so read them again.
    const QByteArray enclosed = top.parent()->enclosedMessage();
    mime::HeaderBlock headers;
    return enclosed.left(headers.parse(enclosed, 0, enclosed.size()));
}

// The MIME header of a part (RFC 3501 s6.4.5 "MIME"): its own header lines and the empty
// line after them. The top part of a message has the message's header as its MIME header.
QByteArray mimeHeader(const mime::Message &message, const MessagePart &part)
{
    if (!part.parent() || part.parent()->isMessage())
        return messageHeader(message, part);
    const char *bodyStart = part.rawBody().data();
    if (!part.headers().isEmpty())
        return between(part.headers().fields().front().name.data(), bodyStart);
    // A part of a multipart without fields: its header is the empty line right after the
    // delimiter line, if there is one (a delimiter line itself is never empty).
    const qsizetype available = bodyStart - part.parent()->rawBody().data();
    if (available >= 2 && bodyStart[-1] == '\n') {
        if (bodyStart[-2] == '\n')
            return QByteArray("\n");
        if (available >= 3 && bodyStart[-2] == '\r' && bodyStart[-3] == '\n')
            return QByteArray("\r\n");
    }
    return QByteArray("");
}

// HEADER.FIELDS (list) and HEADER.FIELDS.NOT (list): the matching fields as written, folds
// and all, then the empty line (RFC 3501 s6.4.5).
QByteArray headerFields(const mime::HeaderBlock &headers, const QList<QByteArray> &names,
                        bool exclude)
{
    QByteArray out;
    for (const mime::HeaderBlock::Field &field : headers.fields()) {
        bool listed = false;
        for (const QByteArray &name : names) {
            if (field.name.compare(name, Qt::CaseInsensitive) == 0) {
                listed = true;
                break;
            }
        }
        if (listed == exclude)
            continue;
        const char *start = field.name.data();
        const char *end = field.folded.data() + field.folded.size();
        while (end > start && (end[-1] == '\r' || end[-1] == '\n'))
            --end;
        out += QByteArrayView(start, end - start);
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

} // namespace

QByteArray ImapFetch::envelope(const mime::Message &message)
{
    QByteArray out;
    out.reserve(512);
    ImapEnvelope::write(message.headers(), out);
    return out;
}

QByteArray ImapFetch::bodyStructure(const mime::Message &message, bool extensible)
{
    QByteArray out;
    out.reserve(256);
    ImapBodyStructure::write(message.root(), extensible, out);
    return out;
}

QByteArray ImapFetch::section(const mime::Message &message, const BodySection &section,
                              bool *exists)
{
    if (exists)
        *exists = true;
    const auto missing = [exists] {
        if (exists)
            *exists = false;
        return QByteArray("");
    };
    const MessagePart *part = nullptr;
    if (!section.part.isEmpty()) {
        part = findPart(message.root(), section.part);
        if (!part)
            return missing();
    }

    if (section.text == BodySection::Text::Whole)
        return part ? part->rawBody().toByteArray() : message.data();
    if (section.text == BodySection::Text::Mime)
        return part ? mimeHeader(message, *part) : missing();

    // HEADER, HEADER.FIELDS (.NOT) and TEXT: of the message itself, or of the message a
    // message/rfc822 part encloses; other parts have no such sections.
    const MessagePart *top = &message.root();
    if (part) {
        if (!part->isMessage() || part->children().empty())
            return missing();
        top = part->children().front().get();
    }
    switch (section.text) {
    case BodySection::Text::Header:
        return messageHeader(message, *top);
    case BodySection::Text::HeaderFields:
        return headerFields(top->headers(), section.fields, false);
    case BodySection::Text::HeaderFieldsNot:
        return headerFields(top->headers(), section.fields, true);
    case BodySection::Text::Text:
        return top->rawBody().toByteArray();
    case BodySection::Text::Whole:
    case BodySection::Text::Mime:
        break;
    }
    return missing();
}

QByteArray ImapFetch::partial(const QByteArray &bytes, const BodySection &section)
{
    if (!section.partialOrigin)
        return bytes;
    // RFC 3501 s6.4.5: an origin past the end gives an empty string; a length past the end
    // gives what there is.
    const qint64 origin = *section.partialOrigin;
    if (origin < 0 || origin >= bytes.size())
        return QByteArray("");
    const qint64 available = bytes.size() - origin;
    const qint64 length =
        section.partialLength ? qBound<qint64>(0, *section.partialLength, available) : available;
    return length == 0 ? QByteArray("") : bytes.mid(origin, length);
}

} // namespace magpie::server
