// SPDX-License-Identifier: GPL-3.0-or-later
#include "DovecotServer.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace magpie::testing {

namespace {
bool isFree(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

QString runScript(const QString &script, const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"bash"_s, QStringList { script } + arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        *exitCode = -1;
        return u"dovecot.sh did not finish within a minute"_s;
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromLocal8Bit(process.readAll());
}
} // namespace

DovecotServer::DovecotServer() = default;

DovecotServer::~DovecotServer()
{
    if (m_started) {
        int exitCode = 0;
        runScript(script(), { u"stop"_s, m_dir.path() }, &exitCode);
    }
}

QString DovecotServer::script() const
{
    return QStringLiteral(MAGPIE_INTEROP_DIR) + u"/dovecot.sh"_s;
}

QString DovecotServer::mailDirectory(const QString &user) const
{
    return m_dir.filePath(u"mail/"_s + user);
}

QString DovecotServer::certificatePath() const
{
    return m_dir.filePath(u"tls/cert.pem"_s);
}

QString DovecotServer::start(const QString &user, const QString &password)
{
    if (!QFileInfo::exists(script()))
        return u"The interop servers are missing: %1 not found. CI has ../shared beside the "
               "clone; set MAGPIE_INTEROP_DIR when configuring elsewhere."_s.arg(script());
    if (!m_dir.isValid())
        return u"Cannot create a temporary folder for Dovecot."_s;
    // Dovecot (as its own user) must be able to enter the folder.
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                            | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                            | QFileDevice::ExeOther | QFileDevice::ReadGroup
                                            | QFileDevice::ExeGroup);
    // Four ports must be free: IMAP, IMAP+850, POP3, POP3+885.
    for (int attempt = 0; attempt < 50 && m_imap == 0; ++attempt) {
        const auto imap = static_cast<quint16>(QRandomGenerator::global()->bounded(20000, 30000));
        const auto pop3 = static_cast<quint16>(imap + 10000);
        if (isFree(imap) && isFree(imap + 850) && isFree(pop3) && isFree(pop3 + 885)) {
            m_imap = imap;
            m_pop3 = pop3;
        }
    }
    if (m_imap == 0)
        return u"No free loopback ports for Dovecot."_s;

    int exitCode = 0;
    QString output = runScript(script(), { u"adduser"_s, m_dir.path(), user, password }, &exitCode);
    if (exitCode != 0)
        return u"dovecot.sh adduser failed: "_s + output;
    output = runScript(script(), { u"start"_s, m_dir.path(), QString::number(m_imap),
                                   QString::number(m_pop3) }, &exitCode);
    if (exitCode != 0) {
        QFile log(m_dir.filePath(u"dovecot.log"_s));
        const QString logText = log.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(log.readAll()) : QString();
        return u"Dovecot did not start (is dovecot-imapd installed, and are we root?): "_s
            + output + u"\n"_s + logText;
    }
    m_started = true;
    return {};
}

} // namespace magpie::testing
