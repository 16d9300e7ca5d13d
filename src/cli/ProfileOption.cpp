// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/ProfileOption.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace magpie::cli {

ProfileOption::ProfileOption()
    : m_profile(u"profile"_s,
                tr("The Magpie profile folder (settings and mail cache). Default: "
                   "$MAGPIE_PROFILE, else Magpie's own data folder."),
                tr("folder"))
{ }

void ProfileOption::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_profile);
}

store::Profile ProfileOption::profile(const QCommandLineParser &parser) const
{
    return store::Profile(store::Profile::directoryFor(parser.value(m_profile)));
}

bool ProfileOption::openForWriting(const store::Profile &profile, store::MailCache &cache,
                                   QString *error)
{
    const QFileInfo folder(profile.directory());
    if (folder.exists() && !folder.isDir()) {
        *error = tr("The profile %1 is a file, not a folder. Give --profile a folder.")
                     .arg(profile.directory());
        return false;
    }
    if (!QDir().mkpath(profile.directory())) {
        *error = tr("The profile folder %1 cannot be created. Check the path and that you may "
                    "write there.")
                     .arg(profile.directory());
        return false;
    }
    const store::StoreError opened = cache.open(profile);
    if (opened) {
        *error = opened.message;
        return false;
    }
    return true;
}

bool ProfileOption::openExisting(const store::Profile &profile, store::MailCache &cache,
                                 QString *error)
{
    if (!QFileInfo(profile.cachePath()).isFile()) {
        *error = tr("There is no mail cache in %1. Run magpie-cli sync first, or give the "
                    "right folder with --profile.")
                     .arg(profile.directory());
        return false;
    }
    const store::StoreError opened = cache.open(profile);
    if (opened) {
        *error = opened.message;
        return false;
    }
    return true;
}

} // namespace magpie::cli
