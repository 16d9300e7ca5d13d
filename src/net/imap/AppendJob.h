// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QDateTime>
#include <QString>

namespace magpie::imap {

// APPEND (RFC 3501 s6.3.11): saves a whole RFC 5322 message in a mailbox (Sent, Drafts),
// with flags and an internal date. The message goes as a literal: the session waits for the
// server's "+" before sending it, or sends it at once with LITERAL+ (RFC 7888); with BINARY a
// message holding NUL bytes goes as literal8 (RFC 3516). With UIDPLUS the server says which
// UID the message got ([APPENDUID], RFC 4315 s3): uidValidity() and uid().
class AppendJob : public ImapJob
{
    Q_OBJECT
public:
    explicit AppendJob(ImapSession *session);
    ~AppendJob() override;

    void setMailbox(const QString &mailbox);
    void setMessage(const QByteArray &message);
    void setFlags(const QByteArrayList &flags); // e.g. \Seen for Sent, \Draft for Drafts
    void setInternalDate(const QDateTime &date); // invalid: the server uses the time of saving

    // From [APPENDUID uidvalidity uid]; 0 when the server did not say.
    quint32 uidValidity() const { return m_uidValidity; }
    quint32 uid() const { return m_uid; }
    // The server answered NO [TRYCREATE]: the mailbox does not exist (RFC 3501 s6.3.11).
    bool mailboxMissing() const { return m_mailboxMissing; }

    // date-time as APPEND writes it (RFC 3501 s9): "\" 5-Mar-2026 14:03:07 +0100\"".
    static QByteArray imapDateTime(const QDateTime &date);

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString what() const;

    QString m_mailbox;
    QByteArray m_message;
    QByteArrayList m_flags;
    QDateTime m_internalDate;
    quint32 m_uidValidity = 0;
    quint32 m_uid = 0;
    bool m_mailboxMissing = false;
};

} // namespace magpie::imap
