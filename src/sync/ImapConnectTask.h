// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <memory>

namespace magpie::imap {
class ImapSession;
}

namespace magpie::sync {

// Opens an IMAP session for an account and makes it ready to sync: connect (TLS as the
// account says), log in, CAPABILITY if the login did not carry it, ENABLE CONDSTORE /
// QRESYNC (RFC 7162 s3.1, 3.2.3) when offered and the account allows them, and ID. On
// success takeSession() hands over the open session.
class ImapConnectTask : public SyncTask
{
    Q_OBJECT
public:
    ImapConnectTask(const AccountConfig &account, const net::Credentials &credentials,
                    QObject *parent = nullptr);
    ~ImapConnectTask() override;

    std::unique_ptr<imap::ImapSession> takeSession();

protected:
    void doStart() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
