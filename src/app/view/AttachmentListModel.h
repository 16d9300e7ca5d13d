// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIdentityProxyModel>

#include <functional>

namespace magpie::app {

// models::AttachmentModel as the attachment bar shows it: an icon from the theme for the
// type, "name (size)", and rows that can be dragged out of Magpie as files. A drag carries
// file URLs of temporary copies (text/uri-list), which file managers and desktops accept.
class AttachmentListModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    // Gives the path of a temporary copy of a row's attachment, or empty.
    using CopyFunction = std::function<QString(int row)>;

    explicit AttachmentListModel(CopyFunction copy, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

private:
    CopyFunction m_copy;
};

} // namespace magpie::app
