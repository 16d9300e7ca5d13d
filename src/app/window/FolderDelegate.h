// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace magpie::app {

// Paints a folder row as its special-use icon, its name, and its unread count at the right
// edge (as Thunderbird does), bold when it has unread mail.
class FolderDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit FolderDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace magpie::app
