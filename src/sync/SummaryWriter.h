// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Writes a big sync's batches of new message summaries into the cache on a thread of its own,
// through a second SQLite connection to the same file (DESIGN.md, Store: one connection per
// thread; WAL lets the views read meanwhile). A first sync of a big folder spends more time
// writing summaries than reading and parsing them; on its own thread the write of one batch
// overlaps the read of the next, instead of the socket waiting for the disk.
//
// Batches are written in the order given by MessageStore::add. Batches that queue up while
// the writer is busy are written together in one transaction (see drain()), the first batch
// always alone; either way what is committed is whole batches, so the data safety is that of
// the synchronous path, and a pass that stops half-way is resumed by the next from what is in
// the file (RFC 4549 s4.3). After each commit the owner's MailCache announces the new rows
// (messagesAdded, folderCountsChanged) on the owner's thread, as if it had written them
// itself, and then written() is emitted per batch; a failure is announced the same way
// (MailCache::writeFailed), failed() names the first batch of the transaction that failed,
// and the writer stops: later batches are dropped, never written out of order.
//
// Destroying the writer lets the batch being written finish (one transaction) and drops the
// ones still queued; nothing half-written is left either way.
class SummaryWriter : public QObject
{
    Q_OBJECT
public:
    explicit SummaryWriter(store::MailCache &cache, QObject *parent = nullptr);
    ~SummaryWriter() override;

    // Queues one batch of `folderId`'s summaries. `tag` comes back with written()/failed().
    void write(qint64 folderId, QList<store::MessageSummary> summaries, quint64 tag);
    // Batches queued or being written, whose written()/failed() has not been emitted yet.
    int pending() const { return m_pending; }
    bool hasFailed() const { return m_failed; }
    // CPU time the writer's thread spent on the batches reported so far (for benchmarks;
    // 0 where the platform cannot tell a thread's CPU time).
    double cpuMs() const { return m_cpuMs; }

Q_SIGNALS:
    // The batch is in the file and announced; ids as MessageStore::add returns them.
    void written(quint64 tag, const QList<qint64> &ids);
    // The batch (and so every later one) was not written; the cache is as before it.
    void failed(quint64 tag, const magpie::store::StoreError &error);

private:
    struct Worker;

    void drain(); // on the writer's thread
    void finishBatch(quint64 tag, const QList<qint64> &ids, const store::StoreError &error,
                     double cpuMs);

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread; the writes are queued to it
    std::shared_ptr<Worker> m_worker;
    int m_pending = 0;
    bool m_failed = false;
    double m_cpuMs = 0;
};

} // namespace magpie::sync
