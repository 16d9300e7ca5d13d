// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An ImapSession talking to a ScriptedServer, with everything the session said recorded:
// what the session-level tests share.
//
//   ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] hi", "C: a1 NOOP", "S: a1 OK" });
//   QVERIFY(dialogue.open());
//   auto *job = dialogue.make<NoopJob>();
//   QVERIFY(dialogue.run(job));
//   MAGPIE_VERIFY_SCRIPT(dialogue.server);

#include "ScriptedServer.h"

#include "net/Credentials.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QList>
#include <QTest>
#include <QTimer>

namespace magpie::test {

class ImapDialogue
{
public:
    using Security = net::ServerEndpoint::Security;

    explicit ImapDialogue(const QByteArrayList &script, Security security = Security::Plaintext,
                          bool implicitTls = false)
        : server(script, implicitTls)
        , m_security(security)
    {
        using imap::ImapSession;
        QObject::connect(&session, &ImapSession::opened, &session, [this] { ++openedCount; });
        QObject::connect(&session, &ImapSession::closed, &session,
                         [this](const net::NetError &error) { closedErrors.append(error); });
        QObject::connect(&session, &ImapSession::existsChanged, &session,
                         [this](quint32 n) { events.append("EXISTS " + QByteArray::number(n)); });
        QObject::connect(&session, &ImapSession::expunged, &session,
                         [this](quint32 n) { events.append("EXPUNGE " + QByteArray::number(n)); });
        QObject::connect(&session, &ImapSession::vanished, &session,
                         [this](const imap::UidSet &uids, bool earlier) {
                             events.append(QByteArray(earlier ? "VANISHED (EARLIER) " : "VANISHED ")
                                           + uids.toImap());
                         });
        QObject::connect(&session, &ImapSession::messageFetched, &session,
                         [this](const imap::FetchedMessage &m) {
                             QByteArray event = "FETCH " + QByteArray::number(m.sequenceNumber);
                             if (m.uid)
                                 event += " UID " + QByteArray::number(m.uid);
                             if (m.flags)
                                 event += " FLAGS " + m.flags->join(' ');
                             events.append(event);
                         });
        QObject::connect(
            &session, &ImapSession::flagsAnnounced, &session,
            [this](const QByteArrayList &flags) { events.append("FLAGS " + flags.join(' ')); });
        QObject::connect(&session, &ImapSession::alert, &session,
                         [this](const QString &text) { events.append("ALERT " + text.toUtf8()); });
        QObject::connect(&session, &ImapSession::bye, &session,
                         [this](const QString &text) { events.append("BYE " + text.toUtf8()); });
    }

    // Connects and waits until the session is open (true) or closed (false).
    bool open(int timeoutMs = 5000)
    {
        session.connectToServer(endpoint());
        return waitUntil([this] { return openedCount > 0 || !closedErrors.isEmpty(); }, timeoutMs)
            && openedCount > 0;
    }
    // Connects and waits until the session closed; its error.
    net::NetError openFails(int timeoutMs = 5000)
    {
        session.connectToServer(endpoint());
        if (!waitUntil([this] { return !closedErrors.isEmpty(); }, timeoutMs))
            return net::NetError::make(net::NetError::Code::None, QStringLiteral("not closed"));
        return closedErrors.constFirst();
    }
    net::ServerEndpoint endpoint() const
    {
        net::ServerEndpoint endpoint = server.endpoint(m_security);
        endpoint.readTimeoutMs = readTimeoutMs;
        if (m_security == Security::Plaintext) {
            // No trust anchors needed: without extras the system's roots are never loaded,
            // which would cost the first test of each binary most of a second.
            endpoint.extraCaCertificates.clear();
        }
        return endpoint;
    }

    // A job on this session that stays alive after it finished, for the test to inspect.
    template<typename JobType, typename... Args> JobType *make(Args &&...args)
    {
        auto *job = new JobType(&session, std::forward<Args>(args)...);
        job->setAutoDelete(false);
        return job;
    }
    // Starts `job` and waits until it finished; true when it succeeded.
    bool run(net::Job *job, int timeoutMs = 5000)
    {
        job->start();
        return wait(job, timeoutMs) && !job->failed();
    }
    static bool wait(net::Job *job, int timeoutMs = 5000)
    {
        return waitUntil([job] { return job->isFinished(); }, timeoutMs);
    }
    // LOGIN as alice/secret (the server must offer no AUTH= for this).
    bool login()
    {
        net::Credentials credentials;
        credentials.user = QStringLiteral("alice");
        credentials.password = QStringLiteral("secret");
        return run(make<imap::LoginJob>(credentials));
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return waitUntil([this] { return !closedErrors.isEmpty(); }, timeoutMs);
    }
    // Runs the event loop until `done` or the time is up; unlike QTest::qWaitFor it does not
    // sleep 10 ms between rounds, which every exchange with the server would pay.
    template<typename Predicate> static bool waitUntil(Predicate done, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        QTimer wake; // an event at the deadline, so the wait below always ends
        wake.setSingleShot(true);
        wake.start(timeoutMs);
        while (!done() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        return done();
    }
    // The protocol log as "C: ..." / "S: ..." / "-- ..." lines.
    QStringList logLines() const
    {
        return session.log()->toText().split(u'\n', Qt::SkipEmptyParts);
    }

    ScriptedServer server;
    imap::ImapSession session;
    int openedCount = 0;
    QList<net::NetError> closedErrors;
    QByteArrayList events; // the session's signals, in order
    int readTimeoutMs = 5000;

private:
    Security m_security;
};

} // namespace magpie::test
