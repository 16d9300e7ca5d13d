// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/desktop/BuildInformation.h"

#include "BuildInfo.h"
#include "Version.h"

#include <QSslSocket>
#include <QSysInfo>
#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// The compiler that built Magpie (not the one that built Qt, which QLibraryInfo::build()
// names). Clang first: it also defines __GNUC__.
QString compilerName()
{
#if defined(__clang__)
    return u"Clang "_s + QString::fromLatin1(__clang_version__).trimmed();
#elif defined(__GNUC__)
    return u"GCC "_s + QString::fromLatin1(__VERSION__);
#elif defined(_MSC_VER)
    return u"MSVC "_s + QString::number(_MSC_FULL_VER);
#else
    return BuildInformation::tr("an unknown compiler");
#endif
}

QString buildTypeName()
{
    const QString configured = QString::fromLatin1(kBuildType);
    if (!configured.isEmpty())
        return configured;
#if defined(NDEBUG)
    return BuildInformation::tr("optimised (NDEBUG)");
#else
    return BuildInformation::tr("debug");
#endif
}

QString tlsLibraryName()
{
    if (!QSslSocket::supportsSsl())
        return BuildInformation::tr("none (secure connections are not possible)");
    const QString library = QSslSocket::sslLibraryVersionString();
    const QString backend = QSslSocket::activeBackend();
    return backend.isEmpty()
        ? library
        : BuildInformation::tr("%1 (Qt TLS backend: %2)").arg(library, backend);
}

} // namespace

BuildInformation BuildInformation::current(const QString &sqliteVersion)
{
    BuildInformation info;
    info.version = QString::fromLatin1(kVersion);
    info.gitCommit = QString::fromLatin1(kGitCommit);
    info.qtBuiltWith = QString::fromLatin1(QT_VERSION_STR);
    info.qtRunning = QString::fromLatin1(qVersion());
    info.compiler = compilerName();
    info.buildType = buildTypeName();
    info.builtFor = tr("%1 (%2)").arg(QSysInfo::buildCpuArchitecture(), QSysInfo::buildAbi());
    info.runningOn = tr("%1, %2, kernel %3 %4")
                         .arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture(),
                              QSysInfo::kernelType(), QSysInfo::kernelVersion());
    info.tlsLibrary = tlsLibraryName();
    info.sqliteVersion =
        sqliteVersion.isEmpty() ? tr("unknown (the SQLite driver is missing)") : sqliteVersion;
    return info;
}

QList<QPair<QString, QString>> BuildInformation::lines() const
{
    QList<QPair<QString, QString>> result = { { tr("Magpie version"), version } };
    if (!gitCommit.isEmpty())
        result.append({ tr("Git commit"), gitCommit });
    result.append({
        { tr("Qt (built with)"), qtBuiltWith },
        { tr("Qt (running)"), qtRunning },
        { tr("Compiler"), compiler },
        { tr("Build type"), buildType },
        { tr("Built for"), builtFor },
        { tr("Running on"), runningOn },
        { tr("TLS library"), tlsLibrary },
        { tr("SQLite"), sqliteVersion },
    });
    return result;
}

QString BuildInformation::toText() const
{
    QString text;
    const QList<QPair<QString, QString>> all = lines();
    for (const auto &line : all)
        text += line.first + u": "_s + line.second + u'\n';
    return text;
}

} // namespace magpie::app
