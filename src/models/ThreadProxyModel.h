// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageListQuery.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QList>
#include <QPointer>

#include <vector>

namespace magpie::models {

class MessageListModel;

// The message list as conversation threads: a tree over a MessageListModel, each reply
// under the message it answers, expandable and collapsible in a tree view.
//
// Threading is RFC 5256 s2.2 (REFERENCES), simplified:
//   1. A message's parent is the last message it names in References (else In-Reply-To)
//      that is in the list; ids not in the list are skipped rather than kept as empty
//      containers, so a reply whose parent is missing hangs under the nearest ancestor
//      present. Links that would make a cycle are dropped; a Message-ID seen twice links
//      only its first message.
//   2. Subject fallback (s2.2 step 5, simplified): a message left without a parent whose
//      subject is a reply or forward ("Re:", "Fwd:", "AW:", "[list]" ... stripped, RFC 5256
//      s2.1 base subject) goes under the oldest parentless message with the same base
//      subject that is not itself a reply.
//   3. Siblings are in date order (oldest first); a thread stands where its first message
//      in the list's order stands, so sorting the list (newest first) sorts the threads by
//      their latest message.
//
// The threading headers of every listed message are read in one query when threading is
// switched on (and of new rows only as they come); with threading off the model is flat and
// reads nothing. Source inserts, removals and sorting re-thread the list and are announced
// as a layout change with every persistent index (selection, current row) carried to its
// message's new place: never a model reset. dataChanged passes through row by row.
class ThreadProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum Role {
        ThreadSizeRole = Qt::UserRole + 100, // int: this message and all replies under it
        ThreadDepthRole,                     // int: 0 for a thread's first message
    };

    explicit ThreadProxyModel(QObject *parent = nullptr);
    ~ThreadProxyModel() override;

    // Only a MessageListModel can be threaded; any other source is shown flat.
    void setSourceModel(QAbstractItemModel *source) override;
    void setThreaded(bool threaded);
    bool isThreaded() const { return m_threaded; }

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // "Re: [qt] AW: Hello (fwd)" -> "hello"; `isReply` tells whether anything was stripped.
    static QString baseSubject(const QString &subject, bool *isReply = nullptr);

private:
    struct Node
    {
        int parent = -1;        // node (= source row) index, -1 for a thread's root
        int rowInParent = 0;
        int size = 1;           // with every descendant
        int depth = 0;
        QList<int> children;
    };

    void connectSource();
    void disconnectSource();
    void loadHeaders();
    void rebuild();
    void beginRethread();
    void endRethread();
    int nodeOf(const QModelIndex &proxyIndex) const; // -1 for the invisible root

    QPointer<MessageListModel> m_list;
    QList<QMetaObject::Connection> m_connections;
    bool m_threaded = true;
    QHash<qint64, store::ThreadingHeaders> m_headers; // by message id, when threaded
    std::vector<Node> m_nodes;                        // one per source row
    QList<int> m_roots;
    // Between a source's "about to" signal and its "done": the persistent indexes as
    // (message id, column), to put back on the same messages.
    QModelIndexList m_savedIndexes;
    QList<QPair<qint64, int>> m_savedTargets;
    bool m_rethreading = false;
};

} // namespace magpie::models
