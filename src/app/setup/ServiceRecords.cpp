// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/ServiceRecords.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace magpie::app {

QStringList ServiceRecords::incomingServices()
{
    return { u"imaps"_s, u"imap"_s, u"pop3s"_s, u"pop3"_s };
}

QStringList ServiceRecords::outgoingServices()
{
    return { u"submissions"_s, u"submission"_s };
}

QList<ServiceRecord> ServiceRecords::ordered(const QList<ServiceRecord> &records,
                                             const QStringList &services)
{
    QList<ServiceRecord> usable;
    for (ServiceRecord record : records) {
        if (!services.contains(record.service) || record.port == 0)
            continue;
        if (record.target.endsWith(u'.'))
            record.target.chop(1); // QDnsLookup gives names without it; tests may not
        if (record.target.isEmpty() || !MailServerProposal::isHostName(record.target))
            continue; // "." : not offered (RFC 2782); anything else: malformed
        usable.append(record);
    }
    std::stable_sort(usable.begin(), usable.end(),
                     [&services](const ServiceRecord &a, const ServiceRecord &b) {
                         if (a.priority != b.priority)
                             return a.priority < b.priority;
                         const qsizetype rankA = services.indexOf(a.service);
                         const qsizetype rankB = services.indexOf(b.service);
                         if (rankA != rankB)
                             return rankA < rankB;
                         if (a.weight != b.weight)
                             return a.weight > b.weight;
                         return a.target < b.target;
                     });
    return usable;
}

std::optional<MailServerProposal> ServiceRecords::proposalFor(const QList<ServiceRecord> &records,
                                                              const QString &address)
{
    using Security = net::ServerEndpoint::Security;
    const QList<ServiceRecord> incoming = ordered(records, incomingServices());
    if (incoming.isEmpty())
        return std::nullopt;
    MailServerProposal proposal;
    proposal.source = MailServerProposal::Source::SrvRecords;
    const ServiceRecord &in = incoming.first();
    proposal.incoming = in.service.startsWith(u"pop3") ? sync::AccountConfig::Incoming::Pop3
                                                       : sync::AccountConfig::Incoming::Imap;
    proposal.incomingServer.host = in.target;
    proposal.incomingServer.port = in.port;
    proposal.incomingServer.security = in.service.endsWith(u's') ? Security::ImplicitTls
                                                                : Security::StartTls;
    proposal.incomingUser = address;
    const QList<ServiceRecord> outgoing = ordered(records, outgoingServices());
    if (!outgoing.isEmpty()) {
        const ServiceRecord &out = outgoing.first();
        proposal.smtpServer.host = out.target;
        proposal.smtpServer.port = out.port;
        proposal.smtpServer.security = out.service == u"submissions" ? Security::ImplicitTls
                                                                     : Security::StartTls;
        proposal.smtpUser = address;
    }
    return proposal;
}

} // namespace magpie::app
