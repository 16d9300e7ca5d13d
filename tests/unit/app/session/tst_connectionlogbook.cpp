// SPDX-License-Identifier: GPL-3.0-or-later
// What MailSession::connectionLog() shows (ConnectionLogBook): events always, protocol lines
// only while the connection log is on, nothing of them once it is turned off, and no more
// than the limits.
#include "app/session/ConnectionLogBook.h"

#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::ConnectionLogBook;

class TestConnectionLogBook : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsAreAlwaysKept();
    void protocolLinesOnlyWhileOn();
    void limits();
};

void TestConnectionLogBook::eventsAreAlwaysKept()
{
    ConnectionLogBook book;
    book.state(u"a"_s, sync::AccountRuntime::State::Connecting);
    sync::SyncProblem problem;
    problem.accountId = u"a"_s;
    problem.message = u"The server imap.example.com cannot be reached."_s;
    problem.willRetry = true;
    book.problem(problem);
    const QString text = book.text(u"a"_s);
    QVERIFY(text.contains(u"Connecting."_s));
    QVERIFY(text.contains(u"Problem (will retry): The server imap.example.com cannot be reached."_s));
    // It says how to see more.
    QVERIFY(text.contains(u"Settings > Advanced"_s));
    QCOMPARE(book.text(u"b"_s), QString());
    book.forget(u"a"_s);
    QCOMPARE(book.text(u"a"_s), QString());
}

void TestConnectionLogBook::protocolLinesOnlyWhileOn()
{
    ConnectionLogBook book;
    book.protocolLine(u"a"_s, u"IMAP C: a1 LOGIN alice <redacted>"_s);
    QVERIFY(!book.text(u"a"_s).contains(u"LOGIN"_s));

    book.setProtocolLogging(true);
    book.protocolLine(u"a"_s, u"IMAP C: a1 LOGIN alice <redacted>"_s);
    book.state(u"a"_s, sync::AccountRuntime::State::Online);
    QString text = book.text(u"a"_s);
    QVERIFY(text.contains(u"IMAP C: a1 LOGIN alice <redacted>"_s));
    QVERIFY(text.indexOf(u"LOGIN"_s) < text.indexOf(u"Online."_s)); // in order
    QVERIFY(!text.contains(u"Settings > Advanced"_s));

    book.setProtocolLogging(false);
    text = book.text(u"a"_s);
    QVERIFY(!text.contains(u"LOGIN"_s));
    QVERIFY(text.contains(u"Online."_s));
}

void TestConnectionLogBook::limits()
{
    ConnectionLogBook book;
    book.setProtocolLogging(true);
    for (int i = 0; i < ConnectionLogBook::kMaxProtocolLines + 10; ++i)
        book.protocolLine(u"a"_s, u"S: * %1 EXISTS"_s.arg(i));
    for (int i = 0; i < ConnectionLogBook::kMaxEvents + 10; ++i)
        book.state(u"a"_s, sync::AccountRuntime::State::Online);
    const QString text = book.text(u"a"_s);
    QCOMPARE(text.count(u"EXISTS"_s), ConnectionLogBook::kMaxProtocolLines);
    QCOMPARE(text.count(u"Online."_s), ConnectionLogBook::kMaxEvents);
    QVERIFY(!text.contains(u"S: * 9 EXISTS"_s)); // the oldest went first
    QVERIFY(text.contains(u"S: * %1 EXISTS"_s.arg(ConnectionLogBook::kMaxProtocolLines + 9)));
}

QTEST_GUILESS_MAIN(TestConnectionLogBook)
#include "tst_connectionlogbook.moc"
