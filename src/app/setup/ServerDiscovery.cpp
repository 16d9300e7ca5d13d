// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/ServerDiscovery.h"

#include "app/setup/AutoconfigFetch.h"
#include "app/setup/ProviderList.h"
#include "app/setup/SrvLookup.h"

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {
QStringList incomingNames(const QString &domain)
{
    return { u"imap."_s + domain, u"mail."_s + domain };
}
QStringList outgoingNames(const QString &domain)
{
    return { u"smtp."_s + domain, u"mail."_s + domain };
}
} // namespace

ServerDiscovery::ServerDiscovery(QObject *parent)
    : QObject(parent)
    , m_autoconfig(new AutoconfigFetch(this))
    , m_srv(new SrvLookup(this))
{
    connect(m_autoconfig, &AutoconfigFetch::finished, this,
            [this](const std::optional<MailServerProposal> &proposal, const QStringList &problems) {
                m_details += problems;
                finishWith(proposal, Step::SrvRecords);
            });
    connect(m_srv, &SrvLookup::finished, this, [this](const QList<ServiceRecord> &records) {
        const std::optional<MailServerProposal> proposal =
            ServiceRecords::proposalFor(records, m_address);
        if (!proposal)
            m_details.append(tr("No usable SRV records for %1.").arg(m_domain));
        finishWith(proposal, Step::CommonNames);
    });
}

ServerDiscovery::~ServerDiscovery()
{
    abort();
}

void ServerDiscovery::abort()
{
    m_running = false;
    m_autoconfig->abort();
    m_srv->abort();
    for (const int id : std::as_const(m_hostLookups))
        QHostInfo::abortHostLookup(id);
    m_hostLookups.clear();
    m_namesWaiting = 0;
}

void ServerDiscovery::start(const QString &address)
{
    abort();
    m_address = address.trimmed();
    m_domain = MailServerProposal::domainOf(m_address);
    m_details.clear();
    m_running = true;
    runStep(Step::ProviderList);
}

void ServerDiscovery::runStep(Step step)
{
    if (!m_running)
        return;
    Q_EMIT stepStarted(step);
    if (!m_running) // a slot may have aborted
        return;
    switch (step) {
    case Step::ProviderList: {
        const ProviderList &providers = m_providers ? *m_providers : ProviderList::bundled();
        const std::optional<MailServerProposal> proposal = providers.proposalFor(m_address);
        if (!proposal)
            m_details.append(tr("%1 is not in Magpie's list of mail providers.").arg(m_domain));
        if (!m_networkAllowed && !proposal) {
            m_running = false;
            Q_EMIT notFound(m_details);
            return;
        }
        finishWith(proposal, Step::Autoconfig);
        return;
    }
    case Step::Autoconfig:
        m_autoconfig->start(m_address);
        return;
    case Step::SrvRecords:
        m_srv->start(m_domain);
        return;
    case Step::CommonNames:
        lookUpCommonNames();
        return;
    }
}

void ServerDiscovery::finishWith(const std::optional<MailServerProposal> &proposal, Step next)
{
    if (!m_running)
        return;
    if (proposal) {
        m_running = false;
        Q_EMIT found(*proposal);
        return;
    }
    runStep(next);
}

void ServerDiscovery::lookUpCommonNames()
{
    m_existingNames.clear();
    QStringList names = incomingNames(m_domain);
    for (const QString &name : outgoingNames(m_domain)) {
        if (!names.contains(name))
            names.append(name);
    }
    m_namesWaiting = int(names.size());
    for (const QString &name : std::as_const(names)) {
        const int id = QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
            m_hostLookups.removeOne(info.lookupId());
            if (!m_running)
                return;
            if (info.error() == QHostInfo::NoError && !info.addresses().isEmpty())
                m_existingNames.append(name);
            if (--m_namesWaiting > 0)
                return;
            const std::optional<MailServerProposal> proposal =
                guessFromNames(m_domain, m_existingNames, m_address);
            m_running = false;
            if (proposal) {
                Q_EMIT found(*proposal);
            } else {
                m_details.append(tr("Neither imap.%1 nor mail.%1 exists.").arg(m_domain));
                Q_EMIT notFound(m_details);
            }
        });
        m_hostLookups.append(id);
    }
}

std::optional<MailServerProposal> ServerDiscovery::guessFromNames(const QString &domain,
                                                                  const QStringList &existingNames,
                                                                  const QString &address)
{
    MailServerProposal proposal;
    proposal.source = MailServerProposal::Source::CommonNames;
    for (const QString &name : incomingNames(domain)) {
        if (existingNames.contains(name)) {
            proposal.incomingServer.host = name;
            proposal.incomingServer.port = 993;
            proposal.incomingServer.security = net::ServerEndpoint::Security::ImplicitTls;
            proposal.incomingUser = address;
            break;
        }
    }
    if (!proposal.hasIncoming())
        return std::nullopt;
    for (const QString &name : outgoingNames(domain)) {
        if (existingNames.contains(name)) {
            proposal.smtpServer.host = name;
            proposal.smtpServer.port = 465; // submissions, RFC 8314 s3.3
            proposal.smtpServer.security = net::ServerEndpoint::Security::ImplicitTls;
            proposal.smtpUser = address;
            break;
        }
    }
    return proposal;
}

} // namespace magpie::app
