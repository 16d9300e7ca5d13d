// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/instance/RunningInstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// The exchange, one UTF-8 line each: "magpie-open 1", then "mailto <url>" or "file <path>"
// per request, then "end". The listener answers "ok". Lines carry no CR or LF of their own:
// a request containing one is refused on both sides.
const QByteArray kGreeting = "magpie-open 1";
const QByteArray kEnd = "end";
const QByteArray kOk = "ok";
constexpr qint64 kMaxExchangeBytes = 64 * 1024; // far more than any command line
constexpr int kConnectAttempts = 30; // 3 s in all: the first start may be just starting
constexpr int kConnectRetryMilliseconds = 100;
constexpr int kAnswerMilliseconds = 5000;

bool hasLineBreak(const QString &text)
{
    return text.contains(u'\n') || text.contains(u'\r');
}

} // namespace

RunningInstance::RunningInstance(const QString &profileDirectory, QObject *parent)
    : QObject(parent)
    , m_profileDirectory(QDir(profileDirectory).absolutePath())
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

RunningInstance::~RunningInstance() = default;

QString RunningInstance::socketNameFor(const QString &profileDirectory)
{
    // Short and free of path separators (Unix socket paths are limited to ~100 bytes), unique
    // per profile; the profile path already differs per user.
    const QByteArray path = QDir(profileDirectory).absolutePath().toUtf8();
    const QByteArray digest = QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex();
    return u"magpie-"_s + QString::fromLatin1(digest.left(24));
}

RunningInstance::Role RunningInstance::claim(QString *error)
{
    if (!QDir().mkpath(m_profileDirectory)) {
        *error = tr("Magpie cannot create its profile folder %1. Check that the disk is not full "
                    "and that you may write there.")
                     .arg(QDir::toNativeSeparators(m_profileDirectory));
        return Role::Failed;
    }
    m_lock = std::make_unique<QLockFile>(QDir(m_profileDirectory).filePath(u"magpie.lock"_s));
    // Only a lock whose process is gone is stale, however old: a Magpie left open for weeks
    // still owns its profile.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0))
        return Role::Secondary;
    return listen(error) ? Role::Primary : Role::Failed;
}

bool RunningInstance::listen(QString *error)
{
    const QString name = socketNameFor(m_profileDirectory);
    // We hold the lock, so a socket left under this name belongs to a Magpie that crashed.
    QLocalServer::removeServer(name);
    if (m_server.listen(name))
        return true;
    *error = tr("Magpie cannot listen for links and files opened while it runs (%1).")
                 .arg(m_server.errorString());
    return false;
}

void RunningInstance::forward(const OpenRequests &requests)
{
    m_exchange = kGreeting + '\n';
    for (const OpenRequest &request : requests) {
        if (hasLineBreak(request.target)) {
            finishForwarding(tr("%1 contains a line break and cannot be opened.").arg(request.target));
            return;
        }
        m_exchange += request.kind == OpenRequest::Kind::Mailto ? "mailto " : "file ";
        m_exchange += request.target.toUtf8() + '\n';
    }
    m_exchange += kEnd + '\n';
    if (m_exchange.size() > kMaxExchangeBytes) {
        finishForwarding(tr("Too many links or files were given at once."));
        return;
    }

    m_owner = new QLocalSocket(this);
    connect(m_owner, &QLocalSocket::connected, this, [this] {
        m_owner->write(m_exchange);
        m_answerDeadline->start(kAnswerMilliseconds);
    });
    connect(m_owner, &QLocalSocket::errorOccurred, this, [this] {
        if (m_owner->state() == QLocalSocket::ConnectedState || m_answerDeadline->isActive()) {
            finishForwarding(ownerDoesNotAnswer());
            return;
        }
        // The lock's owner may have taken it a moment ago and not be listening yet.
        if (++m_connectAttempts < kConnectAttempts)
            QTimer::singleShot(kConnectRetryMilliseconds, this, &RunningInstance::connectToOwner);
        else
            finishForwarding(ownerDoesNotAnswer());
    });
    connect(m_owner, &QLocalSocket::readyRead, this, [this] {
        if (!m_owner->canReadLine())
            return;
        finishForwarding(m_owner->readLine().trimmed() == kOk ? QString() : ownerDoesNotAnswer());
    });
    m_answerDeadline = new QTimer(this);
    m_answerDeadline->setSingleShot(true);
    connect(m_answerDeadline, &QTimer::timeout, this,
            [this] { finishForwarding(ownerDoesNotAnswer()); });
    connectToOwner();
}

void RunningInstance::connectToOwner()
{
    m_owner->connectToServer(socketNameFor(m_profileDirectory));
}

void RunningInstance::finishForwarding(const QString &error)
{
    if (m_answerDeadline)
        m_answerDeadline->stop();
    if (m_owner) {
        m_owner->disconnect(this);
        m_owner->abort();
    }
    Q_EMIT forwarded(error);
}

QString RunningInstance::ownerDoesNotAnswer() const
{
    qint64 pid = 0;
    QString host;
    QString application;
    m_lock->getLockInfo(&pid, &host, &application);
    return tr("Magpie is already running with the profile %1 (process %2 on %3) but does not "
              "answer. Close that Magpie, or start this one with --profile and another folder.")
        .arg(QDir::toNativeSeparators(m_profileDirectory))
        .arg(pid)
        .arg(host);
}

void RunningInstance::serve(QLocalSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
        if (socket->bytesAvailable() > kMaxExchangeBytes) {
            socket->abort();
            return;
        }
        // Wait for the whole exchange: it ends with "end\n".
        const QByteArray received = socket->peek(kMaxExchangeBytes);
        if (!received.endsWith(QByteArray('\n' + kEnd + '\n')))
            return;
        const QList<QByteArray> lines = socket->readAll().split('\n');
        if (lines.value(0) != kGreeting) {
            socket->abort();
            return;
        }
        OpenRequests requests;
        for (qsizetype i = 1; i < lines.size() && lines.at(i) != kEnd; ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype space = line.indexOf(' ');
            const QByteArray kind = line.left(space);
            const QString target = QString::fromUtf8(line.mid(space + 1));
            if (space <= 0 || hasLineBreak(target)) {
                socket->abort();
                return;
            }
            if (kind == "mailto" && target.startsWith(u"mailto:"_s, Qt::CaseInsensitive)) {
                requests.append({ OpenRequest::Kind::Mailto, target });
            } else if (kind == "file" && QFileInfo(target).isAbsolute()) {
                requests.append({ OpenRequest::Kind::MessageFile, target });
            } else {
                socket->abort();
                return;
            }
        }
        socket->write(kOk + '\n');
        socket->flush();
        Q_EMIT openRequested(requests);
    });
}

} // namespace magpie::app
