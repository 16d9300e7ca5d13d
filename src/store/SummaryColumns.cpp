// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SummaryColumns.h"

#include <QSqlQuery>
#include <QDateTime>

namespace magpie::store {

namespace {

constexpr QChar unitSeparator(0x1f);   // between a mailbox's name and address
constexpr QChar recordSeparator(0x1e); // between mailboxes

// The columns in read()'s order.
const char *const columnNames[] = {
    "id",          "folder_id",    "uid",       "flags",       "keywords",
    "modseq",      "local_state",  "date",      "received_at", "from_name",
    "from_address", "to_list",     "cc_list",   "subject",     "message_id",
    "in_reply_to", "refs",         "size",      "has_attachments", "preview",
    "pop3_uidl",
};
constexpr int plainColumns = int(sizeof(columnNames) / sizeof(columnNames[0]));

} // namespace

QString SummaryColumns::selectList(const QString &alias)
{
    QString list;
    for (const char *name : columnNames) {
        list += alias + QLatin1Char('.') + QLatin1String(name) + QLatin1String(", ");
    }
    list += QLatin1String("EXISTS (SELECT 1 FROM bodies WHERE bodies.message_id = ") + alias
        + QLatin1String(".id)");
    return list;
}

int SummaryColumns::columnCount()
{
    return plainColumns + 1;
}

MessageSummary SummaryColumns::read(const QSqlQuery &query, int first)
{
    MessageSummary m;
    int c = first;
    m.id = query.value(c++).toLongLong();
    m.folderId = query.value(c++).toLongLong();
    m.uid = quint32(query.value(c++).toLongLong());
    m.flags.bits = quint32(query.value(c++).toLongLong());
    m.flags.keywords = decodeKeywords(query.value(c++).toString());
    m.modSeq = quint64(query.value(c++).toLongLong());
    m.localState = LocalState(query.value(c++).toInt());
    m.date = toDate(query.value(c++));
    m.receivedAt = toDate(query.value(c++));
    m.from.name = query.value(c++).toString();
    m.from.address = query.value(c++).toString();
    m.to = decodeMailboxes(query.value(c++).toString());
    m.cc = decodeMailboxes(query.value(c++).toString());
    m.subject = query.value(c++).toString();
    m.messageId = query.value(c++).toString().toUtf8();
    m.inReplyTo = query.value(c++).toString().toUtf8();
    m.references = decodeReferences(query.value(c++).toString());
    m.size = quint64(query.value(c++).toLongLong());
    m.hasAttachments = query.value(c++).toBool();
    m.preview = query.value(c++).toString();
    m.pop3Uidl = query.value(c++).toString();
    m.hasBody = query.value(c++).toBool();
    return m;
}

QString SummaryColumns::encodeMailboxes(const QList<mime::Mailbox> &mailboxes)
{
    QString text;
    for (const mime::Mailbox &mailbox : mailboxes) {
        if (!text.isEmpty())
            text += recordSeparator;
        text += mailbox.name + unitSeparator + mailbox.address;
    }
    return text;
}

QList<mime::Mailbox> SummaryColumns::decodeMailboxes(const QString &encoded)
{
    QList<mime::Mailbox> mailboxes;
    if (encoded.isEmpty())
        return mailboxes;
    for (QStringView entry : QStringView(encoded).split(recordSeparator)) {
        const qsizetype cut = entry.indexOf(unitSeparator);
        mime::Mailbox mailbox;
        if (cut < 0) {
            mailbox.address = entry.toString();
        } else {
            mailbox.name = entry.left(cut).toString();
            mailbox.address = entry.mid(cut + 1).toString();
        }
        mailboxes.append(mailbox);
    }
    return mailboxes;
}

QString SummaryColumns::addressText(const MessageSummary &summary)
{
    QString text;
    auto add = [&text](const mime::Mailbox &mailbox) {
        if (!mailbox.name.isEmpty())
            text += mailbox.name + QLatin1Char(' ');
        if (!mailbox.address.isEmpty())
            text += mailbox.address + QLatin1Char(' ');
    };
    add(summary.from);
    for (const mime::Mailbox &mailbox : summary.to)
        add(mailbox);
    for (const mime::Mailbox &mailbox : summary.cc)
        add(mailbox);
    text.chop(1);
    return text;
}

QVariant SummaryColumns::fromDate(const QDateTime &date)
{
    if (!date.isValid())
        return QVariant(QMetaType::fromType<qlonglong>());
    return QVariant(qlonglong(date.toMSecsSinceEpoch()));
}

QDateTime SummaryColumns::toDate(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString SummaryColumns::encodeKeywords(const QByteArrayList &keywords)
{
    return QString::fromUtf8(keywords.join(' '));
}

QByteArrayList SummaryColumns::decodeKeywords(const QString &text)
{
    if (text.isEmpty())
        return {};
    return text.toUtf8().split(' ');
}

QString SummaryColumns::encodeReferences(const QList<QByteArray> &references)
{
    return QString::fromUtf8(references.join(' '));
}

QList<QByteArray> SummaryColumns::decodeReferences(const QString &text)
{
    QList<QByteArray> references;
    for (const QByteArray &id : text.toUtf8().split(' ')) {
        if (!id.isEmpty())
            references.append(id);
    }
    return references;
}

} // namespace magpie::store
