// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QTimer;

namespace magpie::app {

class MailSession;
class MessageActions;
class MessageListView;
class MessageView;

// Reading: shows the list's current message in the message view, from the cache when its
// body is there, else asks the account's runtime for it first of all its work
// (MailSession::messageSource, bodyReady) and says so meanwhile. Marks it read after
// Preferences::markReadAfterSeconds (0: at once, -1: never), only if it is still the one
// shown.
class MessageReader : public QObject
{
    Q_OBJECT
public:
    MessageReader(MailSession &session, MessageListView &list, MessageView &view,
                  MessageActions &actions, QObject *parent = nullptr);

    qint64 shownMessageId() const { return m_shown; }
    // Nothing shown (another folder, a search): the view says "No message selected".
    void reset();
    // Mark as unread by hand: do not mark it read again behind the person's back.
    void cancelMarkRead();

Q_SIGNALS:
    void shownMessageChanged(qint64 messageId);

private:
    void onCurrentChanged();
    void show(qint64 messageId);
    void onBodyReady(qint64 messageId, bool ok);

    MailSession &m_session;
    MessageListView &m_list;
    MessageView &m_view;
    MessageActions &m_actions;
    QTimer *m_markReadTimer; // child of this
    qint64 m_shown = 0;
    qint64 m_waitingFor = 0;
};

} // namespace magpie::app
