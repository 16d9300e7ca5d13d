// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/ClientConfig.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::app {

// The mail providers Magpie knows without asking the network: one Mozilla-format file per
// provider in resources/providers/ (compiled in through providers.qrc).
class ProviderList
{
public:
    // The bundled list, read once.
    static const ProviderList &bundled();

    // Reads every *.xml of `directory` (":/providers" for the bundled list). A file that
    // cannot be read or parsed is skipped: `problems` gets a sentence for each.
    static ProviderList load(const QString &directory, QStringList *problems = nullptr);

    // The provider serving `domain` (any case), or std::nullopt.
    std::optional<ClientConfig> providerFor(const QString &domain) const;
    // The proposal for `address` from this list, or std::nullopt when its domain is unknown.
    std::optional<MailServerProposal> proposalFor(const QString &address) const;

    const QList<ClientConfig> &providers() const { return m_providers; }

private:
    QList<ClientConfig> m_providers;
    QHash<QString, qsizetype> m_byDomain; // lower-case domain -> index in m_providers
};

} // namespace magpie::app
