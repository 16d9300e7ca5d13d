// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapSessionCache.h"

#include "server/ServerContext.h"

#include <QHashFunctions>

namespace magpie::server {

namespace {
const QString kObjectName = QStringLiteral("magpie-imap-structure-cache");
}

size_t qHash(const ImapSessionCache::Key &key, size_t seed)
{
    return qHashMulti(seed, key.user, key.mailbox, key.uidValidity, key.uid);
}

ImapSessionCache::ImapSessionCache(qsizetype budgetBytes, QObject *parent)
    : QObject(parent)
    , m_entries(budgetBytes)
{ }

ImapSessionCache &ImapSessionCache::of(ServerContext &context)
{
    // The context is the one object every session of a server shares; the cache lives as
    // its child, so it goes when the server does.
    if (auto *cache =
            context.findChild<ImapSessionCache *>(kObjectName, Qt::FindDirectChildrenOnly))
        return *cache;
    auto *cache = new ImapSessionCache(kDefaultBudgetBytes, &context);
    cache->setObjectName(kObjectName);
    return *cache;
}

qsizetype ImapSessionCache::Entry::cost() const
{
    // The key's strings and the bookkeeping are counted roughly, so that a mailbox of tiny
    // messages cannot grow the cache far past its budget.
    return items[0].size() + items[1].size() + items[2].size() + 128;
}

QByteArray ImapSessionCache::find(const Key &key, Item item)
{
    const Entry *entry = m_entries.object(key);
    return entry ? entry->items[static_cast<int>(item)] : QByteArray();
}

void ImapSessionCache::insert(const Key &key, Item item, const QByteArray &value)
{
    auto entry = std::make_unique<Entry>();
    if (const Entry *old = m_entries.object(key))
        *entry = *old;
    entry->items[static_cast<int>(item)] = value;
    const qsizetype cost = entry->cost();
    // QCache takes ownership of the entry (and deletes it at once when it is too big).
    m_entries.insert(key, entry.release(), cost);
}

} // namespace magpie::server
