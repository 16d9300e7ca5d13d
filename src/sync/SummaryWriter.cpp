// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SummaryWriter.h"

#include "store/MailCache.h"
#include "store/MessageStore.h"

#include <QMutex>
#include <QThread>

#include <deque>
#include <utility>
#include <vector>

#ifdef Q_OS_UNIX
#include <time.h>
#endif

namespace magpie::sync {

namespace {

// The calling thread's CPU time in ms, where POSIX can tell it.
double threadCpuMs()
{
#if defined(Q_OS_UNIX) && defined(CLOCK_THREAD_CPUTIME_ID)
    timespec now {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
#endif
    return 0;
}

} // namespace

// One batch handed to the writer.
struct QueuedBatch
{
    qint64 folderId = 0;
    QList<store::MessageSummary> summaries;
    quint64 tag = 0;
};

// The writer thread's side. `queue` and `drainPosted` are shared with the owner's thread under
// `lock`; the rest is touched on the writer's thread only, except `stopping`.
struct SummaryWriter::Worker
{
    QString path;
    store::MailCache *owner = nullptr; // the announcements are relayed to it
    std::unique_ptr<store::MailCache> cache; // opened by the first batch, closed by the last call
    store::StoreError openError;
    bool failed = false; // a batch failed: the later ones are dropped
    std::atomic<bool> stopping { false };

    QMutex lock;
    std::deque<QueuedBatch> queue;
    bool drainPosted = false;
    bool tookFirst = false;

    store::StoreError open()
    {
        if (cache || openError)
            return openError;
        cache = std::make_unique<store::MailCache>();
        // What this connection commits is announced by the owner's cache, on the owner's
        // thread (queued: these signals are emitted here), before the batch's written().
        using store::MailCache;
        QObject::connect(cache.get(), &MailCache::messagesAdded, owner, &MailCache::messagesAdded);
        QObject::connect(cache.get(), &MailCache::messagesChanged, owner, &MailCache::messagesChanged);
        QObject::connect(cache.get(), &MailCache::folderCountsChanged, owner,
                         &MailCache::folderCountsChanged);
        QObject::connect(cache.get(), &MailCache::writeFailed, owner, &MailCache::writeFailed);
        // The schema is current (the owner opened the file first), so this only connects.
        openError = cache->open(path);
        return openError;
    }

    // The batches queued now, oldest first, up to about `rows` summaries (at least one batch);
    // the very first batch alone, so the first screen never waits for a second.
    std::vector<QueuedBatch> take(qsizetype rows)
    {
        QMutexLocker locker(&lock);
        std::vector<QueuedBatch> group;
        qsizetype taken = 0;
        if (!tookFirst)
            rows = 0;
        while (!queue.empty() && (group.empty() || taken + queue.front().summaries.size() <= rows)) {
            tookFirst = true;
            taken += queue.front().summaries.size();
            group.push_back(std::move(queue.front()));
            queue.pop_front();
        }
        if (group.empty())
            drainPosted = false;
        return group;
    }
};

SummaryWriter::SummaryWriter(store::MailCache &cache, QObject *parent)
    : QObject(parent)
    , m_worker(std::make_shared<Worker>())
{
    m_worker->path = cache.path();
    m_worker->owner = &cache;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("magpie-summary-writer"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
}

SummaryWriter::~SummaryWriter()
{
    // Queued batches are skipped; the one being written, if any, commits first. The
    // connection is closed on its own thread (a QSqlDatabase belongs to the thread that
    // opened it), and the thread ends after that.
    m_worker->stopping = true;
    const std::shared_ptr<Worker> worker = m_worker;
    QMetaObject::invokeMethod(
        m_context,
        [worker] {
            worker->cache.reset();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    delete m_context; // its thread has ended, so it handles no event any more
    delete m_thread;
}

void SummaryWriter::write(qint64 folderId, QList<store::MessageSummary> summaries, quint64 tag)
{
    if (m_failed)
        return;
    ++m_pending;
    bool post = false;
    {
        QMutexLocker locker(&m_worker->lock);
        m_worker->queue.push_back({ folderId, std::move(summaries), tag });
        post = !std::exchange(m_worker->drainPosted, true);
    }
    if (post)
        QMetaObject::invokeMethod(m_context, [this] { drain(); }, Qt::QueuedConnection);
}

void SummaryWriter::drain()
{
    // On the writer's thread. The batches waiting when it gets to them are written together,
    // in one transaction: a writer that fell behind catches up, because a commit of many rows
    // costs far less per row than one of 500 (the indexes, by Message-ID above all, take
    // rows in random order, so each commit writes most of their pages to the WAL again).
    // The first batch of a sync finds the queue empty and goes alone, so the first screen
    // does not wait. Each batch still commits whole or not at all.
    Worker &worker = *m_worker;
    constexpr qsizetype groupRows = 4000;
    for (std::vector<QueuedBatch> group = worker.take(groupRows); !group.empty();
         group = worker.take(groupRows)) {
        if (worker.stopping || worker.failed)
            continue; // dropped: never written out of order, nor after a failure
        const double cpuBefore = threadCpuMs();
        store::StoreError error = worker.open();
        QList<QList<qint64>> ids;
        if (!error) {
            store::WriteTransaction transaction(*worker.cache);
            error = transaction.begun();
            store::MessageStore messages(*worker.cache);
            for (const QueuedBatch &batch : group) {
                if (error)
                    break;
                ids.append(messages.add(batch.folderId, batch.summaries, &error));
            }
            if (!error)
                error = transaction.commit();
        }
        if (error)
            worker.failed = true;
        const double cpuMs = threadCpuMs() - cpuBefore;
        // Posted after the cache's own announcements of this commit, so they arrive after
        // them. If the writer is being destroyed meanwhile, QObject drops the events.
        for (std::size_t i = 0; i < group.size(); ++i) {
            const quint64 tag = group[i].tag;
            const QList<qint64> batchIds = error ? QList<qint64>() : ids.value(qsizetype(i));
            const double share = i == 0 ? cpuMs : 0;
            QMetaObject::invokeMethod(
                this, [this, tag, batchIds, error, share] { finishBatch(tag, batchIds, error, share); },
                Qt::QueuedConnection);
            if (error)
                break; // the group's first batch reports the failure, for all of them
        }
    }
}

void SummaryWriter::finishBatch(quint64 tag, const QList<qint64> &ids,
                                const store::StoreError &error, double cpuMs)
{
    if (m_failed)
        return;
    m_cpuMs += cpuMs;
    if (error) {
        m_failed = true;
        m_pending = 0;
        Q_EMIT failed(tag, error);
        return;
    }
    --m_pending;
    Q_EMIT written(tag, ids);
}

} // namespace magpie::sync
