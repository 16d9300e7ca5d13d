// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/KnownAddresses.h"

#include "store/FolderRecord.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace magpie::store {

namespace {

constexpr int writtenToWeight = 3; // an address the person wrote to ranks above a sender

struct Known
{
    mime::Mailbox mailbox;
    int uses = 0;
};

class Tally
{
public:
    void count(const QString &name, const QString &address, int weight)
    {
        const QString trimmed = address.trimmed();
        if (!trimmed.contains(u'@'))
            return;
        Known &known = m_known[trimmed.toLower()];
        if (known.mailbox.address.isEmpty())
            known.mailbox.address = trimmed;
        // The most recent non-empty name wins (rows come newest first): people change names.
        if (known.mailbox.name.isEmpty())
            known.mailbox.name = name.trimmed();
        known.uses += weight;
    }

    // "name" U+001F "address", mailboxes separated by U+001E (store/Schema.cpp).
    void countList(const QString &list, int weight)
    {
        const QStringList mailboxes = list.split(QChar(0x1e), Qt::SkipEmptyParts);
        for (const QString &entry : mailboxes) {
            const qsizetype separator = entry.indexOf(QChar(0x1f));
            if (separator < 0)
                count({}, entry, weight);
            else
                count(entry.left(separator), entry.mid(separator + 1), weight);
        }
    }

    QList<mime::Mailbox> ranked(int limit) const
    {
        QList<Known> all = m_known.values();
        std::stable_sort(all.begin(), all.end(), [](const Known &a, const Known &b) {
            if (a.uses != b.uses)
                return a.uses > b.uses;
            return a.mailbox.address.compare(b.mailbox.address, Qt::CaseInsensitive) < 0;
        });
        QList<mime::Mailbox> result;
        for (const Known &known : all) {
            if (result.size() >= limit)
                break;
            result.append(known.mailbox);
        }
        return result;
    }

private:
    QHash<QString, Known> m_known;
};

} // namespace

KnownAddresses::KnownAddresses(store::MailCache &cache)
    : m_cache(cache)
{
}

QList<mime::Mailbox> KnownAddresses::load(bool includeSeen, int limit) const
{
    Tally tally;
    if (!m_cache.isOpen())
        return {};

    // Written to: the recipients of the Sent folders' most recent messages.
    QSqlQuery sent(m_cache.connection());
    sent.prepare(u"SELECT m.to_list, m.cc_list FROM messages m JOIN folders f ON f.id = m.folder_id"
                 " WHERE f.role = ? AND m.local_state <> 1 ORDER BY m.date DESC LIMIT ?"_s);
    sent.addBindValue(int(store::FolderRole::Sent));
    sent.addBindValue(limit);
    if (sent.exec()) {
        while (sent.next()) {
            tally.countList(sent.value(0).toString(), writtenToWeight);
            tally.countList(sent.value(1).toString(), writtenToWeight);
        }
    }
    // ... and what waits in the outbox (not in Sent yet).
    const QList<store::OutboxEntry> queued = store::OutboxQueue(m_cache).entries();
    for (const store::OutboxEntry &entry : queued) {
        for (const QByteArray &recipient : entry.recipients)
            tally.count({}, QString::fromUtf8(recipient), writtenToWeight);
    }

    if (includeSeen) {
        // Seen: senders of cached mail, Junk excepted (spammers are not correspondents).
        QSqlQuery seen(m_cache.connection());
        seen.prepare(u"SELECT m.from_name, m.from_address FROM messages m"
                     " JOIN folders f ON f.id = m.folder_id"
                     " WHERE f.role <> ? AND m.from_address <> '' AND m.local_state <> 1"
                     " ORDER BY m.date DESC LIMIT ?"_s);
        seen.addBindValue(int(store::FolderRole::Junk));
        seen.addBindValue(limit * 4);
        if (seen.exec()) {
            while (seen.next())
                tally.count(seen.value(0).toString(), seen.value(1).toString(), 1);
        }
    }
    return tally.ranked(limit);
}

QStringList KnownAddresses::completions(bool includeSeen, int limit) const
{
    QStringList result;
    const QList<mime::Mailbox> mailboxes = load(includeSeen, limit);
    for (const mime::Mailbox &mailbox : mailboxes)
        result.append(mailbox.toDisplayString());
    return result;
}

} // namespace magpie::store
