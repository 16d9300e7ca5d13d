// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageReader.h"

#include "app/session/MailSession.h"
#include "app/view/MessageView.h"
#include "app/window/MessageActions.h"
#include "app/window/MessageListView.h"
#include "models/MessageListModel.h"

#include <QItemSelectionModel>
#include <QTimer>

namespace magpie::app {

MessageReader::MessageReader(MailSession &session, MessageListView &list, MessageView &view,
                             MessageActions &actions, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_list(list)
    , m_view(view)
    , m_actions(actions)
    , m_markReadTimer(new QTimer(this))
{
    m_markReadTimer->setSingleShot(true);
    connect(m_markReadTimer, &QTimer::timeout, this, [this] {
        if (m_shown > 0 && m_list.currentMessageId() == m_shown)
            m_actions.markRead(true);
    });
    connect(m_list.selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MessageReader::onCurrentChanged);
    connect(&m_session, &MailSession::bodyReady, this, &MessageReader::onBodyReady);
    m_view.showPlaceholder(tr("No message selected"));
}

void MessageReader::reset()
{
    m_markReadTimer->stop();
    m_shown = 0;
    m_waitingFor = 0;
    m_view.showPlaceholder(tr("No message selected"));
    Q_EMIT shownMessageChanged(0);
}

void MessageReader::cancelMarkRead()
{
    m_markReadTimer->stop();
}

void MessageReader::onCurrentChanged()
{
    const qint64 id = m_list.currentMessageId();
    if (id <= 0) {
        if (m_shown != 0)
            reset();
        return;
    }
    if (id != m_shown)
        show(id);
}

void MessageReader::show(qint64 messageId)
{
    m_markReadTimer->stop();
    m_shown = messageId;
    const std::optional<QByteArray> source = m_session.messageSource(messageId);
    if (!source) {
        // The runtime fetches it ahead of its other work; bodyReady() follows.
        m_waitingFor = messageId;
        m_view.showPlaceholder(tr("Downloading the message..."));
        Q_EMIT shownMessageChanged(messageId);
        return;
    }
    m_waitingFor = 0;
    m_view.showMessage(*source);
    const int delay = m_session.preferences().markReadAfterSeconds;
    if (m_list.currentIndex().data(models::MessageListModel::UnreadRole).toBool() && delay >= 0)
        m_markReadTimer->start(delay * 1000);
    Q_EMIT shownMessageChanged(messageId);
}

void MessageReader::onBodyReady(qint64 messageId, bool ok)
{
    if (messageId != m_waitingFor)
        return;
    if (!ok) {
        m_waitingFor = 0;
        m_view.showPlaceholder(
            tr("The message could not be downloaded. Check the connection (the status bar says "
               "more) and select the message again."));
        Q_EMIT shownMessageChanged(messageId);
        return;
    }
    show(messageId);
}

} // namespace magpie::app
