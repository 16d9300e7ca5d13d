// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QByteArrayList>

namespace magpie::imap {

// ENABLE (RFC 5161): asks for those of `extensions` ("CONDSTORE", "QRESYNC", "UTF8=ACCEPT")
// that the server lists in its capabilities; nothing is sent when none is. The session
// records what the server confirmed with ENABLED (RFC 5161 s3.2); enabled() lists them.
class EnableJob : public ImapJob
{
    Q_OBJECT
public:
    EnableJob(ImapSession *session, const QByteArrayList &extensions);
    ~EnableJob() override;

    QByteArrayList enabled() const { return m_enabled; } // upper-cased, as confirmed

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QByteArrayList m_requested;
    QByteArrayList m_enabled;
};

} // namespace magpie::imap
