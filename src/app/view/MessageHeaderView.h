// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"

#include <QList>
#include <QWidget>

class QLabel;

namespace magpie::mime {
class Message;
}

namespace magpie::app {

// The header block above a message: subject, From, To, Cc, Reply-To when it differs, and the
// date in the person's locale and time zone. Each address is a link; clicking it asks to write
// to that mailbox.
class MessageHeaderView : public QWidget
{
    Q_OBJECT
public:
    explicit MessageHeaderView(QWidget *parent = nullptr);
    ~MessageHeaderView() override;

    void setMessage(const mime::Message *message);
    // The block as HTML, also used when printing.
    QString html() const { return m_html; }

Q_SIGNALS:
    void mailboxActivated(const QString &mailbox);

private:
    QString addressLine(const QString &label, const QList<mime::Mailbox> &mailboxes);

    QLabel *m_subject;
    QLabel *m_fields;
    QList<mime::Mailbox> m_linked; // link "mailbox:N" is m_linked[N]
    QString m_html;
};

} // namespace magpie::app
