// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace magpie::app {

// Something the desktop asked Magpie to open: a mailto: link (RFC 6068) to write to, or a
// saved message file (message/rfc822, RFC 5322) to show. The desktop file and the Windows and
// macOS associations pass these as command-line arguments; a later start hands them to the
// Magpie already running on the same profile (RunningInstance).
struct OpenRequest
{
    enum class Kind { Mailto, MessageFile };

    Kind kind = Kind::Mailto;
    QString target; // the mailto: URL as given, or the file's absolute path

    // What a command-line argument or a macOS open event names, when it is one of the two:
    // a valid mailto: URL, or an existing message file (.eml, or content the system's MIME
    // database calls message/rfc822) as a path or file: URL. Anything else (another scheme,
    // a missing or unrelated file) is nothing, so a stray argument never opens a file.
    static std::optional<OpenRequest> fromArgument(const QString &argument);

    friend bool operator==(const OpenRequest &a, const OpenRequest &b)
    {
        return a.kind == b.kind && a.target == b.target;
    }
};

using OpenRequests = QList<OpenRequest>;

} // namespace magpie::app
