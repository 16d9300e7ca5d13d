// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/FolderWatchers.h"

#include "sync/ImapIdleWatcher.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace magpie::sync {

namespace {
const QString kInbox = u"INBOX"_s;

bool isInbox(const QString &path)
{
    return path.compare(kInbox, Qt::CaseInsensitive) == 0; // RFC 3501 s5.1
}
} // namespace

FolderWatchers::FolderWatchers(const AccountConfig &account, AccountTaskFactory &tasks,
                               QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_tasks(tasks)
{
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(std::chrono::milliseconds(300));
    connect(&m_changeTimer, &QTimer::timeout, this,
            [this] { Q_EMIT foldersChanged(std::exchange(m_changed, {})); });
}

FolderWatchers::~FolderWatchers() = default;

void FolderWatchers::setChangeDelay(std::chrono::milliseconds delay)
{
    m_changeTimer.setInterval(delay);
}

void FolderWatchers::setReissueInterval(int milliseconds)
{
    m_reissueMs = milliseconds;
}

ImapIdleWatcher *FolderWatchers::makeWatcher()
{
    auto *watcher = new ImapIdleWatcher(m_account, m_tasks, this);
    watcher->setReissueInterval(m_reissueMs);
    connect(watcher, &ImapIdleWatcher::changed, this, &FolderWatchers::onChanged);
    connect(watcher, &ImapIdleWatcher::failed, this, &FolderWatchers::failed);
    return watcher;
}

void FolderWatchers::start(const net::Credentials &credentials, const QString &selectedPath)
{
    m_credentials = credentials;
    m_running = true;
    if (!m_inbox)
        m_inbox = makeWatcher();
    if (!m_selected)
        m_selected = makeWatcher();
    m_inbox->watch(kInbox, m_credentials);
    watchSelected(selectedPath);
}

void FolderWatchers::watchSelected(const QString &selectedPath)
{
    if (!m_running || !m_selected)
        return;
    if (selectedPath.isEmpty() || isInbox(selectedPath)) {
        m_selected->stop(); // INBOX has its own watcher already
        return;
    }
    if (m_selected->isWatching() && m_selected->folderPath() == selectedPath)
        return;
    m_selected->watch(selectedPath, m_credentials);
}

void FolderWatchers::stop()
{
    m_running = false;
    m_changeTimer.stop();
    m_changed.clear();
    if (m_inbox)
        m_inbox->stop();
    if (m_selected)
        m_selected->stop();
}

void FolderWatchers::onChanged(const QString &path)
{
    if (!m_changed.contains(path))
        m_changed.append(path);
    if (!m_changeTimer.isActive())
        m_changeTimer.start();
}

} // namespace magpie::sync
