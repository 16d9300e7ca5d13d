// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/OutgoingAttachments.h"

#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMimeDatabase>

using namespace Qt::StringLiterals;

namespace magpie::app {

OutgoingAttachments::OutgoingAttachments(QObject *parent)
    : QAbstractListModel(parent)
{
}

QStringList OutgoingAttachments::addFiles(const QList<QUrl> &files)
{
    QStringList problems;
    const QMimeDatabase types;
    for (const QUrl &url : files) {
        if (!url.isLocalFile()) {
            problems.append(tr("%1 is not a file on this computer, so it cannot be attached.")
                                .arg(url.toDisplayString()));
            continue;
        }
        const QString path = url.toLocalFile();
        const QFileInfo info(path);
        if (m_paths.contains(info.absoluteFilePath()))
            continue;
        if (info.isDir()) {
            problems.append(tr("%1 is a folder. Attach the files in it, or a compressed archive of it.")
                                .arg(info.fileName()));
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            problems.append(tr("%1 could not be read (%2), so it was not attached.")
                                .arg(info.fileName(), file.errorString()));
            continue;
        }
        mime::Attachment attachment;
        attachment.data = file.readAll();
        if (file.error() != QFileDevice::NoError) {
            problems.append(tr("%1 could not be read (%2), so it was not attached.")
                                .arg(info.fileName(), file.errorString()));
            continue;
        }
        attachment.fileName = info.fileName();
        // An empty file says nothing by its contents: go by its name alone.
        const QMimeType type = attachment.data.isEmpty()
            ? types.mimeTypeForFile(info.fileName(), QMimeDatabase::MatchExtension)
            : types.mimeTypeForFileNameAndData(info.fileName(), attachment.data);
        attachment.contentType = type.isValid() && !type.isDefault()
            ? type.name().toLatin1()
            : QByteArrayLiteral("application/octet-stream");
        beginInsertRows({}, int(m_attachments.size()), int(m_attachments.size()));
        m_attachments.append(attachment);
        m_paths.append(info.absoluteFilePath());
        endInsertRows();
    }
    Q_EMIT changed();
    return problems;
}

void OutgoingAttachments::add(const mime::Attachment &attachment)
{
    beginInsertRows({}, int(m_attachments.size()), int(m_attachments.size()));
    m_attachments.append(attachment);
    m_paths.append(QString());
    endInsertRows();
    Q_EMIT changed();
}

void OutgoingAttachments::remove(int row)
{
    if (row < 0 || row >= m_attachments.size())
        return;
    beginRemoveRows({}, row, row);
    m_attachments.removeAt(row);
    m_paths.removeAt(row);
    endRemoveRows();
    Q_EMIT changed();
}

void OutgoingAttachments::clear()
{
    beginResetModel();
    m_attachments.clear();
    m_paths.clear();
    endResetModel();
    Q_EMIT changed();
}

qint64 OutgoingAttachments::totalBytes() const
{
    qint64 total = 0;
    for (const mime::Attachment &attachment : m_attachments)
        total += attachment.data.size();
    return total;
}

QString OutgoingAttachments::sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

int OutgoingAttachments::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attachments.size());
}

QVariant OutgoingAttachments::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_attachments.size())
        return {};
    const mime::Attachment &attachment = m_attachments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 (%2)").arg(attachment.fileName, sizeText(attachment.data.size()));
    case Qt::ToolTipRole:
        return m_paths.at(index.row()).isEmpty() ? attachment.fileName : m_paths.at(index.row());
    case Qt::DecorationRole: {
        const QMimeType type = QMimeDatabase().mimeTypeForName(QString::fromLatin1(attachment.contentType));
        const QString iconName = type.isValid() ? type.iconName() : u"application-octet-stream"_s;
        return QIcon::fromTheme(iconName, QIcon::fromTheme(type.genericIconName(),
                                                           QIcon::fromTheme(u"text-x-generic"_s)));
    }
    case SizeRole:
        return qint64(attachment.data.size());
    case ContentTypeRole:
        return QString::fromLatin1(attachment.contentType);
    case PathRole:
        return m_paths.at(index.row());
    default:
        return {};
    }
}

} // namespace magpie::app
