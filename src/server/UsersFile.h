// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/ServerConfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::server {

// DIR/users: the server's users, one "address:password" per line (as --user takes them).
// Blank lines and lines whose first non-blank character is '#' are ignored. The password is
// the rest of the line after the first colon, spaces included, so only the line end (LF or
// CRLF) is stripped.
class UsersFile
{
public:
    static QString path(const QString &dataDir);

    // The users in `bytes`; every bad line is reported as "FILE line N: why" in `errors`
    // (never with the password), and nullopt returned when there is any.
    static std::optional<QList<LocalUser>> parse(const QByteArray &bytes, const QString &fileName,
                                                 QStringList *errors);
    // Reads the file; a file that does not exist holds no users.
    static std::optional<QList<LocalUser>> read(const QString &fileName, QStringList *errors);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::UsersFile) // last: it ends in "private:"
};

} // namespace magpie::server
