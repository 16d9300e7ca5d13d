// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

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

    friend bool operator==(const OpenRequest &a, const OpenRequest &b)
    {
        return a.kind == b.kind && a.target == b.target;
    }
};

using OpenRequests = QList<OpenRequest>;

} // namespace magpie::app
