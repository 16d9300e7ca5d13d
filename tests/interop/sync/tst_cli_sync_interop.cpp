// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli sync against a real Dovecot (a server nobody here wrote), then list and search
// on what it cached. The output of each command is printed (qInfo), as a person would see it.
#include "CliProcesses.h"
#include "DovecotServer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::testing::CliRun;
using magpie::testing::DovecotServer;
using magpie::testing::runCli;
using magpie::testing::shellQuoted;

namespace {
const QString kUser = u"alice@example.test"_s;
const QString kPassword = u"wonderland"_s;

QStringList lines(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}
} // namespace

class TestCliSyncInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void syncThenListAndSearch_data();
    void syncThenListAndSearch();

private:
    CliRun run(const QStringList &arguments, const QString &password = {}) const;
    DovecotServer m_dovecot;
};

CliRun TestCliSyncInterop::run(const QStringList &arguments, const QString &password) const
{
    const CliRun result = runCli(arguments, password);
    qInfo().noquote() << "$ magpie-cli" << shellQuoted(arguments) << "\n"
                      << result.out << result.err << "exit" << result.exitCode;
    return result;
}

void TestCliSyncInterop::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Two messages in alice's INBOX, one read and flagged.
    const QString maildir = m_dovecot.mailDirectory(kUser);
    for (const QString &folder : { u"cur"_s, u"new"_s, u"tmp"_s })
        QVERIFY(QDir().mkpath(maildir + u'/' + folder));
    QFile first(maildir + u"/cur/1700000000.M1P1.magpie:2,FS"_s);
    QVERIFY(first.open(QIODevice::WriteOnly));
    first.write("From: Bob <bob@example.test>\r\nTo: alice@example.test\r\n"
                "Subject: Budget meeting\r\nDate: Sun, 1 Mar 2026 14:05:09 +0100\r\n"
                "Message-ID: <1@example.test>\r\n\r\nThe budget is tight.\r\n");
    first.close();
    QFile second(maildir + u"/new/1700000100.M2P1.magpie"_s);
    QVERIFY(second.open(QIODevice::WriteOnly));
    second.write("From: Carol <carol@example.test>\r\nTo: alice@example.test\r\n"
                 "Subject: Garden party\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
                 "Message-ID: <2@example.test>\r\n\r\nBring lemonade.\r\n");
    second.close();
    QProcess chown;
    chown.start(u"chown"_s, { u"-R"_s, u"dovecot:dovecot"_s, m_dovecot.mailDirectory(QString()) });
    QVERIFY(chown.waitForFinished(10000));
    QCOMPARE(chown.exitCode(), 0);
}

void TestCliSyncInterop::syncThenListAndSearch_data()
{
    QTest::addColumn<QString>("url");
    const QString user = u"alice%40example.test@localhost:"_s;
    QTest::newRow("imaps") << u"imaps://"_s + user + QString::number(m_dovecot.imapsPort());
    QTest::newRow("imap STARTTLS") << u"imap://"_s + user + QString::number(m_dovecot.imapPort())
            + u"?starttls=required"_s;
}

void TestCliSyncInterop::syncThenListAndSearch()
{
    QFETCH(QString, url);
    QTemporaryDir profile;
    const CliRun sync = run({ u"sync"_s, url, u"--profile"_s, profile.path(), u"--cafile"_s,
                              m_dovecot.certificatePath() },
                            kPassword);
    QVERIFY2(sync.exitCode == 0, qPrintable(sync.all()));
    const QStringList out = lines(sync.out);
    QVERIFY2(out.value(0).startsWith(u"Account: imap:alice%40example.test@localhost:"_s),
             qPrintable(sync.out));
    QVERIFY2(out.contains(u"  INBOX  2 messages, 1 unread"_s), qPrintable(sync.out));
    QVERIFY2(out.contains(u"Messages: 2 new, 0 with changed flags, 0 removed"_s),
             qPrintable(sync.out));

    const CliRun list =
        run({ u"list"_s, u"--profile"_s, profile.path(), u"--folder"_s, u"INBOX"_s });
    QVERIFY2(list.exitCode == 0, qPrintable(list.all()));
    QCOMPARE(lines(list.out),
             QStringList({ u"2026-03-02T09:00:00Z\tcarol@example.test\tGarden party\t-"_s,
                           u"2026-03-01T13:05:09Z\tbob@example.test\tBudget meeting\t\\Seen \\Flagged"_s }));

    const CliRun search = run({ u"search"_s, u"--profile"_s, profile.path(), u"lemonade"_s });
    QVERIFY2(search.exitCode == 0, qPrintable(search.all()));
    // The body is only searchable once fetched (the prefetch of recent days may not cover
    // 2026's dates relative to the clock): the subject and addresses always are.
    const CliRun bySender = run({ u"search"_s, u"--profile"_s, profile.path(), u"from:bob"_s });
    QVERIFY2(bySender.exitCode == 0, qPrintable(bySender.all()));
    QCOMPARE(lines(bySender.out),
             QStringList({ u"2026-03-01T13:05:09Z\tbob@example.test\tBudget meeting\t\\Seen \\Flagged\tINBOX"_s }));
}

QTEST_GUILESS_MAIN(TestCliSyncInterop)
#include "tst_cli_sync_interop.moc"
