// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageSourceDialog.h"

#include "ui_MessageSourceDialog.h"

#include <QFontDatabase>

namespace magpie::app {

MessageSourceDialog::MessageSourceDialog(const QString &subject, const QByteArray &source,
                                         QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::MessageSourceDialog>())
{
    m_ui->setupUi(this);
    if (!subject.isEmpty())
        setWindowTitle(tr("Source of \"%1\"").arg(subject));
    m_ui->sourceText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // The raw bytes: 8-bit parts in another charset show as replacement characters, which is
    // what a source view should do rather than guess (RFC 5322 is 7-bit unless 8BITMIME).
    m_ui->sourceText->setPlainText(QString::fromUtf8(source));
}

MessageSourceDialog::~MessageSourceDialog() = default;

QString MessageSourceDialog::sourceText() const
{
    return m_ui->sourceText->toPlainText();
}

} // namespace magpie::app
