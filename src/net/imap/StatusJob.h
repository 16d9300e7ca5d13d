// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QString>

#include <optional>

namespace magpie::imap {

// What STATUS said about a mailbox (RFC 3501 s6.3.10, RFC 7162 s3.1.7 HIGHESTMODSEQ); only the
// items the server sent are set.
struct MailboxStatus
{
    QString mailbox;
    std::optional<quint32> messages;
    std::optional<quint32> uidNext;
    std::optional<quint32> uidValidity;
    std::optional<quint32> unseen;
    std::optional<quint64> highestModSeq;
};

// "* STATUS mailbox (item value ...)" (RFC 3501 s7.2.4), sent for STATUS and for LIST's
// RETURN (STATUS ...) (RFC 5819 s2); nothing when it is not one.
std::optional<MailboxStatus> mailboxStatusFrom(const ImapResponse &response, bool utf8Accepted);

// STATUS for one mailbox: MESSAGES UIDNEXT UIDVALIDITY UNSEEN, and HIGHESTMODSEQ when the
// server offers CONDSTORE.
class StatusJob : public ImapJob
{
    Q_OBJECT
public:
    StatusJob(ImapSession *session, const QString &mailbox);
    ~StatusJob() override;

    MailboxStatus status() const { return m_status; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    MailboxStatus m_status;
    bool m_seen = false;
};

} // namespace magpie::imap
