// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncStatus.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace magpie::app {

class MailSession;

// The right-hand side of the main window's status bar: what each account is doing (a
// progress bar while work with a known size runs, a busy bar otherwise) and the last problem
// with a "Details" button that opens the account's redacted connection log. A problem stays
// until the account syncs successfully again.
class AccountStatusBar : public QWidget
{
    Q_OBJECT
public:
    explicit AccountStatusBar(MailSession &session, QWidget *parent = nullptr);

    QString activityText() const;
    QString problemText() const;
    QString problemAccountId() const { return m_problemAccount; }
    bool isBusy() const;

Q_SIGNALS:
    void detailsRequested(const QString &accountId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onProgress(const sync::SyncProgress &progress);
    void onProblem(const sync::SyncProblem &problem);
    void onFinished(const QString &accountId, bool ok);
    void showActivity();
    QString accountName(const QString &accountId) const;

    MailSession &m_session;
    QHash<QString, sync::SyncProgress> m_running; // by account id
    QString m_problemAccount;
    QLabel *m_activity = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_problem = nullptr;
    QToolButton *m_details = nullptr;
};

} // namespace magpie::app
