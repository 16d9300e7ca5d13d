// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapMailboxView.h"

#include "server/imap/ImapOutput.h"

#include <algorithm>

namespace magpie::server {

namespace {

bool containsFlag(const QList<QByteArray> &flags, QByteArrayView flag)
{
    return std::any_of(flags.cbegin(), flags.cend(), [&](const QByteArray &f) {
        return QByteArrayView(f).compare(flag, Qt::CaseInsensitive) == 0;
    });
}

// The position of `uid` in `records` (UID order), or -1.
qsizetype indexOfUid(const QList<MessageRecord> &records, Uid uid)
{
    const auto it = std::lower_bound(records.cbegin(), records.cend(), uid,
                                     [](const MessageRecord &r, Uid u) { return r.uid < u; });
    return it != records.cend() && it->uid == uid ? it - records.cbegin() : -1;
}

QByteArray number(qsizetype n)
{
    return QByteArray::number(n);
}

} // namespace

void ImapMailboxView::reset(const QList<MessageRecord> &records, const QList<Uid> &recent)
{
    clear();
    m_records = records;
    m_uids.reserve(records.size());
    for (const MessageRecord &record : records) {
        m_uids.append(record.uid);
        learnKeywords(record.flags);
    }
    m_highestUid = largestUid();
    for (Uid uid : recent)
        m_recent.insert(uid);
}

void ImapMailboxView::clear()
{
    m_records.clear();
    m_uids.clear();
    m_recent.clear();
    m_expunged.clear();
    m_flagsPending.clear();
    m_keywords.clear();
    m_highestUid = 0;
    m_addedPending = false;
    m_expungePending = false;
}

qsizetype ImapMailboxView::sequenceOf(Uid uid) const
{
    const auto it = std::lower_bound(m_uids.cbegin(), m_uids.cend(), uid);
    return it != m_uids.cend() && *it == uid ? (it - m_uids.cbegin()) + 1 : 0;
}

QList<QByteArray> ImapMailboxView::fetchFlags(qsizetype sequence) const
{
    const MessageRecord &record = at(sequence);
    if (!m_recent.contains(record.uid))
        return record.flags;
    QList<QByteArray> flags = record.flags;
    flags.append(QByteArrayLiteral("\\Recent"));
    return flags;
}

QByteArray ImapMailboxView::flagsResponse() const
{
    QList<QByteArray> flags = { QByteArrayLiteral("\\Answered"), QByteArrayLiteral("\\Flagged"),
                                QByteArrayLiteral("\\Deleted"), QByteArrayLiteral("\\Seen"),
                                QByteArrayLiteral("\\Draft") };
    flags += m_keywords;
    return "* FLAGS " + ImapOutput::flagList(flags) + "\r\n";
}

void ImapMailboxView::noteFlagsChanged(const QList<Uid> &uids)
{
    for (Uid uid : uids)
        m_flagsPending.insert(uid);
}

bool ImapMailboxView::hasPendingChanges() const
{
    return m_addedPending || m_expungePending || !m_flagsPending.isEmpty() || !m_expunged.isEmpty();
}

bool ImapMailboxView::learnKeywords(const QList<QByteArray> &flags)
{
    bool learned = false;
    for (const QByteArray &flag : flags) {
        if (!flag.startsWith('\\') && !containsFlag(m_keywords, flag)) {
            m_keywords.append(flag);
            learned = true;
        }
    }
    return learned;
}

QByteArray ImapMailboxView::updateFlags(Uid uid, const QList<QByteArray> &flags)
{
    const qsizetype sequence = sequenceOf(uid);
    if (sequence == 0)
        return {};
    m_records[sequence - 1].flags = flags;
    return learnKeywords(flags) ? flagsResponse() : QByteArray();
}

QByteArray ImapMailboxView::remove(const QList<Uid> &uids)
{
    if (uids.isEmpty())
        return {};
    QSet<Uid> gone(uids.cbegin(), uids.cend());
    QByteArray out;
    QList<MessageRecord> kept;
    kept.reserve(m_records.size());
    qsizetype removed = 0;
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        const Uid uid = m_records.at(i).uid;
        if (gone.contains(uid)) {
            // Each EXPUNGE renumbers the messages after it at once (RFC 3501 s7.4.1), so
            // the k-th removal in ascending order names original position minus k.
            out += "* " + number(i + 1 - removed) + " EXPUNGE\r\n";
            ++removed;
            m_recent.remove(uid);
            m_expunged.remove(uid);
            m_flagsPending.remove(uid);
        } else {
            kept.append(m_records.at(i));
        }
    }
    if (removed == 0)
        return {};
    m_records = std::move(kept);
    m_uids.clear();
    m_uids.reserve(m_records.size());
    for (const MessageRecord &record : std::as_const(m_records))
        m_uids.append(record.uid);
    return out;
}

QByteArray ImapMailboxView::synchronize(const QList<MessageRecord> &current,
                                        const QList<Uid> &newlyRecent, bool announceExpunges)
{
    QByteArray out;

    // Messages gone from the store: ghosts until they may be announced.
    if (m_expungePending) {
        m_expungePending = false;
        for (const MessageRecord &record : std::as_const(m_records)) {
            if (indexOfUid(current, record.uid) < 0)
                m_expunged.insert(record.uid);
        }
    }
    if (announceExpunges && !m_expunged.isEmpty()) {
        QList<Uid> gone(m_expunged.cbegin(), m_expunged.cend());
        std::sort(gone.begin(), gone.end());
        out += remove(gone);
    }

    // New messages (RFC 3501 s7.3.1: EXISTS may come after any command).
    QByteArray flagsUpdate;
    if (m_addedPending) {
        m_addedPending = false;
        auto first = std::upper_bound(current.cbegin(), current.cend(), m_highestUid,
                                      [](Uid u, const MessageRecord &r) { return u < r.uid; });
        if (first != current.cend()) {
            for (auto it = first; it != current.cend(); ++it) {
                m_records.append(*it);
                m_uids.append(it->uid);
                if (learnKeywords(it->flags))
                    flagsUpdate = flagsResponse();
            }
            m_highestUid = m_uids.constLast();
            for (Uid uid : newlyRecent) {
                if (sequenceOf(uid) != 0)
                    m_recent.insert(uid);
            }
            out += flagsUpdate;
            out += "* " + number(m_records.size()) + " EXISTS\r\n";
            out += "* " + number(m_recent.size()) + " RECENT\r\n";
            flagsUpdate.clear();
        }
    }

    // Flags changed by others, in sequence-number order.
    if (!m_flagsPending.isEmpty()) {
        QList<qsizetype> sequences;
        for (Uid uid : std::as_const(m_flagsPending)) {
            const qsizetype sequence = sequenceOf(uid);
            if (sequence == 0 || m_expunged.contains(uid))
                continue;
            const qsizetype index = indexOfUid(current, uid);
            if (index < 0 || current.at(index).flags == m_records.at(sequence - 1).flags)
                continue;
            m_records[sequence - 1].flags = current.at(index).flags;
            if (learnKeywords(current.at(index).flags))
                flagsUpdate = flagsResponse();
            sequences.append(sequence);
        }
        m_flagsPending.clear();
        std::sort(sequences.begin(), sequences.end());
        out += flagsUpdate;
        for (qsizetype sequence : std::as_const(sequences)) {
            out += "* " + number(sequence) + " FETCH (FLAGS "
                + ImapOutput::flagList(fetchFlags(sequence)) + ")\r\n";
        }
    }
    return out;
}

} // namespace magpie::server
