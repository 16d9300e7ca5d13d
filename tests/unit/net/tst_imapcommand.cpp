// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapCommand.h"

#include <QTest>

using namespace magpie::imap;

class TestImapCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void astringPicksTheEncoding_data();
    void astringPicksTheEncoding();
    void stringIsNeverAnAtom();
    void atomIsChecked_data();
    void atomIsChecked();
    void mailboxNames_data();
    void mailboxNames();
    void literalsSplitChunks();
    void literalPlusIsOneChunk();
    void binaryLiterals();
    void secretsAreRedacted();
    void rawRefusesLineBreaks_data();
    void rawRefusesLineBreaks();
    void nulIsRefusedWithASentence();
    void sequenceAndLists();
    void firstErrorWins();
};

void TestImapCommand::astringPicksTheEncoding_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::newRow("atom") << QStringLiteral("alice") << QByteArrayList { "a1 LOGIN alice\r\n" };
    QTest::newRow("astring may hold ]") << QStringLiteral("a]b")
                                        << QByteArrayList { "a1 LOGIN a]b\r\n" };
    QTest::newRow("address") << QStringLiteral("alice@example.com")
                             << QByteArrayList { "a1 LOGIN alice@example.com\r\n" };
    QTest::newRow("empty") << QString() << QByteArrayList { "a1 LOGIN \"\"\r\n" };
    QTest::newRow("space") << QStringLiteral("a b") << QByteArrayList { "a1 LOGIN \"a b\"\r\n" };
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c")
                                         << QByteArrayList { "a1 LOGIN \"a\\\"b\\\\c\"\r\n" };
    QTest::newRow("wildcards") << QStringLiteral("50%*")
                               << QByteArrayList { "a1 LOGIN \"50%*\"\r\n" };
    QTest::newRow("brace") << QStringLiteral("{5}") << QByteArrayList { "a1 LOGIN \"{5}\"\r\n" };
    QTest::newRow("NIL is quoted") << QStringLiteral("nil")
                                   << QByteArrayList { "a1 LOGIN \"nil\"\r\n" };
    QTest::newRow("UTF-8 goes in a literal")
        << QString::fromUtf8("J\xc3\xbcrgen")
        << QByteArrayList { "a1 LOGIN {7}\r\n", "J\xc3\xbcrgen\r\n" };
    QTest::newRow("CRLF goes in a literal") << QStringLiteral("a\r\nb")
                                            << QByteArrayList { "a1 LOGIN {4}\r\n", "a\r\nb\r\n" };
    QTest::newRow("control character goes in a literal")
        << QStringLiteral("a\x01") << QByteArrayList { "a1 LOGIN {2}\r\n", "a\x01\r\n" };
    QTest::newRow("long text goes in a literal")
        << QString(2000, u' ') << QByteArrayList { "a1 LOGIN {2000}\r\n", QByteArray(2000, ' ') + "\r\n" };
}

void TestImapCommand::astringPicksTheEncoding()
{
    QFETCH(QString, text);
    QFETCH(QByteArrayList, chunks);
    const ImapCommand command = ImapCommand("LOGIN").astring(text);
    QVERIFY(command.isValid());
    QCOMPARE(command.chunks("a1", false), chunks);
}

void TestImapCommand::stringIsNeverAnAtom()
{
    QCOMPARE(ImapCommand("SEARCH").atom("SUBJECT").string("hello").chunks("a2", false),
             QByteArrayList { "a2 SEARCH SUBJECT \"hello\"\r\n" });
    QCOMPARE(ImapCommand("SEARCH").atom("TEXT").string("caf\xc3\xa9").chunks("a2", true),
             QByteArrayList { "a2 SEARCH TEXT {5+}\r\ncaf\xc3\xa9\r\n" });
}

void TestImapCommand::atomIsChecked_data()
{
    QTest::addColumn<QByteArray>("atom");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QByteArray("UIDNEXT") << true;
    QTest::newRow("keyword") << QByteArray("$Forwarded") << true;
    QTest::newRow("dotted and bracket") << QByteArray("BODY.PEEK[HEADER") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("space") << QByteArray("A B") << false;
    QTest::newRow("paren") << QByteArray("(A") << false;
    QTest::newRow("brace") << QByteArray("A{") << false;
    QTest::newRow("percent") << QByteArray("A%") << false;
    QTest::newRow("star") << QByteArray("*") << false;
    QTest::newRow("quote") << QByteArray("A\"") << false;
    QTest::newRow("backslash flag") << QByteArray("\\Seen") << false;
    QTest::newRow("close bracket") << QByteArray("A]") << false;
    QTest::newRow("CR") << QByteArray("A\r") << false;
    QTest::newRow("DEL") << QByteArray("A\x7f") << false;
    QTest::newRow("8-bit") << QByteArray("\xc3\xa9") << false;
}

void TestImapCommand::atomIsChecked()
{
    QFETCH(QByteArray, atom);
    QFETCH(bool, valid);
    const ImapCommand command = ImapCommand("STATUS").atom(atom);
    QCOMPARE(command.isValid(), valid);
    if (valid) {
        QCOMPARE(command.chunks("a3", false), QByteArrayList { "a3 STATUS " + atom + "\r\n" });
    } else {
        QVERIFY(command.chunks("a3", false).isEmpty());
        QVERIFY2(command.errorString().contains(u"is not an IMAP atom"),
                 qPrintable(command.errorString()));
    }
}

void TestImapCommand::mailboxNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::newRow("INBOX") << QStringLiteral("INBOX") << false
                           << QByteArrayList { "a4 SELECT INBOX\r\n" };
    QTest::newRow("inbox in any case") << QStringLiteral("iNbOx") << false
                                       << QByteArrayList { "a4 SELECT INBOX\r\n" };
    QTest::newRow("plain") << QStringLiteral("Archive/2026") << false
                           << QByteArrayList { "a4 SELECT Archive/2026\r\n" };
    QTest::newRow("space") << QStringLiteral("Sent Items") << false
                           << QByteArrayList { "a4 SELECT \"Sent Items\"\r\n" };
    QTest::newRow("Gmail") << QStringLiteral("[Gmail]/All Mail") << false
                           << QByteArrayList { "a4 SELECT \"[Gmail]/All Mail\"\r\n" };
    QTest::newRow("modified UTF-7 (RFC 3501 s5.1.3)") << QString::fromUtf8("Entw\xc3\xbc" "rfe")
                                                      << false
                                                      << QByteArrayList { "a4 SELECT Entw&APw-rfe\r\n" };
    QTest::newRow("ampersand") << QStringLiteral("Tom & Jerry") << false
                               << QByteArrayList { "a4 SELECT \"Tom &- Jerry\"\r\n" };
    QTest::newRow("UTF8=ACCEPT quoted (RFC 6855 s3)") << QString::fromUtf8("Entw\xc3\xbc" "rfe")
                                                      << true
                                                      << QByteArrayList { "a4 SELECT \"Entw\xc3\xbc" "rfe\"\r\n" };
    QTest::newRow("UTF8=ACCEPT line break in a literal") << QStringLiteral("a\nb") << true
                                                         << QByteArrayList { "a4 SELECT {3}\r\n", "a\nb\r\n" };
    QTest::newRow("line break without UTF-8 is UTF-7") << QStringLiteral("a\nb") << false
                                                       << QByteArrayList { "a4 SELECT a&AAo-b\r\n" };
}

void TestImapCommand::mailboxNames()
{
    QFETCH(QString, name);
    QFETCH(bool, utf8);
    QFETCH(QByteArrayList, chunks);
    const ImapCommand command = ImapCommand("SELECT").mailbox(name, utf8);
    QVERIFY2(command.isValid(), qPrintable(command.errorString()));
    QCOMPARE(command.chunks("a4", false), chunks);
}

void TestImapCommand::literalsSplitChunks()
{
    const QByteArray message = "From: a@b\r\n\r\nHi\r\n";
    const ImapCommand command
        = ImapCommand("APPEND").mailbox(u"Drafts"_qs).raw("(\\Draft)").literal(message);
    QCOMPARE(command.chunks("a5", false),
             (QByteArrayList { "a5 APPEND Drafts (\\Draft) {17}\r\n", message + "\r\n" }));
    QCOMPARE(command.largestLiteral(), qsizetype(17));
    QCOMPARE(command.logText("a5"), QByteArray("a5 APPEND Drafts (\\Draft) {17 bytes}"));

    // Two literals: three chunks, each but the last waiting for "+".
    const ImapCommand login = ImapCommand("LOGIN").astring(u"J\u00fcrgen"_qs).astring(u"p\u00e4ss"_qs);
    QCOMPARE(login.chunks("a6", false),
             (QByteArrayList { "a6 LOGIN {7}\r\n", "J\xc3\xbcrgen {5}\r\n", "p\xc3\xa4ss\r\n" }));
    QCOMPARE(ImapCommand("NOOP").largestLiteral(), qsizetype(0));
    QCOMPARE(ImapCommand("NOOP").chunks("a7", false), QByteArrayList { "a7 NOOP\r\n" });
}

void TestImapCommand::literalPlusIsOneChunk()
{
    const ImapCommand login = ImapCommand("LOGIN").astring(u"J\u00fcrgen"_qs).astring(u"pw"_qs);
    QCOMPARE(login.chunks("a6", true), QByteArrayList { "a6 LOGIN {7+}\r\nJ\xc3\xbcrgen pw\r\n" });
}

void TestImapCommand::binaryLiterals()
{
    const QByteArray withNul("a\0b", 3);
    const ImapCommand refused = ImapCommand("APPEND").mailbox(u"INBOX"_qs).literal(withNul);
    QVERIFY(!refused.isValid());
    QVERIFY2(refused.errorString().contains(u"BINARY"), qPrintable(refused.errorString()));
    const ImapCommand binary = ImapCommand("APPEND").mailbox(u"INBOX"_qs).literal(withNul, true);
    QVERIFY(binary.isValid());
    QCOMPARE(binary.chunks("a8", false),
             (QByteArrayList { "a8 APPEND INBOX ~{3}\r\n", withNul + "\r\n" }));
    QCOMPARE(binary.chunks("a8", true), QByteArrayList { "a8 APPEND INBOX ~{3+}\r\n" + withNul + "\r\n" });
    // Without NUL bytes a plain literal is used even when BINARY is there.
    QCOMPARE(ImapCommand("APPEND").mailbox(u"INBOX"_qs).literal("ab", true).chunks("a9", true),
             QByteArrayList { "a9 APPEND INBOX {2+}\r\nab\r\n" });
}

void TestImapCommand::secretsAreRedacted()
{
    for (const QString &password :
         { u"hunter2"_qs, u"two words"_qs, QString::fromUtf8("p\xc3\xa4ss"), u"a\r\nb"_qs }) {
        const ImapCommand command = ImapCommand("LOGIN").astring(u"alice"_qs).secret(password);
        QVERIFY(command.isValid());
        QCOMPARE(command.logText("a1"), QByteArray("a1 LOGIN alice <redacted>"));
        QVERIFY(command.chunks("a1", true).join().contains(password.toUtf8()));
    }
}

void TestImapCommand::rawRefusesLineBreaks_data()
{
    QTest::addColumn<QByteArray>("syntax");
    QTest::newRow("CR") << QByteArray("1:5\r");
    QTest::newRow("LF") << QByteArray("(FLAGS)\na2 DELETE INBOX");
    QTest::newRow("NUL") << QByteArray("1\0", 2);
}

void TestImapCommand::rawRefusesLineBreaks()
{
    QFETCH(QByteArray, syntax);
    const ImapCommand command = ImapCommand("UID FETCH").raw(syntax);
    QVERIFY(!command.isValid());
    QVERIFY(command.chunks("a1", false).isEmpty());
    QCOMPARE(command.errorString(),
             u"The command UID FETCH cannot be sent: an argument contains a line break or a NUL "
             u"character."_qs);
}

void TestImapCommand::nulIsRefusedWithASentence()
{
    const QString withNul = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
    const ImapCommand mailbox = ImapCommand("CREATE").mailbox(withNul, true);
    QVERIFY(!mailbox.isValid());
    QCOMPARE(mailbox.errorString(),
             u"The mailbox name contains a NUL character, which IMAP cannot carry."_qs);
    const ImapCommand password = ImapCommand("LOGIN").astring(u"a"_qs).secret(withNul);
    QCOMPARE(password.errorString(),
             u"The password contains a NUL character, which IMAP cannot carry."_qs);
    const ImapCommand search = ImapCommand("SEARCH").atom("TEXT").string(QByteArray("x\0", 2));
    QCOMPARE(search.errorString(),
             u"An argument of SEARCH contains a NUL character, which IMAP cannot carry."_qs);
}

void TestImapCommand::sequenceAndLists()
{
    const ImapCommand fetch = ImapCommand("UID FETCH")
                                  .sequence(*UidSet::parse("7,1:3"))
                                  .raw("(UID FLAGS)");
    QCOMPARE(fetch.chunks("b1", false), QByteArrayList { "b1 UID FETCH 1:3,7 (UID FLAGS)\r\n" });
    QVERIFY(!ImapCommand("UID FETCH").sequence(UidSet()).isValid());

    const ImapCommand search = ImapCommand("UID SEARCH")
                                   .atom("NOT")
                                   .openList()
                                   .atom("FROM")
                                   .string("b\xc3\xa9")
                                   .atom("SINCE")
                                   .atom("1-Feb-2026")
                                   .closeList()
                                   .openList()
                                   .openList()
                                   .atom("SEEN")
                                   .closeList()
                                   .closeList();
    QVERIFY(search.isValid());
    QCOMPARE(search.chunks("b2", false),
             (QByteArrayList { "b2 UID SEARCH NOT (FROM {3}\r\n", "b\xc3\xa9 SINCE 1-Feb-2026) ((SEEN))\r\n" }));
    QCOMPARE(search.logText("b2"), QByteArray("b2 UID SEARCH NOT (FROM {3 bytes} SINCE 1-Feb-2026) ((SEEN))"));

    const ImapCommand unclosed = ImapCommand("SEARCH").openList().atom("SEEN");
    QVERIFY(!unclosed.isValid());
    QVERIFY(unclosed.errorString().contains(u"parentheses"));
    QVERIFY(!ImapCommand("SEARCH").atom("SEEN").closeList().isValid());
}

void TestImapCommand::firstErrorWins()
{
    const ImapCommand command = ImapCommand("X").atom("a b").raw("\n");
    QVERIFY(command.errorString().contains(u"is not an IMAP atom"));
    QVERIFY(!ImapCommand("A\r\nB").isValid());
}

QTEST_GUILESS_MAIN(TestImapCommand)
#include "tst_imapcommand.moc"
