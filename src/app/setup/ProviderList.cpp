// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/ProviderList.h"

#include <QDir>
#include <QFile>

#include <mutex>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace: magpie_app is a static library, so its
// compiled-in resources are registered explicitly.
static void initProviderResources()
{
    Q_INIT_RESOURCE(providers);
}

namespace magpie::app {

const ProviderList &ProviderList::bundled()
{
    static std::once_flag once;
    std::call_once(once, [] { initProviderResources(); });
    static const ProviderList list = load(u":/providers"_s);
    return list;
}

ProviderList ProviderList::load(const QString &directory, QStringList *problems)
{
    ProviderList list;
    const QDir dir(directory);
    const QStringList files = dir.entryList({ u"*.xml"_s }, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            if (problems)
                problems->append(name + u": "_s + file.errorString());
            continue;
        }
        QString error;
        std::optional<ClientConfig> config = ClientConfig::parse(file.read(ClientConfig::kMaxBytes + 1), &error);
        if (!config) {
            if (problems)
                problems->append(name + u": "_s + error);
            continue;
        }
        const qsizetype index = list.m_providers.size();
        for (const QString &domain : std::as_const(config->domains))
            list.m_byDomain.insert(domain, index);
        list.m_providers.append(std::move(*config));
    }
    return list;
}

std::optional<ClientConfig> ProviderList::providerFor(const QString &domain) const
{
    const auto it = m_byDomain.constFind(domain.trimmed().toLower());
    if (it == m_byDomain.cend())
        return std::nullopt;
    return m_providers.at(*it);
}

std::optional<MailServerProposal> ProviderList::proposalFor(const QString &address) const
{
    const std::optional<ClientConfig> provider = providerFor(MailServerProposal::domainOf(address));
    if (!provider)
        return std::nullopt;
    return provider->proposalFor(address.trimmed(), MailServerProposal::Source::ProviderList);
}

} // namespace magpie::app
