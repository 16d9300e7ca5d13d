// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers for tests that drive the client engines (src/net) against real servers:
// run a job to its end, open and close a session, in the test's own event loop.

#include "net/Job.h"
#include "net/NetError.h"
#include "net/ProtocolLog.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QString>
#include <QTest>

#include <utility>

namespace magpie::testing {

// Starts `job` and spins the event loop until it has finished (true) or `timeoutMs` passed.
// The job is kept after it finished (no auto-delete) so the test can read its results; its
// session, the parent, deletes it.
template<typename J> bool runJob(J *job, int timeoutMs = 20000)
{
    job->setAutoDelete(false);
    QSignalSpy finished(job, &net::Job::finished);
    job->start();
    return !finished.isEmpty() || finished.wait(timeoutMs);
}

// Calls session.connectToServer(arguments...) and waits for opened() or closed(): true when
// the session opened. `closedError`, when given, gets the error of an early closed().
template<typename Session, typename... Arguments>
bool openSession(Session &session, net::NetError *closedError, Arguments &&...arguments)
{
    QSignalSpy opened(&session, &Session::opened);
    QSignalSpy closed(&session, &Session::closed);
    session.connectToServer(std::forward<Arguments>(arguments)...);
    const QDeadlineTimer deadline(20000);
    while (opened.isEmpty() && closed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(5);
    if (closedError && !closed.isEmpty())
        *closedError = closed.first().first().template value<net::NetError>();
    return !opened.isEmpty();
}

// Runs `trigger` (quit(), logout(), abort(), or nothing when the server is expected to close)
// and waits for the session's closed(); returns its error, or a Timeout error when it did
// not come within `timeoutMs`.
template<typename Session, typename Trigger>
net::NetError waitForClosed(Session &session, Trigger trigger, int timeoutMs = 15000)
{
    QSignalSpy closed(&session, &Session::closed);
    trigger();
    if (closed.isEmpty() && !closed.wait(timeoutMs))
        return net::NetError::make(net::NetError::Code::Timeout,
                                   QStringLiteral("closed() did not come"));
    return closed.first().first().template value<net::NetError>();
}

// The session's protocol log as text, for failure messages.
template<typename Session> QString logText(const Session &session)
{
    return session.log() ? session.log()->toText() : QString();
}

} // namespace magpie::testing
