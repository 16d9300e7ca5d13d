// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/BackgroundIndexer.h"

#include "store/MailCache.h"
#include "store/SearchIndexer.h"

namespace magpie::app {

BackgroundIndexer::BackgroundIndexer(store::MailCache &cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BackgroundIndexer::indexSlice);
    // Each batch restarts the wait, so a running sync postpones indexing until it pauses or
    // ends (its end also calls indexSoon()).
    connect(&m_cache, &store::MailCache::messagesAdded, this, [this] { m_timer.start(quietMs); });
    if (pending() > 0)
        indexSoon();
}

void BackgroundIndexer::indexSoon()
{
    m_timer.start(0);
}

int BackgroundIndexer::pending() const
{
    return store::SearchIndexer(m_cache).pendingCount();
}

void BackgroundIndexer::indexSlice()
{
    store::StoreError error;
    const int indexed = store::SearchIndexer(m_cache).indexPending(sliceRows, &error);
    if (error) {
        // A full disk, a damaged or read-only file were announced by the cache
        // (MailCache::writeFailed) and wait for the next trigger; anything else (the write
        // lock held elsewhere) is tried again soon.
        if (error.code == store::StoreError::Failed)
            m_timer.start(retryMs);
        return;
    }
    if (indexed == sliceRows)
        m_timer.start(0); // more to do: the next slice after the events waiting now
    Q_EMIT pendingChanged(pending());
}

} // namespace magpie::app
