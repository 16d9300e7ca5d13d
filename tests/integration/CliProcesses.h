// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace magpie::testing {

// What a magpie-cli run left behind.
struct CliRun
{
    int exitCode = -1; // -1: it crashed or did not finish in time
    QString out;
    QString err;
    QString all() const { return out + err; }
};

// Runs magpie-cli (MAGPIE_CLI_BIN) with `arguments`. `password` goes into MAGPIE_PASSWORD;
// a null one leaves the variable out. The process gets no controlling terminal (setsid), so
// a missing password can never turn into a prompt that waits forever.
CliRun runCli(const QStringList &arguments, const QString &password = {},
              const QByteArray &input = {}, const QMap<QString, QString> &environment = {});

// The arguments as a person would type them in a POSIX shell ('...' where needed), for
// showing a run in a test's log.
QString shellQuoted(const QStringList &arguments);

// A magpie-server (MAGPIE_SERVER_BIN) of its own for one test: a temporary --data folder with
// alice@example.test:secret and bob@example.test:hunter2, free ports, no delay after a failed
// login; stopped (SIGTERM) when this object goes away.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Empty on success, else why it did not start (its output), for QVERIFY2.
    QString start(const QStringList &extraArguments = {});

    // "smtp", "submissions", "pop3", "pop3s", "imap", "imaps"
    quint16 port(const QString &service) const { return m_ports.value(service); }
    QString dataDirectory() const { return m_dir.path(); }
    QString certificatePath() const;
    // "AB:CD:..." of the server's certificate, as magpie-cli prints it.
    QString fingerprint() const;
    // The message files delivered to `user`'s INBOX (Maildir new/ and cur/).
    QStringList inboxFiles(const QString &user) const;
    // What the server wrote to standard error so far.
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QMap<QString, quint16> m_ports;
};

} // namespace magpie::testing
