// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/ThreadProxyModel.h"

#include "models/MessageListModel.h"

#include <QRegularExpression>

#include <algorithm>

namespace magpie::models {

ThreadProxyModel::ThreadProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

ThreadProxyModel::~ThreadProxyModel() = default;

QString ThreadProxyModel::baseSubject(const QString &subject, bool *isReply)
{
    // RFC 5256 s2.1, simplified: strip leading "Re:", "Fwd:", "Fw:" and their common
    // translations, "[list]" tags, and a trailing "(fwd)", until nothing changes; compare
    // case-insensitively with runs of white space as one space.
    static const QRegularExpression leading(
        QStringLiteral("^\\s*(?:(?:re|fwd?|aw|sv|wg|tr|antw|vs|rif|r)\\s*(?:\\[\\d+\\])?\\s*:"
                       "|\\[[^\\]]*\\])\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression trailing(QStringLiteral("\\s*\\(fwd\\)\\s*$"),
                                             QRegularExpression::CaseInsensitiveOption);
    QString base = subject.simplified();
    bool stripped = false;
    for (;;) {
        const QRegularExpressionMatch match = leading.match(base);
        if (match.hasMatch() && match.capturedLength() > 0) {
            const QString rest = base.mid(match.capturedLength());
            // A subject that is only a tag ("[qt]") keeps it.
            if (rest.isEmpty())
                break;
            // Only "Re:"-like prefixes make a reply, not a list tag.
            if (!match.captured(0).trimmed().startsWith(u'['))
                stripped = true;
            base = rest;
            continue;
        }
        const QRegularExpressionMatch end = trailing.match(base);
        if (end.hasMatch()) {
            base.chop(end.capturedLength());
            stripped = true;
            continue;
        }
        break;
    }
    if (isReply)
        *isReply = stripped;
    return base.toCaseFolded();
}

void ThreadProxyModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    disconnectSource();
    QAbstractProxyModel::setSourceModel(source);
    m_list = qobject_cast<MessageListModel *>(source);
    connectSource();
    loadHeaders();
    rebuild();
    endResetModel();
}

void ThreadProxyModel::setThreaded(bool threaded)
{
    if (threaded == m_threaded)
        return;
    beginResetModel();
    m_threaded = threaded;
    loadHeaders();
    rebuild();
    endResetModel();
}

void ThreadProxyModel::connectSource()
{
    QAbstractItemModel *source = sourceModel();
    if (!source)
        return;
    const auto about = [this] { beginRethread(); };
    const auto done = [this] { endRethread(); };
    m_connections = {
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
                [this] { beginResetModel(); }),
        connect(source, &QAbstractItemModel::modelReset, this,
                [this] {
                    loadHeaders();
                    rebuild();
                    endResetModel();
                }),
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, about),
        connect(source, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) {
                    if (m_threaded && m_list) {
                        QList<qint64> added;
                        for (int row = first; row <= last; ++row)
                            added.append(m_list->messageId(row));
                        for (const store::ThreadingHeaders &headers : m_list->threadingHeaders(added))
                            m_headers.insert(headers.id, headers);
                    }
                    endRethread();
                }),
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, about),
        connect(source, &QAbstractItemModel::rowsRemoved, this, done),
        connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, about),
        connect(source, &QAbstractItemModel::rowsMoved, this, done),
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, about),
        connect(source, &QAbstractItemModel::layoutChanged, this, done),
        connect(source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles) {
                    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                        Q_EMIT dataChanged(mapFromSource(topLeft.siblingAtRow(row)),
                                           mapFromSource(bottomRight.siblingAtRow(row)), roles);
                    }
                }),
        connect(source, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged),
    };
}

void ThreadProxyModel::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void ThreadProxyModel::loadHeaders()
{
    m_headers.clear();
    if (!m_threaded || !m_list)
        return;
    const QList<store::ThreadingHeaders> all = m_list->threadingHeaders();
    m_headers.reserve(all.size());
    for (const store::ThreadingHeaders &headers : all)
        m_headers.insert(headers.id, headers);
}

void ThreadProxyModel::beginRethread()
{
    if (m_rethreading)
        return;
    m_rethreading = true;
    Q_EMIT layoutAboutToBeChanged();
    // Remember which message (and column) each persistent index stands on: rows move.
    m_savedIndexes = persistentIndexList();
    m_savedTargets.clear();
    for (const QModelIndex &index : std::as_const(m_savedIndexes)) {
        const int node = nodeOf(index);
        const qint64 id = m_list && node >= 0 ? m_list->messageId(node) : 0;
        m_savedTargets.append({ id, index.column() });
    }
}

void ThreadProxyModel::endRethread()
{
    if (!m_rethreading)
        return;
    rebuild();
    QHash<qint64, int> rowOfId;
    if (m_list) {
        const QList<qint64> &ids = m_list->messageIds();
        rowOfId.reserve(ids.size());
        for (int row = 0; row < ids.size(); ++row)
            rowOfId.insert(ids.at(row), row);
    }
    QModelIndexList after;
    after.reserve(m_savedIndexes.size());
    for (const auto &[id, column] : std::as_const(m_savedTargets)) {
        const auto it = rowOfId.constFind(id);
        if (it == rowOfId.constEnd() || !sourceModel()) {
            after.append(QModelIndex());
            continue;
        }
        after.append(mapFromSource(sourceModel()->index(*it, column)));
    }
    changePersistentIndexList(m_savedIndexes, after);
    m_savedIndexes.clear();
    m_savedTargets.clear();
    m_rethreading = false;
    Q_EMIT layoutChanged();
}

void ThreadProxyModel::rebuild()
{
    m_nodes.clear();
    m_roots.clear();
    QAbstractItemModel *source = sourceModel();
    const int count = source ? source->rowCount() : 0;
    m_nodes.resize(size_t(count));
    const bool threading = m_threaded && m_list;
    QList<qint64> ids;
    if (m_list)
        ids = m_list->messageIds();

    if (threading) {
        // Drop headers of rows no longer listed; look up the rest.
        QHash<qint64, store::ThreadingHeaders> kept;
        kept.reserve(ids.size());
        std::vector<const store::ThreadingHeaders *> headers(size_t(count), nullptr);
        for (int row = 0; row < count; ++row) {
            const auto it = m_headers.constFind(ids.at(row));
            if (it != m_headers.constEnd())
                kept.insert(it.key(), it.value());
        }
        m_headers = std::move(kept);
        for (int row = 0; row < count; ++row) {
            const auto it = m_headers.constFind(ids.at(row));
            headers[size_t(row)] = it != m_headers.constEnd() ? &it.value() : nullptr;
        }
        // Step 1: References / In-Reply-To.
        QHash<QByteArray, int> rowOfMessageId;
        rowOfMessageId.reserve(count);
        for (int row = 0; row < count; ++row) {
            if (headers[size_t(row)] && !headers[size_t(row)]->messageId.isEmpty())
                rowOfMessageId.insert(headers[size_t(row)]->messageId, row); // last wins ...
        }
        for (int row = count - 1; row >= 0; --row) { // ... so the first one wins
            if (headers[size_t(row)] && !headers[size_t(row)]->messageId.isEmpty())
                rowOfMessageId.insert(headers[size_t(row)]->messageId, row);
        }
        for (int row = 0; row < count; ++row) {
            const store::ThreadingHeaders *h = headers[size_t(row)];
            if (!h)
                continue;
            QList<QByteArray> chain = h->references;
            if (chain.isEmpty() && !h->inReplyTo.isEmpty())
                chain.append(h->inReplyTo);
            for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
                const int parent = rowOfMessageId.value(*it, -1);
                if (parent >= 0 && parent != row) {
                    m_nodes[size_t(row)].parent = parent;
                    break;
                }
            }
        }
        // Cycles (A names B, B names A): walk up from each node; a node met twice on one
        // walk closes a loop, broken at the node where the walk began.
        std::vector<int> state(size_t(count), 0); // 0 new, 1 on this walk, 2 done
        for (int row = 0; row < count; ++row) {
            QList<int> walk;
            int node = row;
            while (node >= 0 && state[size_t(node)] == 0) {
                state[size_t(node)] = 1;
                walk.append(node);
                node = m_nodes[size_t(node)].parent;
            }
            if (node >= 0 && state[size_t(node)] == 1)
                m_nodes[size_t(node)].parent = -1; // the loop closes at `node`
            for (int visited : std::as_const(walk))
                state[size_t(visited)] = 2;
        }
        // Step 2: subject fallback for replies left without a parent.
        QHash<QString, int> starters; // base subject -> oldest parentless non-reply
        for (int row = 0; row < count; ++row) {
            const store::ThreadingHeaders *h = headers[size_t(row)];
            if (!h || m_nodes[size_t(row)].parent >= 0)
                continue;
            bool reply = false;
            const QString base = baseSubject(h->subject, &reply);
            if (reply || base.isEmpty())
                continue;
            const auto it = starters.constFind(base);
            if (it == starters.constEnd() || headers[size_t(*it)]->date > h->date)
                starters.insert(base, row);
        }
        for (int row = 0; row < count; ++row) {
            const store::ThreadingHeaders *h = headers[size_t(row)];
            if (!h || m_nodes[size_t(row)].parent >= 0)
                continue;
            bool reply = false;
            const QString base = baseSubject(h->subject, &reply);
            if (!reply)
                continue;
            const int starter = starters.value(base, -1);
            if (starter >= 0 && starter != row)
                m_nodes[size_t(row)].parent = starter; // a starter has no parent: no loop
        }
        // Step 3: children oldest first; threads where their first listed message is.
        for (int row = 0; row < count; ++row) {
            const int parent = m_nodes[size_t(row)].parent;
            if (parent >= 0)
                m_nodes[size_t(parent)].children.append(row);
        }
        const auto dateOf = [&headers](int row) {
            return headers[size_t(row)] ? headers[size_t(row)]->date : 0;
        };
        for (Node &node : m_nodes) {
            std::stable_sort(node.children.begin(), node.children.end(),
                             [&dateOf](int a, int b) { return dateOf(a) < dateOf(b); });
        }
        // A root's first appearance: the smallest source row in its thread.
        std::vector<int> rootOf(size_t(count), -1);
        std::vector<int> firstRow(size_t(count), count);
        for (int row = 0; row < count; ++row) {
            int root = row;
            // Depth is at most the thread's length; roots are found once per row.
            while (m_nodes[size_t(root)].parent >= 0 && rootOf[size_t(root)] < 0)
                root = m_nodes[size_t(root)].parent;
            if (rootOf[size_t(root)] >= 0)
                root = rootOf[size_t(root)];
            rootOf[size_t(row)] = root;
            firstRow[size_t(root)] = std::min(firstRow[size_t(root)], row);
        }
        for (int row = 0; row < count; ++row) {
            if (m_nodes[size_t(row)].parent < 0)
                m_roots.append(row);
        }
        std::sort(m_roots.begin(), m_roots.end(), [&firstRow](int a, int b) {
            return firstRow[size_t(a)] < firstRow[size_t(b)];
        });
    } else {
        m_roots.reserve(count);
        for (int row = 0; row < count; ++row)
            m_roots.append(row);
    }

    // Rows within parents, depths and thread sizes.
    for (int i = 0; i < m_roots.size(); ++i)
        m_nodes[size_t(m_roots.at(i))].rowInParent = i;
    QList<int> order = m_roots; // parents before children
    for (int i = 0; i < order.size(); ++i) {
        Node &node = m_nodes[size_t(order.at(i))];
        for (int j = 0; j < node.children.size(); ++j) {
            Node &child = m_nodes[size_t(node.children.at(j))];
            child.rowInParent = j;
            child.depth = node.depth + 1;
            order.append(node.children.at(j));
        }
    }
    for (auto it = order.crbegin(); it != order.crend(); ++it) {
        const Node &node = m_nodes[size_t(*it)];
        if (node.parent >= 0)
            m_nodes[size_t(node.parent)].size += node.size;
    }
}

int ThreadProxyModel::nodeOf(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid())
        return -1;
    const int parent = int(proxyIndex.internalId()) - 1;
    if (parent >= int(m_nodes.size()))
        return -1;
    const QList<int> &siblings = parent < 0 ? m_roots : m_nodes[size_t(parent)].children;
    return proxyIndex.row() < siblings.size() ? siblings.at(proxyIndex.row()) : -1;
}

QModelIndex ThreadProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    const int node = nodeOf(proxyIndex);
    if (node < 0 || !sourceModel())
        return {};
    return sourceModel()->index(node, proxyIndex.column());
}

QModelIndex ThreadProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || size_t(sourceIndex.row()) >= m_nodes.size())
        return {};
    const Node &node = m_nodes[size_t(sourceIndex.row())];
    return createIndex(node.rowInParent, sourceIndex.column(), quintptr(node.parent + 1));
}

QModelIndex ThreadProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount(parent))
        return {};
    if (parent.isValid() && parent.column() != 0)
        return {};
    const int parentNode = nodeOf(parent);
    if (parent.isValid() && parentNode < 0)
        return {};
    const QList<int> &siblings = parentNode < 0 ? m_roots : m_nodes[size_t(parentNode)].children;
    if (row >= siblings.size())
        return {};
    return createIndex(row, column, quintptr(parentNode + 1));
}

QModelIndex ThreadProxyModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentNode = int(child.internalId()) - 1;
    if (parentNode < 0 || size_t(parentNode) >= m_nodes.size())
        return {};
    const Node &node = m_nodes[size_t(parentNode)];
    return createIndex(node.rowInParent, 0, quintptr(node.parent + 1));
}

int ThreadProxyModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    const int node = nodeOf(parent);
    return node < 0 ? 0 : int(m_nodes[size_t(node)].children.size());
}

int ThreadProxyModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return sourceModel() ? sourceModel()->columnCount() : 0;
}

bool ThreadProxyModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant ThreadProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == ThreadSizeRole || role == ThreadDepthRole) {
        const int node = nodeOf(index);
        if (node < 0)
            return {};
        return role == ThreadSizeRole ? m_nodes[size_t(node)].size : m_nodes[size_t(node)].depth;
    }
    return QAbstractProxyModel::data(index, role);
}

QVariant ThreadProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Columns are the list's own, also when no row is shown.
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

void ThreadProxyModel::sort(int column, Qt::SortOrder order)
{
    // The list sorts in SQL; its layout change re-threads this model.
    if (sourceModel())
        sourceModel()->sort(column, order);
}

} // namespace magpie::models
