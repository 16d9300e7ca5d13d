// SPDX-License-Identifier: GPL-3.0-or-later
#include "MagpieServerProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace magpie::testing {

namespace {
// Offsets from --port-base, as docs/server.md "Ports" lists them.
constexpr std::pair<const char *, int> kOffsets[] = {
    { "smtp", 525 },  { "submissions", 465 }, { "pop3", 110 },
    { "pop3s", 995 }, { "imap", 143 },        { "imaps", 993 },
};

bool isFree(int port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, static_cast<quint16>(port));
}

QString serviceName(MagpieServerProcess::Service service)
{
    switch (service) {
    case MagpieServerProcess::Service::Smtp:
        return u"smtp"_s;
    case MagpieServerProcess::Service::Submissions:
        return u"submissions"_s;
    case MagpieServerProcess::Service::Pop3:
        return u"pop3"_s;
    case MagpieServerProcess::Service::Pop3s:
        return u"pop3s"_s;
    case MagpieServerProcess::Service::Imap:
        return u"imap"_s;
    case MagpieServerProcess::Service::Imaps:
        return u"imaps"_s;
    }
    return {};
}
} // namespace

MagpieServerProcess::MagpieServerProcess() = default;

MagpieServerProcess::~MagpieServerProcess()
{
    stop();
}

QString MagpieServerProcess::start(const QMap<QString, QString> &users,
                                   const QStringList &extraArguments)
{
    if (!m_dir.isValid())
        return u"Cannot create a temporary data folder for magpie-server."_s;
    QStringList arguments { u"--data"_s, m_dir.path(), u"--auth-failure-delay"_s, u"0"_s };
    for (auto it = users.cbegin(); it != users.cend(); ++it)
        arguments << u"--user"_s << it.key() + u':' + it.value();
    arguments << extraArguments;

    QString problem;
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int base = QRandomGenerator::global()->bounded(20000, 40000);
        bool free = true;
        for (const auto &[name, offset] : kOffsets)
            free = free && isFree(base + offset);
        if (!free)
            continue;
        problem = tryStart(base, arguments);
        if (problem.isEmpty())
            return {};
        // Another test took a port between the probe and the start: try another base.
        if (!problem.contains(u"already in use"_s))
            return problem;
    }
    return u"magpie-server did not start: "_s + problem;
}

QString MagpieServerProcess::tryStart(int base, const QStringList &arguments)
{
    m_ports.clear();
    m_stderr.clear();
    m_process.setProgram(QStringLiteral(MAGPIE_SERVER_BIN));
    m_process.setArguments(arguments + QStringList { u"--port-base"_s, QString::number(base) });
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return u"magpie-server (%1) did not start: %2"_s.arg(m_process.program(),
                                                             m_process.errorString());

    // "smtp 127.0.0.1:30525" ... "ready" (docs/server.md "Output and exit status").
    QByteArray pending;
    const QDeadlineTimer deadline(20000);
    bool ready = false;
    while (!ready && !deadline.hasExpired()) {
        if (!m_process.canReadLine() && !m_process.waitForReadyRead(200)) {
            if (m_process.state() == QProcess::NotRunning)
                break;
            continue;
        }
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line == "ready") {
                ready = true;
                break;
            }
            const qsizetype space = line.indexOf(' ');
            const qsizetype colon = line.lastIndexOf(':');
            if (space > 0 && colon > space)
                m_ports.insert(QString::fromLatin1(line.left(space)),
                               static_cast<quint16>(line.mid(colon + 1).toUInt()));
        }
    }
    m_stderr += m_process.readAllStandardError();
    if (!ready) {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        m_stderr += m_process.readAllStandardError();
        return u"magpie-server did not say ready (exit code %1): %2"_s.arg(
            QString::number(m_process.exitCode()), QString::fromUtf8(m_stderr));
    }
    if (m_ports.size() != 6) {
        stop();
        return u"magpie-server did not list its six ports."_s;
    }
    QFile pem(certificatePath());
    if (!pem.open(QIODevice::ReadOnly))
        return u"magpie-server made no certificate at "_s + certificatePath();
    const auto certificates = QSslCertificate::fromData(pem.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return u"magpie-server's certificate at %1 does not parse."_s.arg(certificatePath());
    m_certificate = certificates.first();
    return {};
}

bool MagpieServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    m_process.terminate(); // SIGTERM: a clean stop (docs/server.md)
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return false;
    }
    m_stderr += m_process.readAllStandardError();
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

bool MagpieServerProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

quint16 MagpieServerProcess::port(Service service) const
{
    return m_ports.value(serviceName(service));
}

QString MagpieServerProcess::certificatePath() const
{
    return m_dir.filePath(u"tls/cert.pem"_s);
}

net::ServerEndpoint
MagpieServerProcess::endpoint(Service service,
                              net::ServerEndpoint::Security plainPortSecurity) const
{
    net::ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.port = port(service);
    const bool implicitTls =
        service == Service::Submissions || service == Service::Pop3s || service == Service::Imaps;
    endpoint.security =
        implicitTls ? net::ServerEndpoint::Security::ImplicitTls : plainPortSecurity;
    endpoint.extraCaCertificates = { m_certificate };
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 10000;
    return endpoint;
}

QString MagpieServerProcess::log()
{
    if (m_process.state() != QProcess::NotRunning)
        m_stderr += m_process.readAllStandardError();
    return QString::fromUtf8(m_stderr);
}

} // namespace magpie::testing
