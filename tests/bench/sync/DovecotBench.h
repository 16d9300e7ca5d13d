// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the Dovecot benchmarks of issue 6 (bench_imap_sync, bench_imap_parse): a Dovecot
// whose INBOX scripts/fill-dovecot-folder.py filled, and a bare IMAP client on a blocking
// QTcpSocket that reads a command's whole response as fast as the socket delivers it, to set
// the floor the sync engine is measured against. Header-only: the benchmarks are globbed one
// .cpp each (tests/bench/CMakeLists.txt).

#include "DovecotServer.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QList>
#include <QProcess>
#include <QTcpSocket>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <utility>

namespace magpie::bench {

using namespace Qt::StringLiterals;

inline const QString kUser = u"bench@example.test"_s;
inline const QString kPassword = u"bench secret"_s;

// Seconds of CPU this process used so far (user + system): on a shared machine the wall
// clock also counts other people's work, this does not. Dovecot is a separate process.
inline double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Wall and CPU time of a stretch of work.
class Stopwatch
{
public:
    Stopwatch() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = cpuSeconds();
    }
    double wallMs() const { return double(m_wall.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return (cpuSeconds() - m_cpu) * 1e3; }

private:
    QElapsedTimer m_wall;
    double m_cpu = 0;
};

// Dovecot's files live under TMPDIR (QTemporaryDir); a RAM disk keeps the benchmark from
// measuring the disk other processes on the machine are busy with. Call before BenchServer.
inline void preferRamDisk()
{
    if (qEnvironmentVariableIsEmpty("TMPDIR") && QFileInfo(u"/dev/shm"_s).isWritable())
        qputenv("TMPDIR", "/dev/shm");
}

// Dovecot with one user whose INBOX holds `messages` messages from the fill script.
class BenchServer
{
public:
    // Empty on success, else what went wrong.
    QString start(int messages)
    {
        const QString inbox = dovecot.mailDirectory(kUser);
        QDir().mkpath(inbox);
        const QString script = QStringLiteral(MAGPIE_SOURCE_DIR) + u"/scripts/fill-dovecot-folder.py"_s;
        QProcess fill;
        fill.setProcessChannelMode(QProcess::MergedChannels);
        // Debian's Python: the script needs nothing beyond its standard library.
        fill.start(u"/usr/bin/python3"_s,
                   { script, inbox, u"--messages"_s, QString::number(messages), u"--owner"_s,
                     u"dovecot:dovecot"_s });
        if (!fill.waitForFinished(10 * 60 * 1000) || fill.exitStatus() != QProcess::NormalExit
            || fill.exitCode() != 0)
            return u"fill-dovecot-folder.py failed: "_s + QString::fromLocal8Bit(fill.readAll());
        fillOutput = QString::fromLocal8Bit(fill.readAll()).trimmed();
        return dovecot.start(kUser, kPassword);
    }

    magpie::testing::DovecotServer dovecot;
    QString fillOutput;
};

// A bare IMAP client: blocking reads into one reusable buffer, no parsing beyond finding the
// tagged reply at the start of a line. The floor for "reading the same response".
class BareImapClient
{
public:
    ~BareImapClient() { m_socket.abort(); }

    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        if (!m_socket.waitForConnected(10000))
            return false;
        m_buffer.resize(1 << 20);
        return readUntilLine("* OK", nullptr);
    }

    // Sends "tag command" and reads up to the tagged reply; true if it was OK. Every byte
    // after the command was sent is counted into bytesRead and, if `capture`, appended there.
    bool run(const QByteArray &command, QByteArray *capture = nullptr)
    {
        const QByteArray tag = nextTag();
        m_socket.write(QByteArray(tag + ' ' + command + "\r\n"));
        return readUntilLine(QByteArray(tag + ' '), capture) && m_lastLine.startsWith(QByteArray(tag + " OK"));
    }

    // Several commands with at most `depth` unanswered at a time, as a client that queues its
    // next command while the previous answer streams in. True if every one was OK.
    bool runPipelined(const QByteArrayList &commands, int depth)
    {
        QByteArrayList tags;
        qsizetype sent = 0;
        bool ok = true;
        for (qsizetype done = 0; done < commands.size(); ++done) {
            while (sent < commands.size() && sent - done < depth) {
                tags.append(nextTag());
                m_socket.write(QByteArray(tags.last() + ' ' + commands[sent++] + "\r\n"));
            }
            const QByteArray marker = tags[done] + ' ';
            ok = readUntilLine(marker, nullptr) && m_lastLine.startsWith(QByteArray(tags[done] + " OK")) && ok;
        }
        return ok;
    }

    // The last line read (the tagged reply after run()).
    const QByteArray &lastLine() const { return m_lastLine; }
    // Untagged lines starting with `prefix` from the last run(), when asked to keep them.
    void keepLinesStartingWith(const QByteArray &prefix) { m_keepPrefix = prefix; m_kept.clear(); }
    const QByteArrayList &keptLines() const { return m_kept; }

    qint64 bytesRead = 0;

private:
    QByteArray nextTag() { return 'B' + QByteArray::number(++m_tags); }

    // Reads until a line starting with `marker` has come in whole; bytes after that line (the
    // next pipelined answer) are kept for the next call. Lines are only looked at where they
    // start after an LF; literal contents could in principle fool this, but the responses read
    // here (FETCH of headers, SEARCH, SELECT) carry no line starting with a tag.
    bool readUntilLine(const QByteArray &marker, QByteArray *capture)
    {
        if (!m_carry.isEmpty()) {
            const QByteArray carried = std::exchange(m_carry, {});
            if (scan(carried, marker, capture))
                return true;
        }
        while (true) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(120000))
                return false;
            const qint64 n = m_socket.read(m_buffer.data(), m_buffer.size());
            if (n <= 0)
                return false;
            bytesRead += n;
            if (scan(QByteArrayView(m_buffer.constData(), n), marker, capture))
                return true;
        }
    }

    // Looks at the line starts in `chunk`; true when the marked line ended in it.
    bool scan(QByteArrayView chunk, const QByteArray &marker, QByteArray *capture)
    {
        qsizetype lineStart = 0;
        while (lineStart < chunk.size()) {
            const qsizetype lf = chunk.indexOf('\n', lineStart);
            if (lf < 0) {
                if (m_pending.size() < 256)
                    m_pending += chunk.sliced(lineStart, qMin<qsizetype>(chunk.size() - lineStart, 256));
                break;
            }
            const bool continued = !m_pending.isEmpty();
            if (continued)
                m_pending += chunk.sliced(lineStart, qMin<qsizetype>(lf + 1 - lineStart, 256));
            const QByteArrayView line = continued ? QByteArrayView(m_pending) : chunk.sliced(lineStart, lf + 1 - lineStart);
            const bool matched = lineMatches(line, marker);
            m_pending.clear();
            lineStart = lf + 1;
            if (matched) {
                if (capture)
                    capture->append(chunk.first(lineStart));
                m_carry = chunk.sliced(lineStart).toByteArray();
                return true;
            }
        }
        if (capture)
            capture->append(chunk);
        return false;
    }

    bool lineMatches(QByteArrayView line, const QByteArray &marker)
    {
        if (!m_keepPrefix.isEmpty() && line.startsWith(m_keepPrefix))
            m_kept.append(line.toByteArray());
        if (!line.startsWith(marker))
            return false;
        m_lastLine = line.toByteArray();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_lastLine;
    QByteArray m_pending; // the start of a line not ended yet
    QByteArray m_carry;   // read past the last tagged line: the next answer's beginning
    QByteArray m_keepPrefix;
    QByteArrayList m_kept;
    int m_tags = 0;
};

// The items the sync asks for (the imapsync helper's ImapFolderSyncTask via FetchJob, in
// FetchJob's order); MODSEQ when CONDSTORE/QRESYNC is in use.
inline QByteArray syncFetchItems(bool modSeq)
{
    return modSeq ? "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE MODSEQ "
                    "BODY.PEEK[HEADER.FIELDS (REFERENCES)])"
                  : "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
                    "BODY.PEEK[HEADER.FIELDS (REFERENCES)])";
}

// The first sync's UID FETCH commands: UIDs 1..`highestUid`, newest first, `batch` at a time.
inline QByteArrayList batchedFetches(quint32 highestUid, quint32 batch, bool modSeq)
{
    QByteArrayList commands;
    for (qint64 high = highestUid; high >= 1; high -= batch) {
        const qint64 low = qMax<qint64>(1, high - batch + 1);
        commands.append(QByteArray("UID FETCH " + QByteArray::number(low) + ':'
                                   + QByteArray::number(high) + ' ' + syncFetchItems(modSeq)));
    }
    return commands;
}

} // namespace magpie::bench
