// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MailCache.h"
#include "store/Profile.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QString>

#include <optional>

class QCommandLineParser;

namespace magpie::cli {

// `--profile DIR`, shared by sync, list, search and outbox: the folder holding magpie.ini and
// the mail cache; without it MAGPIE_PROFILE, else the platform's data folder
// (store::Profile::directoryFor).
class ProfileOption
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::ProfileOption)
public:
    ProfileOption();

    void addTo(QCommandLineParser &parser) const;
    store::Profile profile(const QCommandLineParser &parser) const;

    // sync: makes the folder if needed and opens (creating) the cache. False with a sentence
    // in `error` when the folder cannot be made or the cache cannot be opened.
    static bool openForWriting(const store::Profile &profile, store::MailCache &cache,
                               QString *error);
    // list, search, outbox: opens an existing cache; a folder without one is an error
    // (nothing is created by reading).
    static bool openExisting(const store::Profile &profile, store::MailCache &cache,
                             QString *error);

private:
    QCommandLineOption m_profile;
};

} // namespace magpie::cli
