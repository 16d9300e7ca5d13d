// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/MessageListModel.h"

#include "store/MailCache.h"

#include <QFont>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <vector>

namespace magpie::models {

using store::MessageFlags;
using store::MessageSummary;

namespace {

QString senderText(const MessageSummary &message)
{
    return message.from.name.isEmpty() ? message.from.address : message.from.name;
}

QString recipientsText(const MessageSummary &message)
{
    QStringList names;
    names.reserve(message.to.size());
    for (const mime::Mailbox &mailbox : message.to)
        names.append(mailbox.name.isEmpty() ? mailbox.address : mailbox.name);
    return names.join(QStringLiteral(", "));
}

// Indexes into `values` of one longest strictly increasing subsequence (patience sorting).
QList<bool> longestIncreasing(const QList<int> &values)
{
    std::vector<int> tails;       // index of the smallest tail of each length
    std::vector<int> previous(size_t(values.size()), -1);
    for (int i = 0; i < values.size(); ++i) {
        const auto at = std::lower_bound(tails.begin(), tails.end(), values.at(i),
                                         [&values](int index, int value) {
                                             return values.at(index) < value;
                                         });
        if (at != tails.begin())
            previous[size_t(i)] = *(at - 1);
        if (at == tails.end())
            tails.push_back(i);
        else
            *at = i;
    }
    QList<bool> kept(values.size(), false);
    for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = previous[size_t(i)])
        kept[i] = true;
    return kept;
}

} // namespace

MessageListModel::MessageListModel(store::MailCache &cache, QObject *parent)
    : QAbstractTableModel(parent)
    , m_cache(cache)
{
    connect(&m_cache, &store::MailCache::messagesAdded, this, &MessageListModel::onMessagesAdded);
    connect(&m_cache, &store::MailCache::messagesChanged, this,
            &MessageListModel::onMessagesChanged);
    connect(&m_cache, &store::MailCache::messagesRemoved, this,
            &MessageListModel::onMessagesRemoved);
    connect(&m_cache, &store::MailCache::folderReset, this, &MessageListModel::onFolderReset);
    // A folder removed takes its messages with it (ON DELETE CASCADE), without a
    // messagesRemoved of its own.
    connect(&m_cache, &store::MailCache::foldersChanged, this, [this] {
        if (!m_folderIds.isEmpty())
            refresh();
    });
}

MessageListModel::~MessageListModel() = default;

void MessageListModel::setFolder(qint64 folderId)
{
    setFolders({ folderId });
}

void MessageListModel::setFolders(const QList<qint64> &folderIds)
{
    beginResetModel();
    m_folderIds = folderIds;
    m_showsRecipients = store::MessageListQuery(m_cache).showsRecipients(folderIds);
    reload();
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, CorrespondentColumn, CorrespondentColumn);
}

void MessageListModel::setFilter(const store::MessageListFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    reload();
    endResetModel();
}

void MessageListModel::reload()
{
    m_rows.clear();
    store::StoreError error;
    m_ids = store::MessageListQuery(m_cache).ids(m_folderIds, m_filter, m_order, &error);
    noteError(error);
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == MessageIdRole)
        return m_ids.at(index.row());
    const MessageSummary *message = row(index.row());
    if (!message)
        return {};
    const bool unread = !message->flags.has(MessageFlags::Seen);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SubjectColumn:
            return message->subject.isEmpty() ? tr("(no subject)") : message->subject;
        case CorrespondentColumn:
            return m_showsRecipients ? recipientsText(*message) : senderText(*message);
        case DateColumn: {
            if (!message->date.isValid())
                return QString();
            const QDateTime local = message->date.toLocalTime();
            // Today's mail shows its time, older mail its date (as most mail clients do).
            if (local.date() == QDate::currentDate())
                return QLocale().toString(local.time(), QLocale::ShortFormat);
            return QLocale().toString(local.date(), QLocale::ShortFormat);
        }
        case SizeColumn:
            return QLocale().formattedDataSize(qint64(message->size), 1,
                                               QLocale::DataSizeTraditionalFormat);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == CorrespondentColumn) {
            if (!m_showsRecipients)
                return message->from.toDisplayString();
            QStringList all;
            for (const mime::Mailbox &mailbox : message->to)
                all.append(mailbox.toDisplayString());
            return all.join(QStringLiteral(", "));
        }
        if (index.column() == DateColumn && message->date.isValid())
            return QLocale().toString(message->date.toLocalTime(), QLocale::LongFormat);
        return {};
    case Qt::FontRole:
        if (unread) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case IconNameRole:
        // Names of the app's icons (resources/icons); the app turns them into QIcons.
        if (index.column() == FlaggedColumn)
            return message->flags.has(MessageFlags::Flagged) ? QStringLiteral("flag") : QString();
        if (index.column() == AttachmentColumn)
            return message->hasAttachments ? QStringLiteral("attachment") : QString();
        if (index.column() == SubjectColumn) {
            if (message->flags.has(MessageFlags::Answered))
                return QStringLiteral("reply");
            if (message->flags.has(MessageFlags::Forwarded))
                return QStringLiteral("forward");
        }
        return QString();
    case FolderIdRole:
        return message->folderId;
    case UidRole:
        return message->uid;
    case SenderRole:
        return senderText(*message);
    case SenderAddressRole:
        return message->from.address;
    case RecipientsRole:
        return recipientsText(*message);
    case SubjectRole:
        return message->subject;
    case DateRole:
        return message->date;
    case FlagsRole:
        return message->flags.bits;
    case UnreadRole:
        return unread;
    case FlaggedRole:
        return message->flags.has(MessageFlags::Flagged);
    case AnsweredRole:
        return message->flags.has(MessageFlags::Answered);
    case SizeRole:
        return qulonglong(message->size);
    case HasAttachmentsRole:
        return message->hasAttachments;
    case PreviewRole:
        return message->preview;
    default:
        return {};
    }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == IconNameRole) {
        if (section == FlaggedColumn)
            return QStringLiteral("flag");
        if (section == AttachmentColumn)
            return QStringLiteral("attachment");
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case FlaggedColumn:
        return tip ? tr("Flagged") : QString();
    case AttachmentColumn:
        return tip ? tr("Attachments") : QString();
    case SubjectColumn:
        return tr("Subject");
    case CorrespondentColumn:
        return m_showsRecipients ? tr("To") : tr("From");
    case DateColumn:
        return tr("Date");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(MessageIdRole, "messageId");
    names.insert(FolderIdRole, "folderId");
    names.insert(UidRole, "uid");
    names.insert(SenderRole, "sender");
    names.insert(SenderAddressRole, "senderAddress");
    names.insert(RecipientsRole, "recipients");
    names.insert(SubjectRole, "subject");
    names.insert(DateRole, "date");
    names.insert(FlagsRole, "flags");
    names.insert(UnreadRole, "unread");
    names.insert(FlaggedRole, "flagged");
    names.insert(AnsweredRole, "answered");
    names.insert(SizeRole, "size");
    names.insert(HasAttachmentsRole, "hasAttachments");
    names.insert(PreviewRole, "preview");
    names.insert(IconNameRole, "iconName");
    return names;
}

void MessageListModel::sort(int column, Qt::SortOrder order)
{
    store::MessageListOrder wanted;
    wanted.order = order;
    switch (column) {
    case FlaggedColumn:
        wanted.key = store::MessageSortKey::Flagged;
        break;
    case AttachmentColumn:
        wanted.key = store::MessageSortKey::Attachments;
        break;
    case SubjectColumn:
        wanted.key = store::MessageSortKey::Subject;
        break;
    case CorrespondentColumn:
        wanted.key = m_showsRecipients ? store::MessageSortKey::Recipients
                                       : store::MessageSortKey::Sender;
        break;
    case DateColumn:
        wanted.key = store::MessageSortKey::Date;
        break;
    case SizeColumn:
        wanted.key = store::MessageSortKey::Size;
        break;
    default:
        return;
    }
    if (wanted == m_order)
        return;
    m_order = wanted;
    store::StoreError error;
    const QList<qint64> sorted =
        store::MessageListQuery(m_cache).ids(m_folderIds, m_filter, m_order, &error);
    noteError(error);
    if (error)
        return;
    if (QSet<qint64>(sorted.cbegin(), sorted.cend()).size() != m_ids.size()
        || sorted.size() != m_ids.size()) {
        // The cache changed under us without a signal yet: take the new list as a change
        // in rows, then the order as a layout change.
        applyIds(sorted);
        return;
    }
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    if (!before.isEmpty()) {
        QHash<qint64, int> newRow;
        newRow.reserve(sorted.size());
        for (int i = 0; i < sorted.size(); ++i)
            newRow.insert(sorted.at(i), i);
        QModelIndexList after;
        after.reserve(before.size());
        for (const QModelIndex &index : before)
            after.append(this->index(newRow.value(m_ids.at(index.row())), index.column()));
        changePersistentIndexList(before, after);
    }
    m_ids = sorted;
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

qint64 MessageListModel::messageId(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

int MessageListModel::rowOfMessage(qint64 id) const
{
    return int(m_ids.indexOf(id));
}

std::optional<MessageSummary> MessageListModel::summary(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return std::nullopt;
    const MessageSummary *message = this->row(row);
    if (!message)
        return std::nullopt;
    return *message;
}

QList<store::ThreadingHeaders> MessageListModel::threadingHeaders(const QList<qint64> &ids) const
{
    store::StoreError error;
    QList<store::ThreadingHeaders> headers =
        store::MessageListQuery(m_cache).threadingHeaders(m_folderIds, ids, &error);
    noteError(error);
    return headers;
}

const MessageSummary *MessageListModel::row(int row) const
{
    const qint64 id = m_ids.at(row);
    auto found = m_rows.find(id);
    if (found == m_rows.end()) {
        // Read the page the row is on, except rows already held.
        const int first = row - row % PageSize;
        const int last = std::min(int(m_ids.size()), first + PageSize);
        QList<qint64> wanted;
        wanted.reserve(last - first);
        for (int i = first; i < last; ++i) {
            if (!m_rows.contains(m_ids.at(i)))
                wanted.append(m_ids.at(i));
        }
        store::StoreError error;
        const QList<MessageSummary> read = store::MessageListQuery(m_cache).rows(wanted, &error);
        noteError(error);
        if (error)
            return nullptr;
        const quint64 stamp = ++m_clock;
        for (const MessageSummary &summary : read)
            m_rows.insert(summary.id, { summary, stamp });
        // Rows gone from the cache are remembered as gone, so a view asking again does not
        // query again; the removal signal follows.
        for (qint64 missing : wanted) {
            if (!m_rows.contains(missing))
                m_rows.insert(missing, { MessageSummary(), stamp });
        }
        evict();
        found = m_rows.find(id);
        if (found == m_rows.end())
            return nullptr;
    }
    found->lastUse = ++m_clock;
    return found->summary.id == 0 ? nullptr : &found->summary;
}

void MessageListModel::evict() const
{
    if (m_rows.size() <= MaxCachedRows)
        return;
    // Down to three quarters, least recently used first; the page just read is the newest.
    std::vector<quint64> uses;
    uses.reserve(size_t(m_rows.size()));
    for (const CachedRow &cached : std::as_const(m_rows))
        uses.push_back(cached.lastUse);
    const size_t drop = uses.size() - size_t(MaxCachedRows) * 3 / 4;
    std::nth_element(uses.begin(), uses.begin() + qsizetype(drop) - 1, uses.end());
    const quint64 threshold = uses[drop - 1];
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (it->lastUse <= threshold)
            it = m_rows.erase(it);
        else
            ++it;
    }
}

void MessageListModel::noteError(const store::StoreError &error) const
{
    m_lastError = error;
    if (error)
        Q_EMIT const_cast<MessageListModel *>(this)->readFailed(error);
}

void MessageListModel::refresh()
{
    store::StoreError error;
    const QList<qint64> newIds =
        store::MessageListQuery(m_cache).ids(m_folderIds, m_filter, m_order, &error);
    noteError(error);
    if (!error)
        applyIds(newIds);
}

void MessageListModel::applyIds(const QList<qint64> &newIds)
{
    QHash<qint64, int> newRow;
    newRow.reserve(newIds.size());
    for (int i = 0; i < newIds.size(); ++i)
        newRow.insert(newIds.at(i), i);

    // Rows that stay keep their relative order unless a change moved them (a flag changed
    // while sorted by flag): those outside one longest run in the new order are taken out
    // and put back in their new places, like rows that left and rows that came.
    QList<bool> remove(m_ids.size(), false);
    QList<int> stayingRows;
    QList<int> stayingNewRows;
    for (int i = 0; i < m_ids.size(); ++i) {
        const auto it = newRow.constFind(m_ids.at(i));
        if (it == newRow.constEnd()) {
            remove[i] = true;
        } else {
            stayingRows.append(i);
            stayingNewRows.append(*it);
        }
    }
    if (!std::is_sorted(stayingNewRows.cbegin(), stayingNewRows.cend())) {
        const QList<bool> kept = longestIncreasing(stayingNewRows);
        for (int i = 0; i < stayingRows.size(); ++i) {
            if (!kept.at(i))
                remove[stayingRows.at(i)] = true;
        }
    }
    removeMarkedRows(remove);

    // What is left is in the new order: insert the missing runs where they belong.
    int i = 0;
    while (i < newIds.size()) {
        if (i < m_ids.size() && m_ids.at(i) == newIds.at(i)) {
            ++i;
            continue;
        }
        const int end = i < m_ids.size() ? newRow.value(m_ids.at(i)) : int(newIds.size());
        beginInsertRows({}, i, end - 1);
        m_ids = m_ids.mid(0, i) + newIds.mid(i, end - i) + m_ids.mid(i);
        endInsertRows();
        i = end;
    }
}

void MessageListModel::removeMarkedRows(const QList<bool> &remove)
{
    // From the bottom up, one signal per contiguous run.
    int row = int(remove.size()) - 1;
    while (row >= 0) {
        if (!remove.at(row)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && remove.at(row))
            --row;
        const int first = row + 1;
        beginRemoveRows({}, first, last);
        for (int i = first; i <= last; ++i)
            m_rows.remove(m_ids.at(i));
        m_ids.remove(first, last - first + 1);
        endRemoveRows();
    }
}

void MessageListModel::emitChanged(const QList<qint64> &ids)
{
    const QSet<qint64> changed(ids.cbegin(), ids.cend());
    int row = 0;
    while (row < m_ids.size()) {
        if (!changed.contains(m_ids.at(row))) {
            ++row;
            continue;
        }
        const int first = row;
        while (row < m_ids.size() && changed.contains(m_ids.at(row)))
            ++row;
        Q_EMIT dataChanged(index(first, 0), index(row - 1, ColumnCount - 1));
    }
}

void MessageListModel::onMessagesAdded(qint64 folderId, const QList<qint64> &ids)
{
    Q_UNUSED(ids)
    if (m_folderIds.contains(folderId))
        refresh();
}

void MessageListModel::onMessagesChanged(qint64 folderId, const QList<qint64> &ids)
{
    if (!m_folderIds.contains(folderId))
        return;
    for (qint64 id : ids)
        m_rows.remove(id);
    // A change may hide a row (pending removal, read under the unread filter) or move it
    // (sorted by flag or attachments): then the ids are read again. Most changes (a flag
    // synced from the server while sorted by date) only repaint, without that query.
    const bool orderMayChange = m_order.key == store::MessageSortKey::Flagged
        || m_order.key == store::MessageSortKey::Attachments;
    bool membershipChanged = orderMayChange;
    if (!membershipChanged) {
        store::StoreError error;
        const QList<qint64> now =
            store::MessageListQuery(m_cache).listedAmong(m_folderIds, m_filter, ids, &error);
        noteError(error);
        const QSet<qint64> listedNow(now.cbegin(), now.cend());
        const QSet<qint64> changed(ids.cbegin(), ids.cend());
        QSet<qint64> listedBefore;
        for (qint64 id : std::as_const(m_ids)) {
            if (changed.contains(id))
                listedBefore.insert(id);
        }
        membershipChanged = error || listedNow != listedBefore;
    }
    if (membershipChanged)
        refresh();
    emitChanged(ids);
}

void MessageListModel::onMessagesRemoved(qint64 folderId, const QList<qint64> &ids)
{
    if (!m_folderIds.contains(folderId))
        return;
    // Removing rows never changes the order of the others: no query needed.
    const QSet<qint64> removed(ids.cbegin(), ids.cend());
    QList<bool> remove(m_ids.size(), false);
    for (int i = 0; i < m_ids.size(); ++i)
        remove[i] = removed.contains(m_ids.at(i));
    removeMarkedRows(remove);
}

void MessageListModel::onFolderReset(qint64 folderId)
{
    if (!m_folderIds.contains(folderId))
        return;
    // UIDVALIDITY changed (RFC 3501 s2.3.1.1): every message of the folder is gone at once.
    beginResetModel();
    reload();
    endResetModel();
}

} // namespace magpie::models
