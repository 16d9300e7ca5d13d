// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/QuickFilterBar.h"

#include "app/window/ThemedIconEngine.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace magpie::app {

QuickFilterBar::QuickFilterBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    m_unread = addToggle(QStringLiteral("mark-read"));
    m_unread->setObjectName(QStringLiteral("filterUnread"));
    m_flagged = addToggle(QStringLiteral("flag"));
    m_flagged->setObjectName(QStringLiteral("filterFlagged"));
    m_attachments = addToggle(QStringLiteral("attachment"));
    m_attachments->setObjectName(QStringLiteral("filterAttachments"));
    for (QToolButton *button : { m_unread, m_flagged, m_attachments })
        layout->addWidget(button);
    layout->addSpacing(8);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(ThemedIconEngine::icon(QStringLiteral("search")),
                        QLineEdit::LeadingPosition);
    layout->addWidget(m_search, 1);

    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_search->text().trimmed();
        if (text.isEmpty()) {
            if (m_searching) {
                m_searching = false;
                Q_EMIT searchCleared();
            }
            return;
        }
        m_searching = true;
        Q_EMIT searchRequested(text);
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        // The clear button (or deleting everything) ends the search, as in Thunderbird.
        if (text.isEmpty() && m_searching) {
            m_searching = false;
            Q_EMIT searchCleared();
        }
    });
    retranslate();
}

QToolButton *QuickFilterBar::addToggle(const QString &iconName)
{
    auto *button = new QToolButton(this);
    button->setCheckable(true);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setIcon(ThemedIconEngine::icon(iconName));
    connect(button, &QToolButton::toggled, this, [this] { Q_EMIT filterChanged(filter()); });
    return button;
}

store::MessageListFilter QuickFilterBar::filter() const
{
    store::MessageListFilter f;
    f.unreadOnly = m_unread->isChecked();
    f.flaggedOnly = m_flagged->isChecked();
    f.withAttachmentsOnly = m_attachments->isChecked();
    return f;
}

void QuickFilterBar::setFilter(const store::MessageListFilter &filter)
{
    const QSignalBlocker a(m_unread), b(m_flagged), c(m_attachments);
    m_unread->setChecked(filter.unreadOnly);
    m_flagged->setChecked(filter.flaggedOnly);
    m_attachments->setChecked(filter.withAttachmentsOnly);
    Q_EMIT filterChanged(this->filter());
}

QString QuickFilterBar::searchText() const
{
    return m_search->text().trimmed();
}

void QuickFilterBar::clearSearch()
{
    const QSignalBlocker blocker(m_search);
    m_search->clear();
    m_searching = false;
}

void QuickFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void QuickFilterBar::retranslate()
{
    m_unread->setText(tr("Unread"));
    m_unread->setToolTip(tr("Show only unread messages"));
    m_flagged->setText(tr("Flagged"));
    m_flagged->setToolTip(tr("Show only flagged messages"));
    m_attachments->setText(tr("Attachment"));
    m_attachments->setToolTip(tr("Show only messages with attachments"));
    m_search->setPlaceholderText(tr("Search all folders (from:, to:, subject:, \"phrase\")"));
    m_search->setAccessibleName(tr("Search"));
}

} // namespace magpie::app
