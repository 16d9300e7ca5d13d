// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/NewMailNotifier.h"

#include "app/session/MailSession.h"
#include "models/FolderModel.h"

#include <QIcon>
#include <QSystemTrayIcon>
#include <QWidget>

namespace magpie::app {

NewMailNotifier::NewMailNotifier(MailSession &session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/magpie.svg")), this);
        m_tray->setToolTip(tr("Magpie"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                raiseWindow();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &NewMailNotifier::raiseWindow);
        m_tray->show();
    }
    connect(&m_session, &MailSession::newMail, this, &NewMailNotifier::onNewMail);
}

NewMailNotifier::~NewMailNotifier() = default;

void NewMailNotifier::onNewMail(const QString &accountId, qint64 folderId, int count)
{
    if (count <= 0 || !m_session.preferences().notifyNewMail)
        return;
    const auto account = m_session.account(accountId);
    const QString accountName =
        account && !account->displayName.isEmpty() ? account->displayName : accountId;
    const QModelIndex folder = m_session.folderModel().indexOfFolder(folderId);
    const QString folderName = folder.isValid() ? folder.data(Qt::DisplayRole).toString()
                                                : tr("Inbox");
    const QString title = tr("New mail in %1").arg(accountName);
    const QString text = tr("%n new message(s) in %1", nullptr, count).arg(folderName);
    m_lastNotification = text;
    if (m_tray)
        m_tray->showMessage(title, text, QIcon(QStringLiteral(":/icons/magpie.svg")));
    Q_EMIT notified(title, text);
}

void NewMailNotifier::raiseWindow()
{
    if (!m_window)
        return;
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace magpie::app
