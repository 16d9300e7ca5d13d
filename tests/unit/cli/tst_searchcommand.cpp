// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli search on a cache whose newest messages are not in the search index yet (a sync
// stores them first and indexes after; one interrupted in between leaves them pending): the
// command indexes them first, so its answer is never silently short.
#include "cli/SearchCommand.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/SearchIndexer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <cstdio>
#include <unistd.h>
#endif

using namespace magpie;

namespace {

// Runs the command with its standard output in a file, and returns what it printed (on
// systems without dup2, nothing: the caller then checks the cache only).
int runCapturing(const QStringList &arguments, const QString &outputPath, QByteArray *printed)
{
#ifdef Q_OS_UNIX
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    std::FILE *file = std::fopen(QFile::encodeName(outputPath).constData(), "w");
    ::dup2(::fileno(file), STDOUT_FILENO);
    const int status = cli::runSearch(arguments);
    std::fflush(stdout);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    std::fclose(file);
    QFile output(outputPath);
    if (output.open(QIODevice::ReadOnly))
        *printed = output.readAll();
    return status;
#else
    Q_UNUSED(outputPath)
    Q_UNUSED(printed)
    return cli::runSearch(arguments);
#endif
}

} // namespace

class TestSearchCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void indexesPendingMessagesFirst();
};

void TestSearchCommand::indexesPendingMessagesFirst()
{
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    {
        store::MailCache cache;
        QVERIFY(!cache.open(store::Profile(profile.path())));
        store::FolderRecord inbox;
        inbox.accountId = QStringLiteral("acct");
        inbox.path = QStringLiteral("INBOX");
        const auto folder = store::FolderStore(cache).ensure(inbox);
        QVERIFY(folder);
        QList<store::MessageSummary> batch;
        for (quint32 uid = 3; uid >= 1; --uid) {
            store::MessageSummary m;
            m.uid = uid;
            m.subject = QStringLiteral("pelican sighting %1").arg(uid);
            m.from = { QStringLiteral("Bob"), QStringLiteral("bob@example.org") };
            m.date = QDateTime::fromMSecsSinceEpoch(1700000000000LL + qint64(uid) * 60000, Qt::UTC);
            batch.append(m);
        }
        QCOMPARE(store::MessageStore(cache).add(folder->id, batch).size(), 3);
        QCOMPARE(store::SearchIndexer(cache).pendingCount(), 3);
    }

    QByteArray printed;
    const int status = runCapturing({ QStringLiteral("magpie-cli search"), QStringLiteral("--profile"),
                                      profile.path(), QStringLiteral("pelican") },
                                    profile.filePath(QStringLiteral("out.txt")), &printed);
    QCOMPARE(status, 0);
#ifdef Q_OS_UNIX
    const QList<QByteArray> lines = printed.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).contains("pelican sighting 3"), lines.at(0).constData());
    QVERIFY2(lines.at(2).contains("pelican sighting 1"), lines.at(2).constData());
#endif
    store::MailCache cache;
    QVERIFY(!cache.open(store::Profile(profile.path())));
    QCOMPARE(store::SearchIndexer(cache).pendingCount(), 0);
}

QTEST_GUILESS_MAIN(TestSearchCommand)
#include "tst_searchcommand.moc"
