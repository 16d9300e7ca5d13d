// SPDX-License-Identifier: GPL-3.0-or-later
#include "IconSet.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

namespace magpie::installer {

namespace {

void appendLittleEndian16(QByteArray &out, quint16 value)
{
    const quint16 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

void appendLittleEndian32(QByteArray &out, quint32 value)
{
    const quint32 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

void appendBigEndian32(QByteArray &out, quint32 value)
{
    const quint32 be = qToBigEndian(value);
    out.append(reinterpret_cast<const char *>(&be), sizeof be);
}

} // namespace

IconSet::IconSet(QSvgRenderer &drawing)
    : m_drawing(drawing)
{
}

QByteArray IconSet::png(int size) const
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        m_drawing.render(&painter, QRectF(0, 0, size, size));
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_ARGB32).save(&buffer, "PNG");
    return bytes;
}

QByteArray IconSet::ico(const QList<int> &sizes) const
{
    // ICONDIR (6 bytes), then one 16-byte ICONDIRENTRY per image, then the images. A width or
    // height byte of 0 means 256.
    QList<QByteArray> images;
    for (int size : sizes)
        images.append(png(size));

    QByteArray out;
    appendLittleEndian16(out, 0); // reserved
    appendLittleEndian16(out, 1); // type: icon
    appendLittleEndian16(out, quint16(sizes.size()));
    quint32 offset = 6 + 16 * quint32(sizes.size());
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const char side = char(sizes[i] >= 256 ? 0 : sizes[i]);
        out.append(side).append(side);
        out.append('\0').append('\0'); // no palette; reserved
        appendLittleEndian16(out, 1);  // colour planes
        appendLittleEndian16(out, 32); // bits per pixel
        appendLittleEndian32(out, quint32(images[i].size()));
        appendLittleEndian32(out, offset);
        offset += quint32(images[i].size());
    }
    for (const QByteArray &image : images)
        out.append(image);
    return out;
}

QByteArray IconSet::icns() const
{
    // Each element is a four-character type, its length including this 8-byte header, then a
    // PNG. The @2x types hold the doubled size of the point size they are named after.
    struct Element
    {
        const char *type;
        int pixels;
    };
    static const Element elements[] = {
        { "icp4", 16 },  { "ic11", 32 },  { "icp5", 32 },   { "ic12", 64 },
        { "icp6", 64 },  { "ic07", 128 }, { "ic13", 256 },  { "ic08", 256 },
        { "ic14", 512 }, { "ic09", 512 }, { "ic10", 1024 },
    };
    QByteArray body;
    for (const Element &element : elements) {
        const QByteArray image = png(element.pixels);
        body.append(element.type, 4);
        appendBigEndian32(body, quint32(8 + image.size()));
        body.append(image);
    }
    QByteArray out("icns");
    appendBigEndian32(out, quint32(8 + body.size()));
    out.append(body);
    return out;
}

QList<int> hicolorSizes()
{
    return { 16, 22, 24, 32, 48, 64, 128, 256, 512 };
}

QList<int> windowsIconSizes()
{
    return { 16, 20, 24, 32, 40, 48, 64, 256 };
}

} // namespace magpie::installer
