// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/SearchIndex.h"

#include <QAbstractTableModel>

namespace magpie::store {
class MailCache;
}

namespace magpie::app {

// A full-text search across every folder (store::SearchIndex) as a virtual folder: the same
// columns and roles as models::MessageListModel, so the list, its delegate, the actions and
// dragging work on search results as on a folder. Flag changes, moves and deletions made
// while the results are shown update them from the cache's signals.
class SearchResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit SearchResultsModel(store::MailCache &cache, QObject *parent = nullptr);

    // Runs the search (newest first). Returns the error, if any; the model is then empty.
    store::StoreError search(const QString &query);
    QString query() const { return m_query; }
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void onMessagesChanged(qint64 folderId, const QList<qint64> &ids);
    void onMessagesRemoved(qint64 folderId, const QList<qint64> &ids);
    int rowOf(qint64 messageId) const;

    store::MailCache &m_cache;
    QString m_query;
    QList<store::SearchHit> m_hits;
};

} // namespace magpie::app
