// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QIcon>
#include <QIconEngine>
#include <QString>

namespace magpie::app {

// Magpie's own SVG icons (resources/icons), drawn at the size asked for, so they stay crisp at
// any scale factor, and in the colours of the current palette: the icons' neutral stroke
// (#5a6570) becomes the palette's text colour, so a dark system theme gets light strokes.
// Accent colours (a blue flag, a red trash) are kept. The palette is read at paint time, so a
// theme switch while Magpie runs repaints the icons in the new colours.
class ThemedIconEngine : public QIconEngine
{
public:
    // The icon ":/icons/<name>.svg"; a null QIcon when there is no such icon.
    static QIcon icon(const QString &name);

    explicit ThemedIconEngine(const QString &name);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
               QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QIconEngine *clone() const override;
    QString key() const override;
    QString iconName() override;
    bool isNull() override;

    // The SVG with its neutral colour replaced by `color` (tests check the swap).
    static QByteArray tinted(const QByteArray &svg, const QColor &color);

private:
    QString m_name;
    QByteArray m_svg;
};

} // namespace magpie::app
