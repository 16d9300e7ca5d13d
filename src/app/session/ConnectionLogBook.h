// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountRuntime.h"
#include "sync/SyncStatus.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace magpie::app {

// What MailSession::connectionLog() shows for each account (the status bar's "Details"):
// always the account's recent events (connected, waiting to reconnect, each problem with its
// sentence), and, while Preferences::connectionLog is on, the protocol lines of its
// connections as the runtime reports them (already redacted by net::ProtocolLog: no
// password, no AUTH payload, no message content). Kept in memory only, trimmed to the most
// recent lines.
class ConnectionLogBook : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxEvents = 200;
    static constexpr int kMaxProtocolLines = 5000;

    explicit ConnectionLogBook(QObject *parent = nullptr);

    void setProtocolLogging(bool on);
    bool protocolLogging() const { return m_protocolLogging; }

    // Follows the runtime's protocol lines (and tells it whether to keep them).
    void attach(const QString &accountId, sync::AccountRuntime *runtime);
    void state(const QString &accountId, sync::AccountRuntime::State state);
    void problem(const sync::SyncProblem &problem);
    void protocolLine(const QString &accountId, const QString &line);
    void forget(const QString &accountId);

    // Oldest first, one "2026-12-07 13:05:09  ..." line each.
    QString text(const QString &accountId) const;

private:
    struct Line
    {
        QDateTime time;
        QString text;
        bool protocol = false;
    };
    void add(const QString &accountId, const QString &text, bool protocol);

    QHash<QString, QList<Line>> m_lines;
    QHash<QString, sync::AccountRuntime *> m_runtimes;
    bool m_protocolLogging = false;
};

} // namespace magpie::app
