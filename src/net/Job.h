// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"

#include <QObject>

namespace magpie::net {

// One protocol operation (DESIGN.md: every operation is a job, the KIMAP/KSMTP pattern).
// Life cycle: created with its session as parent -> start() queues it -> the session runs it
// when the jobs before it are done -> it emits finished() exactly once, with error() set when
// it failed -> it deletes itself afterwards (deleteLater), unless setAutoDelete(false).
class Job : public QObject
{
    Q_OBJECT
public:
    explicit Job(QObject *parent);
    ~Job() override;

    // Queues the job on its session. Does nothing when called twice.
    virtual void start() = 0;

    const NetError &error() const { return m_error; }
    bool failed() const { return m_error.isError(); }
    QString errorString() const { return m_error.message; }
    bool isFinished() const { return m_finished; }

    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

Q_SIGNALS:
    void finished(magpie::net::Job *job);

protected:
    // Ends the job: emits finished() once; later calls are ignored.
    void finishWithSuccess();
    void finishWithError(const NetError &error);

private:
    void finish();

    NetError m_error;
    bool m_finished = false;
    bool m_autoDelete = true;
};

} // namespace magpie::net
