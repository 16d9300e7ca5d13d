// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli sync, list, search and outbox as a person runs them, against a magpie-server
// process: a first sync fills the profile's cache, list and search read it (checked line by
// line, column by column), a second sync finds nothing new, and a bad profile, a wrong
// password, an unknown folder and bad command lines each give a clear sentence and their
// exit status (docs/cli.md).
#include "CliProcesses.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using magpie::testing::CliRun;
using magpie::testing::runCli;
using magpie::testing::shellQuoted;
using magpie::testing::ServerProcess;

namespace {
const QString kAlice = u"alice%40example.test"_s;

QStringList lines(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

class TestCliSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void syncFillsTheCache();
    void listShowsNewestFirst();
    void listHonoursLimit();
    void searchFindsSubjectsAndBodies();
    void outboxIsEmpty();
    void secondSyncFindsNothingNew();
    void wrongPasswordIsExitOne();
    void badProfileIsExitOne();
    void unknownFolderIsExitOne();
    void missingCacheIsExitOne();
    void badCommandLinesAreExitTwo_data();
    void badCommandLinesAreExitTwo();

private:
    QString imapsUrl(const QString &user = kAlice) const;
    CliRun run(const QStringList &arguments, const QString &password = {}) const;

    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_profile;
};

QString TestCliSync::imapsUrl(const QString &user) const
{
    return u"imaps://"_s + user + u"@localhost:"_s + QString::number(m_server->port(u"imaps"_s));
}

CliRun TestCliSync::run(const QStringList &arguments, const QString &password) const
{
    const CliRun result = runCli(arguments, password);
    qInfo().noquote() << "$ magpie-cli" << shellQuoted(arguments) << "\n"
                      << result.out << result.err << "exit" << result.exitCode;
    return result;
}

void TestCliSync::initTestCase()
{
    QVERIFY(m_profile.isValid());
    m_server = std::make_unique<ServerProcess>();
    const QString problem = m_server->start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Two messages for alice, the second one later, through the server's own submission port.
    const QString smtp =
        u"smtps://"_s + kAlice + u"@localhost:"_s + QString::number(m_server->port(u"submissions"_s));
    const QList<std::pair<QString, QString>> messages {
        { u"Quarterly figures"_s, u"The spreadsheet is attached in spirit."_s },
        { u"Lunch on Friday"_s, u"Shall we try the marmalade place?"_s },
    };
    for (const auto &message : messages) {
        const CliRun sent = runCli({ u"send"_s, u"--smtp"_s, smtp, u"--cafile"_s,
                                     m_server->certificatePath(), u"--from"_s,
                                     u"alice@example.test"_s, u"--to"_s, u"alice@example.test"_s,
                                     u"--subject"_s, message.first, u"--body"_s, message.second },
                                   u"secret"_s);
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.all()));
        QTest::qWait(1100); // distinct Date fields, so "newest first" has one answer
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->inboxFiles(u"alice@example.test"_s).size(), 2, 10000);
}

void TestCliSync::syncFillsTheCache()
{
    const CliRun result = run({ u"sync"_s, imapsUrl(), u"--profile"_s, m_profile.path(),
                                u"--cafile"_s, m_server->certificatePath() },
                              u"secret"_s);
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    const QStringList out = lines(result.out);
    QVERIFY2(out.size() >= 6, qPrintable(result.out));
    QCOMPARE(out.at(0), u"Account: imap:"_s + kAlice + u"@localhost:"_s
                            + QString::number(m_server->port(u"imaps"_s)));
    QVERIFY2(out.at(1).startsWith(u"Folders ("_s), qPrintable(out.at(1)));
    QVERIFY2(out.contains(u"  INBOX  2 messages, 2 unread"_s), qPrintable(result.out));
    QVERIFY2(out.contains(u"Messages: 2 new, 0 with changed flags, 0 removed"_s),
             qPrintable(result.out));
    const QString bytes = out.at(out.size() - 2);
    QVERIFY2(bytes.startsWith(u"Bytes: "_s) && bytes.mid(7).toLongLong() > 0, qPrintable(bytes));
    QVERIFY2(out.last().startsWith(u"Seconds: "_s), qPrintable(out.last()));
    QVERIFY(QFile::exists(m_profile.filePath(u"cache.sqlite"_s)));
    // The account was saved, without its password.
    QFile ini(m_profile.filePath(u"magpie.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray settings = ini.readAll();
    QVERIFY(settings.contains("localhost"));
    QVERIFY(!settings.contains("secret"));
}

void TestCliSync::listShowsNewestFirst()
{
    const CliRun result =
        run({ u"list"_s, u"--profile"_s, m_profile.path(), u"--folder"_s, u"INBOX"_s });
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    const QStringList out = lines(result.out);
    QCOMPARE(out.size(), 2);
    const QStringList newest = out.at(0).split(u'\t');
    const QStringList oldest = out.at(1).split(u'\t');
    QCOMPARE(newest.size(), 4);
    QCOMPARE(oldest.size(), 4);
    QVERIFY2(newest.at(0) > oldest.at(0), qPrintable(result.out)); // ISO dates sort as text
    QVERIFY(newest.at(0).endsWith(u'Z'));
    QCOMPARE(newest.at(1), u"alice@example.test"_s);
    QCOMPARE(newest.at(2), u"Lunch on Friday"_s);
    QCOMPARE(newest.at(3), u"-"_s); // unread, no flag
    QCOMPARE(oldest.at(2), u"Quarterly figures"_s);
}

void TestCliSync::listHonoursLimit()
{
    const CliRun result = run({ u"list"_s, u"--profile"_s, m_profile.path(), u"--folder"_s,
                                u"INBOX"_s, u"--limit"_s, u"1"_s });
    QCOMPARE(result.exitCode, 0);
    const QStringList out = lines(result.out);
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().split(u'\t').at(2), u"Lunch on Friday"_s);
}

void TestCliSync::searchFindsSubjectsAndBodies()
{
    CliRun result = run({ u"search"_s, u"--profile"_s, m_profile.path(), u"quarterly"_s });
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    QStringList out = lines(result.out);
    QCOMPARE(out.size(), 1);
    const QStringList columns = out.first().split(u'\t');
    QCOMPARE(columns.size(), 5);
    QCOMPARE(columns.at(1), u"alice@example.test"_s);
    QCOMPARE(columns.at(2), u"Quarterly figures"_s);
    QCOMPARE(columns.at(4), u"INBOX"_s);

    result = run({ u"search"_s, u"--profile"_s, m_profile.path(), u"no-such-word-anywhere"_s });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QString());
}

void TestCliSync::outboxIsEmpty()
{
    const CliRun result = run({ u"outbox"_s, u"--profile"_s, m_profile.path() });
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    QCOMPARE(result.out, QString());
    const CliRun discard =
        run({ u"outbox"_s, u"--profile"_s, m_profile.path(), u"--discard"_s, u"999"_s });
    QCOMPARE(discard.exitCode, 1);
    QVERIFY(!discard.err.isEmpty());
}

void TestCliSync::secondSyncFindsNothingNew()
{
    const CliRun result = run({ u"sync"_s, imapsUrl(), u"--profile"_s, m_profile.path(),
                                u"--cafile"_s, m_server->certificatePath(), u"--folder"_s,
                                u"INBOX"_s },
                              u"secret"_s);
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    const QStringList out = lines(result.out);
    QVERIFY2(out.contains(u"Folders (1):"_s), qPrintable(result.out));
    QVERIFY2(out.contains(u"  INBOX  2 messages, 2 unread"_s), qPrintable(result.out));
    QVERIFY2(out.contains(u"Messages: 0 new, 0 with changed flags, 0 removed"_s),
             qPrintable(result.out));
}

void TestCliSync::wrongPasswordIsExitOne()
{
    QTemporaryDir profile;
    const CliRun result = run({ u"sync"_s, imapsUrl(), u"--profile"_s, profile.path(),
                                u"--cafile"_s, m_server->certificatePath() },
                              u"Tr0ub4dor&3"_s);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.startsWith(u"magpie-cli sync: "_s), qPrintable(result.err));
    QVERIFY2(result.err.contains(u"password"_s), qPrintable(result.err));
    QVERIFY(!result.err.contains(u"Tr0ub4dor"_s)); // never the password itself
}

void TestCliSync::badProfileIsExitOne()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"not-a-folder"_s);
    QFile blocker(file);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const CliRun result = run({ u"sync"_s, imapsUrl(), u"--profile"_s, file, u"--cafile"_s,
                                m_server->certificatePath() },
                              u"secret"_s);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(u"is a file, not a folder"_s), qPrintable(result.err));
}

void TestCliSync::unknownFolderIsExitOne()
{
    const CliRun result =
        run({ u"list"_s, u"--profile"_s, m_profile.path(), u"--folder"_s, u"Nope"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(u"There is no folder “Nope” in the cache"_s), qPrintable(result.err));
    QVERIFY2(result.err.contains(u"INBOX"_s), qPrintable(result.err)); // says what there is

    const CliRun sync = run({ u"sync"_s, imapsUrl(), u"--profile"_s, m_profile.path(),
                              u"--cafile"_s, m_server->certificatePath(), u"--folder"_s,
                              u"Nope"_s },
                            u"secret"_s);
    QCOMPARE(sync.exitCode, 1);
    QVERIFY2(sync.err.contains(u"Nope"_s), qPrintable(sync.err));
}

void TestCliSync::missingCacheIsExitOne()
{
    QTemporaryDir empty;
    for (const QString &command : { u"list"_s, u"search"_s, u"outbox"_s }) {
        QStringList arguments { command, u"--profile"_s, empty.path() };
        if (command == u"list"_s)
            arguments << u"--folder"_s << u"INBOX"_s;
        if (command == u"search"_s)
            arguments << u"anything"_s;
        const CliRun result = run(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(u"There is no mail cache in"_s), qPrintable(result.err));
        QVERIFY(!QFile::exists(empty.filePath(u"cache.sqlite"_s))); // reading creates nothing
    }
}

void TestCliSync::badCommandLinesAreExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString profile = u"--profile=/nonexistent"_s;
    QTest::newRow("sync an smtp url") << QStringList { u"sync"_s, u"smtps://a@localhost"_s }
                                      << u"not a mailbox"_s;
    QTest::newRow("sync without user") << QStringList { u"sync"_s, u"imaps://localhost"_s }
                                       << u"names no user"_s;
    QTest::newRow("sync without url") << QStringList { u"sync"_s } << u"Usage"_s;
    QTest::newRow("list without folder") << QStringList { u"list"_s, profile } << u"--folder"_s;
    QTest::newRow("list with a bad limit")
        << QStringList { u"list"_s, profile, u"--folder"_s, u"INBOX"_s, u"--limit"_s, u"0"_s }
        << u"--limit"_s;
    QTest::newRow("search without query") << QStringList { u"search"_s, profile } << u"needs"_s;
    QTest::newRow("outbox with a bad id")
        << QStringList { u"outbox"_s, profile, u"--retry"_s, u"x"_s } << u"--retry"_s;
}

void TestCliSync::badCommandLinesAreExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CliRun result = run(arguments, u"secret"_s);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(expected), qPrintable(result.err));
}

QTEST_GUILESS_MAIN(TestCliSync)
#include "tst_cli_sync.moc"
