// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/MailServerProposal.h"

#include <QList>
#include <QString>

#include <optional>

namespace magpie::app {

// RFC 6186 SRV records of a mail domain ("_imaps._tcp.example.com" and friends, RFC 8314
// s5.1 for _submissions) and the choice of servers they lead to. No network here: SrvLookup
// fetches them.
struct ServiceRecord
{
    QString service; // "imaps", "imap", "pop3s", "pop3", "submissions", "submission"
    quint16 priority = 0;
    quint16 weight = 0;
    QString target;
    quint16 port = 0;
};

class ServiceRecords
{
public:
    // The services asked for, most preferred first where priorities tie: implicit TLS before
    // STARTTLS (RFC 8314 s5.1), and IMAP before POP3 (Magpie's preference; a domain states its
    // own through the priorities, RFC 6186 s3.4).
    static QStringList incomingServices();
    static QStringList outgoingServices();

    // The usable records of `services` best first: records with the target "." (the service
    // is decidedly not offered, RFC 2782), port 0 or a malformed target dropped; then lowest
    // priority first (RFC 2782), across services too (RFC 6186 s3.4); ties by the order of
    // `services`, then the highest weight (setup picks one server once, so the weighted
    // random choice of RFC 2782 is replaced by the heaviest: the one the domain wants most),
    // then the target name so the order is stable.
    static QList<ServiceRecord> ordered(const QList<ServiceRecord> &records,
                                        const QStringList &services);

    // The best incoming and outgoing server for `address`; std::nullopt when no usable
    // incoming record exists. Services without TLS in the name get STARTTLS, never plaintext.
    static std::optional<MailServerProposal> proposalFor(const QList<ServiceRecord> &records,
                                                         const QString &address);
};

} // namespace magpie::app
