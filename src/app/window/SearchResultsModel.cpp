// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/SearchResultsModel.h"

#include "models/MessageListModel.h"
#include "store/MailCache.h"
#include "store/MessageListQuery.h"

#include <QFont>
#include <QLocale>

#include <algorithm>

namespace magpie::app {

using models::MessageListModel;
using store::MessageFlags;

namespace {
QString senderText(const store::MessageSummary &message)
{
    return message.from.name.isEmpty() ? message.from.address : message.from.name;
}
} // namespace

SearchResultsModel::SearchResultsModel(store::MailCache &cache, QObject *parent)
    : QAbstractTableModel(parent)
    , m_cache(cache)
{
    connect(&m_cache, &store::MailCache::messagesChanged, this,
            &SearchResultsModel::onMessagesChanged);
    connect(&m_cache, &store::MailCache::messagesRemoved, this,
            &SearchResultsModel::onMessagesRemoved);
}

store::StoreError SearchResultsModel::search(const QString &query)
{
    store::StoreError error;
    beginResetModel();
    m_query = query;
    m_hits = store::SearchIndex(m_cache).search(query, 500, {}, &error);
    if (error)
        m_hits.clear();
    endResetModel();
    return error;
}

void SearchResultsModel::clear()
{
    beginResetModel();
    m_query.clear();
    m_hits.clear();
    endResetModel();
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int SearchResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : MessageListModel::ColumnCount;
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::SearchHit &hit = m_hits.at(index.row());
    const store::MessageSummary &message = hit.message;
    const bool unread = !message.flags.has(MessageFlags::Seen);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case MessageListModel::SubjectColumn:
            return message.subject.isEmpty() ? tr("(no subject)") : message.subject;
        case MessageListModel::CorrespondentColumn:
            return senderText(message);
        case MessageListModel::DateColumn:
            return message.date.isValid()
                ? QLocale().toString(message.date.toLocalTime().date(), QLocale::ShortFormat)
                : QString();
        case MessageListModel::SizeColumn:
            return QLocale().formattedDataSize(qint64(message.size), 1,
                                               QLocale::DataSizeTraditionalFormat);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        // Results come from every folder: say which.
        return tr("In %1 (%2)").arg(hit.folderPath, hit.accountId);
    case Qt::FontRole:
        if (unread) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == MessageListModel::SizeColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case MessageListModel::IconNameRole:
        if (index.column() == MessageListModel::FlaggedColumn)
            return message.flags.has(MessageFlags::Flagged) ? QStringLiteral("flag") : QString();
        if (index.column() == MessageListModel::AttachmentColumn)
            return message.hasAttachments ? QStringLiteral("attachment") : QString();
        return QString();
    case MessageListModel::MessageIdRole:
        return message.id;
    case MessageListModel::FolderIdRole:
        return message.folderId;
    case MessageListModel::UidRole:
        return message.uid;
    case MessageListModel::SenderRole:
        return senderText(message);
    case MessageListModel::SenderAddressRole:
        return message.from.address;
    case MessageListModel::SubjectRole:
        return message.subject;
    case MessageListModel::DateRole:
        return message.date;
    case MessageListModel::FlagsRole:
        return message.flags.bits;
    case MessageListModel::UnreadRole:
        return unread;
    case MessageListModel::FlaggedRole:
        return message.flags.has(MessageFlags::Flagged);
    case MessageListModel::SizeRole:
        return qulonglong(message.size);
    case MessageListModel::HasAttachmentsRole:
        return message.hasAttachments;
    case MessageListModel::PreviewRole:
        return message.preview;
    default:
        return {};
    }
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == MessageListModel::IconNameRole) {
        if (section == MessageListModel::FlaggedColumn)
            return QStringLiteral("flag");
        if (section == MessageListModel::AttachmentColumn)
            return QStringLiteral("attachment");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MessageListModel::SubjectColumn:
        return tr("Subject");
    case MessageListModel::CorrespondentColumn:
        return tr("From");
    case MessageListModel::DateColumn:
        return tr("Date");
    case MessageListModel::SizeColumn:
        return tr("Size");
    default:
        return QString();
    }
}

void SearchResultsModel::sort(int column, Qt::SortOrder order)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<qint64> beforeIds;
    for (const QModelIndex &index : before)
        beforeIds.append(m_hits.at(index.row()).message.id);
    // Less-than on the column, ties by date (newest last) so the order is total.
    const auto less = [column](const store::SearchHit &a, const store::SearchHit &b) {
        const store::MessageSummary &x = a.message;
        const store::MessageSummary &y = b.message;
        switch (column) {
        case MessageListModel::FlaggedColumn:
            if (x.flags.has(MessageFlags::Flagged) != y.flags.has(MessageFlags::Flagged))
                return !x.flags.has(MessageFlags::Flagged);
            break;
        case MessageListModel::AttachmentColumn:
            if (x.hasAttachments != y.hasAttachments)
                return !x.hasAttachments;
            break;
        case MessageListModel::SubjectColumn:
            if (const int c = x.subject.compare(y.subject, Qt::CaseInsensitive))
                return c < 0;
            break;
        case MessageListModel::CorrespondentColumn:
            if (const int c = senderText(x).compare(senderText(y), Qt::CaseInsensitive))
                return c < 0;
            break;
        case MessageListModel::SizeColumn:
            if (x.size != y.size)
                return x.size < y.size;
            break;
        default:
            break;
        }
        return x.date < y.date;
    };
    std::stable_sort(m_hits.begin(), m_hits.end(),
                     [&](const store::SearchHit &a, const store::SearchHit &b) {
                         return order == Qt::AscendingOrder ? less(a, b) : less(b, a);
                     });
    QModelIndexList after;
    for (int i = 0; i < before.size(); ++i)
        after.append(index(rowOf(beforeIds.at(i)), before.at(i).column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int SearchResultsModel::rowOf(qint64 messageId) const
{
    for (int i = 0; i < m_hits.size(); ++i) {
        if (m_hits.at(i).message.id == messageId)
            return i;
    }
    return -1;
}

void SearchResultsModel::onMessagesChanged(qint64, const QList<qint64> &ids)
{
    QList<qint64> shown;
    for (qint64 id : ids) {
        if (rowOf(id) >= 0)
            shown.append(id);
    }
    if (shown.isEmpty())
        return;
    const QList<store::MessageSummary> rows = store::MessageListQuery(m_cache).rows(shown);
    for (const store::MessageSummary &summary : rows) {
        const int row = rowOf(summary.id);
        if (row < 0)
            continue;
        if (summary.localState == store::LocalState::PendingRemoval) {
            // Moved or deleted: gone from every list until the server confirms.
            beginRemoveRows({}, row, row);
            m_hits.removeAt(row);
            endRemoveRows();
            continue;
        }
        m_hits[row].message = summary;
        Q_EMIT dataChanged(index(row, 0), index(row, MessageListModel::ColumnCount - 1));
    }
}

void SearchResultsModel::onMessagesRemoved(qint64, const QList<qint64> &ids)
{
    for (qint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_hits.removeAt(row);
        endRemoveRows();
    }
}

} // namespace magpie::app
