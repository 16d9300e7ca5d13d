// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SummaryWriter.h"

#include "store/MailCache.h"
#include "store/MessageStore.h"

#include <QThread>

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

// The writer thread's side. Everything but `stopping` is touched on that thread only.
struct SummaryWriter::Worker
{
    QString path;
    store::MailCache *owner = nullptr; // the announcements are relayed to it
    std::unique_ptr<store::MailCache> cache; // opened by the first batch, closed by the last call
    store::StoreError openError;
    bool failed = false; // a batch failed: the later ones are dropped
    std::atomic<bool> stopping { false };

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
    const std::shared_ptr<Worker> worker = m_worker;
    QMetaObject::invokeMethod(
        m_context,
        [this, worker, folderId, summaries = std::move(summaries), tag] {
            if (worker->stopping || worker->failed)
                return;
            const double cpuBefore = threadCpuMs();
            store::StoreError error = worker->open();
            QList<qint64> ids;
            if (!error)
                ids = store::MessageStore(*worker->cache).add(folderId, summaries, &error);
            if (error)
                worker->failed = true;
            const double cpuMs = threadCpuMs() - cpuBefore;
            // Posted after the cache's own announcements of this commit, so it arrives after
            // them. If the writer is being destroyed meanwhile, QObject drops the event.
            QMetaObject::invokeMethod(
                this, [this, tag, ids, error, cpuMs] { finishBatch(tag, ids, error, cpuMs); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
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
