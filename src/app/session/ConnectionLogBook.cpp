// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/ConnectionLogBook.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {
QString describe(sync::AccountRuntime::State state)
{
    using State = sync::AccountRuntime::State;
    switch (state) {
    case State::Stopped:
        return ConnectionLogBook::tr("Stopped.");
    case State::Connecting:
        return ConnectionLogBook::tr("Connecting.");
    case State::Syncing:
        return ConnectionLogBook::tr("Synchronizing.");
    case State::Online:
        return ConnectionLogBook::tr("Online.");
    case State::WaitingToReconnect:
        return ConnectionLogBook::tr("Waiting to reconnect.");
    case State::NeedsAttention:
        return ConnectionLogBook::tr("Stopped until you act (see the problem above).");
    }
    return {};
}
} // namespace

ConnectionLogBook::ConnectionLogBook(QObject *parent)
    : QObject(parent)
{
}

void ConnectionLogBook::setProtocolLogging(bool on)
{
    m_protocolLogging = on;
    for (auto it = m_runtimes.cbegin(); it != m_runtimes.cend(); ++it) {
        if (it.value())
            it.value()->setConnectionLogging(on);
    }
    if (!on) {
        // Off means off: what was kept goes too, only the events stay.
        for (QList<Line> &lines : m_lines)
            lines.removeIf([](const Line &line) { return line.protocol; });
    }
}

void ConnectionLogBook::attach(const QString &accountId, sync::AccountRuntime *runtime)
{
    m_runtimes.insert(accountId, runtime);
    runtime->setConnectionLogging(m_protocolLogging);
    connect(runtime, &sync::AccountRuntime::connectionLogged, this,
            [this, accountId](const QString &line) { protocolLine(accountId, line); });
    connect(runtime, &QObject::destroyed, this, [this, accountId, runtime] {
        if (m_runtimes.value(accountId) == runtime)
            m_runtimes.remove(accountId);
    });
}

void ConnectionLogBook::state(const QString &accountId, sync::AccountRuntime::State state)
{
    add(accountId, describe(state), false);
}

void ConnectionLogBook::problem(const sync::SyncProblem &problem)
{
    add(problem.accountId,
        problem.willRetry ? tr("Problem (will retry): %1").arg(problem.message)
                          : tr("Problem: %1").arg(problem.message),
        false);
}

void ConnectionLogBook::protocolLine(const QString &accountId, const QString &line)
{
    if (m_protocolLogging)
        add(accountId, line, true);
}

void ConnectionLogBook::forget(const QString &accountId)
{
    m_lines.remove(accountId);
    m_runtimes.remove(accountId);
}

QString ConnectionLogBook::text(const QString &accountId) const
{
    QString text;
    const QList<Line> lines = m_lines.value(accountId);
    for (const Line &line : lines)
        text += line.time.toString(u"yyyy-MM-dd HH:mm:ss"_s) + u"  "_s + line.text + u'\n';
    if (!m_protocolLogging && !text.isEmpty())
        text += tr("(The connection log is off: only events are shown. Turn it on in Settings > "
                   "Advanced to see each command and reply, without passwords or message "
                   "contents.)")
            + u'\n';
    return text;
}

void ConnectionLogBook::add(const QString &accountId, const QString &text, bool protocol)
{
    QList<Line> &lines = m_lines[accountId];
    lines.append({ QDateTime::currentDateTime(), text, protocol });
    // Trim each kind to its limit, oldest first.
    const int limit = protocol ? kMaxProtocolLines : kMaxEvents;
    int count = 0;
    for (const Line &line : std::as_const(lines))
        count += line.protocol == protocol ? 1 : 0;
    for (qsizetype i = 0; count > limit && i < lines.size();) {
        if (lines.at(i).protocol == protocol) {
            lines.removeAt(i);
            --count;
        } else {
            ++i;
        }
    }
}

} // namespace magpie::app
