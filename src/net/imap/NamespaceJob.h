// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

#include <QChar>
#include <QList>
#include <QString>

namespace magpie::imap {

// One namespace of RFC 2342 s5: a prefix ("INBOX.", "#shared/", "") and its hierarchy
// delimiter (null when the server said NIL: a flat namespace).
struct Namespace
{
    QString prefix;
    QChar delimiter;

    bool operator==(const Namespace &other) const
    {
        return prefix == other.prefix && delimiter == other.delimiter;
    }
};

// NAMESPACE (RFC 2342): the personal, other users' and shared namespaces. Without NAMESPACE
// in the capabilities the job succeeds at once with one personal namespace "" and no
// delimiter known.
class NamespaceJob : public ImapJob
{
    Q_OBJECT
public:
    explicit NamespaceJob(ImapSession *session);
    ~NamespaceJob() override;

    QList<Namespace> personal() const { return m_personal; }
    QList<Namespace> otherUsers() const { return m_otherUsers; }
    QList<Namespace> shared() const { return m_shared; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QList<Namespace> m_personal, m_otherUsers, m_shared;
    QString m_error;
};

} // namespace magpie::imap
