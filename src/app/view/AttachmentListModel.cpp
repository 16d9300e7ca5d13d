// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/AttachmentListModel.h"

#include "models/AttachmentModel.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QMimeData>
#include <QStyle>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace magpie::app {

AttachmentListModel::AttachmentListModel(CopyFunction copy, QObject *parent)
    : QIdentityProxyModel(parent)
    , m_copy(std::move(copy))
{ }

QVariant AttachmentListModel::data(const QModelIndex &index, int role) const
{
    using Roles = models::AttachmentModel::Role;
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 (%2)", "attachment: name (size)")
            .arg(QIdentityProxyModel::data(index, Qt::DisplayRole).toString(),
                 QLocale().formattedDataSize(
                     QIdentityProxyModel::data(index, Roles::SizeRole).toLongLong()));
    case Qt::DecorationRole: {
        const QString name = QIdentityProxyModel::data(index, Roles::IconNameRole).toString();
        const QString generic =
            QIdentityProxyModel::data(index, Roles::GenericIconNameRole).toString();
        return QIcon::fromTheme(
            name,
            QIcon::fromTheme(generic, QApplication::style()->standardIcon(QStyle::SP_FileIcon)));
    }
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

Qt::ItemFlags AttachmentListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QIdentityProxyModel::flags(index);
    if (index.isValid())
        result |= Qt::ItemIsDragEnabled;
    return result;
}

QStringList AttachmentListModel::mimeTypes() const
{
    return { u"text/uri-list"_s };
}

QMimeData *AttachmentListModel::mimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    for (const QModelIndex &index : indexes) {
        const QString path = m_copy(index.row());
        if (!path.isEmpty())
            urls << QUrl::fromLocalFile(path);
    }
    if (urls.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setUrls(urls);
    return data;
}

Qt::DropActions AttachmentListModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

} // namespace magpie::app
