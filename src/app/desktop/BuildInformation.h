// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

namespace magpie::app {

// What a bug report needs to know about this copy of Magpie: its version and commit, the Qt
// it was built with and runs on, the compiler, the build type, the system it was built for and
// runs on, and the TLS and SQLite libraries in use. Shown in Help > About and copied from
// there as plain text.
class BuildInformation
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::BuildInformation)
public:
    QString version;
    QString gitCommit; // empty when not built from a git checkout
    QString qtBuiltWith;
    QString qtRunning;
    QString compiler;
    QString buildType;
    QString builtFor;
    QString runningOn;
    QString tlsLibrary;
    QString sqliteVersion;

    // This process's information. `sqliteVersion` comes from the store
    // (store::Database::sqliteLibraryVersion): the widgets run no SQL.
    static BuildInformation current(const QString &sqliteVersion);

    // Label and value for each line, in the order shown; the commit only when known.
    QList<QPair<QString, QString>> lines() const;
    // "Label: value" lines for a bug report.
    QString toText() const;
};

} // namespace magpie::app
