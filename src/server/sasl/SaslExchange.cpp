// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sasl/SaslExchange.h"

#include "server/sasl/SaslLogin.h"
#include "server/sasl/SaslPlain.h"
#include "server/sasl/SaslResponse.h"

namespace magpie::server {

namespace {

SaslExchange::Step challenge(const QByteArray &base64)
{
    SaslExchange::Step step;
    step.kind = SaslExchange::Step::Kind::Challenge;
    step.challenge = base64;
    return step;
}

SaslExchange::Step malformed(const QString &why)
{
    SaslExchange::Step step;
    step.kind = SaslExchange::Step::Kind::Malformed;
    step.whyNot = why;
    return step;
}

} // namespace

std::optional<SaslExchange::Mechanism> SaslExchange::mechanism(QByteArrayView name)
{
    if (name.compare("PLAIN", Qt::CaseInsensitive) == 0)
        return Mechanism::Plain;
    if (name.compare("LOGIN", Qt::CaseInsensitive) == 0)
        return Mechanism::Login;
    return std::nullopt;
}

SaslExchange::SaslExchange(Mechanism mechanism)
    : m_mechanism(mechanism)
{ }

SaslExchange::Step SaslExchange::start(std::optional<QByteArrayView> initialResponse)
{
    if (m_mechanism == Mechanism::Plain) {
        // PLAIN is client-first: with no initial response, an empty challenge asks for it
        // (RFC 4954 s4 "334 ", RFC 5034 s4 "+ ").
        if (!initialResponse)
            return challenge({});
        return respond(*initialResponse);
    }
    if (!initialResponse)
        return challenge(SaslLogin::usernameChallenge());
    return takeLogin(*initialResponse);
}

SaslExchange::Step SaslExchange::respond(QByteArrayView line)
{
    if (SaslResponse::isCancel(line)) {
        Step step;
        step.kind = Step::Kind::Cancelled;
        return step;
    }
    if (m_mechanism == Mechanism::Login)
        return m_waitingForPassword ? takePassword(line) : takeLogin(line);
    QString why;
    const auto credentials = SaslPlain::decodePlain(line, &why);
    if (!credentials)
        return malformed(why);
    Step step;
    step.kind = Step::Kind::Done;
    step.credentials = *credentials;
    return step;
}

SaslExchange::Step SaslExchange::takeLogin(QByteArrayView base64)
{
    QString why;
    const auto login = SaslLogin::decodeField(base64, &why);
    if (!login)
        return malformed(why);
    m_login = *login;
    m_waitingForPassword = true;
    return challenge(SaslLogin::passwordChallenge());
}

SaslExchange::Step SaslExchange::takePassword(QByteArrayView base64)
{
    QString why;
    const auto password = SaslLogin::decodeField(base64, &why);
    if (!password)
        return malformed(why);
    Step step;
    step.kind = Step::Kind::Done;
    step.credentials.login = m_login;
    step.credentials.password = *password;
    return step;
}

} // namespace magpie::server
