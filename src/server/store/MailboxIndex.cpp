// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MailboxIndex.h"

#include "server/store/MailboxPath.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace magpie::server {

qsizetype MailboxIndex::indexOf(Uid uid) const
{
    const auto it = std::lower_bound(records.cbegin(), records.cend(), uid,
                                     [](const MessageRecord &r, Uid u) { return r.uid < u; });
    if (it == records.cend() || it->uid != uid)
        return -1;
    return it - records.cbegin();
}

QList<qsizetype> MailboxIndex::positionsOf(const QList<Uid> &uids) const
{
    QList<qsizetype> positions;
    QSet<Uid> seen;
    for (Uid uid : uids) {
        if (seen.contains(uid))
            continue;
        seen.insert(uid);
        const qsizetype at = indexOf(uid);
        if (at >= 0)
            positions.append(at);
    }
    return positions;
}

int MailboxIndex::unseen() const
{
    int count = 0;
    for (const MessageRecord &record : records) {
        if (!record.hasFlag("\\Seen"))
            ++count;
    }
    return count;
}

Uid MailboxIndex::appendRecord(MessageRecord record, const QString &location, bool recent)
{
    record.uid = uidNext++;
    records.append(std::move(record));
    locations.append(location);
    if (recent)
        unclaimedRecent.append(records.constLast().uid);
    return records.constLast().uid;
}

void MailboxIndex::appendReserved(MessageRecord record, const QString &location)
{
    Q_ASSERT(record.uid < uidNext && (records.isEmpty() || records.constLast().uid < record.uid));
    records.append(std::move(record));
    locations.append(location);
    unclaimedRecent.append(records.constLast().uid);
}

void MailboxIndex::removePositions(QList<qsizetype> positions)
{
    if (positions.isEmpty())
        return;
    // One pass that keeps the rest, so expunging thousands of a big mailbox's messages does
    // not move the remainder once per message.
    std::sort(positions.begin(), positions.end());
    QSet<Uid> gone;
    qsizetype kept = positions.first();
    qsizetype next = 0;
    for (qsizetype at = positions.first(); at < records.size(); ++at) {
        if (next < positions.size() && positions.at(next) == at) {
            gone.insert(records.at(at).uid);
            while (next < positions.size() && positions.at(next) == at)
                ++next; // the same position twice counts once
            continue;
        }
        if (kept != at) {
            records[kept] = std::move(records[at]);
            locations[kept] = std::move(locations[at]);
        }
        ++kept;
    }
    records.resize(kept);
    locations.resize(kept);
    unclaimedRecent.removeIf([&gone](Uid uid) { return gone.contains(uid); });
}

MailboxIndex *UserMail::find(const QString &name)
{
    for (MailboxIndex &mailbox : mailboxes) {
        if (mailbox.name == name)
            return &mailbox;
    }
    return nullptr;
}

const MailboxIndex *UserMail::find(const QString &name) const
{
    return const_cast<UserMail *>(this)->find(name);
}

void UserMail::insert(MailboxIndex mailbox)
{
    auto before = [](const QString &a, const QString &b) {
        if (MailboxPath::isInbox(a) != MailboxPath::isInbox(b))
            return MailboxPath::isInbox(a);
        return a < b;
    };
    const auto at = std::lower_bound(
        mailboxes.begin(), mailboxes.end(), mailbox.name,
        [&before](const MailboxIndex &m, const QString &name) { return before(m.name, name); });
    mailboxes.insert(at, std::move(mailbox));
}

bool UserMail::hasChildren(const QString &name) const
{
    return std::any_of(mailboxes.cbegin(), mailboxes.cend(), [&name](const MailboxIndex &m) {
        return MailboxPath::isBelow(m.name, name);
    });
}

quint32 UserMail::nextUidValidity()
{
    const auto now = static_cast<quint32>(QDateTime::currentSecsSinceEpoch());
    lastUidValidity = std::max(lastUidValidity + 1, now);
    return lastUidValidity;
}

} // namespace magpie::server
