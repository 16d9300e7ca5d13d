// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmtpServerProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace magpie::testing {

namespace {
// A port nobody listens on right now (the script may still lose a race for it: retried).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString script()
{
    return QStringLiteral(MAGPIE_INTEROP_DIR) + u"/smtp-server.py"_s;
}
} // namespace

SmtpServerProcess::SmtpServerProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

SmtpServerProcess::~SmtpServerProcess()
{
    stop();
}

QString SmtpServerProcess::certificatePath()
{
    return QStringLiteral(MAGPIE_TEST_DATA_DIR) + u"/tls/localhost.crt"_s;
}

QString SmtpServerProcess::keyPath()
{
    return QStringLiteral(MAGPIE_TEST_DATA_DIR) + u"/tls/localhost.key"_s;
}

QString SmtpServerProcess::start(Tls tls, const QMap<QString, QString> &users)
{
    const QString python = QStringLiteral(MAGPIE_SYSTEM_PYTHON);
    if (!QFileInfo(python).isExecutable())
        return u"%1 is missing: scripts/deps.sh installs Debian's python3 and python3-aiosmtpd."_s
            .arg(python);
    if (!QFileInfo::exists(script()))
        return u"The interop servers are missing: %1 not found. CI has ../shared beside the "
               "clone; set MAGPIE_INTEROP_DIR when configuring elsewhere."_s.arg(script());
    if (!m_dir.isValid())
        return u"Cannot create a temporary folder for the SMTP server."_s;
    m_tls = tls;

    QString problem;
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        QStringList arguments { script(), u"--port"_s, QString::number(m_port), u"--dir"_s,
                                m_dir.path() };
        if (tls != Tls::None)
            arguments << u"--tls-cert"_s << certificatePath() << u"--tls-key"_s << keyPath();
        if (tls == Tls::Implicit)
            arguments << u"--implicit-tls"_s;
        for (auto it = users.cbegin(); it != users.cend(); ++it)
            arguments << u"--user"_s << it.key() + u':' + it.value();
        m_output.clear();
        m_process.start(python, arguments);
        if (!m_process.waitForStarted(10000))
            return u"%1 did not start: %2"_s.arg(python, m_process.errorString());

        // "ready PORT" once listening; aiosmtpd's import and self-test take a moment.
        const QByteArray expected = "ready " + QByteArray::number(m_port);
        const QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (m_process.waitForReadyRead(200))
                m_output += m_process.readAll();
            if (m_output.contains(expected))
                return {};
        }
        m_output += m_process.readAll();
        if (m_process.state() == QProcess::Running) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return u"smtp-server.py did not say ready within 20 s: "_s
                + QString::fromUtf8(m_output);
        }
        m_process.waitForFinished(1000);
        m_output += m_process.readAll();
        problem = QString::fromUtf8(m_output);
        // Lost the race for the port to another test: try another one.
        if (!problem.contains(u"Address already in use"_s) && !problem.contains(u"Errno 98"_s))
            break;
    }
    return u"smtp-server.py exited before it was ready (is python3-aiosmtpd installed? "
           "scripts/deps.sh installs it): "_s
        + problem;
}

void SmtpServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // The script has no clean stop but SIGINT (KeyboardInterrupt); SIGTERM ends it just as well.
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

net::ServerEndpoint SmtpServerProcess::endpoint() const
{
    net::ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.port = m_port;
    switch (m_tls) {
    case Tls::None:
        endpoint.security = net::ServerEndpoint::Security::Plaintext;
        break;
    case Tls::StartTls:
        endpoint.security = net::ServerEndpoint::Security::StartTls;
        break;
    case Tls::Implicit:
        endpoint.security = net::ServerEndpoint::Security::ImplicitTls;
        break;
    }
    endpoint.extraCaCertificates = QSslCertificate::fromPath(certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 10000;
    return endpoint;
}

int SmtpServerProcess::messageCount() const
{
    return static_cast<int>(QDir(m_dir.path()).entryList({ u"*.json"_s }, QDir::Files).size());
}

QByteArray SmtpServerProcess::message(int n) const
{
    QFile file(m_dir.filePath(QString::number(n) + u".eml"_s));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject SmtpServerProcess::envelope(int n) const
{
    QFile file(m_dir.filePath(QString::number(n) + u".json"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString SmtpServerProcess::output()
{
    m_output += m_process.readAll();
    return QString::fromUtf8(m_output);
}

} // namespace magpie::testing
