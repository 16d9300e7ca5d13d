// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "net/SaslClient.h"
#include "net/smtp/SmtpJob.h"

#include <memory>
#include <optional>

namespace magpie::smtp {

// AUTH (RFC 4954): picks the strongest mechanism both sides can use from the server's AUTH
// list (net::SaslClient::choose: OAUTHBEARER, XOAUTH2 with a token; PLAIN, LOGIN with a
// password), sends the initial response on the AUTH line when the mechanism has one and the
// line stays within 512 octets (s4; "=" for an empty one), and answers 334 challenges.
// The protocol log shows "AUTH PLAIN <redacted>" and "<redacted>" for every answer.
//
// Errors: no AUTH or no usable mechanism: NoSuitableMechanism; 535 (and 534): the password
// or token was refused, AuthenticationFailed ("The server refused the password for
// alice@example.com." with the server's text); 530/538: the server wants encryption first,
// CommandRejected; 454, 432 and other 4xx: TemporaryFailure; other 5xx: CommandRejected.
class SmtpLoginJob : public SmtpJob
{
    Q_OBJECT
public:
    SmtpLoginJob(SmtpSession *session, const net::Credentials &credentials);
    ~SmtpLoginJob() override;

    // The mechanism used, once chosen.
    std::optional<net::SaslClient::Mechanism> mechanism() const;
    // The reply that ended the exchange (235 on success).
    const SmtpReply &finalReply() const { return m_finalReply; }

protected:
    void doStart() override;
    void handleReply(const SmtpReply &reply) override;

private:
    void answerChallenge(const SmtpReply &reply);
    void fail(const SmtpReply &reply);

    net::Credentials m_credentials;
    std::unique_ptr<net::SaslClient> m_sasl;
    SmtpReply m_finalReply;
    bool m_cancelled = false; // sent "*" after a challenge we cannot answer
    bool m_initialResponsePending = false; // too long for the AUTH line: sent after "334 "
    QString m_cancelReason;
};

} // namespace magpie::smtp
