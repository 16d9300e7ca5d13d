// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageListDelegate.h"

#include "app/window/ThemedIconEngine.h"
#include "models/MessageListModel.h"
#include "models/ThreadProxyModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QTreeView>

namespace magpie::app {

using models::MessageListModel;

MessageListDelegate::MessageListDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void MessageListDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int column = index.column();
    const QString iconName = index.data(MessageListModel::IconNameRole).toString();
    if (column == MessageListModel::FlaggedColumn || column == MessageListModel::AttachmentColumn) {
        // Icon-only columns: centred, no text.
        option->text.clear();
        option->features.setFlag(QStyleOptionViewItem::HasDisplay, false);
        option->displayAlignment = Qt::AlignCenter;
        option->decorationAlignment = Qt::AlignCenter;
        option->decorationPosition = QStyleOptionViewItem::Top;
    }
    if (!iconName.isEmpty()) {
        option->icon = ThemedIconEngine::icon(iconName);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
    }
    if (column == MessageListModel::SubjectColumn) {
        // A collapsed thread says how many messages it hides.
        const int size = index.data(models::ThreadProxyModel::ThreadSizeRole).toInt();
        const auto *view = qobject_cast<const QTreeView *>(option->widget);
        const QModelIndex first = index.siblingAtColumn(0);
        if (size > 1 && view && !view->isExpanded(first))
            option->text = tr("%1 (%n messages)", nullptr, size).arg(option->text);
    }
    if (index.data(MessageListModel::UnreadRole).toBool())
        option->font.setBold(true);
}

void MessageListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
}

QSize MessageListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(qMax(size.height(), 22));
    return size;
}

} // namespace magpie::app
