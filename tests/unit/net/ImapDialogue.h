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
#include <QList>
#include <QTest>

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
        QObject::connect(&session, &ImapSession::flagsAnnounced, &session,
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
        return QTest::qWaitFor([this] { return openedCount > 0 || !closedErrors.isEmpty(); },
                               timeoutMs)
            && openedCount > 0;
    }
    // Connects and waits until the session closed; its error.
    net::NetError openFails(int timeoutMs = 5000)
    {
        session.connectToServer(endpoint());
        if (!QTest::qWaitFor([this] { return !closedErrors.isEmpty(); }, timeoutMs))
            return net::NetError::make(net::NetError::Code::None, QStringLiteral("not closed"));
        return closedErrors.constFirst();
    }
    net::ServerEndpoint endpoint() const
    {
        net::ServerEndpoint endpoint = server.endpoint(m_security);
        endpoint.readTimeoutMs = readTimeoutMs;
        return endpoint;
    }

    // A job on this session that stays alive after it finished, for the test to inspect.
    template<typename JobType, typename... Args>
    JobType *make(Args &&...args)
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
        return QTest::qWaitFor([job] { return job->isFinished(); }, timeoutMs);
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
        return QTest::qWaitFor([this] { return !closedErrors.isEmpty(); }, timeoutMs);
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
