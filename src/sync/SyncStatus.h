// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"
#include "store/StoreError.h"

#include <QString>
#include <QtGlobal>

namespace magpie::sync {

// What an account is doing, for the status bar's progress and magpie-cli's output.
struct SyncProgress
{
    QString accountId;
    QString activity;  // "Fetching new messages in INBOX", a phrase for a person
    QString folderPath; // the folder being worked on, if any
    qint64 done = 0;   // units of `total` finished (messages, bytes)
    qint64 total = 0;  // 0: unknown (a busy indicator)
};

// Something that went wrong for an account: what, whether it retries on its own, and the
// underlying network or cache error. `message` is the sentence to show.
struct SyncProblem
{
    enum class Kind {
        Network,        // unreachable, dropped, timed out: retried with backoff
        Authentication, // the password or token was refused: needs the person
        Certificate,    // TLS trust: needs the person (trust this certificate?)
        Server,         // the server refused a command (NO/BAD/-ERR/5xx)
        Store,          // the local cache could not be written (disk full, corrupt)
        Conflict,       // an offline change could not be applied as made; what was kept
    };
    QString accountId;
    Kind kind = Kind::Network;
    QString message;
    bool willRetry = false;
    net::NetError netError;
    store::StoreError storeError;
};

} // namespace magpie::sync
