// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

class QMimeData;

namespace magpie::app {

// What a drag of messages out of the message list carries: the cache ids of the messages and
// the account they belong to (a move is only possible within one account). Its MIME type is
// Magpie's own, so only Magpie's folder pane accepts it.
struct MessageDragData
{
    static constexpr const char *kMimeType = "application/x-magpie-message-ids";

    QString accountId;
    QList<qint64> messageIds;

    bool isEmpty() const { return messageIds.isEmpty(); }
    // A new QMimeData the caller owns (QDrag takes it).
    QMimeData *toMimeData() const;
    // Empty when `mime` is not a drag of Magpie messages.
    static MessageDragData fromMimeData(const QMimeData *mime);
};

} // namespace magpie::app
