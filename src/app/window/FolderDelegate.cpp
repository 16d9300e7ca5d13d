// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/FolderDelegate.h"

#include "app/window/ThemedIconEngine.h"
#include "models/FolderModel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace magpie::app {

using models::FolderModel;

FolderDelegate::FolderDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void FolderDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QIcon icon = ThemedIconEngine::icon(index.data(FolderModel::IconNameRole).toString());
    if (!icon.isNull()) {
        option->icon = icon;
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(18, 18);
    }
}

void FolderDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    const int unread = index.data(FolderModel::UnreadCountRole).toInt();
    if (unread <= 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString count = QLocale().toString(unread);
    QFont countFont = opt.font;
    countFont.setBold(true);
    const int countWidth = QFontMetrics(countFont).horizontalAdvance(count) + 12;
    // The name is drawn by the style in what is left of the row; the count in its own box.
    const QRect full = opt.rect;
    opt.rect.setRight(full.right() - countWidth);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The selection background spans the whole row, count included.
    QStyleOptionViewItem background = option;
    background.text.clear();
    background.icon = QIcon();
    background.features.setFlag(QStyleOptionViewItem::HasDisplay, false);
    background.features.setFlag(QStyleOptionViewItem::HasDecoration, false);
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    opt.backgroundBrush = Qt::NoBrush;
    opt.state.setFlag(QStyle::State_HasFocus, false);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    painter->save();
    painter->setFont(countFont);
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Link));
    painter->drawText(QRect(full.right() - countWidth, full.top(), countWidth - 4, full.height()),
                      Qt::AlignRight | Qt::AlignVCenter, count);
    painter->restore();
}

QSize FolderDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const int unread = index.data(FolderModel::UnreadCountRole).toInt();
    if (unread > 0)
        size.rwidth() += option.fontMetrics.horizontalAdvance(QLocale().toString(unread)) + 16;
    size.setHeight(qMax(size.height(), 24));
    return size;
}

} // namespace magpie::app
