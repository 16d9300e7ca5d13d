// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/SrvLookup.h"

#include <QDnsLookup>

using namespace Qt::StringLiterals;

namespace magpie::app {

SrvLookup::SrvLookup(QObject *parent)
    : QObject(parent)
{
}

SrvLookup::~SrvLookup() = default;

void SrvLookup::abort()
{
    delete m_lookups; // their finished() never comes now
    m_lookups = nullptr;
    m_waiting = 0;
}

void SrvLookup::start(const QString &domain)
{
    abort();
    m_records.clear();
    m_lookups = new QObject(this);
    const QStringList services = ServiceRecords::incomingServices() + ServiceRecords::outgoingServices();
    for (const QString &service : services) {
        auto *lookup = new QDnsLookup(QDnsLookup::SRV,
                                      u'_' + service + u"._tcp."_s + domain, m_lookups);
        ++m_waiting;
        connect(lookup, &QDnsLookup::finished, this, [this, lookup, service] {
            if (lookup->error() == QDnsLookup::NoError) {
                const QList<QDnsServiceRecord> answers = lookup->serviceRecords();
                for (const QDnsServiceRecord &answer : answers) {
                    m_records.append(ServiceRecord { service, answer.priority(), answer.weight(),
                                                     answer.target(), answer.port() });
                }
            }
            if (--m_waiting == 0) {
                m_lookups->deleteLater();
                m_lookups = nullptr;
                Q_EMIT finished(m_records);
            }
        });
        lookup->lookup();
    }
}

} // namespace magpie::app
