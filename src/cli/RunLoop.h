// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Job.h"

#include <QEventLoop>
#include <QObject>

#include <functional>

namespace magpie::cli {

// magpie-cli does one thing at a time: it starts an engine's operation and waits for it in a
// local event loop. The engines never block (DESIGN.md); a command-line program may.
class RunLoop
{
public:
    // Runs events until `done()` holds; it is checked again after every wake().
    void runUntil(const std::function<bool()> &done)
    {
        while (!done())
            m_loop.exec();
    }
    void wake() { m_loop.quit(); }

    // Wakes the loop whenever `sender` emits `signal`.
    template<typename Sender, typename Signal> void wakeOn(const Sender *sender, Signal signal)
    {
        QObject::connect(sender, signal, &m_loop, [this] { wake(); });
    }

    // Starts `job` and returns when it has finished. The job is kept (no auto-delete) so its
    // results can be read; its session, its parent, deletes it.
    void run(net::Job *job)
    {
        job->setAutoDelete(false);
        wakeOn(job, &net::Job::finished);
        job->start();
        runUntil([job] { return job->isFinished(); });
    }

private:
    QEventLoop m_loop;
};

} // namespace magpie::cli
