// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/ProtocolSession.h"
#include "server/pop3/Pop3Command.h"
#include "server/pop3/Pop3Maildrop.h"
#include "server/sasl/SaslExchange.h"
#include "server/smtp/CommandLineReader.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace magpie::server {

// The server side of one POP3 connection: RFC 1939, with CAPA and response codes
// (RFC 2449), STLS (RFC 2595) and SASL PLAIN/LOGIN (RFC 5034).
//
// The maildrop is the user's INBOX as it was at login, locked against other POP3 sessions
// (RFC 1939 s8; a second login gets "-ERR [IN-USE]", RFC 2449 s8.1.2). DELE only marks;
// QUIT removes the marked messages (the UPDATE state, s6). A connection that drops or times
// out removes nothing, and the lock goes with it.
//
// RETR and TOP leave the flags alone: reading over POP3 does not set \Seen, so the IMAP
// view of the same INBOX still shows the message as new.
class Pop3Session : public ProtocolSession
{
    Q_OBJECT
public:
    Pop3Session(ServerContext &context, Transport &transport, QObject *parent = nullptr);
    ~Pop3Session() override;

    void start() override;
    void tlsStarted() override;
    void idleTimedOut() override;
    int idleTimeoutMs() const override;
    void connectionLost() override;

protected:
    void handleBytes(QByteArrayView bytes) override;

private:
    enum class Wait { Nothing, AuthDelay, TlsHandshake };

    void processInput();
    void execute(const Pop3Command &command);
    void ok(const QByteArray &text);
    void error(const QByteArray &text);

    // AUTHORIZATION state (RFC 1939 s4)
    void authorization(const Pop3Command &command);
    void capa();
    void startTls();
    void auth(const Pop3Command &command);
    void takeAuthStep(const SaslExchange::Step &step);
    void login(const QString &login, const QString &password);
    bool loginAllowed() const;

    // TRANSACTION state (s5)
    void transaction(const Pop3Command &command);
    bool checkMessage(const Pop3Command &command); // replies -ERR when it is not usable
    void list(const Pop3Command &command, bool uniqueIds);
    void retrieve(const Pop3Command &command);
    void update(); // QUIT in TRANSACTION: the UPDATE state (s6)

    void releaseMaildrop();

    CommandLineReader m_lines;
    std::unique_ptr<SaslExchange> m_sasl;
    Wait m_wait = Wait::Nothing;
    bool m_processing = false;
    bool m_disconnectLogged = false;

    QString m_userGiven; // USER, until PASS
    int m_authFailures = 0;
    QString m_user; // set on login: the TRANSACTION state
    bool m_locked = false;
    Pop3Maildrop m_maildrop;
};

} // namespace magpie::server
