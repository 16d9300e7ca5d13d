// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

namespace magpie::store {
class MailCache;
}

namespace magpie::app {

// Fills the search index in the background, as Thunderbird's global search (Gloda) indexes a
// folder after it is synced: the sync stores messages without their search entries
// (store::SearchIndexer says why), and this indexes them in slices between events, so the
// window stays responsive. It starts once an account's sync finishes (indexSoon()), after
// messages were added and the cache has been quiet for a moment (a sync's batches keep
// postponing it, so it does not compete with the sync for the write lock), and at start for
// whatever a previous run left. Search results say how many messages are still pending.
class BackgroundIndexer : public QObject
{
    Q_OBJECT
public:
    // Rows per slice: about 35 ms of work (bench_search), short enough not to be felt.
    static constexpr int sliceRows = 1000;
    // How long the cache must be quiet after added messages before indexing starts.
    static constexpr int quietMs = 1500;
    // A slice that failed for a passing reason (another connection held the write lock) is
    // tried again after this; a full disk or a damaged file waits for the next trigger.
    static constexpr int retryMs = 5000;

    explicit BackgroundIndexer(store::MailCache &cache, QObject *parent = nullptr);

    // Starts indexing at the next turn of the event loop (an account's sync finished).
    void indexSoon();
    // How many messages are not in the search index yet (read from the cache now).
    int pending() const;
    bool isIndexing() const { return m_timer.isActive(); }

Q_SIGNALS:
    // After every slice: how many are still pending (0: the index is complete).
    void pendingChanged(int pending);

private:
    void indexSlice();

    store::MailCache &m_cache;
    QTimer m_timer;
};

} // namespace magpie::app
