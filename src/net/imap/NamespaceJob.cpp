// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/NamespaceJob.h"

#include "net/imap/UntaggedData.h"

namespace magpie::imap {

using net::NetError;

NamespaceJob::NamespaceJob(ImapSession *session)
    : ImapJob(session)
{ }

NamespaceJob::~NamespaceJob() = default;

void NamespaceJob::doStart()
{
    if (!hasCapability("NAMESPACE")) {
        m_personal = { Namespace {} }; // RFC 2342 s1: everything is the user's own
        finishWithSuccess();
        return;
    }
    send(ImapCommand("NAMESPACE"));
}

bool NamespaceJob::handleUntagged(const ImapResponse &response)
{
    if (response.name != "NAMESPACE")
        return false;
    // RFC 2342 s5: three values, each NIL or ((prefix delimiter [extensions]) ...).
    if (response.data.size() < 3) {
        m_error = tr("the NAMESPACE response has %1 parts instead of 3").arg(response.data.size());
        return true;
    }
    QList<Namespace> *targets[] = { &m_personal, &m_otherUsers, &m_shared };
    for (int i = 0; i < 3; ++i) {
        const ImapValue &group = response.data.at(i);
        targets[i]->clear();
        if (group.isNil())
            continue;
        if (!group.isList()) {
            m_error = tr("a namespace group is neither NIL nor a list");
            return true;
        }
        for (const ImapValue &entry : group.list) {
            if (!entry.isList() || entry.list.size() < 2) {
                m_error = tr("a namespace lacks its prefix or delimiter");
                return true;
            }
            Namespace ns;
            ns.prefix = untagged::mailboxName(entry.list.at(0).text(), utf8Accepted());
            const QByteArray delimiter = entry.list.at(1).text();
            if (!delimiter.isEmpty())
                ns.delimiter = QChar::fromLatin1(delimiter.at(0));
            targets[i]->append(ns);
        }
    }
    return true;
}

void NamespaceJob::handleTagged(const ImapResponse &response)
{
    if (response.status != ImapResponse::Status::Ok) {
        finishWithError(errorFrom(response, tr("Asking %1 for its namespaces").arg(host())));
        return;
    }
    if (!m_error.isEmpty()) {
        finishWithError(NetError::make(
            NetError::Code::ProtocolViolation,
            tr("%1 sent a namespace list Magpie could not read: %2.").arg(host(), m_error)));
        return;
    }
    finishWithSuccess();
}

} // namespace magpie::imap
