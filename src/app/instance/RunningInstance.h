// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/instance/OpenRequest.h"

#include <QLocalServer>
#include <QObject>

#include <memory>

class QLockFile;

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
        Forwarded, // another process owns it and took the requests: quit now
        Failed,    // another process owns it but does not answer (see error)
    };

    explicit RunningInstance(const QString &profileDirectory, QObject *parent = nullptr);
    ~RunningInstance() override;

    // Called once, at start-up, before the profile is opened. Blocks for at most a few seconds
    // when another process holds the lock (no window exists yet).
    Role claim(const OpenRequests &requests, QString *error);

    // The local socket's name for a profile directory (exposed for tests).
    static QString socketNameFor(const QString &profileDirectory);

Q_SIGNALS:
    // In the primary process: a later start asked for these (possibly none: then it only
    // wants the main window raised).
    void openRequested(const magpie::app::OpenRequests &requests);

private:
    bool listen(QString *error);
    bool forward(const OpenRequests &requests, QString *error) const;
    void serve(class QLocalSocket *socket);

    QString m_profileDirectory;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer m_server;
};

} // namespace magpie::app
