// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/MailServerProposal.h"
#include "app/setup/ServiceRecords.h"

#include <QObject>
#include <QStringList>

#include <optional>

class QHostInfo;

namespace magpie::app {

class AutoconfigFetch;
class ProviderList;
class SrvLookup;

// Finds the servers for an address the way the issue orders it (and Thunderbird does): the
// bundled provider list, then the domain's autoconfig file, then its RFC 6186 SRV records,
// then common host names that exist in DNS (imap./mail. and smtp./mail. with implicit TLS,
// RFC 8314). The first step that yields an incoming server wins. Nothing here logs in: the
// AccountProbe tests what was found.
class ServerDiscovery : public QObject
{
    Q_OBJECT
public:
    enum class Step { ProviderList, Autoconfig, SrvRecords, CommonNames };
    Q_ENUM(Step)

    explicit ServerDiscovery(QObject *parent = nullptr);
    ~ServerDiscovery() override;

    // The list consulted first (default: ProviderList::bundled()); it must outlive this.
    void setProviderList(const ProviderList *providers) { m_providers = providers; }
    // Off: only the provider list is consulted (no DNS, no HTTPS).
    void setNetworkAllowed(bool allowed) { m_networkAllowed = allowed; }

    void start(const QString &address);
    void abort();
    bool isRunning() const { return m_running; }

    // The common-name guess from the names that exist (tests call it directly).
    static std::optional<MailServerProposal> guessFromNames(const QString &domain,
                                                            const QStringList &existingNames,
                                                            const QString &address);

Q_SIGNALS:
    void stepStarted(magpie::app::ServerDiscovery::Step step);
    void found(const magpie::app::MailServerProposal &proposal);
    // Nothing found; `details` says what each step met (for a "Details" view).
    void notFound(const QStringList &details);

private:
    void runStep(Step step);
    void finishWith(const std::optional<MailServerProposal> &proposal, Step next);
    void lookUpCommonNames();

    const ProviderList *m_providers = nullptr;
    AutoconfigFetch *m_autoconfig = nullptr;
    SrvLookup *m_srv = nullptr;
    QString m_address;
    QString m_domain;
    QStringList m_details;
    QList<int> m_hostLookups;
    QStringList m_existingNames;
    int m_namesWaiting = 0;
    bool m_networkAllowed = true;
    bool m_running = false;
};

} // namespace magpie::app
