// SPDX-License-Identifier: GPL-3.0-or-later
// The first sync of a 100,000-message folder against Dovecot, next to what a bare socket takes
// to read the same UID FETCH response, and the resync of the unchanged folder (DESIGN.md's
// targets: first sync <= 1.3x the bare read, resync <= 50 ms). Needs root and Dovecot, like
// the interop tests (../shared/interop/README.md). Prints figures; asserts nothing.
//
//   bench_imap_sync [--messages N] [--batch B] [--repeat R] [--rounds N] [--log] [--first-sync-only]
//
// Steps: fill INBOX with scripts/fill-dovecot-folder.py; start Dovecot; one warm-up FETCH so
// that Dovecot's index and cache are built before anything is measured; then
//   (1) the bare read: "UID FETCH 1:* (items)" on a blocking QTcpSocket, and the same batched
//       commands the sync sends (newest first, two in flight), read as fast as they come;
//   (2) the first sync, in --rounds rounds, each right after its own one-command bare read
//       (a shared machine's speed drifts, so each ratio is taken between neighbours and the
//       median reported): ImapConnectTask + ImapFolderListTask (not timed),
//       ImapFolderSyncTask into a fresh cache (timed), and when its first batch was in the
//       cache; the client's CPU split into the SummaryWriter thread (cache writes) and the
//       rest; then, not timed with it, the search index filled afterwards (SearchIndexer);
//   (3) the resync with nothing changed: with QRESYNC, with CONDSTORE only, with neither,
//       each timed from ImapFolderSyncTask::start() to finished() on a session that is
//       already logged in (connect, login, ENABLE, LIST done before and not timed), two ways:
//       - "still selected": the client stays connected and INBOX stays selected after a pass
//         (the app's steady state; the periodic check). A pass that left the folder in step
//         makes the next one a NOOP (ImapFolderSyncTask's poll path), no SELECT;
//       - "after connecting": each pass on a new session, so INBOX is not selected yet and
//         the pass SELECTs it [(QRESYNC (uidvalidity modseq))].
//       Next to them the bare client's own round trips for the same commands (STATUS of
//       the unselected INBOX, the SELECTs, NOOP on the selected INBOX): the server's share,
//       which no client work can go below. Last, the app's periodic check as a whole: an
//       ImapAccountSyncTask pass (offline replay, LIST with RETURN (STATUS ...), INBOX's
//       NOOP; no prefetch) on a session that already had its first pass;
//   (4) the bytes each read.
// The sessions' protocol log is off, as in the app unless Settings > Advanced turns the
// connection log on; --log keeps it on to show what it costs.
// Both sides use Dovecot's plain port (LOGIN is allowed there: dovecot.sh sets
// disable_plaintext_auth = no), so the comparison is between clients, not TLS stacks.
#include "DovecotBench.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "net/ProtocolLog.h"
#include "store/FolderRecord.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/SearchIndexer.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapConnectTask.h"
#include "sync/ImapFolderListTask.h"
#include "sync/ImapFolderSyncTask.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace magpie;
using namespace magpie::bench;
using namespace Qt::StringLiterals;

namespace {

bool runTask(sync::SyncTask &task, int timeoutMs = 10 * 60 * 1000)
{
    QEventLoop loop;
    QObject::connect(&task, &sync::SyncTask::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    task.start();
    if (!task.isFinished())
        loop.exec();
    if (!task.isFinished()) {
        std::fprintf(stderr, "A sync task did not finish within %d s.\n", timeoutMs / 1000);
        return false;
    }
    if (task.failed()) {
        std::fprintf(stderr, "A sync task failed: %s\n", qPrintable(task.problem().message));
        return false;
    }
    return true;
}

sync::AccountConfig account(quint16 port, bool qresync, bool condstore)
{
    sync::AccountConfig config;
    config.id = u"bench"_s;
    config.displayName = u"Bench"_s;
    config.address = kUser;
    config.incomingServer.host = u"127.0.0.1"_s;
    config.incomingServer.port = port;
    config.incomingServer.security = net::ServerEndpoint::Security::Plaintext;
    config.incomingUser = kUser;
    config.useQresync = qresync;
    config.useCondstore = condstore;
    config.useIdle = false;
    return config;
}

// A logged-in session and the INBOX row of the cache, the folder list reconciled.
struct Connected
{
    std::unique_ptr<imap::ImapSession> session;
    qint64 inboxId = 0;
};

// Whether the sessions keep their protocol log (--log).
bool logging = false;

std::optional<Connected> connectAndList(const sync::AccountConfig &config, store::MailCache &cache)
{
    sync::ImapConnectTask connect(config, { kUser, kPassword, {}, {} });
    if (!runTask(connect, 60000))
        return std::nullopt;
    Connected result;
    result.session = connect.takeSession();
    if (result.session->log())
        result.session->log()->setEnabled(logging);
    sync::ImapFolderListTask list(config.id, result.session.get(), cache);
    if (!runTask(list, 60000))
        return std::nullopt;
    for (const store::FolderRecord &folder : list.folders()) {
        if (folder.path == u"INBOX"_s)
            result.inboxId = folder.id;
    }
    if (result.inboxId == 0) {
        std::fprintf(stderr, "The folder list has no INBOX.\n");
        return std::nullopt;
    }
    return result;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCoreApplication app(argc, argv);
    QCommandLineParser options;
    options.setApplicationDescription(u"First sync and resync of a big folder against Dovecot"_s);
    options.addHelpOption();
    options.addOption({ u"messages"_s, u"Messages in the folder (default 100000)."_s, u"n"_s, u"100000"_s });
    options.addOption({ u"batch"_s, u"Messages per UID FETCH of the sync (default 500)."_s, u"n"_s, u"500"_s });
    options.addOption({ u"repeat"_s, u"Resyncs per variant (default 5)."_s, u"n"_s, u"5"_s });
    options.addOption({ u"log"_s, u"Keep the sessions' protocol log on (the app's default is off)."_s });
    options.addOption({ u"first-sync-only"_s, u"Stop after the first sync (for profiling it)."_s });
    options.addOption({ u"rounds"_s, u"First syncs, each after its own bare read (default 3)."_s, u"n"_s, u"3"_s });
    options.process(app);
    const int messages = std::max(1, options.value(u"messages"_s).toInt());
    const int batch = std::max(1, options.value(u"batch"_s).toInt());
    const int repeat = std::max(1, options.value(u"repeat"_s).toInt());
    const int rounds = std::max(1, options.value(u"rounds"_s).toInt());
    const bool keepLog = options.isSet(u"log"_s);

    if (::geteuid() != 0)
        std::fprintf(stderr, "Dovecot needs root (it drops privileges to its own users).\n");
    preferRamDisk();
    BenchServer server;
    Stopwatch setup;
    if (const QString error = server.start(messages); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("setup: %s; Dovecot started (%.1f s)\n", qPrintable(server.fillOutput), setup.wallMs() / 1e3);
    logging = keepLog;
    std::printf("protocol log of the sync's sessions: %s\n", logging ? "on (--log)" : "off (the app's default)");
    const quint16 port = server.dovecot.imapPort();

    // ---- warm-up and (1) the bare read -------------------------------------------------
    BareImapClient bare;
    if (!bare.connectTo(port) || !bare.run("LOGIN " + kUser.toUtf8() + " \"" + kPassword.toUtf8() + '"')
        || !bare.run("ENABLE QRESYNC") || !bare.run("SELECT INBOX")) {
        std::fprintf(stderr, "The bare client cannot log in and select INBOX: %s\n", bare.lastLine().constData());
        return 1;
    }
    const QByteArray single = "UID FETCH 1:* " + syncFetchItems(true);
    Stopwatch warm;
    if (!bare.run(single)) {
        std::fprintf(stderr, "The warm-up FETCH failed: %s\n", bare.lastLine().constData());
        return 1;
    }
    std::printf("warm-up: Dovecot indexed and cached %d messages in %.1f s\n", messages, warm.wallMs() / 1e3);

    // The batched bare read once; the one-command bare read and the first sync in rounds,
    // each sync into a fresh cache right after its own bare read: a shared machine's speed
    // drifts, so a ratio is taken between neighbours and the median reported.
    qint64 before = bare.bytesRead;
    Stopwatch batchedWatch;
    if (!bare.runPipelined(batchedFetches(quint32(messages), quint32(batch), true), 2)) {
        std::fprintf(stderr, "A batched bare FETCH failed: %s\n", bare.lastLine().constData());
        return 1;
    }
    const double batchedMs = batchedWatch.wallMs();
    const qint64 batchedBytes = bare.bytesRead - before;
    std::printf("(1) bare read, %d-UID batches, 2 in flight:     %9.1f ms  (client cpu %8.1f ms)  %lld bytes  %.1f MB/s\n",
                batch, batchedMs, batchedWatch.cpuMs(), qlonglong(batchedBytes), double(batchedBytes) / batchedMs / 1e3);

    const sync::AccountConfig full = account(port, true, true);
    std::unique_ptr<QTemporaryDir> profile;
    std::unique_ptr<store::MailCache> cachePtr;
    std::optional<Connected> connected;
    QList<double> ratios;
    qint64 bareBytes = 0;
    qint64 syncBytes = 0;
    for (int round = 1; round <= rounds; ++round) {
        std::printf("round %d of %d\n", round, rounds);
        before = bare.bytesRead;
        Stopwatch bareWatch;
        if (!bare.run(single)) {
            std::fprintf(stderr, "The bare FETCH failed: %s\n", bare.lastLine().constData());
            return 1;
        }
        const double bareMs = bareWatch.wallMs();
        const double bareCpuMs = bareWatch.cpuMs();
        bareBytes = bare.bytesRead - before;
        std::printf("(1) bare read, UID FETCH 1:* (one command):      %9.1f ms  (client cpu %8.1f ms)  %lld bytes  %.1f MB/s\n",
                    bareMs, bareCpuMs, qlonglong(bareBytes), double(bareBytes) / bareMs / 1e3);

        connected.reset();
        cachePtr.reset();
        profile = std::make_unique<QTemporaryDir>();
        cachePtr = std::make_unique<store::MailCache>();
        if (const store::StoreError error = cachePtr->open(profile->filePath(u"cache.sqlite"_s)); error) {
            std::fprintf(stderr, "Cannot open the cache: %s\n", qPrintable(error.message));
            return 1;
        }
        Stopwatch connectWatch;
        connected = connectAndList(full, *cachePtr);
        if (!connected)
            return 1;
        std::printf("    connect + login + ENABLE + ID + LIST:           %9.1f ms\n", connectWatch.wallMs());

        double firstBatchMs = -1;
        Stopwatch syncWatch;
        const QMetaObject::Connection firstRows =
            QObject::connect(cachePtr.get(), &store::MailCache::messagesAdded, cachePtr.get(),
                             [&firstBatchMs, &syncWatch](qint64, const QList<qint64> &) {
                                 if (firstBatchMs < 0)
                                     firstBatchMs = syncWatch.wallMs();
                             });
        sync::ImapFolderSyncTask first(full, connected->session.get(), *cachePtr, connected->inboxId);
        first.setBatchSize(batch);
        syncWatch.restart();
        if (!runTask(first))
            return 1;
        const double syncMs = syncWatch.wallMs();
        const double syncCpuMs = syncWatch.cpuMs();
        QObject::disconnect(firstRows);
        ratios.append(syncMs / bareMs);
        syncBytes = first.stats().bytes;
        std::printf("(2) first sync (ImapFolderSyncTask, %lld new):  %9.1f ms  (client cpu %8.1f ms)  %.2fx the one-command read, %.2fx the batched read  (target <= 1.3x)\n",
                    qlonglong(first.stats().newMessages), syncMs, syncCpuMs, syncMs / bareMs, syncMs / batchedMs);
        std::printf("    first %d messages in the cache after:          %9.1f ms\n", batch, firstBatchMs);
        std::printf("    client cpu: %.2fx the bare one-command read's; of it the writer thread (SummaryWriter, cache writes): %.1f ms, the rest (socket, parse, decode): %.1f ms\n",
                    syncCpuMs / std::max(bareCpuMs, 0.001), first.stats().writerCpuMs,
                    syncCpuMs - first.stats().writerCpuMs);
    }
    std::printf("(2) first sync / bare read over %d rounds: median %.2fx, best %.2fx, worst %.2fx  (target <= 1.3x)\n",
                rounds, median(ratios), *std::min_element(ratios.cbegin(), ratios.cend()),
                *std::max_element(ratios.cbegin(), ratios.cend()));
    store::MailCache &cache = *cachePtr;
    // The search index is filled after the sync (store::SearchIndexer: the desktop client's
    // BackgroundIndexer in slices once the sync is over, magpie-cli sync right after it), so
    // it is not part of the first sync's time; what it costs afterwards:
    {
        Stopwatch indexWatch;
        store::StoreError indexError;
        const int indexed = store::SearchIndexer(cache).indexAll(&indexError);
        if (indexError) {
            std::fprintf(stderr, "Indexing the new messages failed: %s\n", qPrintable(indexError.message));
            return 1;
        }
        std::printf("    search index filled afterwards (SearchIndexer, not part of the sync): %d messages in %.1f ms (cpu %.1f ms)\n",
                    indexed, indexWatch.wallMs(), indexWatch.cpuMs());
    }
    if (options.isSet(u"first-sync-only"_s))
        return 0;

    // ---- (3) resync with nothing changed ------------------------------------------------
    std::printf("(3) resync of the unchanged INBOX on a logged-in session (connect + login + LIST before, not timed);\n"
                "    timed: ImapFolderSyncTask start -> finished, i.e. our commands, the server's answers and our processing:\n"
                "    \"still selected\": NOOP (INBOX stayed selected and in step since the last pass);\n"
                "    \"after connecting\": SELECT INBOX [(QRESYNC (uidvalidity modseq))] (+ for neither: UID FETCH 1:* (FLAGS), UID SEARCH ALL)\n");
    // The server's share: the same commands from the bare client, on its own logged-in session.
    const std::optional<store::FolderRecord> state = store::FolderStore(cache).folderWithoutCounts(connected->inboxId);
    if (!state) {
        std::fprintf(stderr, "The INBOX row is gone from the cache.\n");
        return 1;
    }
    const auto bareSelect = [&](const char *label, const QByteArray &command) -> bool {
        QList<double> times;
        for (int i = 0; i < repeat; ++i) {
            Stopwatch watch;
            if (!bare.run(command)) {
                std::fprintf(stderr, "The bare %s failed: %s\n", command.constData(), bare.lastLine().constData());
                return false;
            }
            times.append(watch.wallMs());
        }
        std::printf("    bare client, %-44s %9.1f ms median, %.1f ms best of %d  (the server's round trip)\n",
                    label, median(times), *std::min_element(times.cbegin(), times.cend()), repeat);
        return true;
    };
    const QByteArray qresyncSelect = "SELECT INBOX (QRESYNC (" + QByteArray::number(state->uidValidity) + ' '
        + QByteArray::number(state->highestModSeq) + "))";
    // STATUS of a mailbox that is not selected (RFC 3501 s6.3.10 advises against STATUS of
    // the selected one): what a "STATUS first" resync would cost the server.
    if (!bare.run("UNSELECT")
        || !bareSelect("STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ):",
                       "STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
        || !bareSelect("SELECT INBOX (QRESYNC (uidvalidity modseq)):", qresyncSelect)
        || !bareSelect("SELECT INBOX (CONDSTORE):", "SELECT INBOX (CONDSTORE)")
        || !bareSelect("SELECT INBOX:", "SELECT INBOX")
        || !bareSelect("NOOP (INBOX selected):", "NOOP"))
        return 1;
    qint64 resyncBytes = 0;
    // stillSelected: one session, a first pass (not timed) selects INBOX, then `repeat` timed
    // passes; else a new session (not timed) before each timed pass.
    const auto resync = [&](const char *label, const sync::AccountConfig &config, bool stillSelected,
                            bool target) -> bool {
        std::optional<Connected> session;
        if (stillSelected) {
            session = connectAndList(config, cache);
            if (!session)
                return false;
            sync::ImapFolderSyncTask selecting(config, session->session.get(), cache, session->inboxId);
            if (!runTask(selecting))
                return false;
        }
        QList<double> times;
        QList<double> cpuTimes;
        for (int i = 0; i < repeat; ++i) {
            if (!stillSelected) {
                session = connectAndList(config, cache);
                if (!session)
                    return false;
            }
            sync::ImapFolderSyncTask again(config, session->session.get(), cache, session->inboxId);
            Stopwatch watch;
            if (!runTask(again))
                return false;
            times.append(watch.wallMs());
            cpuTimes.append(watch.cpuMs());
            resyncBytes = again.stats().bytes;
            if (again.stats().newMessages != 0 || again.stats().removedMessages != 0) {
                std::fprintf(stderr, "The resync found changes where there were none (%lld new, %lld removed).\n",
                             qlonglong(again.stats().newMessages), qlonglong(again.stats().removedMessages));
                return false;
            }
        }
        std::printf("(3) resync, nothing changed, %-40s %9.1f ms median, %.1f ms best, %.1f ms worst of %d  (client cpu %.1f ms median; %lld bytes read)%s\n",
                    label, median(times), *std::min_element(times.cbegin(), times.cend()),
                    *std::max_element(times.cbegin(), times.cend()), repeat, median(cpuTimes),
                    qlonglong(resyncBytes),
                    target ? (median(times) <= 50 ? "  target <= 50 ms: met" : "  target <= 50 ms: missed") : "");
        return true;
    };
    const sync::AccountConfig condStoreOnly = account(port, false, true);
    const sync::AccountConfig neither = account(port, false, false);
    if (!resync("QRESYNC, still selected (NOOP):", full, true, true)
        || !resync("QRESYNC, after connecting (SELECT):", full, false, true)
        || !resync("CONDSTORE only, still selected (NOOP):", condStoreOnly, true, false)
        || !resync("CONDSTORE only, after connecting (SELECT):", condStoreOnly, false, false)
        || !resync("neither, still selected (full pass):", neither, true, false))
        return 1;

    // The app's periodic check: a whole ImapAccountSyncTask pass (offline replay, LIST with
    // RETURN (STATUS ...), every folder: here INBOX, still selected -> NOOP; no prefetch) on
    // a session that already had its first pass.
    {
        std::optional<Connected> session = connectAndList(full, cache);
        if (!session)
            return 1;
        QList<double> times;
        qint64 bytes = 0;
        for (int i = 0; i <= repeat; ++i) {
            sync::ImapAccountSyncTask pass(full, session->session.get(), cache);
            pass.setPrefetch(false);
            Stopwatch watch;
            if (!runTask(pass))
                return 1;
            if (i == 0)
                continue; // the connection's first pass SELECTs; not timed
            times.append(watch.wallMs());
            bytes = pass.stats().bytes;
        }
        std::printf("(3) account pass, nothing new, QRESYNC, connected (LIST-STATUS + NOOP): %9.1f ms median, %.1f ms best, %.1f ms worst of %d  (%lld bytes read)  target <= 50 ms: %s\n",
                    median(times), *std::min_element(times.cbegin(), times.cend()),
                    *std::max_element(times.cbegin(), times.cend()), repeat, qlonglong(bytes),
                    median(times) <= 50 ? "met" : "missed");
    }

    // ---- (4) bytes ---------------------------------------------------------------------
    std::printf("(4) bytes: bare one-command read %lld, bare batched %lld, first sync %lld (%.3fx)\n",
                qlonglong(bareBytes), qlonglong(batchedBytes), qlonglong(syncBytes),
                double(syncBytes) / double(std::max<qint64>(bareBytes, 1)));
    return 0;
}
