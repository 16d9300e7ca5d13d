// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"
#include "net/ServerEndpoint.h"
#include "net/TlsDetails.h"
#include "net/smtp/SmtpExtensions.h"
#include "net/smtp/SmtpReply.h"
#include "net/smtp/SmtpReplyParser.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QString>

namespace magpie::net {
class Connection;
class ProtocolLog;
} // namespace magpie::net

namespace magpie::smtp {

class SmtpJob;

// One SMTP submission connection (DESIGN.md "Protocol engines"): owns the Connection, the
// reply parser, the protocol log and a queue of jobs (SmtpLoginJob, SmtpSendJob) run one at
// a time.
//
// Opening: connectToServer() -> 220 greeting (554 or 421 instead: ServerClosing with the
// server's text, RFC 5321 s3.1) -> EHLO, or HELO when EHLO gets 500/502 (s3.2) -> the
// extensions of the EHLO reply -> for Security::StartTls: STARTTLS is required (not offered,
// refused, or HELO only: StartTlsUnavailable, never a plaintext fallback); after its 220,
// every byte already received is dropped unread (RFC 3207 s4.2) and EHLO asked again ->
// opened(). Jobs started before that wait for it.
//
// Closing: quit() sends QUIT (s4.1.1.10) once the queued jobs are done, awaits 221, closes,
// and emits closed(none()). A 421 at any time (s3.8), a lost connection or a malformed reply
// fails the running and queued jobs and emits closed(error). closed() is emitted exactly
// once per connectToServer(), also when opening failed.
class SmtpSession : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected, // not connected yet, or closed
        Connecting, // TCP (and TLS for ImplicitTls)
        Opening, // greeting, EHLO/HELO, STARTTLS, EHLO again
        Ready, // opened: jobs run
        Quitting, // QUIT sent
    };
    Q_ENUM(State)

    explicit SmtpSession(QObject *parent = nullptr);
    ~SmtpSession() override;

    // `heloName` is the client's name for EHLO/HELO (RFC 5321 s4.1.4): a domain or an
    // address literal; empty gives "[127.0.0.1]", which tells the server nothing about the
    // user's machine. A name with anything but letters, digits, "-", "." or a bracketed
    // literal fails with InvalidArgument before connecting.
    void connectToServer(const net::ServerEndpoint &endpoint, const QString &heloName = {});
    // QUIT after the queued jobs, then close; emits closed(none()).
    void quit();
    // Drops the connection now; running and queued jobs fail with Aborted; emits closed().
    void abort();

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Ready; }
    const net::ServerEndpoint &endpoint() const { return m_endpoint; }
    net::TlsDetails tlsDetails() const;
    bool isEncrypted() const;
    net::ProtocolLog *log() const { return m_log; }
    // The current connection; a new one after each connectToServer() following a close.
    net::Connection *connection() const { return m_connection; }

    const SmtpReply &greeting() const { return m_greeting; }
    // The last EHLO reply (after STARTTLS: the one over TLS); invalid after HELO.
    const SmtpReply &ehloReply() const { return m_ehloReply; }
    bool usedHelo() const { return m_usedHelo; }

    // EHLO keywords, upper-cased, with their parameters as sent ("SIZE" -> "26214400").
    const QMap<QByteArray, QByteArray> &extensions() const { return m_extensions.keywords(); }
    bool hasExtension(QByteArrayView keyword) const { return m_extensions.has(keyword); }
    QByteArray extensionParameters(QByteArrayView keyword) const
    {
        return m_extensions.parameters(keyword);
    }
    // AUTH mechanisms offered (RFC 4954 s3), upper-cased; also the old "AUTH=" form.
    QByteArrayList authMechanisms() const { return m_extensions.authMechanisms(); }
    // SIZE (RFC 1870 s4): the largest message the server takes, 0 when it gave no number;
    // -1 when SIZE is not offered at all.
    qint64 sizeLimit() const { return m_extensions.sizeLimit(); }

    // After a successful SmtpLoginJob: the user name that logged in.
    QString authenticatedUser() const { return m_authenticatedUser; }
    // How many SmtpSendJobs have started a mail transaction on this connection (the next
    // one sends RSET first, RFC 5321 s4.1.1.5).
    int transactionsStarted() const { return m_transactions; }

    SmtpJob *currentJob() const { return m_current; }

Q_SIGNALS:
    void opened(); // greeting read, TLS in force as asked, extensions known
    void stateChanged(magpie::smtp::SmtpSession::State state);
    // The connection ended: error none() after quit(), else why.
    void closed(const magpie::net::NetError &error);

private:
    friend class SmtpJob;
    friend class SmtpLoginJob;
    friend class SmtpSendJob;

    // (implementation: private members may change freely)
    enum class Step { None, Greeting, Ehlo, Helo, StartTls, TlsHandshake, EhloAgain, Quit };

    void makeConnection();
    void enqueue(SmtpJob *job);
    void jobFinished(SmtpJob *job);
    void runNext();
    void writeCommands(const QByteArrayList &lines, const QByteArrayList &logLines, bool redacted);
    void writeData(const QByteArray &bytes, int awaitedReplies);
    void setAuthenticated(const QString &user) { m_authenticatedUser = user; }
    void countTransaction() { ++m_transactions; }

    void onConnectionReady();
    void onReceived(const QByteArray &bytes);
    void onConnectionFailed(const net::NetError &error);
    void onConnectionClosed();
    void handleReply(const SmtpReply &reply);
    void handleOpeningReply(const SmtpReply &reply);
    void sendEhlo();
    void finishOpening();
    void sendQuit();
    void setState(State state);
    // Ends the session: fails the current and queued jobs with `error`, drops the
    // connection, and emits closed(error) once.
    void shutDown(const net::NetError &error, bool closePolitely = false);
    void failOpening(const net::NetError &error, bool sayQuit = false);

    net::ServerEndpoint m_endpoint;
    QByteArray m_heloName;
    net::Connection *m_connection = nullptr;
    net::ProtocolLog *m_log = nullptr;
    SmtpReplyParser m_parser;
    State m_state = State::Disconnected;
    Step m_step = Step::None;
    SmtpReply m_greeting;
    SmtpReply m_ehloReply;
    bool m_usedHelo = false;
    bool m_tlsStarted = false;
    SmtpExtensions m_extensions;
    QString m_authenticatedUser;
    int m_transactions = 0;
    int m_awaited = 0; // replies the current job still awaits
    int m_orphanReplies = 0; // owed to a job that finished early: read and dropped
    QQueue<QPointer<SmtpJob>> m_queue;
    SmtpJob *m_current = nullptr;
    bool m_quitRequested = false;
    bool m_closedEmitted = true; // also before the first connectToServer()
    bool m_used = false;
};

} // namespace magpie::smtp
