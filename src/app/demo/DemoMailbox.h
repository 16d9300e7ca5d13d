// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"

#include <QObject>
#include <QString>

#include <memory>

namespace magpie::server {
class Server;
}

namespace magpie::app {

// The demo: the embedded loopback server (src/server) on free 127.0.0.1 ports, its mailbox in
// the profile's "demo" folder, seeded on first start from the messages bundled under
// resources/demo (languages, HTML, attachments, a thread). The demo account uses IMAP and SMTP
// submission over TLS against it, trusting exactly the demo server's own certificate; mail
// sent to the demo address is delivered to its Inbox.
//
// The password is made at random on every start and held in memory only: the demo server is
// in this process, so nothing needs to be remembered, and nothing is written to disk.
class DemoMailbox : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kAccountId = "demo";
    static constexpr const char *kAddress = "you@demo.magpie.test";

    explicit DemoMailbox(const QString &profileDirectory, QObject *parent = nullptr);
    ~DemoMailbox() override;

    // Starts the server (seeding an empty mailbox first). Returns an empty string or a
    // sentence saying what went wrong.
    QString start();
    void stop();
    bool isRunning() const;

    // The account against the running server (ports change from run to run).
    sync::AccountConfig account() const;
    QString password() const;
    server::Server *server() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
