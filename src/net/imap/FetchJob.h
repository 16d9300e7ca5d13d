// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QByteArray>
#include <QFlags>
#include <QHash>
#include <QList>

namespace magpie::imap {

// UID FETCH (RFC 3501 s6.4.8, s6.4.5) of the chosen items for a UID set or "first:*", with
// the CONDSTORE/QRESYNC modifiers CHANGEDSINCE and VANISHED (RFC 7162 s3.1.4, s3.2.6); FETCH
// by message sequence number for callers that need it.
//
// Each FETCH response is delivered through messageFetched() as it arrives and then forgotten,
// so fetching the headers of 100,000 messages holds one at a time; setCollectMessages(true)
// keeps them for messages() instead. A server may split one message's items over several
// FETCH responses: each is delivered as it came (collected ones are merged by UID).
//
//   auto *job = new FetchJob(session);
//   job->setUidsFrom(1);
//   job->setItems(FetchJob::Item::Flags | FetchJob::Item::Envelope);
//   job->setChangedSince(highestModSeq); // QRESYNC resync: and job->setVanished(true)
//   connect(job, &FetchJob::messageFetched, store, &Store::updateSummary);
//   job->start();
class FetchJob : public ImapJob
{
    Q_OBJECT
public:
    enum class Item : quint32 {
        Flags = 0x01,
        Envelope = 0x02,
        BodyStructure = 0x04,
        Size = 0x08, // RFC822.SIZE
        InternalDate = 0x10,
        Uid = 0x20, // always sent with UID FETCH; for FETCH by sequence number
        ModSeq = 0x40, // RFC 7162 s3.1.4.1; needs CONDSTORE
    };
    Q_DECLARE_FLAGS(Items, Item)

    explicit FetchJob(ImapSession *session);
    ~FetchJob() override;

    // Which messages: a UID set, all UIDs from `firstUid` on ("first:*"), or message sequence
    // numbers (RFC 3501 s6.4.5; they change with every expunge, so UIDs are preferred).
    void setUids(const UidSet &uids);
    void setUidsFrom(quint32 firstUid);
    void setSequenceNumbers(const UidSet &numbers);

    void setItems(Items items);
    // BODY.PEEK[section] (RFC 3501 s6.4.5; PEEK: fetching does not set \Seen). `section` as
    // written in the brackets: "" for the whole message, "HEADER", "TEXT", "1.2", "1.2.MIME",
    // "HEADER.FIELDS (SUBJECT FROM)". With `length` > 0 only the octets from `origin` on
    // ("<origin.length>"). May be called several times. An invalid section fails the job
    // before anything is sent. The contents arrive in FetchedMessage::sections under the
    // section upper-cased.
    void addBodySection(const QByteArray &section, quint64 origin = 0, quint64 length = 0);

    // Only messages whose MODSEQ is above `modSeq` (CHANGEDSINCE, RFC 7162 s3.1.4); needs
    // CONDSTORE. With setVanished(true), also the UIDs in the set expunged since then, as
    // vanished() (RFC 7162 s3.2.6); needs QRESYNC enabled, CHANGEDSINCE and a UID FETCH.
    void setChangedSince(quint64 modSeq);
    void setVanished(bool vanished);

    // Keep every fetched message for messages() (merged by UID); off by default.
    void setCollectMessages(bool collect);
    const QList<FetchedMessage> &messages() const { return m_messages; }
    // Every UID reported as vanished during the fetch.
    const UidSet &vanishedUids() const { return m_vanished; }
    // How many FETCH responses were delivered.
    quint64 fetchedCount() const { return m_fetchedCount; }

Q_SIGNALS:
    void messageFetched(const magpie::imap::FetchedMessage &message);
    void vanished(const magpie::imap::UidSet &uids);

protected:
    void doStart() override;
    bool pipelines() const override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    struct BodySection
    {
        QByteArray section;
        quint64 origin = 0;
        quint64 length = 0;
    };
    QString what() const;
    QByteArray itemList() const;
    bool isRequested(quint32 number) const;
    void collect(const FetchedMessage &message);
    void noteBadResponse(const QString &why);

    UidSet m_set;
    quint32 m_from = 0; // "m_from:*" when non-zero
    bool m_byUid = true;
    Items m_items;
    QList<BodySection> m_sections;
    QString m_invalidSection;
    quint64 m_changedSince = 0;
    bool m_vanishedModifier = false;
    bool m_collect = false;

    QList<FetchedMessage> m_messages;
    QHash<quint32, qsizetype> m_collectedIndex;
    UidSet m_vanished;
    quint64 m_fetchedCount = 0;
    QString m_badResponse; // the first FETCH/VANISHED response Magpie could not read
};

} // namespace magpie::imap

Q_DECLARE_OPERATORS_FOR_FLAGS(magpie::imap::FetchJob::Items)
