// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageListQuery.h"
#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace magpie::store {
class MailCache;
}

namespace magpie::models {

// The messages of one folder (or several) as a table, straight from the cache (DESIGN.md,
// "The path of a message"): never the network.
//
// Built for 100,000-message folders: the model holds only the ordered ids (8 bytes a row),
// which SQLite sorts and filters (MessageListQuery); the rows themselves are read by id a
// page at a time when a view asks for them, and at most MaxCachedRows are kept. The cache's
// change signals update it in place: rows are inserted and removed at their sorted places and
// changed rows repaint (dataChanged); a sync never resets the model. Only choosing another
// folder or filter, or the folder's UIDVALIDITY changing (folderReset), does.
class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        FlaggedColumn,
        AttachmentColumn,
        SubjectColumn,
        CorrespondentColumn, // From; To in Sent and Drafts folders
        DateColumn,
        SizeColumn,
        ColumnCount
    };

    enum Role {
        MessageIdRole = Qt::UserRole + 1, // qint64, MessageSummary::id
        FolderIdRole,                     // qint64
        UidRole,                          // quint32, 0 when not on a server
        SenderRole,                       // display name, else address
        SenderAddressRole,                // the From address
        RecipientsRole,                   // To: names (else addresses), comma-separated
        SubjectRole,                      // as written; empty when none
        DateRole,                         // QDateTime, UTC
        FlagsRole,                        // quint32, MessageFlags bits
        UnreadRole,                       // bool: not \Seen
        FlaggedRole,                      // bool: \Flagged
        AnsweredRole,                     // bool: \Answered
        SizeRole,                         // qulonglong, bytes
        HasAttachmentsRole,               // bool
        PreviewRole,                      // the first words of the body, when known
        IconNameRole, // "flag", "attachment", "reply", "forward": the app's icon names
    };

    // Rows read from the cache per query, and the most kept in memory.
    static constexpr int PageSize = 100;
    static constexpr int MaxCachedRows = 2000;

    explicit MessageListModel(store::MailCache &cache, QObject *parent = nullptr);
    ~MessageListModel() override;

    // What is listed. Each resets the model (the user chose something else to look at).
    void setFolder(qint64 folderId);
    void setFolders(const QList<qint64> &folderIds);
    QList<qint64> folders() const { return m_folderIds; }
    void setFilter(const store::MessageListFilter &filter);
    store::MessageListFilter filter() const { return m_filter; }
    store::MessageListOrder order() const { return m_order; }
    // True in Sent and Drafts: the correspondent column shows recipients.
    bool showsRecipients() const { return m_showsRecipients; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Re-queries the order in SQL; rows keep their persistent indexes (layoutChanged).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    qint64 messageId(int row) const;
    int rowOfMessage(qint64 id) const; // -1 when not listed
    std::optional<store::MessageSummary> summary(int row) const;
    // The listed ids in order (the thread proxy's input).
    const QList<qint64> &messageIds() const { return m_ids; }
    // Threading headers of the listed messages (all of them, or just `ids`): one query.
    QList<store::ThreadingHeaders> threadingHeaders(const QList<qint64> &ids = {}) const;

    // The last failed read, or none.
    store::StoreError lastError() const { return m_lastError; }
    int cachedRowCount() const { return int(m_rows.size()); } // for tests and benchmarks

Q_SIGNALS:
    void readFailed(const magpie::store::StoreError &error);

private:
    struct CachedRow
    {
        store::MessageSummary summary; // id 0: the row is no longer in the cache
        quint64 lastUse = 0;
    };

    void reload();
    // Re-reads the ordered ids and turns the difference into row removals and insertions.
    void refresh();
    void applyIds(const QList<qint64> &newIds);
    void removeMarkedRows(const QList<bool> &remove);
    void emitChanged(const QList<qint64> &ids);
    const store::MessageSummary *row(int row) const;
    void evict() const;
    void noteError(const store::StoreError &error) const;

    void onMessagesAdded(qint64 folderId, const QList<qint64> &ids);
    void onMessagesChanged(qint64 folderId, const QList<qint64> &ids);
    void onMessagesRemoved(qint64 folderId, const QList<qint64> &ids);
    void onFolderReset(qint64 folderId);

    store::MailCache &m_cache;
    QList<qint64> m_folderIds;
    store::MessageListFilter m_filter;
    store::MessageListOrder m_order;
    bool m_showsRecipients = false;
    QList<qint64> m_ids;
    mutable QHash<qint64, CachedRow> m_rows;
    mutable quint64 m_clock = 0;
    mutable store::StoreError m_lastError;
};

} // namespace magpie::models
