// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/ProtocolSession.h"
#include "server/sasl/SaslExchange.h"
#include "server/smtp/CommandLineReader.h"
#include "server/smtp/SmtpCommand.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace magpie::server {

class SmtpDataReader;

// The server side of one SMTP connection (RFC 5321), on the MX port and on the implicit-TLS
// submission port alike. Mail is taken for local users (or the catch-all) only, so there
// is no relaying to guard against and no AUTH is required to send; AUTH is offered for
// submission clients that want it, and only over TLS unless plaintext login is allowed.
//
// Extensions: SIZE (RFC 1870), 8BITMIME (RFC 6152), PIPELINING (RFC 2920), SMTPUTF8
// (RFC 6531), ENHANCEDSTATUSCODES (RFC 2034, codes from RFC 3463), STARTTLS (RFC 3207),
// AUTH PLAIN LOGIN (RFC 4954).
//
// Input is processed one command at a time and only while nothing is pending: while the
// store writes a message, or a failed login's delay runs, pipelined commands wait in the
// buffer, so replies always come in command order.
class SmtpSession : public ProtocolSession
{
    Q_OBJECT
public:
    SmtpSession(ServerContext &context, Transport &transport, QObject *parent = nullptr);
    ~SmtpSession() override;

    void start() override;
    void tlsStarted() override;
    void idleTimedOut() override;
    int idleTimeoutMs() const override;
    void connectionLost() override;

protected:
    void handleBytes(QByteArrayView bytes) override;

private:
    enum class Wait { Nothing, Delivery, AuthDelay, TlsHandshake };

    void processInput();
    void readData();
    void execute(const SmtpCommand &command);
    void reply(QByteArrayView codeAndStatus, const QByteArray &text);

    void ehlo(const SmtpCommand &command);
    void mail(const SmtpCommand &command);
    void rcpt(const SmtpCommand &command);
    void data();
    void startTls();
    void auth(const SmtpCommand &command);
    void continueAuth(QByteArrayView line);
    void takeAuthStep(const SaslExchange::Step &step);
    void finishData();
    void deliver(const QByteArray &content);

    bool loginAllowed() const;
    bool inTransaction() const { return m_sender.has_value(); }
    void resetTransaction();

    CommandLineReader m_lines;
    std::unique_ptr<SmtpDataReader> m_data; // while DATA content comes in
    std::unique_ptr<SaslExchange> m_sasl; // while an AUTH exchange runs
    Wait m_wait = Wait::Nothing;
    bool m_processing = false;
    bool m_disconnectLogged = false;

    // Session state, forgotten by STARTTLS (RFC 3207 s4.2)
    QByteArray m_heloName; // empty until EHLO/HELO
    bool m_esmtp = false;
    QString m_authenticatedUser;
    int m_authFailures = 0;

    // The mail transaction (RFC 5321 s3.3), forgotten by RSET, EHLO and the end of DATA
    std::optional<SmtpPath> m_sender;
    bool m_smtpUtf8 = false;
    QStringList m_recipientUsers; // local users, each once
    QList<SmtpPath> m_recipients; // as the client named them, for the log and Received:
};

} // namespace magpie::server
