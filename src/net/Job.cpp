// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Job.h"

namespace magpie::net {

Job::Job(QObject *parent)
    : QObject(parent)
{
}

Job::~Job() = default;

void Job::finishWithSuccess()
{
    finish();
}

void Job::finishWithError(const NetError &error)
{
    if (m_finished)
        return;
    m_error = error;
    finish();
}

void Job::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(this);
    if (m_autoDelete)
        deleteLater();
}

} // namespace magpie::net
