// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/ServiceRecords.h"

#include <QObject>

namespace magpie::app {

// Asks DNS (QDnsLookup) for a domain's mail SRV records, RFC 6186 s3 and RFC 8314 s5.1: all
// of ServiceRecords::incomingServices() and outgoingServices() at once; finished() when every
// answer is in, with what was found (an error or no record for a service is just no record).
class SrvLookup : public QObject
{
    Q_OBJECT
public:
    explicit SrvLookup(QObject *parent = nullptr);
    ~SrvLookup() override;

    void start(const QString &domain);
    void abort();

Q_SIGNALS:
    void finished(const QList<magpie::app::ServiceRecord> &records);

private:
    QList<ServiceRecord> m_records;
    QObject *m_lookups = nullptr; // parent of this round's QDnsLookups
    int m_waiting = 0;
};

} // namespace magpie::app
