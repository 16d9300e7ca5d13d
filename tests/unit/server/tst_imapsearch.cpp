// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Message.h"
#include "server/imap/ImapSearch.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;
using Kind = SearchKey::Kind;

Q_DECLARE_METATYPE(SearchKey)

namespace {

QByteArray crlf(const char *text)
{
    QByteArray bytes(text);
    bytes.replace("\n", "\r\n");
    return bytes;
}

// A small mailbox: the messages, their records, and which ones this session sees as recent.
struct Mailbox
{
    QList<QByteArray> contents;
    QList<MessageRecord> records;
    QList<bool> recent;

    void add(Uid uid, QList<QByteArray> flags, const QDateTime &arrived, bool isRecent,
             const char *text)
    {
        MessageRecord record;
        record.uid = uid;
        record.flags = std::move(flags);
        record.internalDate = arrived;
        contents << crlf(text);
        record.size = contents.last().size();
        records << record;
        recent << isRecent;
    }
};

Mailbox sampleMailbox()
{
    Mailbox mailbox;
    mailbox.add(1, { "\\Seen" }, QDateTime(QDate(2024, 2, 3), QTime(23, 30), Qt::UTC), false,
                R"~(From: Alice Example <alice@example.com>
To: bob@example.com
Subject: Quarterly report
Date: Sat, 3 Feb 2024 23:30:00 +0000

The numbers are in.
)~");
    // Sent 4 Feb in its own timezone, which is still 3 Feb in UTC.
    mailbox.add(2, { "\\Answered", "\\Flagged", "$Work" },
                QDateTime(QDate(2024, 2, 4), QTime(0, 10), Qt::UTC), true,
                R"~(From: =?utf-8?q?J=C3=B6rg?= <joerg@example.de>
To: team@example.com
Cc: Carol <carol@example.com>
Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
Date: Sun, 4 Feb 2024 00:30:00 +0100
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Sch=C3=B6ne Gr=C3=BC=C3=9Fe
)~");
    // No Date field; an 8-bit Latin-1 HTML part and a base64 attachment saying "secret token".
    mailbox.add(5, { "\\Deleted", "\\Draft", "\\Seen" },
                QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC), true,
                "From: carol@example.com\n"
                "Bcc: hidden@example.com\n"
                "Subject: draft\n"
                "X-Mailer: Magpie 1.0\n"
                "Content-Type: multipart/mixed; boundary=b\n"
                "\n"
                "--b\n"
                "Content-Type: text/html; charset=iso-8859-1\n"
                "Content-Transfer-Encoding: 8bit\n"
                "\n"
                "<p>caf\xe9</p>\n"
                "--b\n"
                "Content-Type: application/octet-stream\n"
                "Content-Transfer-Encoding: base64\n"
                "\n"
                "c2VjcmV0IHRva2Vu\n"
                "--b--\n");
    // Sent 1 Jan in its own timezone (2 Jan in UTC); a keyword in another case; an IDN.
    mailbox.add(9, { "$work" }, QDateTime(QDate(2024, 1, 2), QTime(8, 0), Qt::UTC), false,
                R"~(From: user@xn--mnchen-3ya.de
To: Group: x@y.example;
Subject: Last one
Date: Mon, 1 Jan 2024 23:30:00 -0800

Last body.
)~");
    return mailbox;
}

// The UIDs of the messages that match, and how often a message had to be read.
QList<Uid> search(const Mailbox &mailbox, const SearchKey &key, int *reads = nullptr)
{
    QList<Uid> found;
    for (qsizetype i = 0; i < mailbox.records.size(); ++i) {
        std::optional<magpie::mime::Message> parsed;
        int parses = 0;
        ImapSearch::Candidate candidate;
        candidate.sequenceNumber = quint32(i + 1);
        candidate.largestSequenceNumber = quint32(mailbox.records.size());
        candidate.largestUid = mailbox.records.last().uid;
        candidate.record = &mailbox.records[i];
        candidate.recent = mailbox.recent[i];
        candidate.message = [&]() -> const magpie::mime::Message & {
            ++parses;
            parsed.emplace(mailbox.contents[i]);
            return *parsed;
        };
        if (ImapSearch::matches(key, candidate))
            found << mailbox.records[i].uid;
        if (reads)
            *reads = qMax(*reads, parses);
    }
    return found;
}

SearchKey key(Kind kind)
{
    SearchKey key;
    key.kind = kind;
    return key;
}

SearchKey text(Kind kind, const QString &text)
{
    SearchKey key = ::key(kind);
    key.text = text;
    return key;
}

SearchKey header(const QByteArray &field, const QString &text)
{
    SearchKey key = ::key(Kind::Header);
    key.field = field;
    key.text = text;
    return key;
}

SearchKey date(Kind kind, int year, int month, int day)
{
    SearchKey key = ::key(kind);
    key.date = QDate(year, month, day);
    return key;
}

SearchKey number(Kind kind, qint64 number)
{
    SearchKey key = ::key(kind);
    key.number = number;
    return key;
}

SearchKey set(Kind kind, QByteArrayView set)
{
    SearchKey key = ::key(kind);
    key.set = *SequenceSet::parse(set);
    return key;
}

SearchKey combine(Kind kind, std::vector<SearchKey> children)
{
    SearchKey key = ::key(kind);
    key.children = std::move(children);
    return key;
}

} // namespace

class TestImapSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void sizes();
    void needsContent_data();
    void needsContent();
    void readsEachMessageOnce();
    void noMessageReader();
};

void TestImapSearch::matches_data()
{
    QTest::addColumn<SearchKey>("key");
    QTest::addColumn<QList<Uid>>("expected");
    const QList<Uid> all { 1, 2, 5, 9 };

    QTest::newRow("ALL") << key(Kind::All) << all;
    QTest::newRow("empty AND") << combine(Kind::And, {}) << all;
    // Flags (RFC 3501 s6.4.4), compared case-insensitively.
    QTest::newRow("ANSWERED") << key(Kind::Answered) << QList<Uid> { 2 };
    QTest::newRow("UNANSWERED") << key(Kind::Unanswered) << QList<Uid> { 1, 5, 9 };
    QTest::newRow("DELETED") << key(Kind::Deleted) << QList<Uid> { 5 };
    QTest::newRow("UNDELETED") << key(Kind::Undeleted) << QList<Uid> { 1, 2, 9 };
    QTest::newRow("DRAFT") << key(Kind::Draft) << QList<Uid> { 5 };
    QTest::newRow("UNDRAFT") << key(Kind::Undraft) << QList<Uid> { 1, 2, 9 };
    QTest::newRow("FLAGGED") << key(Kind::Flagged) << QList<Uid> { 2 };
    QTest::newRow("UNFLAGGED") << key(Kind::Unflagged) << QList<Uid> { 1, 5, 9 };
    QTest::newRow("SEEN") << key(Kind::Seen) << QList<Uid> { 1, 5 };
    QTest::newRow("UNSEEN") << key(Kind::Unseen) << QList<Uid> { 2, 9 };
    QTest::newRow("RECENT") << key(Kind::Recent) << QList<Uid> { 2, 5 };
    QTest::newRow("NEW is recent and unseen") << key(Kind::New) << QList<Uid> { 2 };
    QTest::newRow("OLD is not recent") << key(Kind::Old) << QList<Uid> { 1, 9 };
    QTest::newRow("KEYWORD, any case") << text(Kind::Keyword, u"$WORK"_s) << QList<Uid> { 2, 9 };
    QTest::newRow("UNKEYWORD") << text(Kind::Unkeyword, u"$Work"_s) << QList<Uid> { 1, 5 };
    QTest::newRow("KEYWORD absent") << text(Kind::Keyword, u"$Missing"_s) << QList<Uid> {};
    QTest::newRow("system flag as keyword") << text(Kind::Keyword, u"\\Seen"_s) << QList<Uid> { 1, 5 };

    // Header fields: decoded (RFC 2047), case-insensitive substrings.
    QTest::newRow("FROM name") << text(Kind::From, u"alice"_s) << QList<Uid> { 1 };
    QTest::newRow("FROM address, other case") << text(Kind::From, u"ALICE@EXAMPLE"_s) << QList<Uid> { 1 };
    QTest::newRow("FROM encoded word decoded") << text(Kind::From, u"J\u00f6rg"_s) << QList<Uid> { 2 };
    QTest::newRow("FROM encoded form does not match") << text(Kind::From, u"C3=B6"_s) << QList<Uid> {};
    QTest::newRow("FROM IDN in Unicode") << text(Kind::From, u"m\u00fcnchen"_s) << QList<Uid> { 9 };
    QTest::newRow("FROM IDN as sent") << text(Kind::From, u"xn--mnchen"_s) << QList<Uid> { 9 };
    QTest::newRow("FROM carol, not her Cc") << text(Kind::From, u"carol"_s) << QList<Uid> { 5 };
    QTest::newRow("TO") << text(Kind::To, u"bob"_s) << QList<Uid> { 1 };
    QTest::newRow("TO group member") << text(Kind::To, u"x@y.example"_s) << QList<Uid> { 9 };
    QTest::newRow("CC") << text(Kind::Cc, u"carol"_s) << QList<Uid> { 2 };
    QTest::newRow("BCC") << text(Kind::Bcc, u"hidden"_s) << QList<Uid> { 5 };
    QTest::newRow("SUBJECT") << text(Kind::Subject, u"REPORT"_s) << QList<Uid> { 1 };
    QTest::newRow("SUBJECT decoded") << text(Kind::Subject, u"gr\u00fc\u00dfe"_s) << QList<Uid> { 2 };
    QTest::newRow("SUBJECT empty string") << text(Kind::Subject, u""_s) << all;
    QTest::newRow("HEADER") << header("X-Mailer", u"magpie"_s) << QList<Uid> { 5 };
    QTest::newRow("HEADER name any case") << header("SUBJECT", u"quarterly"_s) << QList<Uid> { 1 };
    // RFC 3501 s6.4.4: an empty string matches every message that has the field.
    QTest::newRow("HEADER present") << header("X-Mailer", u""_s) << QList<Uid> { 5 };
    QTest::newRow("HEADER absent") << header("X-None", u""_s) << QList<Uid> {};
    QTest::newRow("HEADER Date") << header("Date", u"2024"_s) << QList<Uid> { 1, 2, 9 };

    // Body: the decoded text of text parts only.
    QTest::newRow("BODY") << text(Kind::Body, u"numbers"_s) << QList<Uid> { 1 };
    QTest::newRow("BODY quoted-printable UTF-8") << text(Kind::Body, u"SCH\u00d6NE"_s) << QList<Uid> { 2 };
    QTest::newRow("BODY Latin-1 HTML") << text(Kind::Body, u"caf\u00e9"_s) << QList<Uid> { 5 };
    QTest::newRow("BODY not in attachments") << text(Kind::Body, u"secret"_s) << QList<Uid> {};
    QTest::newRow("BODY not in header") << text(Kind::Body, u"Quarterly"_s) << QList<Uid> {};
    QTest::newRow("BODY empty string") << text(Kind::Body, u""_s) << all;
    QTest::newRow("TEXT in header") << text(Kind::Text, u"quarterly"_s) << QList<Uid> { 1 };
    QTest::newRow("TEXT in body") << text(Kind::Text, u"last body"_s) << QList<Uid> { 9 };
    QTest::newRow("TEXT decoded header") << text(Kind::Text, u"gr\u00fc\u00dfe"_s) << QList<Uid> { 2 };
    QTest::newRow("TEXT nowhere") << text(Kind::Text, u"absent words"_s) << QList<Uid> {};

    // Internal date: its date in UTC, the time disregarded.
    QTest::newRow("BEFORE") << date(Kind::Before, 2024, 2, 4) << QList<Uid> { 1, 9 };
    QTest::newRow("ON") << date(Kind::On, 2024, 2, 4) << QList<Uid> { 2 };
    QTest::newRow("ON, late in the day") << date(Kind::On, 2024, 2, 3) << QList<Uid> { 1 };
    QTest::newRow("SINCE includes the day") << date(Kind::Since, 2024, 2, 4) << QList<Uid> { 2, 5 };
    QTest::newRow("SINCE later") << date(Kind::Since, 2024, 3, 2) << QList<Uid> {};
    // Date: field: its date in its own timezone; without one, the internal date.
    QTest::newRow("SENTON own timezone ahead") << date(Kind::SentOn, 2024, 2, 4) << QList<Uid> { 2 };
    QTest::newRow("SENTON own timezone behind") << date(Kind::SentOn, 2024, 1, 1) << QList<Uid> { 9 };
    QTest::newRow("SENTON not the UTC date") << date(Kind::SentOn, 2024, 1, 2) << QList<Uid> {};
    QTest::newRow("SENTON no Date field") << date(Kind::SentOn, 2024, 3, 1) << QList<Uid> { 5 };
    QTest::newRow("SENTBEFORE") << date(Kind::SentBefore, 2024, 2, 4) << QList<Uid> { 1, 9 };
    QTest::newRow("SENTSINCE") << date(Kind::SentSince, 2024, 2, 4) << QList<Uid> { 2, 5 };

    // Sets: "*" is the largest UID or sequence number, and "n:*" includes it even when n is
    // larger (RFC 3501 s6.4.8).
    QTest::newRow("UID range") << set(Kind::Uid, "2:5") << QList<Uid> { 2, 5 };
    QTest::newRow("UID list") << set(Kind::Uid, "1,9") << QList<Uid> { 1, 9 };
    QTest::newRow("UID gap") << set(Kind::Uid, "3:4") << QList<Uid> {};
    QTest::newRow("UID star") << set(Kind::Uid, "*") << QList<Uid> { 9 };
    QTest::newRow("UID n:* past the end") << set(Kind::Uid, "20:*") << QList<Uid> { 9 };
    QTest::newRow("UID reversed range") << set(Kind::Uid, "5:1") << QList<Uid> { 1, 2, 5 };
    QTest::newRow("sequence range") << set(Kind::SequenceNumbers, "1:2") << QList<Uid> { 1, 2 };
    QTest::newRow("sequence star") << set(Kind::SequenceNumbers, "*") << QList<Uid> { 9 };
    QTest::newRow("sequence 3:*") << set(Kind::SequenceNumbers, "3:*") << QList<Uid> { 5, 9 };
    QTest::newRow("sequence 4 is not UID 4") << set(Kind::SequenceNumbers, "4") << QList<Uid> { 9 };

    // Combinations.
    QTest::newRow("NOT") << combine(Kind::Not, { key(Kind::Seen) }) << QList<Uid> { 2, 9 };
    QTest::newRow("OR") << combine(Kind::Or, { key(Kind::Deleted), key(Kind::Flagged) })
                        << QList<Uid> { 2, 5 };
    QTest::newRow("AND") << combine(Kind::And, { text(Kind::Keyword, u"$Work"_s), key(Kind::Unseen),
                                                 text(Kind::Subject, u"last"_s) })
                         << QList<Uid> { 9 };
    QTest::newRow("NOT OR") << combine(Kind::Not, { combine(Kind::Or, { key(Kind::Deleted),
                                                                        key(Kind::Answered) }) })
                            << QList<Uid> { 1, 9 };
    QTest::newRow("OR of content and flag")
        << combine(Kind::Or, { text(Kind::Body, u"numbers"_s), key(Kind::Draft) }) << QList<Uid> { 1, 5 };
}

void TestImapSearch::matches()
{
    QFETCH(SearchKey, key);
    QTEST(search(sampleMailbox(), key), "expected");
}

void TestImapSearch::sizes()
{
    // RFC 3501 s6.4.4: LARGER and SMALLER are strict, on RFC822.SIZE.
    const Mailbox mailbox = sampleMailbox();
    const qint64 size = mailbox.records.first().size;
    QVERIFY(!search(mailbox, number(Kind::Larger, size)).contains(1));
    QVERIFY(search(mailbox, number(Kind::Larger, size - 1)).contains(1));
    QVERIFY(!search(mailbox, number(Kind::Smaller, size)).contains(1));
    QVERIFY(search(mailbox, number(Kind::Smaller, size + 1)).contains(1));
    QCOMPARE(search(mailbox, number(Kind::Larger, 0)), QList<Uid>({ 1, 2, 5, 9 }));
    QCOMPARE(search(mailbox, number(Kind::Smaller, 1)), QList<Uid>());
    QCOMPARE(search(mailbox, number(Kind::Larger, 300)), QList<Uid>({ 5 }));
    QCOMPARE(search(mailbox, number(Kind::Smaller, 300)), QList<Uid>({ 1, 2, 9 }));
}

void TestImapSearch::needsContent_data()
{
    QTest::addColumn<SearchKey>("key");
    QTest::addColumn<bool>("expected");
    QTest::newRow("ALL") << key(Kind::All) << false;
    QTest::newRow("flags and sizes") << combine(Kind::And, { key(Kind::Seen), number(Kind::Larger, 5),
                                                             text(Kind::Keyword, u"$x"_s) })
                                     << false;
    QTest::newRow("internal dates") << date(Kind::Since, 2024, 1, 1) << false;
    QTest::newRow("sets") << combine(Kind::Or, { set(Kind::Uid, "1"), set(Kind::SequenceNumbers, "*") })
                          << false;
    QTest::newRow("FROM") << text(Kind::From, u"a"_s) << true;
    QTest::newRow("BODY") << text(Kind::Body, u"a"_s) << true;
    QTest::newRow("TEXT") << text(Kind::Text, u"a"_s) << true;
    QTest::newRow("HEADER") << header("X", u""_s) << true;
    QTest::newRow("SENTON") << date(Kind::SentOn, 2024, 1, 1) << true;
    QTest::newRow("nested in NOT") << combine(Kind::Not, { text(Kind::Subject, u"a"_s) }) << true;
    QTest::newRow("nested in OR") << combine(Kind::Or, { key(Kind::Seen), text(Kind::Cc, u"a"_s) }) << true;
}

void TestImapSearch::needsContent()
{
    QFETCH(SearchKey, key);
    QTEST(ImapSearch::needsContent(key), "expected");
}

void TestImapSearch::readsEachMessageOnce()
{
    const Mailbox mailbox = sampleMailbox();
    int reads = 0;
    search(mailbox, key(Kind::All), &reads);
    QCOMPARE(reads, 0); // flags, dates, sizes and sets need no message
    search(mailbox, combine(Kind::And, { key(Kind::Seen), number(Kind::Larger, 10), set(Kind::Uid, "1:*") }),
           &reads);
    QCOMPARE(reads, 0);
    const SearchKey many = combine(Kind::Or, {
        combine(Kind::And, { text(Kind::From, u"nobody"_s), text(Kind::Subject, u"x"_s) }),
        combine(Kind::Or, { text(Kind::Body, u"nothing"_s),
                            combine(Kind::Or, { text(Kind::Text, u"nothing"_s),
                                                date(Kind::SentOn, 1999, 1, 1) }) }),
    });
    QCOMPARE(search(mailbox, many, &reads), QList<Uid>());
    QCOMPARE(reads, 1);
}

void TestImapSearch::noMessageReader()
{
    // A caller that gives no reader gets an empty message searched, not a crash.
    const Mailbox mailbox = sampleMailbox();
    ImapSearch::Candidate candidate;
    candidate.record = &mailbox.records.first();
    QVERIFY(!ImapSearch::matches(text(Kind::From, u"alice"_s), candidate));
    QVERIFY(ImapSearch::matches(key(Kind::Seen), candidate));
    candidate.record = nullptr;
    QVERIFY(!ImapSearch::matches(key(Kind::All), candidate));
}

QTEST_GUILESS_MAIN(TestImapSearch)
#include "tst_imapsearch.moc"
