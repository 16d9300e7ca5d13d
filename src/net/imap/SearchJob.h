// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"
#include "net/imap/SearchCriteria.h"
#include "net/imap/UidSet.h"

#include <optional>

namespace magpie::imap {

// UID SEARCH (RFC 3501 s6.4.4, s6.4.8) in the selected mailbox. When the server offers
// ESEARCH the job asks "RETURN (ALL COUNT)" and reads "* ESEARCH (TAG "a3") UID ALL 1:5,9
// COUNT 6" (RFC 4731 s3.1): the matches come as a compact set rather than one number each;
// otherwise it reads "* SEARCH 1 2 3". Either way the result is uids() and count().
class SearchJob : public ImapJob
{
    Q_OBJECT
public:
    explicit SearchJob(ImapSession *session);
    ~SearchJob() override;

    void setCriteria(const SearchCriteria &criteria);

    const UidSet &uids() const { return m_uids; }
    quint64 count() const { return m_count; }
    // The highest MODSEQ of the matches, when the search used MODSEQ (RFC 7162 s3.1.5).
    std::optional<quint64> highestModSeq() const { return m_highestModSeq; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString what() const;
    bool readSearch(const ImapResponse &response);
    bool readEsearch(const ImapResponse &response);

    SearchCriteria m_criteria;
    QByteArray m_tag;
    bool m_esearch = false;
    UidSet m_uids;
    quint64 m_count = 0;
    std::optional<quint64> m_highestModSeq;
    QString m_badResponse;
};

} // namespace magpie::imap
