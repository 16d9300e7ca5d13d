// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One Pop3Session against one ScriptedServer, for the POP3 client tests: connects at once,
// records opened() and closed(), and runs jobs to their end.

#include "ScriptedServer.h"
#include "net/pop3/Pop3Job.h"
#include "net/pop3/Pop3Session.h"

#include <QCoreApplication>
#include <QTest>
#include <QTimer>

namespace magpie::test {

// The usual start of a dialogue: a greeting with an APOP timestamp (RFC 1939 s7's example),
// then CAPA answered with `capabilities`.
inline QByteArrayList pop3Opening(const QByteArrayList &capabilities = {
                                      "TOP", "UIDL", "USER", "RESP-CODES", "SASL PLAIN" })
{
    QByteArrayList script { "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>", "C: CAPA",
                            "S: +OK Capability list follows" };
    for (const QByteArray &capability : capabilities)
        script += "S: " + capability;
    script += "S: .";
    return script;
}

struct Pop3Dialogue
{
    explicit Pop3Dialogue(
        const QByteArrayList &script,
        net::ServerEndpoint::Security security = net::ServerEndpoint::Security::Plaintext)
        : server(script, security == net::ServerEndpoint::Security::ImplicitTls)
    {
        QObject::connect(&session, &pop3::Pop3Session::opened, &session, [this] { ++openedCount; });
        QObject::connect(&session, &pop3::Pop3Session::closed, &session,
                         [this](const net::NetError &error) { closedErrors.append(error); });
        endpoint = server.endpoint(security);
    }

    void connect() { session.connectToServer(endpoint); }
    bool waitOpened()
    {
        return waitUntil([this] { return openedCount > 0 || !closedErrors.isEmpty(); })
            && openedCount == 1;
    }
    bool waitClosed()
    {
        return waitUntil([this] { return !closedErrors.isEmpty(); });
    }
    net::NetError closedError() const { return closedErrors.value(0); }

    // Starts `job` and waits for it; it stays alive (owned by the session) for inspection.
    template<typename JobType> JobType *run(JobType *job)
    {
        job->setAutoDelete(false);
        job->start();
        waitUntil([job] { return job->isFinished(); });
        return job;
    }

    // Like QTest::qWaitFor, but woken by each event instead of polling every 10 ms, so a
    // dialogue of many round trips takes milliseconds.
    template<typename Predicate> static bool waitUntil(Predicate done, int timeoutMs = 5000)
    {
        QTimer timeout;
        timeout.setSingleShot(true);
        timeout.start(timeoutMs);
        while (!done() && timeout.isActive())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        return done();
    }

    QString log() const { return session.log()->toText(); }

    ScriptedServer server;
    pop3::Pop3Session session;
    net::ServerEndpoint endpoint;
    int openedCount = 0;
    QList<net::NetError> closedErrors;
};

} // namespace magpie::test
