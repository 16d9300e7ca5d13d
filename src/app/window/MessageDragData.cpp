// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageDragData.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

namespace magpie::app {

namespace {
constexpr quint32 kFormatVersion = 1;
QString mimeType()
{
    return QString::fromLatin1(MessageDragData::kMimeType);
}
} // namespace

QMimeData *MessageDragData::toMimeData() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << kFormatVersion << accountId << messageIds;
    auto *mime = new QMimeData;
    mime->setData(mimeType(), bytes);
    return mime;
}

MessageDragData MessageDragData::fromMimeData(const QMimeData *mime)
{
    if (!mime || !mime->hasFormat(mimeType()))
        return {};
    const QByteArray bytes = mime->data(mimeType());
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_0);
    quint32 version = 0;
    MessageDragData data;
    in >> version >> data.accountId >> data.messageIds;
    if (in.status() != QDataStream::Ok || version != kFormatVersion)
        return {};
    return data;
}

} // namespace magpie::app
