// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/ConnectionLogDialog.h"

#include "ui_ConnectionLogDialog.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>

namespace magpie::app {

ConnectionLogDialog::ConnectionLogDialog(const QString &accountName, const QString &log,
                                         QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionLogDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Connection Log - %1").arg(accountName));
    m_ui->logText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->logText->setPlainText(
        log.isEmpty() ? tr("Nothing was logged for this account yet.") : log);
    m_ui->copyButton->setEnabled(!log.isEmpty());
    connect(m_ui->copyButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->logText->toPlainText()); });
}

ConnectionLogDialog::~ConnectionLogDialog() = default;

QString ConnectionLogDialog::logText() const
{
    return m_ui->logText->toPlainText();
}

} // namespace magpie::app
