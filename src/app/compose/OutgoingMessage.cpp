// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/OutgoingMessage.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

bool hasLineBreak(const QString &value)
{
    return value.contains(u'\r') || value.contains(u'\n') || value.contains(u'\0');
}

// An addr-spec with something on both sides of the last '@' and no space (RFC 5322 s3.4.1);
// the builder checks the rest of the syntax when it writes the header.
bool looksLikeAddress(const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    return at > 0 && at < address.size() - 1 && !address.contains(u' ') && !hasLineBreak(address);
}

} // namespace

QList<mime::Mailbox> OutgoingMessage::parseRecipients(const QString &field, QStringList *invalid)
{
    QList<mime::Mailbox> result;
    if (field.trimmed().isEmpty())
        return result;
    if (hasLineBreak(field)) {
        if (invalid)
            invalid->append(field.simplified());
        return result;
    }
    // Each comma-separated piece on its own (commas inside a quoted name or angle brackets
    // do not split), so "bob@example.org, nobody" reports "nobody" instead of dropping it.
    QStringList pieces;
    QString piece;
    bool quoted = false;
    int angle = 0;
    for (const QChar c : field) {
        if (c == u'"')
            quoted = !quoted;
        else if (c == u'<' && !quoted)
            ++angle;
        else if (c == u'>' && !quoted && angle > 0)
            --angle;
        if (c == u',' && !quoted && angle == 0) {
            pieces.append(piece);
            piece.clear();
        } else {
            piece += c;
        }
    }
    pieces.append(piece);
    for (const QString &text : std::as_const(pieces)) {
        if (text.trimmed().isEmpty())
            continue;
        const QList<mime::Mailbox> parsed = mime::AddressList::parse(text.toUtf8());
        bool any = false;
        for (const mime::Mailbox &mailbox : parsed) {
            if (looksLikeAddress(mailbox.address)) {
                any = true;
                if (!result.contains(mailbox))
                    result.append(mailbox);
            }
        }
        if (!any && invalid)
            invalid->append(text.trimmed());
    }
    return result;
}

OutgoingMessage::Built OutgoingMessage::forSending() const
{
    return build(false);
}

OutgoingMessage::Built OutgoingMessage::asDraft() const
{
    return build(true);
}

OutgoingMessage::Built OutgoingMessage::build(bool draft) const
{
    Built built;
    if (!looksLikeAddress(from.address)) {
        built.error = tr("The sender address \"%1\" is not an email address. Check the account "
                         "in Settings > Accounts.").arg(from.address);
        return built;
    }
    if (hasLineBreak(subject) || hasLineBreak(from.name)) {
        built.error = tr("The subject or sender name holds a line break, which a header cannot "
                         "carry. Remove it and send again.");
        return built;
    }

    QStringList invalid;
    const QList<mime::Mailbox> toList = parseRecipients(to, &invalid);
    const QList<mime::Mailbox> ccList = parseRecipients(cc, &invalid);
    const QList<mime::Mailbox> bccList = draft ? QList<mime::Mailbox>() : parseRecipients(bcc, &invalid);
    if (!draft) {
        if (!invalid.isEmpty()) {
            built.error = tr("%1 is not an email address. Correct it and send again.", "",
                             int(invalid.size()))
                              .arg(invalid.join(u", "_s));
            return built;
        }
        if (toList.isEmpty() && ccList.isEmpty() && bccList.isEmpty()) {
            built.error = tr("The message has no recipient. Add one in To, Cc or Bcc.");
            return built;
        }
    }

    mime::MessageBuilder builder;
    builder.setFrom(from).setTo(toList).setCc(ccList).setSubject(subject);
    builder.setDate(QDateTime::currentDateTime());
    if (!messageId.isEmpty())
        builder.setMessageId(messageId);
    if (!inReplyTo.isEmpty())
        builder.setInReplyTo(inReplyTo);
    if (!references.isEmpty())
        builder.setReferences(references);
    builder.addHeader("User-Agent", u"Magpie"_s);
    // Flowed text (RFC 3676) lets readers rewrap long paragraphs typed as one line.
    builder.setText(text, true);
    if (!html.isEmpty())
        builder.setHtml(html);
    for (const mime::Attachment &attachment : attachments)
        builder.addAttachment(attachment);

    const mime::MessageBuilder::Result result = builder.build();
    if (!result.ok()) {
        built.error = result.error;
        return built;
    }
    built.bytes = result.bytes;
    built.messageId = result.messageId;
    built.envelopeFrom = from.address;
    for (const QList<mime::Mailbox> *list : { &toList, &ccList, &bccList }) {
        for (const mime::Mailbox &mailbox : *list) {
            if (!built.recipients.contains(mailbox.address, Qt::CaseInsensitive))
                built.recipients.append(mailbox.address);
        }
    }
    return built;
}

} // namespace magpie::app
