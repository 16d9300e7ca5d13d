// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/MessageHeaderView.h"

#include "mime/Message.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace magpie::app {

MessageHeaderView::MessageHeaderView(QWidget *parent)
    : QWidget(parent)
    , m_subject(new QLabel(this))
    , m_fields(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    m_subject->setObjectName(u"subject"_s);
    m_subject->setWordWrap(true);
    m_subject->setTextFormat(Qt::PlainText);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont font = m_subject->font();
    font.setBold(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 1.2);
    m_subject->setFont(font);
    m_fields->setObjectName(u"headerFields"_s);
    m_fields->setWordWrap(true);
    m_fields->setTextFormat(Qt::RichText);
    m_fields->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_subject);
    layout->addWidget(m_fields);
    connect(m_fields, &QLabel::linkActivated, this, [this](const QString &link) {
        const qsizetype index = link.startsWith(u"mailbox:"_s) ? link.mid(8).toLongLong() : -1;
        if (index >= 0 && index < m_linked.size())
            Q_EMIT mailboxActivated(m_linked.at(index).toDisplayString());
    });
}

MessageHeaderView::~MessageHeaderView() = default;

QString MessageHeaderView::addressLine(const QString &label, const QList<mime::Mailbox> &mailboxes)
{
    QStringList links;
    for (const mime::Mailbox &mailbox : mailboxes) {
        if (mailbox.address.isEmpty())
            continue;
        const QString shown = mailbox.name.isEmpty()
            ? mailbox.address
            : tr("%1 <%2>", "a mailbox: name <address>").arg(mailbox.name, mailbox.address);
        links << u"<a href=\"mailbox:"_s + QString::number(m_linked.size()) + u"\">"_s
                + shown.toHtmlEscaped() + u"</a>"_s;
        m_linked << mailbox;
    }
    if (links.isEmpty())
        return {};
    return u"<tr><td style=\"padding-right: 8px\"><b>"_s + label.toHtmlEscaped()
        + u"</b></td><td>"_s + links.join(u", "_s) + u"</td></tr>"_s;
}

void MessageHeaderView::setMessage(const mime::Message *message)
{
    m_linked.clear();
    if (!message) {
        m_subject->clear();
        m_fields->clear();
        m_html.clear();
        return;
    }
    const QString subject = message->subject();
    m_subject->setText(subject.isEmpty() ? tr("(no subject)") : subject);
    QString rows;
    const QList<mime::Mailbox> from = message->addresses("From");
    rows += addressLine(tr("From"), from);
    const QList<mime::Mailbox> replyTo = message->addresses("Reply-To");
    if (!replyTo.isEmpty() && replyTo != from)
        rows += addressLine(tr("Reply to"), replyTo);
    rows += addressLine(tr("To"), message->addresses("To"));
    rows += addressLine(tr("Cc"), message->addresses("Cc"));
    if (const auto date = message->date()) {
        rows += u"<tr><td style=\"padding-right: 8px\"><b>"_s + tr("Date").toHtmlEscaped()
            + u"</b></td><td>"_s
            + QLocale().toString(date->toLocalTime(), QLocale::LongFormat).toHtmlEscaped()
            + u"</td></tr>"_s;
    }
    const QString table = u"<table cellspacing=\"0\" cellpadding=\"0\">"_s + rows + u"</table>"_s;
    m_fields->setText(table);
    m_html = u"<h3>"_s + m_subject->text().toHtmlEscaped() + u"</h3>"_s + table + u"<hr>"_s;
}

} // namespace magpie::app
