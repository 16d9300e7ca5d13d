// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/desktop/AboutDialog.h"

#include "ui_AboutDialog.h"

#include <QClipboard>
#include <QFile>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace: magpie_app is a static library, so its
// resources (resources/about.qrc) are only linked in when something asks for them.
static void initAboutResources()
{
    Q_INIT_RESOURCE(about);
}

namespace magpie::app {

namespace {

// A text the build put into resources/about.qrc; empty if it is missing (it never is in a
// build of this tree, and the dialog still shows the rest).
QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The application icon drawn from its SVG at the screen's pixel density.
QPixmap applicationIcon(int size, qreal devicePixelRatio)
{
    QSvgRenderer renderer(u":/icons/magpie.svg"_s);
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.fill(Qt::transparent);
    if (renderer.isValid()) {
        QPainter painter(&pixmap);
        renderer.render(&painter);
    }
    pixmap.setDevicePixelRatio(devicePixelRatio);
    return pixmap;
}

} // namespace

AboutDialog::AboutDialog(const BuildInformation &build, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
    , m_build(build)
{
    initAboutResources();
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(applicationIcon(64, devicePixelRatioF()));
    m_ui->iconLabel->setAccessibleName(tr("Magpie's icon"));
    m_ui->titleLabel->setText(tr("<h2>Magpie %1</h2>").arg(m_build.version.toHtmlEscaped()));
    m_ui->licenceLabel->setText(
        tr("Magpie is free software: you can redistribute it and/or modify it under the terms "
           "of the GNU General Public License, version 3 or (at your option) any later version "
           "(GPL-3.0-or-later). It comes with no warranty. See the GNU GPL tab for the full "
           "text."));

    m_ui->buildText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->buildText->setPlainText(buildText());
    connect(m_ui->copyButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(buildText());
        m_ui->copyNote->setText(tr("Copied. Paste it into your bug report."));
    });

    showLicences();
    m_ui->licenceText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->licenceText->setPlainText(resourceText(u":/about/LICENSE"_s));
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::buildText() const
{
    return m_build.toText();
}

void AboutDialog::showLicences()
{
    // Markdown so the icons' own LICENSE.md is shown as written, after the components list.
    QString text = tr("## Magpie\n\n"
                      "Copyright the Magpie developers. Licensed under the GNU General Public "
                      "License, version 3 or later (GPL-3.0-or-later).\n\n"
                      "## Components\n\n"
                      "Magpie is built on these libraries, each under its own licence:\n\n"
                      "- **Qt** %1: GNU Lesser General Public License, version 3 "
                      "(LGPL-3.0-only). <https://www.qt.io/>\n"
                      "- **QtKeychain**: BSD 3-Clause License (BSD-3-Clause). "
                      "<https://github.com/frankosterfeld/qtkeychain>\n"
                      "- **SQLite** %2: public domain. <https://sqlite.org/>\n"
                      "- **OpenSSL**, used by Qt for secure connections where Qt's OpenSSL "
                      "backend is active: Apache License 2.0 (Apache-2.0). "
                      "<https://www.openssl.org/>\n\n")
                       .arg(m_build.qtRunning, m_build.sqliteVersion);
    text += resourceText(u":/about/icons-LICENSE.md"_s);
    m_ui->componentsText->setMarkdown(text);
}

} // namespace magpie::app
