// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/AccountStatusBar.h"

#include "app/session/MailSession.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace magpie::app {

AccountStatusBar::AccountStatusBar(MailSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setTextFormat(Qt::PlainText);
    m_details = new QToolButton(this);
    m_details->setObjectName(QStringLiteral("problemDetails"));
    m_details->setAutoRaise(true);
    m_activity = new QLabel(this);
    m_activity->setObjectName(QStringLiteral("activityLabel"));
    m_activity->setTextFormat(Qt::PlainText);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    layout->addWidget(m_problem);
    layout->addWidget(m_details);
    layout->addWidget(m_activity);
    layout->addWidget(m_progress);
    m_problem->hide();
    m_details->hide();
    m_progress->hide();
    m_details->setText(tr("Details"));
    m_details->setToolTip(tr("Show the connection log of this account"));

    connect(m_details, &QToolButton::clicked, this,
            [this] { Q_EMIT detailsRequested(m_problemAccount); });
    connect(&m_session, &MailSession::accountProgress, this, &AccountStatusBar::onProgress);
    connect(&m_session, &MailSession::accountProblem, this, &AccountStatusBar::onProblem);
    connect(&m_session, &MailSession::accountSyncFinished, this, &AccountStatusBar::onFinished);
    connect(&m_session, &MailSession::accountStateChanged, this,
            [this](const QString &accountId, sync::AccountRuntime::State state) {
                if (state == sync::AccountRuntime::State::Online
                    || state == sync::AccountRuntime::State::Stopped) {
                    m_running.remove(accountId);
                    showActivity();
                }
            });
}

QString AccountStatusBar::accountName(const QString &accountId) const
{
    const auto account = m_session.account(accountId);
    return account && !account->displayName.isEmpty() ? account->displayName : accountId;
}

void AccountStatusBar::onProgress(const sync::SyncProgress &progress)
{
    m_running.insert(progress.accountId, progress);
    showActivity();
}

void AccountStatusBar::onProblem(const sync::SyncProblem &problem)
{
    m_problemAccount = problem.accountId;
    m_problem->setText(tr("%1: %2").arg(accountName(problem.accountId), problem.message));
    m_problem->setToolTip(problem.willRetry ? tr("Magpie will try again on its own.")
                                            : tr("Magpie waits for you to fix this."));
    m_problem->show();
    m_details->show();
}

void AccountStatusBar::onFinished(const QString &accountId, bool ok)
{
    m_running.remove(accountId);
    if (ok && accountId == m_problemAccount) {
        m_problemAccount.clear();
        m_problem->clear();
        m_problem->hide();
        m_details->hide();
    }
    showActivity();
}

void AccountStatusBar::showActivity()
{
    if (m_running.isEmpty()) {
        m_activity->clear();
        m_progress->hide();
        return;
    }
    // With several accounts busy, the first (by id) speaks; the bar sums them all.
    QStringList ids = m_running.keys();
    ids.sort();
    const sync::SyncProgress &first = m_running.value(ids.constFirst());
    qint64 done = 0;
    qint64 total = 0;
    bool unknown = false;
    for (const sync::SyncProgress &p : std::as_const(m_running)) {
        done += p.done;
        total += p.total;
        unknown = unknown || p.total <= 0;
    }
    m_activity->setText(ids.size() == 1
                            ? tr("%1: %2").arg(accountName(first.accountId), first.activity)
                            : tr("%1: %2 (and %n more accounts)", nullptr, int(ids.size() - 1))
                                  .arg(accountName(first.accountId), first.activity));
    if (unknown) {
        m_progress->setRange(0, 0); // busy
    } else {
        // QProgressBar counts in int; scale large byte counts down.
        const qint64 scale = total > 1000000 ? total / 1000000 : 1;
        m_progress->setRange(0, int(total / scale));
        m_progress->setValue(int(done / scale));
    }
    m_progress->show();
}

QString AccountStatusBar::activityText() const
{
    return m_activity->text();
}

QString AccountStatusBar::problemText() const
{
    return m_problem->isVisibleTo(this) ? m_problem->text() : QString();
}

bool AccountStatusBar::isBusy() const
{
    return !m_running.isEmpty();
}

void AccountStatusBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_details->setText(tr("Details"));
        m_details->setToolTip(tr("Show the connection log of this account"));
    }
    QWidget::changeEvent(event);
}

} // namespace magpie::app
