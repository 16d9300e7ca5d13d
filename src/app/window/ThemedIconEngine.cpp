// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/ThemedIconEngine.h"

#include <QApplication>
#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace magpie::app {

namespace {
// The stroke every icon uses for its neutral lines (resources/icons/LICENSE.md).
constexpr QLatin1StringView kNeutralStroke("#5a6570");

QByteArray readIcon(const QString &name)
{
    QFile file(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QColor strokeFor(QIcon::Mode mode)
{
    const QPalette palette = QGuiApplication::palette();
    if (mode == QIcon::Disabled)
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    if (mode == QIcon::Selected)
        return palette.color(QPalette::Active, QPalette::HighlightedText);
    // Slightly softer than text, as icon strokes usually are.
    const QColor text = palette.color(QPalette::Active, QPalette::WindowText);
    const QColor window = palette.color(QPalette::Active, QPalette::Window);
    return QColor::fromRgbF(text.redF() * 0.8f + window.redF() * 0.2f,
                            text.greenF() * 0.8f + window.greenF() * 0.2f,
                            text.blueF() * 0.8f + window.blueF() * 0.2f);
}
} // namespace

QIcon ThemedIconEngine::icon(const QString &name)
{
    if (name.isEmpty() || !QFile::exists(QStringLiteral(":/icons/") + name + QStringLiteral(".svg")))
        return {};
    return QIcon(new ThemedIconEngine(name)); // QIcon owns the engine
}

ThemedIconEngine::ThemedIconEngine(const QString &name)
    : m_name(name)
    , m_svg(readIcon(name))
{
}

QByteArray ThemedIconEngine::tinted(const QByteArray &svg, const QColor &color)
{
    QByteArray out = svg;
    out.replace(QByteArray(kNeutralStroke.data(), kNeutralStroke.size()),
                color.name(QColor::HexRgb).toLatin1());
    return out;
}

void ThemedIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                             QIcon::State)
{
    QSvgRenderer renderer(tinted(m_svg, strokeFor(mode)));
    if (!renderer.isValid())
        return;
    const QSizeF natural = renderer.defaultSize();
    QRectF target = rect;
    if (!natural.isEmpty()) {
        // Keep the aspect ratio, centred.
        const QSizeF fitted = natural.scaled(rect.size(), Qt::KeepAspectRatio);
        target = QRectF(QPointF(rect.x() + (rect.width() - fitted.width()) / 2,
                                rect.y() + (rect.height() - fitted.height()) / 2),
                        fitted);
    }
    renderer.render(painter, target);
}

QPixmap ThemedIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1.0);
}

QPixmap ThemedIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                       qreal scale)
{
    // QIcon passes `size` in device pixels already (the logical size times `scale`): render
    // at exactly that size, so the icon is crisp at 125 %, 150 %, 200 % ...
    QPixmap pixmap(size);
    pixmap.fill(Qt::transparent);
    if (pixmap.isNull())
        return pixmap;
    {
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(), pixmap.size()), mode, state);
    }
    pixmap.setDevicePixelRatio(scale);
    return pixmap;
}

QIconEngine *ThemedIconEngine::clone() const
{
    return new ThemedIconEngine(*this);
}

QString ThemedIconEngine::key() const
{
    return QStringLiteral("magpie-themed-svg");
}

QString ThemedIconEngine::iconName()
{
    return m_name;
}

bool ThemedIconEngine::isNull()
{
    return m_svg.isEmpty();
}

} // namespace magpie::app
