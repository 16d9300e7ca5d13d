// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class MessageSourceDialog;
}

namespace magpie::app {

// View > Message Source: the whole RFC 5322 text of a message as received, read-only, in a
// fixed-width font.
class MessageSourceDialog : public QDialog
{
    Q_OBJECT
public:
    MessageSourceDialog(const QString &subject, const QByteArray &source, QWidget *parent = nullptr);
    ~MessageSourceDialog() override;

    QString sourceText() const;

private:
    std::unique_ptr<Ui::MessageSourceDialog> m_ui;
};

} // namespace magpie::app
