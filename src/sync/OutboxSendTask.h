// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <QDateTime>
#include <memory>

namespace magpie::imap {
class ImapSession;
}
namespace magpie::smtp {
class SmtpSendJob;
}
namespace magpie::store {
class MailCache;
struct MessageSummary;
struct OutboxEntry;
}

namespace magpie::sync {

// Sends an account's due outbox entries (store::OutboxQueue) through its SMTP server
// (DESIGN.md, "The path of a message"): each entry is marked Sending (committed) before its
// first byte; 250 -> Sent, then the copy is filed: for IMAP accounts APPEND to the Sent
// folder after a UID SEARCH HEADER Message-ID there finds none (so a retry never files two),
// for POP3 accounts a local Sent folder; then the entry is deleted. A 4xx or a network error
// before the final dot -> Queued with the next attempt from RetrySchedule; after the final
// dot with no reply -> Unconfirmed (never resent on its own); 5xx -> Failed with the
// server's words. Entries are independent: one failing does not stop the others, unless the
// connection or login failed. Some recipients refused and others accepted: Sent, with the
// refused ones named in lastError (never resent: the others have it). The details, and
// what a crash at each moment leaves behind, are at the top of the .cpp.
class OutboxSendTask : public SyncTask
{
    Q_OBJECT
public:
    OutboxSendTask(const AccountConfig &account, const net::Credentials &smtpCredentials,
                   store::MailCache &cache, QObject *parent = nullptr);
    ~OutboxSendTask() override;

    // For filing into Sent on IMAP accounts; without it, filing waits for the next pass
    // that has one (the entry stays in state Sent until then).
    void setImapSession(imap::ImapSession *session);
    void setNow(const QDateTime &now); // tests; default: the clock
    int sent() const;
    int failed() const;

protected:
    void doStart() override;

private:
    // (implementation: private members may change freely; see the .cpp for the design)
    void smtpOpened();
    void smtpClosed(const net::NetError &error);
    void connectionFailed(const net::NetError &error);
    void sendNext();
    void sendFinished(smtp::SmtpSendJob *job);
    void endSmtpPhase();
    void startFiling();
    void fileNext();
    void append(const store::OutboxEntry &entry);
    void filed(const store::OutboxEntry &entry);
    void fileFailed(const store::OutboxEntry &entry, const net::NetError &error);
    void fileLocally();
    store::MessageSummary summaryOf(const store::OutboxEntry &entry, qint64 folderId) const;
    void finish();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
