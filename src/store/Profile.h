// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::store {

// The folder that holds one user's Magpie: settings (magpie.ini), the mail cache
// (cache.sqlite) and, for the demo, its mailbox. Chosen in this order: `--profile DIR` given
// on the command line, the MAGPIE_PROFILE environment variable (tests, portable installs),
// the platform's application data folder (QStandardPaths::AppDataLocation).
class Profile
{
public:
    // The directory to use given the --profile argument (empty when not given).
    static QString directoryFor(const QString &explicitDirectory = {});

    explicit Profile(const QString &directory);

    const QString &directory() const { return m_directory; }
    QString cachePath() const;    // DIR/cache.sqlite
    QString settingsPath() const; // DIR/magpie.ini

private:
    QString m_directory;
};

} // namespace magpie::store
