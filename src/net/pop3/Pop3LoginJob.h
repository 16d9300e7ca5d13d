// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "net/SaslClient.h"
#include "net/pop3/Pop3Job.h"

#include <memory>

namespace magpie::pop3 {

// Logs in (RFC 1939 s7, RFC 5034). Automatic: SASL AUTH with the strongest mechanism both
// sides know (net::SaslClient::choose over CAPA's SASL list), else USER/PASS when the server
// lists USER or knows no CAPA. APOP only when asked for: its MD5 digest is weak (RFC 1939
// s7 warns, and a server holding plaintext-equivalent secrets for it is worse off), and it
// needs the timestamp from the greeting. The log never holds a secret: "PASS <redacted>",
// "APOP alice <redacted>", "AUTH PLAIN <redacted>".
class Pop3LoginJob : public Pop3Job
{
    Q_OBJECT
public:
    enum class Method { Automatic, Sasl, UserPass, Apop };
    Q_ENUM(Method)

    Pop3LoginJob(Pop3Session *session, const net::Credentials &credentials);
    ~Pop3LoginJob() override;

    void setMethod(Method method) { m_method = method; }
    Method method() const { return m_method; }
    // After it ran: what was used (Sasl, UserPass or Apop) and, for SASL, the mechanism name.
    Method usedMethod() const { return m_used; }
    QByteArray mechanismName() const;

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;

private:
    void startSasl(net::SaslClient::Mechanism mechanism);
    void startUserPass();
    void startApop();
    void answerChallenge(const Pop3Reply &reply);
    void refused(const Pop3Reply &reply);
    QString account() const;

    net::Credentials m_credentials;
    Method m_method = Method::Automatic;
    Method m_used = Method::Automatic;
    std::unique_ptr<net::SaslClient> m_sasl;
    QByteArray m_delayedInitialResponse; // base64, when it did not fit on the AUTH line
    bool m_initialResponsePending = false;
    bool m_cancelled = false; // sent "*" (RFC 5034 s4)
    bool m_passSent = false;
};

} // namespace magpie::pop3
