// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace magpie::app {

// Paints the message list's rows: unread messages in bold (the model's FontRole), the flag
// and attachment columns as icons only, answered/forwarded as a small icon before the
// subject, and a thread's size after a collapsed thread's subject. Icons come from
// ThemedIconEngine, so they follow the palette.
class MessageListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageListDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace magpie::app
