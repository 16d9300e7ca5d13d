// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/DurableFile.h"

#include <QFile>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace magpie::server {

namespace {

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

// Retries what a signal interrupted; returns -1 with errno set on failure.
int openRetrying(const QByteArray &path, int flags, mode_t mode = 0)
{
    int fd;
    do {
        fd = ::open(path.constData(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

int writeAll(int fd, QByteArrayView bytes)
{
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += written;
        left -= written;
    }
    return 0;
}

int syncRetrying(int fd)
{
#ifdef __APPLE__
    // Apple's fsync(2) hands the data to the drive without making the drive write its cache;
    // F_FULLFSYNC does (fsync(2) and fcntl(2) man pages). File systems that cannot (SMB, FAT)
    // refuse it, and plain fsync is then the best there is, as SQLite does.
    if (::fcntl(fd, F_FULLFSYNC) == 0)
        return 0;
#endif
    int result;
    do {
        result = ::fsync(fd);
    } while (result < 0 && errno == EINTR);
    return result;
}

// fdatasync where there is one. macOS has none in its headers (C++ cannot call it undeclared),
// and its full sync is F_FULLFSYNC.
int syncDataRetrying(int fd)
{
#ifdef __APPLE__
    return syncRetrying(fd);
#else
    int result;
    do {
        result = ::fdatasync(fd);
    } while (result < 0 && errno == EINTR);
    return result;
#endif
}

} // namespace

StoreError DurableFile::fromErrno(int error, const QString &what)
{
    if (error == ENOSPC || error == EDQUOT)
        return StoreError::make(StoreError::DiskFull,
                                tr("Could not %1: the disk holding the mail store is full, so "
                                   "nothing was stored. Free some space and try again.")
                                    .arg(what));
    return StoreError::make(
        StoreError::Io,
        tr("Could not %1: %2.").arg(what, QString::fromLocal8Bit(std::strerror(error))));
}

StoreError DurableFile::create(const QString &path, QByteArrayView bytes,
                               std::optional<qint64> modifiedSecs, const QString &what)
{
    const QByteArray name = encoded(path);
    const int fd = openRetrying(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return fromErrno(errno, what);
    int failed = writeAll(fd, bytes);
    if (!failed && modifiedSecs) {
        const struct timespec times[2] = { { time_t(*modifiedSecs), 0 },
                                           { time_t(*modifiedSecs), 0 } };
        failed = ::futimens(fd, times);
    }
    if (!failed)
        failed = syncRetrying(fd);
    int why = failed ? errno : 0;
    if (::close(fd) != 0 && !failed) {
        failed = -1;
        why = errno;
    }
    if (failed) {
        ::unlink(name.constData());
        return fromErrno(why, what);
    }
    return {};
}

StoreError DurableFile::replace(const QString &path, QByteArrayView bytes, const QString &what)
{
    static std::atomic<quint64> counter { 0 };
    const QString temporary = path + QStringLiteral(".tmp.") + QString::number(::getpid()) + u'.'
        + QString::number(++counter);
    if (StoreError error = create(temporary, bytes, std::nullopt, what))
        return error;
    if (StoreError error = rename(temporary, path, what)) {
        ::unlink(encoded(temporary).constData());
        return error;
    }
    const qsizetype slash = path.lastIndexOf(u'/');
    return syncDirectory(slash > 0 ? path.left(slash) : QStringLiteral("."), what);
}

StoreError DurableFile::append(const QString &path, QByteArrayView bytes, const QString &what,
                               bool sync)
{
    const QByteArray name = encoded(path);
    bool created = false;
    int fd = openRetrying(name, O_WRONLY | O_APPEND);
    if (fd < 0 && errno == ENOENT) {
        fd = openRetrying(name, O_WRONLY | O_APPEND | O_CREAT, 0600);
        created = true;
    }
    if (fd < 0)
        return fromErrno(errno, what);
    // A failed append is cut off again, so that the next record does not start in the
    // middle of a torn one.
    struct stat before = {};
    int failed = ::fstat(fd, &before);
    if (!failed)
        failed = writeAll(fd, bytes);
    if (!failed && sync)
        failed = syncDataRetrying(fd);
    const int why = errno;
    if (failed && before.st_size >= 0 && ::ftruncate(fd, before.st_size) == 0)
        syncDataRetrying(fd);
    ::close(fd);
    if (failed)
        return fromErrno(why, what);
    if (created) {
        const qsizetype slash = path.lastIndexOf(u'/');
        return syncDirectory(slash > 0 ? path.left(slash) : QStringLiteral("."), what);
    }
    return {};
}

StoreError DurableFile::syncDirectory(const QString &dir, const QString &what)
{
    const int fd = openRetrying(encoded(dir), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return fromErrno(errno, what);
    const int failed = syncRetrying(fd);
    const int why = errno;
    ::close(fd);
    return failed ? fromErrno(why, what) : StoreError();
}

StoreError DurableFile::rename(const QString &from, const QString &to, const QString &what)
{
    if (::rename(encoded(from).constData(), encoded(to).constData()) != 0)
        return fromErrno(errno, what);
    return {};
}

StoreError DurableFile::makeDirectory(const QString &dir, const QString &what)
{
    if (::mkdir(encoded(dir).constData(), 0700) != 0)
        return fromErrno(errno, what);
    return {};
}

QByteArray DurableFile::read(const QString &path, StoreError *error, const QString &what)
{
    const int fd = openRetrying(encoded(path), O_RDONLY);
    if (fd < 0) {
        *error = errno == ENOENT
            ? StoreError::make(StoreError::NoSuchMessage,
                               tr("Could not %1: the message is no longer on disk.").arg(what))
            : fromErrno(errno, what);
        return {};
    }
    QByteArray bytes;
    struct stat info = {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0)
        bytes.reserve(qsizetype(info.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *error = fromErrno(errno, what);
            ::close(fd);
            return {};
        }
        if (got == 0)
            break;
        bytes.append(buffer, got);
    }
    ::close(fd);
    *error = {};
    return bytes;
}

} // namespace magpie::server
