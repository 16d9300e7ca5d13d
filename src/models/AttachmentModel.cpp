// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/AttachmentModel.h"

#include "mime/Message.h"
#include "mime/MessagePart.h"

#include <QLocale>
#include <QMimeDatabase>

namespace magpie::models {

AttachmentModel::AttachmentModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

AttachmentModel::~AttachmentModel() = default;

void AttachmentModel::setMessage(std::shared_ptr<const mime::Message> message)
{
    beginResetModel();
    m_message = std::move(message);
    m_parts = m_message ? m_message->attachments() : QList<const mime::MessagePart *>();
    endResetModel();
}

const mime::MessagePart *AttachmentModel::part(int row) const
{
    return row >= 0 && row < m_parts.size() ? m_parts.at(row) : nullptr;
}

int AttachmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_parts.size());
}

qint64 AttachmentModel::estimatedSize(const mime::MessagePart &part)
{
    const QByteArrayView raw = part.rawBody();
    switch (part.transferEncoding()) {
    case mime::TransferEncoding::Base64: {
        // RFC 2045 s6.8: 4 characters carry 3 bytes; line breaks and padding carry none.
        qint64 characters = 0;
        qint64 padding = 0;
        for (const char c : raw) {
            if (c == '=')
                ++padding;
            else if (c != '\r' && c != '\n' && c != ' ' && c != '\t')
                ++characters;
        }
        return qMax<qint64>(0, (characters + padding) / 4 * 3 - padding);
    }
    case mime::TransferEncoding::QuotedPrintable:
    case mime::TransferEncoding::UUEncode:
        // Close enough for a size shown next to a name; exact only by decoding.
        return raw.size();
    default:
        return raw.size();
    }
}

QVariant AttachmentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const mime::MessagePart &part = *m_parts.at(index.row());
    const QString type = QString::fromLatin1(part.contentType());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = part.fileName();
        if (!name.isEmpty())
            return name;
        if (part.isMessage())
            return tr("Forwarded message");
        return tr("Attachment %1").arg(index.row() + 1);
    }
    case Qt::ToolTipRole:
        return tr("%1, %2").arg(type, QLocale().formattedDataSize(estimatedSize(part)));
    case FileNameRole:
        return part.fileName();
    case SizeRole:
        return estimatedSize(part);
    case MimeTypeRole:
        return type;
    case IconNameRole:
    case GenericIconNameRole: {
        const QMimeType mimeType = QMimeDatabase().mimeTypeForName(type);
        if (!mimeType.isValid())
            return QStringLiteral("application-octet-stream");
        return role == IconNameRole ? mimeType.iconName() : mimeType.genericIconName();
    }
    case PartPathRole:
        return part.path();
    case ContentIdRole:
        return QString::fromLatin1(part.contentId());
    case IsMessageRole:
        return part.isMessage();
    case IsInlineRole:
        return part.disposition() == "inline";
    default:
        return {};
    }
}

QHash<int, QByteArray> AttachmentModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(FileNameRole, "fileName");
    names.insert(SizeRole, "size");
    names.insert(MimeTypeRole, "mimeType");
    names.insert(IconNameRole, "iconName");
    names.insert(GenericIconNameRole, "genericIconName");
    names.insert(PartPathRole, "partPath");
    names.insert(ContentIdRole, "contentId");
    names.insert(IsMessageRole, "isMessage");
    names.insert(IsInlineRole, "isInline");
    return names;
}

} // namespace magpie::models
