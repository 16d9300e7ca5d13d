// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/SearchJob.h"

#include <QTest>

using magpie::imap::ImapCommand;
using magpie::imap::SearchCriteria;
using magpie::imap::SearchJob;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

class TestImapSearchJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void criteria_data();
    void criteria();
    void criteriaProblems_data();
    void criteriaProblems();
    void plainSearch();
    void plainSearchWithoutMatches();
    void esearch();
    void esearchWithoutMatches();
    void esearchOfAnotherCommandIgnored();
    void modSeqSearch();
    void lineBreakInTextBecomesLiteral();
    void lineBreakInTextWithLiteralPlus();
    void literalInsideAGroup();
    void nonAsciiTextSendsCharset();
    void badCharsetNamed();
    void garbledSearchResponse();
};

void TestImapSearchJob::criteria_data()
{
    QTest::addColumn<SearchCriteria>("criteria");
    QTest::addColumn<QByteArray>("keys");

    using C = SearchCriteria;
    QTest::newRow("all") << C() << QByteArray("ALL");
    QTest::newRow("all and seen") << (C::all() && C::seen()) << QByteArray("SEEN");
    QTest::newRow("uids") << C::uids(UidSet::fromUids({ 1, 2, 3, 4, 5, 9 }))
                          << QByteArray("UID 1:5,9");
    QTest::newRow("since") << C::since(QDate(2026, 3, 1)) << QByteArray("SINCE 1-Mar-2026");
    QTest::newRow("before") << C::before(QDate(2025, 12, 15)) << QByteArray("BEFORE 15-Dec-2025");
    QTest::newRow("from and unseen")
        << (C::from(QStringLiteral("alice")) && C::unseen()) << QByteArray("FROM \"alice\" UNSEEN");
    QTest::newRow("to, body, text")
        << (C::to(QStringLiteral("bob")) && C::body(QStringLiteral("x y"))
            && C::text(QStringLiteral("z")))
        << QByteArray("TO \"bob\" BODY \"x y\" TEXT \"z\"");
    QTest::newRow("quotes in text") << C::subject(QStringLiteral("say \"hi\" \\o/"))
                                    << QByteArray("SUBJECT \"say \\\"hi\\\" \\\\o/\"");
    QTest::newRow("flags") << (C::flagged() && C::deleted() && C::seen())
                           << QByteArray("FLAGGED DELETED SEEN");
    QTest::newRow("not") << !C::flagged() << QByteArray("NOT FLAGGED");
    QTest::newRow("not not") << !!C::seen() << QByteArray("SEEN");
    QTest::newRow("or") << (C::subject(QStringLiteral("invoice")) || C::flagged())
                        << QByteArray("OR SUBJECT \"invoice\" FLAGGED");
    QTest::newRow("or of ors") << (C::seen() || C::flagged() || C::deleted())
                               << QByteArray("OR OR SEEN FLAGGED DELETED");
    // NOT and OR take one key each: several go in parentheses (RFC 3501 s9).
    QTest::newRow("not of a group")
        << !(C::from(QStringLiteral("a")) && C::seen()) << QByteArray("NOT (FROM \"a\" SEEN)");
    QTest::newRow("or of a group") << ((C::from(QStringLiteral("a")) && C::seen()) || C::flagged())
                                   << QByteArray("OR (FROM \"a\" SEEN) FLAGGED");
    QTest::newRow("or of two groups")
        << ((C::seen() && C::flagged()) || (C::deleted() && C::unseen()))
        << QByteArray("OR (SEEN FLAGGED) (DELETED UNSEEN)");
    QTest::newRow("nested groups")
        << !((C::seen() && (C::flagged() && C::uids(UidSet::range(1, 4))))
             || !(C::deleted() && C::since(QDate(2026, 1, 31))))
        << QByteArray("NOT OR (SEEN FLAGGED UID 1:4) NOT (DELETED SINCE 31-Jan-2026)");
    QTest::newRow("modseq") << C::modSeqAtLeast(620162338) << QByteArray("MODSEQ 620162338");
}

void TestImapSearchJob::criteria()
{
    QFETCH(SearchCriteria, criteria);
    QFETCH(QByteArray, keys);
    ImapCommand command("UID SEARCH");
    criteria.appendTo(command);
    QVERIFY2(command.isValid(), qPrintable(command.errorString()));
    QCOMPARE(command.chunks("a1", false).join(), "a1 UID SEARCH " + keys + "\r\n");
    QVERIFY(criteria.errorString().isEmpty());
}

void TestImapSearchJob::criteriaProblems_data()
{
    QTest::addColumn<SearchCriteria>("criteria");
    QTest::addColumn<QString>("error");
    QTest::newRow("invalid date") << (SearchCriteria::seen() && SearchCriteria::since(QDate()))
                                  << QStringLiteral("A search by date needs a valid date.");
    QTest::newRow("no UIDs") << !SearchCriteria::uids(
        UidSet()) << QStringLiteral("A search among chosen messages needs at least one message.");
    QTest::newRow("NUL") << SearchCriteria::from(QStringLiteral("a") + QChar(0))
                         << QStringLiteral("Search text cannot contain a NUL character.");
}

void TestImapSearchJob::criteriaProblems()
{
    QFETCH(SearchCriteria, criteria);
    QFETCH(QString, error);
    QCOMPARE(criteria.errorString(), error);

    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(criteria);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QCOMPARE(job->errorString(), error);
}

void TestImapSearchJob::plainSearch()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID SEARCH UNSEEN SINCE 1-Feb-1994"
                                << "S: * SEARCH 2 84 3 882 4"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::unseen() && SearchCriteria::since(QDate(1994, 2, 1)));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("2:4,84,882"));
    QCOMPARE(job->count(), quint64(5));
    QVERIFY(!job->highestModSeq());
}

void TestImapSearchJob::plainSearchWithoutMatches()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}) << "C: a3 UID SEARCH DELETED"
                                                                << "S: * SEARCH"
                                                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::deleted());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->uids().isEmpty());
    QCOMPARE(job->count(), quint64(0));
}

// RFC 4731 s3.1.
void TestImapSearchJob::esearch()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("ESEARCH")
                                << "C: a3 UID SEARCH RETURN (ALL COUNT) FLAGGED"
                                << "S: * ESEARCH (TAG \"a3\") UID ALL 1:5,9 COUNT 6"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::flagged());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("1:5,9"));
    QCOMPARE(job->count(), quint64(6));
}

void TestImapSearchJob::esearchWithoutMatches()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("ESEARCH")
                                << "C: a3 UID SEARCH RETURN (ALL COUNT) UID 7"
                                << "S: * ESEARCH (TAG \"a3\") UID COUNT 0"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::uids(UidSet::fromUids({ 7 })));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->uids().isEmpty());
    QCOMPARE(job->count(), quint64(0));
}

void TestImapSearchJob::esearchOfAnotherCommandIgnored()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("ESEARCH")
                                << "C: a3 UID SEARCH RETURN (ALL COUNT) SEEN"
                                << "S: * ESEARCH (TAG \"a1\") UID ALL 1:100 COUNT 100"
                                << "S: * ESEARCH (TAG \"a3\") UID ALL 4 COUNT 1"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::seen());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("4"));
    QCOMPARE(job->count(), quint64(1));
}

// RFC 7162 s3.1.5: the highest MODSEQ of the matches follows.
void TestImapSearchJob::modSeqSearch()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("CONDSTORE")
                                << "C: a3 UID SEARCH MODSEQ 620162338"
                                << "S: * SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::modSeqAtLeast(620162338));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->count(), quint64(10));
    QCOMPARE(job->highestModSeq().value_or(0), quint64(917162500));
}

// A line break in what the user typed must not end the command line: it goes as a literal.
void TestImapSearchJob::lineBreakInTextBecomesLiteral()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID SEARCH SUBJECT {20}"
                                << "S: + Ready for literal data"
                                << "C: x\\r\\na9 DELETE INBOX\\r\\n UNSEEN"
                                << "S: * SEARCH"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::subject(QStringLiteral("x\r\na9 DELETE INBOX\r\n"))
                     && SearchCriteria::unseen());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
}

void TestImapSearchJob::lineBreakInTextWithLiteralPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("LITERAL+")
                                << "C: a3 UID SEARCH BODY {4+}\\r\\na\\r\\nb"
                                << "S: * SEARCH 3"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::body(QStringLiteral("a\r\nb")));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("3"));
}

// The literal's data, then ")" right after it (RFC 3501 s9: no space before ")").
void TestImapSearchJob::literalInsideAGroup()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID SEARCH NOT (SEEN SUBJECT {3}"
                                << "S: + Ready for literal data"
                                << "C: a\r\n)"
                                << "S: * SEARCH 4"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(!(SearchCriteria::seen() && SearchCriteria::subject(QStringLiteral("a\r\n"))));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("4"));
}

void TestImapSearchJob::nonAsciiTextSendsCharset()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("ESEARCH")
                                << "C: a3 UID SEARCH RETURN (ALL COUNT) CHARSET UTF-8 FROM {7}"
                                << "S: + Ready for literal data"
                                << "C: J\\xc3\\xbcrgen"
                                << "S: * ESEARCH (TAG \"a3\") UID ALL 8 COUNT 1"
                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::from(QString::fromUtf8("J\xc3\xbcrgen")));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uids().toImap(), QByteArray("8"));
}

void TestImapSearchJob::badCharsetNamed()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("LITERAL+")
                                << "C: a3 UID SEARCH CHARSET UTF-8 TEXT {6+}\\r\\nna\\xc3\\xafve"
                                << "S: a3 NO [BADCHARSET (US-ASCII)] Unsupported charset");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::text(QString::fromUtf8("na\xc3\xafve")));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::CommandRejected);
    QVERIFY2(job->errorString().startsWith(QStringLiteral("Searching INBOX failed")),
             qPrintable(job->errorString()));
    QVERIFY2(job->errorString().contains(QStringLiteral("Unsupported charset")),
             qPrintable(job->errorString()));
}

void TestImapSearchJob::garbledSearchResponse()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}) << "C: a3 UID SEARCH SEEN"
                                                                << "S: * SEARCH 1 two 3"
                                                                << "S: a3 OK Search completed");
    auto *job = dialogue.make<SearchJob>();
    job->setCriteria(SearchCriteria::seen());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::ProtocolViolation);
    QCOMPARE(job->errorString(),
             QStringLiteral("Searching INBOX failed: the server sent a response Magpie "
                            "cannot read (a SEARCH response that does not list messages)."));
}

QTEST_GUILESS_MAIN(TestImapSearchJob)
#include "tst_imapsearchjob.moc"
