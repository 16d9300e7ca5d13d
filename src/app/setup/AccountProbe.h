// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"
#include "net/TlsDetails.h"
#include "sync/AccountConfig.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>

namespace magpie::imap {
class ImapSession;
}
namespace magpie::pop3 {
class Pop3Session;
}
namespace magpie::smtp {
class SmtpSession;
}
namespace magpie::net {
class Job;
}

namespace magpie::app {

// Tests an account's servers before it is saved, the way the account will use them: connect
// with the TLS the settings ask for (certificate checked as always: a pinned fingerprint is
// the only exception, DESIGN.md), log in with the password, and leave politely (LOGOUT, QUIT).
// Incoming first (IMAP or POP3), then SMTP submission when a host is set. Nothing is read,
// changed or sent. The engines of src/net do the talking; this only sequences them.
class AccountProbe : public QObject
{
    Q_OBJECT
public:
    enum class Part { Incoming, Outgoing };
    Q_ENUM(Part)

    struct Outcome
    {
        bool ok = false;
        Part failedPart = Part::Incoming;
        net::NetError error; // when !ok: what failed, as a sentence
        // When the failure was an untrusted certificate: its SHA-256 (32 raw bytes), so the
        // person can choose to trust exactly that certificate (ServerEndpoint::pinnedSha256).
        QByteArray untrustedCertificateSha256;
        net::TlsDetails incomingTls;
        net::TlsDetails outgoingTls;
    };

    explicit AccountProbe(QObject *parent = nullptr);
    ~AccountProbe() override;

    // The steps one probe of `account` takes (for a progress bar): 2 or 4.
    static int stepCount(const sync::AccountConfig &account);

    void start(const sync::AccountConfig &account, const QString &password);
    void abort();
    bool isRunning() const { return m_running; }

    // The SHA-256 fingerprint quoted by net::CertificateProblem's sentence ("AB:CD:..."),
    // as raw bytes; empty when the text holds none.
    static QByteArray fingerprintIn(const QString &text);

Q_SIGNALS:
    // `text` is a sentence for the person ("Logging in to imap.example.com..."); `step` counts
    // from 1 to stepCount().
    void progress(const QString &text, int step);
    void finished(const magpie::app::AccountProbe::Outcome &outcome);

private:
    void startIncoming();
    void startSmtp();
    void fail(Part part, const net::NetError &error);
    void succeed();
    net::ServerEndpoint probeEndpoint(const net::ServerEndpoint &endpoint) const;

    sync::AccountConfig m_account;
    QString m_password;
    Outcome m_outcome;
    // The sessions are children of this object; once a stage is over they are logged out and
    // delete themselves when closed.
    QPointer<imap::ImapSession> m_imap;
    QPointer<pop3::Pop3Session> m_pop3;
    QPointer<smtp::SmtpSession> m_smtp;
    bool m_running = false;
};

} // namespace magpie::app

Q_DECLARE_METATYPE(magpie::app::AccountProbe::Outcome)
