// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessageReport.h"

#include "mime/Message.h"

#include <QJsonArray>

#include <cstdlib>

namespace magpie::mime {

namespace {

QJsonValue stringOrNull(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue bytesOrNull(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromUtf8(bytes));
}

QJsonArray mailboxes(const QList<Mailbox> &list)
{
    QJsonArray array;
    for (const Mailbox &mailbox : list) {
        if (mailbox.address.isEmpty())
            continue; // an empty group ("undisclosed-recipients:;") has no members to list
        array.append(QJsonObject { { QStringLiteral("name"), mailbox.name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(mailbox.name) },
                                   { QStringLiteral("address"), mailbox.address } });
    }
    return array;
}

// ISO 8601 with the message's own offset, "+00:00" rather than "Z" (docs/cli.md).
QJsonValue isoDate(const std::optional<QDateTime> &date)
{
    if (!date)
        return QJsonValue(QJsonValue::Null);
    const int offset = date->offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    const QString zone = QStringLiteral("%1%2:%3")
                             .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                             .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                             .arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return QString(date->toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + zone);
}

// docs/cli.md: bytes after undoing the transfer encoding; for an enclosed message, its bytes.
qsizetype decodedSize(const MessagePart &part)
{
    return part.decodedBody().size();
}

} // namespace

QJsonObject MessageReport::toJson(const Message &message)
{
    QJsonObject report;
    report.insert(QStringLiteral("subject"), stringOrNull(message.subject()));
    report.insert(QStringLiteral("from"), mailboxes(message.addresses("From")));
    report.insert(QStringLiteral("to"), mailboxes(message.addresses("To")));
    report.insert(QStringLiteral("cc"), mailboxes(message.addresses("Cc")));
    report.insert(QStringLiteral("reply_to"), mailboxes(message.addresses("Reply-To")));
    report.insert(QStringLiteral("date"), isoDate(message.date()));
    report.insert(QStringLiteral("message_id"), bytesOrNull(message.messageId()));
    report.insert(QStringLiteral("in_reply_to"), bytesOrNull(message.inReplyTo()));
    QJsonArray references;
    for (const QByteArray &id : message.references())
        references.append(QString::fromUtf8(id));
    report.insert(QStringLiteral("references"), references);

    QJsonArray parts;
    for (const MessagePart *part : message.leafParts()) {
        const QByteArray charset = part->charset();
        const QByteArray disposition = part->disposition();
        parts.append(QJsonObject {
            { QStringLiteral("path"), part->path() },
            { QStringLiteral("content_type"), QString::fromLatin1(part->contentType()) },
            { QStringLiteral("charset"), bytesOrNull(charset) },
            { QStringLiteral("disposition"), bytesOrNull(disposition) },
            { QStringLiteral("filename"), stringOrNull(part->fileName()) },
            { QStringLiteral("content_id"), bytesOrNull(part->contentId()) },
            { QStringLiteral("size"), static_cast<qint64>(decodedSize(*part)) },
        });
    }
    report.insert(QStringLiteral("parts"), parts);
    report.insert(QStringLiteral("text"), message.bodyText());
    report.insert(QStringLiteral("has_html"), message.hasHtml());

    QJsonArray attachments;
    for (const MessagePart *part : message.attachments()) {
        attachments.append(QJsonObject {
            { QStringLiteral("filename"), stringOrNull(part->fileName()) },
            { QStringLiteral("content_type"), QString::fromLatin1(part->contentType()) },
            { QStringLiteral("size"), static_cast<qint64>(decodedSize(*part)) },
        });
    }
    report.insert(QStringLiteral("attachments"), attachments);
    report.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(message.warnings()));
    return report;
}

} // namespace magpie::mime
