// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Profile.h"

#include <QDir>
#include <QStandardPaths>

namespace magpie::store {

QString Profile::directoryFor(const QString &explicitDirectory)
{
    if (!explicitDirectory.isEmpty())
        return QDir(explicitDirectory).absolutePath();
    const QString fromEnvironment = qEnvironmentVariable("MAGPIE_PROFILE");
    if (!fromEnvironment.isEmpty())
        return QDir(fromEnvironment).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

Profile::Profile(const QString &directory)
    : m_directory(directory)
{
}

QString Profile::cachePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("cache.sqlite"));
}

QString Profile::settingsPath() const
{
    return QDir(m_directory).filePath(QStringLiteral("magpie.ini"));
}

} // namespace magpie::store
