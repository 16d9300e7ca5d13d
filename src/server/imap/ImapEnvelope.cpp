// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapEnvelope.h"

#include "mime/HeaderBlock.h"
#include "mime/HeaderField.h"
#include "server/imap/EnvelopeAddress.h"
#include "server/imap/ImapOutput.h"

namespace magpie::server {

namespace {

enum Field { Date, Subject, From, Sender, ReplyTo, To, Cc, Bcc, InReplyTo, MessageId, FieldCount };

// Which envelope member a header field feeds, or FieldCount for none. Called for every field
// of every message of a large FETCH, so it looks at the length before comparing.
Field envelopeField(QByteArrayView name)
{
    const auto is = [&name](QByteArrayView wanted) {
        return name.compare(wanted, Qt::CaseInsensitive) == 0;
    };
    switch (name.size()) {
    case 2:
        if (is("To"))
            return To;
        if (is("Cc"))
            return Cc;
        break;
    case 3:
        if (is("Bcc"))
            return Bcc;
        break;
    case 4:
        if (is("Date"))
            return Date;
        if (is("From"))
            return From;
        break;
    case 6:
        if (is("Sender"))
            return Sender;
        break;
    case 7:
        if (is("Subject"))
            return Subject;
        break;
    case 8:
        if (is("Reply-To"))
            return ReplyTo;
        break;
    case 10:
        if (is("Message-ID"))
            return MessageId;
        break;
    case 11:
        if (is("In-Reply-To"))
            return InReplyTo;
        break;
    default:
        break;
    }
    return FieldCount;
}

QByteArray unfoldedValue(QByteArrayView folded)
{
    // Most fields are not folded: skip the copy HeaderField::unfold would make.
    QByteArray value = folded.contains('\n') || folded.contains('\r')
        ? mime::HeaderField::unfold(folded).trimmed()
        : folded.trimmed().toByteArray();
    if (value.isNull())
        value = QByteArray(""); // present but empty: "" rather than NIL
    return value;
}

} // namespace

void ImapEnvelope::write(const mime::HeaderBlock &headers, QByteArray &out)
{
    QByteArray text[FieldCount];
    QList<EnvelopeAddress> addresses[FieldCount];
    bool seen[FieldCount] = {};
    for (const mime::HeaderBlock::Field &field : headers.fields()) {
        const Field which = envelopeField(field.name);
        switch (which) {
        case FieldCount:
            break;
        case Date:
        case Subject:
        case InReplyTo:
        case MessageId:
            // RFC 5322 s3.6 allows one of each; the first is the one HeaderBlock::value() and
            // the rest of Magpie read.
            if (!seen[which])
                text[which] = unfoldedValue(field.folded);
            break;
        default:
            EnvelopeAddress::parseList(unfoldedValue(field.folded), addresses[which]);
            break;
        }
        if (which != FieldCount)
            seen[which] = true;
    }
    // RFC 3501 s7.4.2: absent or empty Sender and Reply-To take the value of From.
    if (addresses[Sender].isEmpty())
        addresses[Sender] = addresses[From];
    if (addresses[ReplyTo].isEmpty())
        addresses[ReplyTo] = addresses[From];

    out += '(';
    ImapOutput::appendNString(out, text[Date]);
    out += ' ';
    ImapOutput::appendNString(out, text[Subject]);
    for (const Field list : { From, Sender, ReplyTo, To, Cc, Bcc }) {
        out += ' ';
        EnvelopeAddress::writeList(addresses[list], out);
    }
    out += ' ';
    ImapOutput::appendNString(out, text[InReplyTo]);
    out += ' ';
    ImapOutput::appendNString(out, text[MessageId]);
    out += ')';
}

} // namespace magpie::server
