// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

class QWidget;

namespace magpie::app {

class MailSession;
class MessageListView;
class MessageView;

// What the main window's message actions do to the selected messages (issue 7: Reply, Reply
// all, Forward, Delete, Archive, Move to, Mark read/unread/flagged, Print, Save as .eml, View
// source). Changes go through sync::LocalOperations (applied to the cache at once, replayed
// to the server by the account's runtime), replies and forwards open a ComposerWindow.
// Problems are reported with problem(), a sentence for the status bar.
class MessageActions : public QObject
{
    Q_OBJECT
public:
    MessageActions(MailSession &session, MessageListView &list, MessageView &view,
                   QWidget *window);

    void reply(bool all);
    void forward();
    // Delete: to the account's Trash (or for good when already there). Permanently asks first.
    void remove(bool permanently);
    void archive();
    void moveTo(qint64 folderId);
    void moveMessages(const QList<qint64> &messageIds, qint64 folderId);
    // Copy To (menu, or a drag with Ctrl held): the originals stay.
    void copyTo(qint64 folderId);
    void copyMessages(const QList<qint64> &messageIds, qint64 folderId);
    void markRead(bool read);
    void setFlagged(bool flagged);
    void print();
    void saveAs();
    void viewSource();

    // Whether the selection is one folder's or an account's: the account of the selection's
    // first message (empty when nothing is selected).
    QString selectionAccountId() const;

Q_SIGNALS:
    void problem(const QString &sentence);
    void done(const QString &sentence);

private:
    // Tells the runtime of each touched account to replay the recorded operations now.
    void replaySoon(const QList<qint64> &messageIds);
    QString accountOfFolder(qint64 folderId) const;
    QString accountOfMessage(qint64 messageId) const;
    void transfer(const QList<qint64> &messageIds, qint64 folderId, bool copy);

    MailSession &m_session;
    MessageListView &m_list;
    MessageView &m_view;
    QWidget *m_window;
};

} // namespace magpie::app
