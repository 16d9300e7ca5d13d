// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-iconset SVG OUTDIR: a build-time tool that renders the application icon into
//   OUTDIR/hicolor/<N>x<N>/apps/org.magpiemail.Magpie.png (and scalable/apps/...svg),
//   OUTDIR/magpie.ico and OUTDIR/magpie.icns.
// It runs on the build machine only and is never installed.
#include "IconSet.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSvgRenderer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "magpie-iconset: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    // No window is shown: the offscreen platform works on every build machine, headless or not.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: magpie-iconset SVG OUTDIR\n");
        return 2;
    }
    const QString svgPath = arguments.at(1);
    const QDir out(arguments.at(2));

    QSvgRenderer drawing(svgPath);
    if (!drawing.isValid()) {
        std::fprintf(stderr, "magpie-iconset: %s is not an SVG drawing Qt can render\n",
                     qPrintable(svgPath));
        return 1;
    }
    const magpie::installer::IconSet icons(drawing);
    const QString name = QStringLiteral("org.magpiemail.Magpie");
    bool ok = true;
    for (int size : magpie::installer::hicolorSizes()) {
        const QString folder = QStringLiteral("hicolor/%1x%1/apps/").arg(size);
        ok = writeFile(out.filePath(folder + name + u".png"), icons.png(size)) && ok;
    }
    QFile svg(svgPath);
    ok = svg.open(QIODevice::ReadOnly)
        && writeFile(out.filePath(u"hicolor/scalable/apps/"_s + name + u".svg"), svg.readAll())
        && ok;
    ok = writeFile(out.filePath(QStringLiteral("magpie.ico")),
                   icons.ico(magpie::installer::windowsIconSizes()))
        && ok;
    ok = writeFile(out.filePath(QStringLiteral("magpie.icns")), icons.icns()) && ok;
    return ok ? 0 : 1;
}
