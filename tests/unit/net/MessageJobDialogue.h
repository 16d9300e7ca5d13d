// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The part every message-job test shares: a scripted server, a session logged in as alice
// with the given capabilities and (optionally) INBOX selected, then the job under test.
//
//   MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE")
//                               << "C: a3 UID MOVE 4 Archive" << "S: a3 OK done");
//   auto *job = dialogue.make<MoveJob>();
//   ...; job->start();
//   QVERIFY(dialogue.finish(job));

#include "ScriptedServer.h"

#include "net/imap/EnableJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"

#include <QByteArrayList>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <memory>

namespace magpie::test {

class MessageJobDialogue
{
public:
    enum class Opening { Login, LoginSelect, LoginEnableSelect };

    // Greeting with [CAPABILITY], LOGIN (a1), and for LoginSelect SELECT INBOX (a2); for
    // LoginEnableSelect ENABLE CONDSTORE QRESYNC (a2) then SELECT INBOX (a3). `capabilities`
    // is what follows IMAP4rev1 (no AUTH=, so LOGIN is used).
    static QByteArrayList opening(const QByteArray &capabilities,
                                  Opening opening = Opening::LoginSelect)
    {
        const QByteArray caps =
            capabilities.isEmpty() ? QByteArray("IMAP4rev1") : "IMAP4rev1 " + capabilities;
        QByteArrayList script;
        script << "S: * OK [CAPABILITY " + caps + "] Scripted server ready"
               << "C: a1 LOGIN alice secret"
               << "S: a1 OK [CAPABILITY " + caps + "] Logged in";
        QByteArray selectTag = "a2";
        if (opening == Opening::LoginEnableSelect) {
            script << "C: a2 ENABLE CONDSTORE QRESYNC"
                   << "S: * ENABLED CONDSTORE QRESYNC"
                   << "S: a2 OK Enabled";
            selectTag = "a3";
        }
        if (opening != Opening::Login) {
            // SelectJob asks for (CONDSTORE) when offered and not enabled (RFC 7162 s3.1.8).
            const bool condStore = opening == Opening::LoginSelect
                && (capabilities.contains("CONDSTORE") || capabilities.contains("QRESYNC"));
            script << "C: " + selectTag + " SELECT INBOX" + (condStore ? " (CONDSTORE)" : "")
                   << "S: * 5 EXISTS"
                   << "S: * OK [UIDVALIDITY 1700000000] UIDs valid"
                   << "S: " + selectTag + " OK [READ-WRITE] Selected";
        }
        return script;
    }

    explicit MessageJobDialogue(const QByteArrayList &script,
                                Opening opening = Opening::LoginSelect)
        : server(script)
    {
        net::ServerEndpoint endpoint = server.endpoint(net::ServerEndpoint::Security::Plaintext);
        // Plaintext needs no trust anchors; without extras the system's roots are not loaded,
        // which would cost the first test of each binary most of a second.
        endpoint.extraCaCertificates.clear();
        endpoint.host = QStringLiteral("127.0.0.1");
        session.connectToServer(endpoint);
        net::Credentials credentials;
        credentials.user = QStringLiteral("alice");
        credentials.password = QStringLiteral("secret");
        (new imap::LoginJob(&session, credentials))->start();
        if (opening == Opening::LoginEnableSelect)
            (new imap::EnableJob(&session, { "CONDSTORE", "QRESYNC" }))->start();
        if (opening != Opening::Login)
            (new imap::SelectJob(&session, QStringLiteral("INBOX")))->start();
    }

    // A job on this session that stays alive after it finished, for the test to inspect.
    template<typename JobType> JobType *make()
    {
        auto *job = new JobType(&session);
        job->setAutoDelete(false);
        return job;
    }

    // The job finished and the server's script was played to its end.
    [[nodiscard]] bool finish(net::Job *job, int timeoutMs = 5000)
    {
        // An event loop rather than QTest::qWaitFor, which sleeps 10 ms between rounds of
        // events: every exchange with the server would pay it.
        if (!job->isFinished()) {
            QEventLoop loop;
            QObject::connect(job, &net::Job::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!job->isFinished()) {
            failure = QStringLiteral("the job did not finish; server: ") + server.failure();
            return false;
        }
        if (!server.waitForScript(timeoutMs)) {
            failure = server.failure();
            return false;
        }
        return true;
    }

    ScriptedServer server;
    imap::ImapSession session;
    QString failure;
};

} // namespace magpie::test
