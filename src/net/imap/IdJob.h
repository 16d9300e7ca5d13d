// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QMap>
#include <QString>

namespace magpie::imap {

// ID (RFC 2971): tells the server who we are ("name" "Magpie" "version" X; nothing else, so
// the user is not fingerprinted further) and keeps what the server says about itself, which
// the connection log and `magpie-cli check` show. Without ID in the capabilities the job
// succeeds at once with an empty serverId().
class IdJob : public ImapJob
{
    Q_OBJECT
public:
    IdJob(ImapSession *session, const QString &clientVersion);
    ~IdJob() override;

    // Field names lower-cased ("name", "vendor", "version"); NIL values are left out.
    QMap<QString, QString> serverId() const { return m_serverId; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString m_clientVersion;
    QMap<QString, QString> m_serverId;
};

} // namespace magpie::imap
