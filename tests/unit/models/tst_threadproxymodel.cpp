// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelTestCache.h"

#include "models/MessageListModel.h"
#include "models/ThreadProxyModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace magpie;
using magpie::models::MessageListModel;
using magpie::models::ThreadProxyModel;
using magpie::testing::ModelTestCache;
using magpie::testing::TestMessage;

namespace {

TestMessage mail(const QString &subject, int day, const QString &messageId,
                 const QString &references = {}, const QString &inReplyTo = {})
{
    TestMessage m;
    m.subject = subject;
    m.dateMs = ModelTestCache::day(day);
    m.messageId = messageId;
    m.references = references;
    m.inReplyTo = inReplyTo;
    m.flags = store::MessageFlags::Seen;
    return m;
}

// The tree as text: "subject(child child(grandchild)) next".
QString outline(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList parts;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, MessageListModel::SubjectColumn, parent);
        QString text = index.data(MessageListModel::SubjectRole).toString();
        const QModelIndex first = model.index(row, 0, parent);
        if (model.rowCount(first) > 0)
            text += QLatin1Char('(') + outline(model, first) + QLatin1Char(')');
        parts.append(text);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestThreadProxyModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void baseSubject_data();
    void baseSubject();
    void threadsByReferences();
    void subjectFallback();
    void survivesLoopsAndDuplicates();
    void newReplyJoinsThreadWithoutReset();
    void removalAndSortKeepSelection();
    void flatWhenThreadingIsOff();
};

void TestThreadProxyModel::baseSubject_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("base");
    QTest::addColumn<bool>("reply");
    QTest::newRow("plain") << QStringLiteral("Hello  World") << QStringLiteral("hello world") << false;
    QTest::newRow("re") << QStringLiteral("Re: Hello") << QStringLiteral("hello") << true;
    QTest::newRow("nested") << QStringLiteral("RE: Fwd: AW:  hello") << QStringLiteral("hello") << true;
    QTest::newRow("counted") << QStringLiteral("Re[2]: hello") << QStringLiteral("hello") << true;
    QTest::newRow("list tag") << QStringLiteral("[qt-devel] Hello") << QStringLiteral("hello") << false;
    QTest::newRow("tag and re") << QStringLiteral("Re: [qt-devel] Re: Hello") << QStringLiteral("hello") << true;
    QTest::newRow("trailing fwd") << QStringLiteral("Hello (fwd)") << QStringLiteral("hello") << true;
    QTest::newRow("only a tag") << QStringLiteral("[qt]") << QStringLiteral("[qt]") << false;
    QTest::newRow("word starting like re") << QStringLiteral("Reading list") << QStringLiteral("reading list") << false;
}

void TestThreadProxyModel::baseSubject()
{
    QFETCH(QString, subject);
    QFETCH(QString, base);
    QFETCH(bool, reply);
    bool isReply = !reply;
    QCOMPARE(ThreadProxyModel::baseSubject(subject, &isReply), base);
    QCOMPARE(isReply, reply);
}

void TestThreadProxyModel::threadsByReferences()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    cache.add(folder,
              { mail(QStringLiteral("A"), 1, QStringLiteral("<a@x>")),
                mail(QStringLiteral("B"), 2, QStringLiteral("<b@x>"), QStringLiteral("<a@x>")),
                mail(QStringLiteral("C"), 3, QStringLiteral("<c@x>"), QStringLiteral("<a@x> <b@x>")),
                mail(QStringLiteral("D"), 4, QStringLiteral("<d@x>")),
                // Its parent <gone@x> is not cached: it hangs under the nearest ancestor, A.
                mail(QStringLiteral("F"), 5, QStringLiteral("<f@x>"), QStringLiteral("<a@x> <gone@x>")),
                // In-Reply-To alone.
                mail(QStringLiteral("G"), 6, QStringLiteral("<g@x>"), {}, QStringLiteral("<d@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    // Newest activity first (the list is newest first): D's thread has G (day 6).
    QCOMPARE(outline(threads), QStringLiteral("D(G) A(B(C) F)"));
    const QModelIndex a = threads.index(1, 0);
    QCOMPARE(a.data(ThreadProxyModel::ThreadSizeRole).toInt(), 4);
    const QModelIndex c = threads.index(0, 0, threads.index(0, 0, a));
    QCOMPARE(c.data(MessageListModel::SubjectRole).toString(), QStringLiteral("C"));
    QCOMPARE(c.data(ThreadProxyModel::ThreadDepthRole).toInt(), 2);
    QCOMPARE(threads.mapFromSource(threads.mapToSource(c)), c);
    QCOMPARE(threads.columnCount(), int(MessageListModel::ColumnCount));
}

void TestThreadProxyModel::subjectFallback()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    cache.add(folder,
              { mail(QStringLiteral("Lunch?"), 1, QStringLiteral("<l1@x>")),
                mail(QStringLiteral("Re: Lunch?"), 2, QStringLiteral("<l2@x>")),
                mail(QStringLiteral("AW: [team] lunch?"), 3, QStringLiteral("<l3@x>")),
                // Same subject, not a reply: a thread of its own.
                mail(QStringLiteral("Lunch?"), 4, QStringLiteral("<l4@x>")),
                mail(QStringLiteral("Re: Dinner"), 5, QStringLiteral("<d1@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    list.sort(MessageListModel::DateColumn, Qt::AscendingOrder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    QCOMPARE(outline(threads),
             QStringLiteral("Lunch?(Re: Lunch? AW: [team] lunch?) Lunch? Re: Dinner"));
}

void TestThreadProxyModel::survivesLoopsAndDuplicates()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    cache.add(folder,
              { mail(QStringLiteral("P"), 1, QStringLiteral("<p@x>"), QStringLiteral("<q@x>")),
                mail(QStringLiteral("Q"), 2, QStringLiteral("<q@x>"), QStringLiteral("<p@x>")),
                mail(QStringLiteral("Self"), 3, QStringLiteral("<s@x>"), QStringLiteral("<s@x>")),
                mail(QStringLiteral("Twin1"), 4, QStringLiteral("<t@x>")),
                mail(QStringLiteral("Twin2"), 5, QStringLiteral("<t@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    list.sort(MessageListModel::DateColumn, Qt::AscendingOrder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    // Every message shows exactly once.
    int shown = 0;
    for (int row = 0; row < threads.rowCount(); ++row)
        shown += threads.index(row, 0).data(ThreadProxyModel::ThreadSizeRole).toInt();
    QCOMPARE(shown, 5);
    QVERIFY(outline(threads).contains(QStringLiteral("Self")));
    QVERIFY(outline(threads).contains(QStringLiteral("Twin1 Twin2")));
}

void TestThreadProxyModel::newReplyJoinsThreadWithoutReset()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    cache.add(folder, { mail(QStringLiteral("A"), 1, QStringLiteral("<a@x>")),
                        mail(QStringLiteral("D"), 4, QStringLiteral("<d@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    QCOMPARE(outline(threads), QStringLiteral("D A"));
    const QPersistentModelIndex selected = threads.index(1, MessageListModel::SubjectColumn); // A
    QSignalSpy reset(&threads, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&threads, &QAbstractItemModel::layoutChanged);

    // A sync brings a reply to A, newer than D: A's thread moves to the top.
    cache.add(folder, { mail(QStringLiteral("Re: A"), 6, QStringLiteral("<r@x>"), QStringLiteral("<a@x>")) });
    QCOMPARE(outline(threads), QStringLiteral("A(Re: A) D"));
    QCOMPARE(reset.count(), 0);
    QVERIFY(layout.count() >= 1);
    QCOMPARE(selected.row(), 0);
    QCOMPARE(selected.column(), int(MessageListModel::SubjectColumn));
    QCOMPARE(selected.data(MessageListModel::SubjectRole).toString(), QStringLiteral("A"));

    // A flag change passes through as dataChanged of that row.
    QSignalSpy changed(&threads, &QAbstractItemModel::dataChanged);
    const qint64 replyId = threads.index(0, 0, threads.index(0, 0)).data(MessageListModel::MessageIdRole).toLongLong();
    cache.setFlags(folder, replyId, store::MessageFlags::Flagged);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(changed.constLast().at(0).toModelIndex().parent().row(), 0);
    QCOMPARE(threads.index(0, 0, threads.index(0, 0)).data(MessageListModel::FlaggedRole).toBool(), true);
}

void TestThreadProxyModel::removalAndSortKeepSelection()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = cache.add(
        folder, { mail(QStringLiteral("A"), 1, QStringLiteral("<a@x>")),
                  mail(QStringLiteral("B"), 2, QStringLiteral("<b@x>"), QStringLiteral("<a@x>")),
                  mail(QStringLiteral("C"), 3, QStringLiteral("<c@x>"), QStringLiteral("<a@x> <b@x>")),
                  mail(QStringLiteral("Z"), 4, QStringLiteral("<z@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    QCOMPARE(outline(threads), QStringLiteral("Z A(B(C))"));
    const QPersistentModelIndex c = threads.index(0, 0, threads.index(0, 0, threads.index(1, 0)));
    QCOMPARE(c.data(MessageListModel::SubjectRole).toString(), QStringLiteral("C"));
    QSignalSpy reset(&threads, &QAbstractItemModel::modelReset);

    // B expunged: C hangs under A (it names A too).
    cache.remove(folder, { ids.at(1) });
    QCOMPARE(outline(threads), QStringLiteral("Z A(C)"));
    QCOMPARE(c.data(MessageListModel::SubjectRole).toString(), QStringLiteral("C"));
    QCOMPARE(c.parent().data(MessageListModel::SubjectRole).toString(), QStringLiteral("A"));

    threads.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
    QCOMPARE(outline(threads), QStringLiteral("A(C) Z"));
    QCOMPARE(c.data(MessageListModel::SubjectRole).toString(), QStringLiteral("C"));
    QCOMPARE(reset.count(), 0);
}

void TestThreadProxyModel::flatWhenThreadingIsOff()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    cache.add(folder, { mail(QStringLiteral("A"), 1, QStringLiteral("<a@x>")),
                        mail(QStringLiteral("B"), 2, QStringLiteral("<b@x>"), QStringLiteral("<a@x>")) });
    MessageListModel list(cache.cache);
    list.setFolder(folder);
    ThreadProxyModel threads;
    QAbstractItemModelTester tester(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    threads.setSourceModel(&list);
    QCOMPARE(outline(threads), QStringLiteral("A(B)"));
    threads.setThreaded(false);
    QCOMPARE(outline(threads), QStringLiteral("B A"));
    cache.add(folder, { mail(QStringLiteral("Re: A"), 3, QStringLiteral("<c@x>"), QStringLiteral("<a@x>")) });
    QCOMPARE(outline(threads), QStringLiteral("Re: A B A"));
    threads.setThreaded(true);
    QCOMPARE(outline(threads), QStringLiteral("A(B Re: A)"));
}

QTEST_MAIN(TestThreadProxyModel)
#include "tst_threadproxymodel.moc"
