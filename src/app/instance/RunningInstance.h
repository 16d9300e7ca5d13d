// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/instance/OpenRequest.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>

#include <memory>

class QLockFile;
class QTimer;

namespace magpie::app {

// One Magpie per profile, as Thunderbird and KMail do: two clients syncing the same cache
// would race each other's writes and replays, and a POP3 account could fetch a message twice.
// The first start takes the profile's lock file and listens on a local socket named after the
// profile; a later start (the desktop opening a mailto: link or an .eml file while Magpie runs)
// hands its requests to that one over the socket and quits.
//
// Only the same user can connect (QLocalServer::UserAccessOption), and the listener accepts
// nothing but a short list of mailto: links and absolute file paths, each checked again before
// it is opened.
class RunningInstance : public QObject
{
    Q_OBJECT
public:
    enum class Role {
        Primary,   // this process owns the profile and listens for later starts
        Secondary, // another process owns it: forward() the requests to it, then quit
        Failed,    // the profile folder cannot be made or listened on (see error)
    };

    explicit RunningInstance(const QString &profileDirectory, QObject *parent = nullptr);
    ~RunningInstance() override;

    // Called once, at start-up, before the profile is opened.
    Role claim(QString *error);
    // As the Secondary: hands the requests to the profile's owner; forwarded() tells how it
    // went, within a few seconds.
    void forward(const OpenRequests &requests);

    // The local socket's name for a profile directory (exposed for tests).
    static QString socketNameFor(const QString &profileDirectory);

Q_SIGNALS:
    // In the primary process: a later start asked for these (possibly none: then it only
    // wants the main window raised).
    void openRequested(const magpie::app::OpenRequests &requests);
    // In a Secondary process: the owner took the requests (error empty), or it did not answer
    // (error names the process and what to do).
    void forwarded(const QString &error);

private:
    bool listen(QString *error);
    void connectToOwner();
    void finishForwarding(const QString &error);
    QString ownerDoesNotAnswer() const;
    void serve(QLocalSocket *socket);

    QString m_profileDirectory;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer m_server;
    // The Secondary's side of the exchange.
    QLocalSocket *m_owner = nullptr;
    QByteArray m_exchange;
    int m_connectAttempts = 0;
    QTimer *m_answerDeadline = nullptr;
};

} // namespace magpie::app
