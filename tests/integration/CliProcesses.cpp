// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliProcesses.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTcpServer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace magpie::testing {

namespace {
// A --port-base whose six ports are free now.
int freePortBase()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return -1;
        const int base = probe.serverPort() - 525;
        probe.close();
        if (base < 1024 || base + 995 > 65535)
            continue;
        bool allFree = true;
        for (int offset : { 525, 465, 110, 995, 143, 993 }) {
            QTcpServer port;
            allFree = allFree
                && port.listen(QHostAddress::LocalHost, static_cast<quint16>(base + offset));
        }
        if (allFree)
            return base;
    }
    return -1;
}
} // namespace

CliRun runCli(const QStringList &arguments, const QString &password, const QByteArray &input,
              const QMap<QString, QString> &environment)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"MAGPIE_PASSWORD"_s);
    if (!password.isNull())
        env.insert(u"MAGPIE_PASSWORD"_s, password);
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    // A new session has no controlling terminal: /dev/tty cannot be opened, as in CI.
    process.setChildProcessModifier([] { ::setsid(); });
    process.start(QString::fromLocal8Bit(MAGPIE_CLI_BIN), arguments);
    if (!input.isNull())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return { -1, QString::fromLocal8Bit(process.readAllStandardOutput()),
                 u"magpie-cli did not finish within a minute\n"_s
                     + QString::fromLocal8Bit(process.readAllStandardError()) };
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

QString shellQuoted(const QStringList &arguments)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_@%+=:,./-]+$"_s);
    QStringList words;
    for (const QString &argument : arguments) {
        words.append(plain.match(argument).hasMatch()
                         ? argument
                         : u'\'' + QString(argument).replace(u"'"_s, u"'\\''"_s) + u'\'');
    }
    return words.join(u' ');
}

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
}

QString ServerProcess::start(const QStringList &extraArguments)
{
    QFile users(m_dir.filePath(u"users"_s));
    if (!users.open(QIODevice::WriteOnly))
        return u"cannot write the users file"_s;
    users.write("alice@example.test:secret\nbob@example.test:hunter2\n");
    users.close();

    // A file, not a pipe: nobody reads a pipe while the test waits for magpie-cli, and a full
    // one would stop the server.
    m_process.setStandardErrorFile(m_dir.filePath(u"server.log"_s));
    // Another test may take a port between the probe and the start: try again then.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int base = freePortBase();
        if (base < 0)
            return u"no free ports"_s;
        m_process.start(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                        QStringList { u"--data"_s, m_dir.path(), u"--port-base"_s,
                                      QString::number(base), u"--auth-failure-delay"_s, u"0"_s }
                            + extraArguments);
        QByteArray out;
        const QDeadlineTimer deadline(30000);
        while (!out.contains("ready\n") && m_process.state() != QProcess::NotRunning
               && !deadline.hasExpired()) {
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
        }
        if (out.contains("ready\n")) {
            for (const QByteArray &line : out.split('\n')) {
                const QList<QByteArray> words = line.split(' ');
                const qsizetype colon = line.lastIndexOf(':');
                if (words.size() == 2 && colon > 0)
                    m_ports.insert(QString::fromLatin1(words[0]),
                                   quint16(line.mid(colon + 1).toUInt()));
            }
            return {};
        }
        m_process.kill();
        m_process.waitForFinished();
        if (!log().contains(u"already in use"_s))
            return QString::fromLocal8Bit(out) + log();
    }
    return u"magpie-server found no free ports: "_s + log();
}

QString ServerProcess::log() const
{
    QFile file(m_dir.filePath(u"server.log"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

QString ServerProcess::certificatePath() const
{
    return m_dir.filePath(u"tls/cert.pem"_s);
}

QString ServerProcess::fingerprint() const
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certificatePath());
    if (certificates.isEmpty())
        return {};
    return QString::fromLatin1(
        certificates.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QStringList ServerProcess::inboxFiles(const QString &user) const
{
    QStringList files;
    for (const QString &folder : { u"new"_s, u"cur"_s }) {
        const QDir dir(m_dir.filePath(user + u'/' + folder));
        const QStringList names = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : names)
            files.append(dir.filePath(name));
    }
    return files;
}

} // namespace magpie::testing
