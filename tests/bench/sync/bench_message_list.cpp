// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a cached 100,000-message folder in MessageListModel (DESIGN.md targets: first
// screen <= 100 ms, memory growth <= 20 MB). Prints figures, asserts nothing.
//
//   build/<preset>/tests/bench/sync/bench_message_list [--messages N] [--keep DIR]
//
// The cache is filled first (straight SQL, one transaction), then a child process of this
// same program opens it, so the figures are those of a fresh process: its resident memory
// before the cache is opened and after the model shows its first screen, scrolls and sorts.
#include "models/MessageListModel.h"
#include "store/MailCache.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <ctime>

using magpie::models::MessageListModel;
using magpie::store::MailCache;

namespace {

constexpr int Screen = 50; // rows a message list shows at once

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

void print(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

qint64 cpuNanoseconds()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Wall time and this process's CPU time: on a shared machine the second is the steadier.
class Stopwatch
{
public:
    Stopwatch() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = cpuNanoseconds();
    }
    QString text() const
    {
        return QStringLiteral("%1 ms (CPU %2 ms)")
            .arg(double(m_wall.nsecsElapsed()) / 1e6, 0, 'f', 1)
            .arg(double(cpuNanoseconds() - m_cpu) / 1e6, 0, 'f', 1);
    }

private:
    QElapsedTimer m_wall;
    qint64 m_cpu = 0;
};

QString ms(const Stopwatch &timer)
{
    return timer.text();
}

// What a view asks for each visible cell.
void readScreen(const MessageListModel &model, int first)
{
    const int last = std::min(model.rowCount(), first + Screen);
    for (int row = first; row < last; ++row) {
        for (int column = 0; column < MessageListModel::ColumnCount; ++column) {
            const QModelIndex index = model.index(row, column);
            index.data(Qt::DisplayRole);
            index.data(Qt::FontRole);
            index.data(MessageListModel::IconNameRole);
        }
    }
}

int fill(const QString &path, int count)
{
    MailCache cache;
    if (const auto error = cache.open(path)) {
        print(QStringLiteral("cannot create the cache: ") + error.message);
        return 1;
    }
    QSqlQuery query(cache.connection());
    query.exec(QStringLiteral("INSERT INTO folders (account_id, name, delimiter, role)"
                              " VALUES ('bench', 'INBOX', '/', 1)"));
    const qint64 folder = query.lastInsertId().toLongLong();
    const QStringList names = { QStringLiteral("Alice Example"), QStringLiteral("bob"),
                                QStringLiteral("Carol Smith"), QStringLiteral("Dave"),
                                QStringLiteral("Eve Müller"), QStringLiteral("Frank"),
                                QStringLiteral("Grace Hopper"), QStringLiteral("Heidi") };
    const QStringList words = { QStringLiteral("meeting"), QStringLiteral("report"),
                                QStringLiteral("invoice"), QStringLiteral("holiday"),
                                QStringLiteral("release"), QStringLiteral("lunch"),
                                QStringLiteral("patch"), QStringLiteral("question") };
    QRandomGenerator random(6);
    Stopwatch timer;
    query.exec(QStringLiteral("BEGIN"));
    query.prepare(QStringLiteral(
        "INSERT INTO messages (folder_id, uid, flags, date, received_at, from_name,"
        " from_address, to_list, subject, message_id, refs, size, has_attachments, preview)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const qint64 start = QDateTime(QDate(2015, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    for (int i = 0; i < count; ++i) {
        const QString &name = names.at(int(random.bounded(names.size())));
        const qint64 date = start + qint64(i) * 90'000 + random.bounded(60'000);
        query.addBindValue(folder);
        query.addBindValue(i + 1);
        query.addBindValue((random.bounded(10) < 8 ? 1 : 0) | (random.bounded(20) == 0 ? 4 : 0));
        query.addBindValue(date);
        query.addBindValue(date);
        query.addBindValue(name);
        query.addBindValue(QString(name.section(u' ', 0, 0).toLower() + QStringLiteral("@example.org")));
        query.addBindValue(QStringLiteral("Me\x1fme@example.org"));
        query.addBindValue(QString((random.bounded(3) == 0 ? QStringLiteral("Re: ") : QString())
                                   + words.at(int(random.bounded(words.size()))) + u' '
                                   + QString::number(random.bounded(5000))));
        query.addBindValue(QStringLiteral("<%1@bench.example>").arg(i));
        query.addBindValue(i > 0 && random.bounded(2) == 0
                               ? QStringLiteral("<%1@bench.example>").arg(random.bounded(i))
                               : QString());
        query.addBindValue(1000 + random.bounded(200000));
        query.addBindValue(random.bounded(5) == 0 ? 1 : 0);
        query.addBindValue(QStringLiteral("A first line of the body, as the preview shows it."));
        if (!query.exec()) {
            print(QStringLiteral("insert failed: ") + query.lastError().text());
            return 1;
        }
    }
    QSqlQuery(cache.connection()).exec(QStringLiteral("COMMIT"));
    QSqlQuery(cache.connection()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    print(QStringLiteral("filled %1 messages in %2 (%3 MB on disk)")
              .arg(count)
              .arg(ms(timer))
              .arg(QFile(path).size() / 1e6, 0, 'f', 1));
    return 0;
}

int measure(const QString &path)
{
    const qint64 before = residentKiB();
    Stopwatch total;
    MailCache cache;
    if (const auto error = cache.open(path)) {
        print(QStringLiteral("cannot open the cache: ") + error.message);
        return 1;
    }
    const QString opened = ms(total);
    QSqlQuery folderQuery(cache.connection());
    folderQuery.exec(QStringLiteral("SELECT id FROM folders WHERE account_id = 'bench'"));
    folderQuery.next();
    const qint64 folder = folderQuery.value(0).toLongLong();

    MessageListModel model(cache);
    Stopwatch timer;
    model.setFolder(folder);
    const QString idsRead = ms(timer);
    const int rows = model.rowCount();
    readScreen(model, 0);
    print(QStringLiteral("first screen (%1 rows of %2): %3 (cache open %4, ordered ids %5,"
                         " total since open %6)")
              .arg(Screen)
              .arg(rows)
              .arg(ms(timer), opened, idsRead, ms(total)));
    const qint64 afterOpen = residentKiB();
    print(QStringLiteral("memory growth after the first screen: %1 MB (VmRSS %2 -> %3 kB)")
              .arg((afterOpen - before) / 1024.0, 0, 'f', 1)
              .arg(before)
              .arg(afterOpen));

    timer.restart();
    readScreen(model, rows - Screen);
    readScreen(model, 0);
    print(QStringLiteral("jump to the end and back to the top: ") + ms(timer));

    timer.restart();
    for (int first = 0; first < rows; first += Screen)
        readScreen(model, first);
    for (int first = rows - Screen; first >= 0; first -= Screen)
        readScreen(model, first);
    print(QStringLiteral("scroll through every row to the end and back: %1 (rows held: %2)")
              .arg(ms(timer))
              .arg(model.cachedRowCount()));
    const qint64 afterScroll = residentKiB();
    print(QStringLiteral("memory growth after scrolling: %1 MB")
              .arg((afterScroll - before) / 1024.0, 0, 'f', 1));

    timer.restart();
    model.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
    readScreen(model, 0);
    print(QStringLiteral("re-sort by subject (+ first screen): ") + ms(timer));
    timer.restart();
    model.sort(MessageListModel::CorrespondentColumn, Qt::AscendingOrder);
    readScreen(model, 0);
    print(QStringLiteral("re-sort by sender (+ first screen): ") + ms(timer));
    timer.restart();
    model.sort(MessageListModel::DateColumn, Qt::DescendingOrder);
    readScreen(model, 0);
    print(QStringLiteral("back to date, newest first (+ first screen): ") + ms(timer));

    // A sync batch lands: 100 new messages, then a flag change of one.
    QSqlQuery insert(cache.connection());
    insert.exec(QStringLiteral("BEGIN"));
    insert.prepare(QStringLiteral("INSERT INTO messages (folder_id, uid, flags, date, subject,"
                                  " from_address, size) VALUES (?, ?, 0, ?, 'new', 'x@example.org', 10)"));
    QList<qint64> added;
    for (int i = 0; i < 100; ++i) {
        insert.addBindValue(folder);
        insert.addBindValue(rows + 1 + i);
        insert.addBindValue(QDateTime::currentMSecsSinceEpoch() - i * 1000);
        insert.exec();
        added.append(insert.lastInsertId().toLongLong());
    }
    QSqlQuery(cache.connection()).exec(QStringLiteral("COMMIT"));
    timer.restart();
    Q_EMIT cache.messagesAdded(folder, added);
    print(QStringLiteral("100 new messages announced -> rows inserted: %1").arg(ms(timer)));
    QSqlQuery(cache.connection()).exec(QStringLiteral("UPDATE messages SET flags = 5 WHERE id = %1").arg(added.constFirst()));
    timer.restart();
    Q_EMIT cache.messagesChanged(folder, { added.constFirst() });
    print(QStringLiteral("one flag change -> dataChanged: %1").arg(ms(timer)));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("messages"), QStringLiteral("How many messages."),
                       QStringLiteral("N"), QStringLiteral("100000") });
    parser.addOption({ QStringLiteral("keep"), QStringLiteral("Put the cache in DIR and keep it."),
                       QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("open"), QStringLiteral("(internal) Measure this cache."),
                       QStringLiteral("FILE") });
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(QStringLiteral("open")))
        return measure(parser.value(QStringLiteral("open")));

    QTemporaryDir temporary;
    const QString dir = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep"))
                                                             : temporary.path();
    const QString path = dir + QStringLiteral("/cache.sqlite");
    if (!QFile::exists(path)) {
        if (const int failed = fill(path, parser.value(QStringLiteral("messages")).toInt()))
            return failed;
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), { QStringLiteral("--open"), path });
    child.waitForFinished(-1);
    return child.exitCode();
}
