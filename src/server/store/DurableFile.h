// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// The few file operations the Maildir store needs, each done so that a reported success is on
// disk: data fsync'd before a rename makes it visible, the directory fsync'd after the rename
// (the Maildir delivery steps, and the rule Dovecot writes down: fsync before success).
// Errors come back as StoreError: ENOSPC and EDQUOT as DiskFull, anything else as Io, with
// `what` ("write a message into INBOX") saying what could not be done.
class DurableFile
{
public:
    // Creates `path` (which must not exist) holding `bytes`, with `modified` as its modification
    // time when given, and fsyncs it. On failure nothing is left at `path`.
    static StoreError create(const QString &path, QByteArrayView bytes,
                             std::optional<qint64> modifiedSecs, const QString &what);
    // Replaces `path` atomically: a temporary file beside it, fsync, rename, directory fsync.
    static StoreError replace(const QString &path, QByteArrayView bytes, const QString &what);
    // Appends `bytes` to `path` (created when absent) and, when `sync`, syncs them.
    static StoreError append(const QString &path, QByteArrayView bytes, const QString &what,
                             bool sync = true);
    static StoreError syncDirectory(const QString &dir, const QString &what);
    static StoreError rename(const QString &from, const QString &to, const QString &what);
    static StoreError makeDirectory(const QString &dir, const QString &what);
    // The whole file; an error when it cannot be read (NoSuchMessage when it is not there).
    static QByteArray read(const QString &path, StoreError *error, const QString &what);

    // The StoreError for a failed system call's errno.
    static StoreError fromErrno(int error, const QString &what);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::DurableFile) // last: it ends in "private:"
};

} // namespace magpie::server
