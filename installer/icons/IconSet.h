// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

class QSvgRenderer;

namespace magpie::installer {

// The application icon in every form the three platforms' packages want, rendered from the one
// SVG drawing at build time, so that no binary icon is kept in the repository:
//  - PNG files for the freedesktop hicolor theme (Icon Theme Specification, "Directory Layout");
//  - a Windows .ico with PNG-compressed images (the format Windows reads since Vista);
//  - a macOS .icns with PNG-compressed images (the ic07..ic14 and icp4..icp6 elements).
class IconSet
{
public:
    explicit IconSet(QSvgRenderer &drawing);

    // The drawing as a PNG file of size x size pixels, transparent around the artwork.
    QByteArray png(int size) const;

    // An ICO file holding the given square sizes (each 1..256), largest last.
    QByteArray ico(const QList<int> &sizes) const;

    // An ICNS file holding every size macOS asks for, 16 to 1024 pixels (Retina included).
    QByteArray icns() const;

private:
    QSvgRenderer &m_drawing;
};

// The hicolor sizes Linux packages install (the theme's usual fixed-size directories).
QList<int> hicolorSizes();
// The sizes the Windows shell asks for in lists, the taskbar, tiles and Explorer views.
QList<int> windowsIconSizes();

} // namespace magpie::installer
