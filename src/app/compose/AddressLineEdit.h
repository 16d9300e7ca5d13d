// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace magpie::app {

// A To/Cc/Bcc field: several addresses separated by commas, the one being typed completed
// from the known addresses (KnownAddresses), matching the name or the address anywhere
// ("ali" finds "Bob Alison <bob@x>" and "alice@y"). Choosing a completion replaces only the
// address being typed and adds ", " so the next one can follow.
class AddressLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit AddressLineEdit(QWidget *parent = nullptr);

    void setKnownAddresses(const QStringList &addresses);
    QCompleter *completer() const { return m_completer; }

    // The text of the address under the cursor (after the last comma before it).
    QString currentAddressPrefix() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateCompletion(const QString &text);
    void insertCompletion(const QString &completion);

    QCompleter *m_completer;
    QStringListModel *m_addresses;
};

} // namespace magpie::app
