// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncTask.h"

#include <QList>
#include <QDateTime>

#include <memory>

namespace magpie::imap {
class ImapSession;
}
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Fetches whole messages (UID FETCH BODY.PEEK[], so \Seen is not set, RFC 3501 s6.4.5) into
// the BodyStore: the ones asked for (a message opened in the view), or with setPrefetch()
// the folder's messages received in the last N days that have no body yet, newest first.
// Selects the folder first when the session is elsewhere. Bodies are streamed per message
// and saved as each arrives, so an interruption keeps what was fetched.
class BodyFetchTask : public SyncTask
{
    Q_OBJECT
public:
    BodyFetchTask(const QString &accountId, imap::ImapSession *session, store::MailCache &cache,
                  QObject *parent = nullptr);
    ~BodyFetchTask() override;

    void setMessages(const QList<qint64> &messageIds);
    void setPrefetch(qint64 folderId, int days, int limit = 2000);
    qint64 fetched() const;

protected:
    void doStart() override;

private:
    void nextFolder();
    void nextBatch();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
