// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapJob.h"
#include "net/imap/UidSet.h"

#include <QByteArrayList>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::imap {

// What the server said while a mailbox was being selected (RFC 3501 s6.3.1, RFC 7162 s3.1.2
// and s3.2.5).
struct SelectedMailbox
{
    QString name;
    QByteArrayList flags; // FLAGS
    QByteArrayList permanentFlags; // [PERMANENTFLAGS]; "\\*" when new keywords may be made
    quint32 exists = 0;
    quint32 recent = 0;
    std::optional<quint32> uidValidity;
    std::optional<quint32> uidNext;
    std::optional<quint64> highestModSeq;
    bool noModSeq = false; // [NOMODSEQ]: the mailbox keeps no mod-sequences
    bool readOnly = false; // EXAMINE, or [READ-ONLY] in the tagged OK
    // QRESYNC (RFC 7162 s3.2.5.1): the known UIDs that were expunged meanwhile, and the
    // messages whose flags changed since the given mod-sequence.
    UidSet vanished;
    QList<FetchedMessage> changed;
};

// SELECT or EXAMINE (RFC 3501 s6.3.1/s6.3.2). With QRESYNC enabled and a known UIDVALIDITY
// and mod-sequence given, it sends (QRESYNC (uidvalidity modseq [known-uids])) (RFC 7162
// s3.2.5) and collects VANISHED (EARLIER) and the FETCH responses; else with CONDSTORE offered
// and not yet enabled it sends (CONDSTORE) (RFC 7162 s3.1.8) to learn HIGHESTMODSEQ.
class SelectJob : public ImapJob
{
    Q_OBJECT
public:
    SelectJob(ImapSession *session, const QString &mailbox);
    ~SelectJob() override;

    // EXAMINE instead of SELECT: nothing the client does changes the mailbox.
    void setReadOnly(bool readOnly) { m_examine = readOnly; }
    // What the cache knows: used only when QRESYNC is enabled (RFC 7162 s3.2.5);
    // `knownUids` may be empty.
    void setQResync(quint32 uidValidity, quint64 modSeq, const UidSet &knownUids = {});

    const SelectedMailbox &mailbox() const { return m_result; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    bool m_examine = false;
    std::optional<quint32> m_knownUidValidity;
    quint64 m_knownModSeq = 0;
    UidSet m_knownUids;
    SelectedMailbox m_result;
};

} // namespace magpie::imap
