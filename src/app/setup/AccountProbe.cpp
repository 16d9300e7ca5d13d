// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/AccountProbe.h"

#include "net/Credentials.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/pop3/Pop3LoginJob.h"
#include "net/pop3/Pop3Session.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSession.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {
// Setup is interactive: a server that has not answered in this time is not going to.
constexpr int kConnectTimeoutMs = 15'000;
constexpr int kReadTimeoutMs = 30'000;

// A session that closed without an error of its own still ended the probe too early.
net::NetError orConnectionLost(const net::NetError &error)
{
    if (error.isError())
        return error;
    return net::NetError::make(net::NetError::Code::ConnectionLost,
                               QCoreApplication::translate("magpie::app::AccountProbe",
                                                           "The server closed the connection."));
}

// Ends a session that is no longer needed: politely when it is up, then it deletes itself.
bool isUp(const imap::ImapSession *session)
{
    return session->isOpen();
}
bool isUp(const smtp::SmtpSession *session)
{
    return session->isOpen();
}
bool isUp(const pop3::Pop3Session *session)
{
    return session->state() == pop3::Pop3Session::State::Authorization
        || session->state() == pop3::Pop3Session::State::Transaction;
}

// `owner` stops hearing from the session; it says goodbye (`leave`) when still connected, else
// is dropped, and deletes itself once closed.
template<typename Session>
void dismiss(QObject *owner, Session *session, void (Session::*leave)())
{
    if (!session)
        return;
    session->disconnect(owner);
    QObject::connect(session, &Session::closed, session, &QObject::deleteLater);
    if (isUp(session))
        (session->*leave)();
    else
        session->abort();
}

QString hostText(const net::ServerEndpoint &endpoint)
{
    return endpoint.host;
}
} // namespace

AccountProbe::AccountProbe(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Outcome>();
}

AccountProbe::~AccountProbe()
{
    abort();
}

int AccountProbe::stepCount(const sync::AccountConfig &account)
{
    return account.smtpServer.host.isEmpty() ? 2 : 4;
}

QByteArray AccountProbe::fingerprintIn(const QString &text)
{
    static const QRegularExpression pattern(u"\\b(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}\\b"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return {};
    return QByteArray::fromHex(match.captured().remove(u':').toLatin1());
}

net::ServerEndpoint AccountProbe::probeEndpoint(const net::ServerEndpoint &endpoint) const
{
    net::ServerEndpoint probe = endpoint;
    probe.connectTimeoutMs = qMin(probe.connectTimeoutMs, kConnectTimeoutMs);
    probe.readTimeoutMs = qMin(probe.readTimeoutMs, kReadTimeoutMs);
    return probe;
}

void AccountProbe::abort()
{
    m_running = false;
    m_password.clear();
    // Dropped at once: the person stopped the test.
    if (m_imap)
        dismiss(this, m_imap.data(), &imap::ImapSession::abort);
    if (m_pop3)
        dismiss(this, m_pop3.data(), &pop3::Pop3Session::abort);
    if (m_smtp)
        dismiss(this, m_smtp.data(), &smtp::SmtpSession::abort);
}

void AccountProbe::start(const sync::AccountConfig &account, const QString &password)
{
    abort();
    m_account = account;
    m_password = password;
    m_outcome = Outcome();
    m_running = true;
    startIncoming();
}

void AccountProbe::fail(Part part, const net::NetError &error)
{
    m_outcome.ok = false;
    m_outcome.failedPart = part;
    m_outcome.error = error;
    if (error.code == net::NetError::Code::Certificate)
        m_outcome.untrustedCertificateSha256 = fingerprintIn(error.message);
    m_running = false;
    m_password.clear();
    const Outcome outcome = m_outcome;
    Q_EMIT finished(outcome);
}

void AccountProbe::succeed()
{
    m_outcome.ok = true;
    m_running = false;
    m_password.clear();
    const Outcome outcome = m_outcome;
    Q_EMIT finished(outcome);
}

void AccountProbe::startIncoming()
{
    const net::ServerEndpoint endpoint = probeEndpoint(m_account.incomingServer);
    const net::Credentials credentials { m_account.incomingUser, m_password, {}, {} };
    Q_EMIT progress(tr("Connecting to %1...").arg(hostText(endpoint)), 1);
    auto next = [this] {
        if (m_account.smtpServer.host.isEmpty())
            succeed();
        else
            startSmtp();
    };

    if (m_account.incoming == sync::AccountConfig::Incoming::Pop3) {
        auto *session = new pop3::Pop3Session(this);
        m_pop3 = session;
        connect(session, &pop3::Pop3Session::closed, this, [this, session](const net::NetError &error) {
            if (m_pop3 != session)
                return;
            m_pop3 = nullptr;
            session->deleteLater();
            fail(Part::Incoming, orConnectionLost(error));
        });
        connect(session, &pop3::Pop3Session::opened, this, [this, session, credentials, next] {
            m_outcome.incomingTls = session->tlsDetails();
            Q_EMIT progress(tr("Logging in to %1...").arg(m_account.incomingServer.host), 2);
            auto *login = new pop3::Pop3LoginJob(session, credentials);
            connect(login, &net::Job::finished, this, [this, session, login, next] {
                if (m_pop3 != session)
                    return; // the connection's end was reported already
                m_pop3 = nullptr;
                const net::NetError error = login->error();
                dismiss(this, session, &pop3::Pop3Session::quit);
                if (error.isError())
                    fail(Part::Incoming, error);
                else
                    next();
            });
            login->start();
        });
        session->connectToServer(endpoint);
        return;
    }

    auto *session = new imap::ImapSession(this);
    m_imap = session;
    connect(session, &imap::ImapSession::closed, this, [this, session](const net::NetError &error) {
        if (m_imap != session)
            return;
        m_imap = nullptr;
        session->deleteLater();
        fail(Part::Incoming, orConnectionLost(error));
    });
    connect(session, &imap::ImapSession::opened, this, [this, session, credentials, next] {
        m_outcome.incomingTls = session->tlsDetails();
        if (session->state() == imap::ImapSession::State::Authenticated) {
            // PREAUTH (RFC 3501 s7.1.4): nothing to log in to.
            m_imap = nullptr;
            dismiss(this, session, &imap::ImapSession::logout);
            next();
            return;
        }
        Q_EMIT progress(tr("Logging in to %1...").arg(m_account.incomingServer.host), 2);
        auto *login = new imap::LoginJob(session, credentials);
        connect(login, &net::Job::finished, this, [this, session, login, next] {
            if (m_imap != session)
                return; // the connection's end was reported already
            m_imap = nullptr;
            const net::NetError error = login->error();
            dismiss(this, session, &imap::ImapSession::logout);
            if (error.isError())
                fail(Part::Incoming, error);
            else
                next();
        });
        login->start();
    });
    session->connectToServer(endpoint);
}

void AccountProbe::startSmtp()
{
    const net::ServerEndpoint endpoint = probeEndpoint(m_account.smtpServer);
    const QString user = m_account.smtpUser.isEmpty() ? m_account.incomingUser : m_account.smtpUser;
    const net::Credentials credentials { user, m_password, {}, {} };
    Q_EMIT progress(tr("Connecting to %1...").arg(hostText(endpoint)), 3);
    auto *session = new smtp::SmtpSession(this);
    m_smtp = session;
    connect(session, &smtp::SmtpSession::closed, this, [this, session](const net::NetError &error) {
        if (m_smtp != session)
            return;
        m_smtp = nullptr;
        session->deleteLater();
        fail(Part::Outgoing, orConnectionLost(error));
    });
    connect(session, &smtp::SmtpSession::opened, this, [this, session, credentials] {
        m_outcome.outgoingTls = session->tlsDetails();
        Q_EMIT progress(tr("Logging in to %1...").arg(m_account.smtpServer.host), 4);
        auto *login = new smtp::SmtpLoginJob(session, credentials);
        connect(login, &net::Job::finished, this, [this, session, login] {
            if (m_smtp != session)
                return; // the connection's end was reported already
            m_smtp = nullptr;
            const net::NetError error = login->error();
            dismiss(this, session, &smtp::SmtpSession::quit);
            if (error.isError())
                fail(Part::Outgoing, error);
            else
                succeed();
        });
        login->start();
    });
    session->connectToServer(endpoint);
}

} // namespace magpie::app
