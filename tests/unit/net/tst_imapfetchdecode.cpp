// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapResponseParser.h"

#include <QTest>
#include <QUrl>

using namespace magpie::imap;
using magpie::mime::Mailbox;

namespace {

ImapResponse parse(const QByteArray &line)
{
    ImapResponseParser parser;
    parser.feed(line);
    auto response = parser.next();
    if (!response) {
        qWarning("incomplete response");
        return {};
    }
    if (response->kind == ImapResponse::Kind::Malformed)
        qWarning("%s", qPrintable(response->errorText));
    return *response;
}

// One value, read by the real parser.
ImapValue value(const QByteArray &text)
{
    const ImapResponse response = parse("* X " + text + "\r\n");
    return response.data.isEmpty() ? ImapValue() : response.data.first();
}

// "type/subtype #number size lines [disposition] {params}" for each node, depth-first.
QByteArrayList describe(const BodyStructure &part)
{
    QByteArray line = part.type + '/' + part.subtype + " #" + part.partNumber + ' '
        + QByteArray::number(part.size) + ' ' + QByteArray::number(part.lines);
    if (!part.encoding.isEmpty())
        line += ' ' + part.encoding;
    if (!part.disposition.isEmpty())
        line += " [" + part.disposition + ']';
    for (auto it = part.parameters.cbegin(); it != part.parameters.cend(); ++it)
        line += ' ' + it.key() + '=' + it.value().toUtf8();
    for (auto it = part.dispositionParameters.cbegin(); it != part.dispositionParameters.cend(); ++it)
        line += " d:" + it.key() + '=' + it.value().toUtf8();
    if (part.envelope)
        line += " envelope:" + part.envelope->subject.toUtf8();
    if (part.isAttachment())
        line += " ATTACHMENT";
    QByteArrayList lines { line };
    for (const BodyStructure &child : part.children) {
        for (const QByteArray &childLine : describe(child))
            lines.append("  " + childLine);
    }
    return lines;
}

const QByteArray rfc3501Envelope
    = "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
      "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
      "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
      "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
      "((NIL NIL \"imap\" \"cac.washington.edu\")) "
      "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) "
      "NIL NIL \"<B27397-0100000@cac.washington.edu>\")";

} // namespace

class TestImapFetchDecode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void envelopeRfc3501Example();
    void envelopeQuirks();
    void envelopeSenderAndReplyToOfTheirOwn();
    void envelopeNamesAndHosts_data();
    void envelopeNamesAndHosts();
    void envelopeRefusesMalformed_data();
    void envelopeRefusesMalformed();
    void bodyStructure_data();
    void bodyStructure();
    void bodyStructureRefusesMalformed_data();
    void bodyStructureRefusesMalformed();
    void fetchAllItems();
    void fetchInternalDates_data();
    void fetchInternalDates();
    void fetchRefusesMalformed_data();
    void fetchRefusesMalformed();
};

// Display names are decoded and their white space simplified; addresses are "local@host" with
// an IDN host (xn-- labels) shown in Unicode. The decoder takes shortcuts for the usual cases
// (nothing to simplify, hosts converted before, short addresses): each must give what the
// plain way gives.
void TestImapFetchDecode::envelopeNamesAndHosts_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("local");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QString>("expectedName");
    QTest::newRow("plain") << QByteArray("\"Alice Smith\"") << QByteArray("alice") << QByteArray("example.com")
                           << u"Alice Smith"_qs;
    QTest::newRow("spaces around and between") << QByteArray("\"  Alice   Smith  \"") << QByteArray("a")
                                               << QByteArray("example.com") << u"Alice Smith"_qs;
    QTest::newRow("tab") << QByteArray("\"Alice\tSmith\"") << QByteArray("a") << QByteArray("example.com")
                         << u"Alice Smith"_qs;
    QTest::newRow("no-break space") << QByteArray("\"Ann\xC2\xA0Lee\"") << QByteArray("a") << QByteArray("x.example")
                                    << u"Ann Lee"_qs;
    QTest::newRow("encoded word and two spaces")
        << QByteArray("\"=?UTF-8?Q?J=C3=BCrgen_?= Smith\"") << QByteArray("j") << QByteArray("x.example")
        << u"J\u00FCrgen Smith"_qs;
    QTest::newRow("raw UTF-8") << QByteArray("\"Zo\xC3\xAB Smith\"") << QByteArray("z") << QByteArray("x.example")
                               << u"Zo\u00EB Smith"_qs;
    QTest::newRow("NIL name") << QByteArray("NIL") << QByteArray("n") << QByteArray("x.example") << QString();
    QTest::newRow("IDN host") << QByteArray("NIL") << QByteArray("b") << QByteArray("xn--bcher-kva.example")
                              << QString();
    QTest::newRow("IDN host again") << QByteArray("NIL") << QByteArray("c") << QByteArray("xn--bcher-kva.example")
                                    << QString();
    QTest::newRow("IDN host, capitals") << QByteArray("NIL") << QByteArray("d")
                                        << QByteArray("mail.XN--BCHER-KVA.example") << QString();
    QTest::newRow("xn-- not at a label's start") << QByteArray("NIL") << QByteArray("e")
                                                 << QByteArray("axn--bcher-kva.example") << QString();
    QTest::newRow("long local part") << QByteArray("NIL") << QByteArray(300, 'l') << QByteArray("example.com")
                                     << QString();
    QTest::newRow("8-bit local part") << QByteArray("NIL") << QByteArray("m\xC3\xBCller") << QByteArray("example.com")
                                      << QString();
}

void TestImapFetchDecode::envelopeNamesAndHosts()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, local);
    QFETCH(QByteArray, host);
    QFETCH(QString, expectedName);
    const QByteArray text = "(NIL NIL ((" + name + " NIL \"" + local + "\" \"" + host
        + "\")) NIL NIL NIL NIL NIL NIL NIL)";
    QString error;
    for (int pass = 0; pass < 2; ++pass) { // the second time, from what was remembered
        const auto envelope = decode::envelope(value(text), &error);
        QVERIFY2(envelope, qPrintable(error));
        QCOMPARE(envelope->from.size(), 1);
        QCOMPARE(envelope->from[0].name, expectedName);
        QString domain = QString::fromUtf8(host);
        if (host.toLower().startsWith("xn--") || host.toLower().contains(".xn--")) {
            const QString unicode = QUrl::fromAce(host, QUrl::IgnoreIDNWhitelist);
            if (!unicode.isEmpty())
                domain = unicode;
        }
        QCOMPARE(envelope->from[0].address, QString::fromUtf8(local) + u'@' + domain);
    }
}

void TestImapFetchDecode::envelopeRfc3501Example()
{
    QString error;
    const auto envelope = decode::envelope(value(rfc3501Envelope), &error);
    QVERIFY2(envelope, qPrintable(error));
    QCOMPARE(envelope->rawDate, QByteArray("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"));
    QCOMPARE(envelope->date, QDateTime(QDate(1996, 7, 17), QTime(2, 23, 25), Qt::OffsetFromUTC, -7 * 3600));
    QCOMPARE(envelope->date.offsetFromUtc(), -7 * 3600);
    QCOMPARE(envelope->subject, u"IMAP4rev1 WG mtg summary and minutes"_qs);
    QCOMPARE(envelope->from, (QList<Mailbox> { { u"Terry Gray"_qs, u"gray@cac.washington.edu"_qs } }));
    QCOMPARE(envelope->sender, envelope->from);
    QCOMPARE(envelope->replyTo, envelope->from);
    QCOMPARE(envelope->to, (QList<Mailbox> { { QString(), u"imap@cac.washington.edu"_qs } }));
    QCOMPARE(envelope->cc, (QList<Mailbox> { { QString(), u"minutes@CNRI.Reston.VA.US"_qs },
                                             { u"John Klensin"_qs, u"KLENSIN@MIT.EDU"_qs } }));
    QVERIFY(envelope->bcc.isEmpty());
    QVERIFY(envelope->inReplyTo.isEmpty());
    QCOMPARE(envelope->messageId, QByteArray("<B27397-0100000@cac.washington.edu>"));
}

// The decoder shares the decoded From with Sender and Reply-To when the server sent the same
// value for them (RFC 3501 s7.4.2 defaults them to From); any difference gets its own.
void TestImapFetchDecode::envelopeSenderAndReplyToOfTheirOwn()
{
    const QByteArray text
        = "(NIL \"s\" ((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"a.example\")) "
          "((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"b.example\")) "
          "((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"a.example\")(NIL NIL \"list\" \"a.example\")) "
          "NIL NIL NIL NIL NIL)";
    QString error;
    const auto envelope = decode::envelope(value(text), &error);
    QVERIFY2(envelope, qPrintable(error));
    const QString rene = QString::fromUtf8("Ren\xc3\xa9");
    QCOMPARE(envelope->from, (QList<Mailbox> { { rene, u"rene@a.example"_qs } }));
    QCOMPARE(envelope->sender, (QList<Mailbox> { { rene, u"rene@b.example"_qs } }));
    QCOMPARE(envelope->replyTo, (QList<Mailbox> { { rene, u"rene@a.example"_qs },
                                                  { QString(), u"list@a.example"_qs } }));

    const QByteArray same
        = "(NIL \"s\" ((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"a.example\")) "
          "((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"a.example\")) "
          "((\"=?utf-8?q?Ren=C3=A9?=\" NIL \"rene\" \"a.example\")) NIL NIL NIL NIL NIL)";
    const auto shared = decode::envelope(value(same), &error);
    QVERIFY2(shared, qPrintable(error));
    QCOMPARE(shared->from, (QList<Mailbox> { { rene, u"rene@a.example"_qs } }));
    QCOMPARE(shared->sender, shared->from);
    QCOMPARE(shared->replyTo, shared->from);
}

void TestImapFetchDecode::envelopeQuirks()
{
    // Encoded words (RFC 2047) in subject and names, raw UTF-8, a group (RFC 3501 s7.4.2: host
    // NIL marks its start and end), an IDN domain, an unparseable date, NIL everywhere.
    const QByteArray text
        = "(\"not a date\" \"=?utf-8?q?Caf=C3=A9?= =?ISO-8859-1?Q?_cr=E8me?=\" "
          "((\"=?utf-8?b?SsO8cmdlbg==?=\" NIL \"juergen\" \"xn--bcher-kva.example\")) "
          "NIL NIL "
          "((NIL NIL \"team\" NIL)(\"Ann\" NIL \"ann\" \"x.org\")(NIL NIL \"bob\" \"x.org\")(NIL NIL NIL NIL)"
          "(\"M\xc3\xbcller\" NIL \"m\" \"y.org\")) "
          "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL {5}\r\n<a@b> NIL)";
    QString error;
    const auto envelope = decode::envelope(value(text), &error);
    QVERIFY2(envelope, qPrintable(error));
    QVERIFY(!envelope->date.isValid());
    QCOMPARE(envelope->rawDate, QByteArray("not a date"));
    QCOMPARE(envelope->subject, QString::fromUtf8("Caf\xc3\xa9 cr\xc3\xa8me"));
    QCOMPARE(envelope->from, (QList<Mailbox> { { QString::fromUtf8("J\xc3\xbcrgen"),
                                                 QString::fromUtf8("juergen@b\xc3\xbc" "cher.example") } }));
    QVERIFY(envelope->sender.isEmpty());
    QCOMPARE(envelope->to, (QList<Mailbox> { { u"Ann"_qs, u"ann@x.org"_qs },
                                             { QString(), u"bob@x.org"_qs },
                                             { QString::fromUtf8("M\xc3\xbcller"), u"m@y.org"_qs } }));
    QVERIFY(envelope->cc.isEmpty());
    QCOMPARE(envelope->inReplyTo, QByteArray("<a@b>"));
    QVERIFY(envelope->messageId.isEmpty());
}

void TestImapFetchDecode::envelopeRefusesMalformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("not a list") << QByteArray("\"x\"");
    QTest::newRow("nine fields") << QByteArray("(NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    QTest::newRow("address list is a string")
        << QByteArray("(NIL NIL \"a@b\" NIL NIL NIL NIL NIL NIL NIL)");
    QTest::newRow("address of three fields")
        << QByteArray("(NIL NIL ((NIL NIL \"a\")) NIL NIL NIL NIL NIL NIL NIL)");
    QTest::newRow("list for a subject") << QByteArray("(NIL (\"x\") NIL NIL NIL NIL NIL NIL NIL NIL)");
}

void TestImapFetchDecode::envelopeRefusesMalformed()
{
    QFETCH(QByteArray, text);
    QString error;
    QVERIFY(!decode::envelope(value(text), &error));
    QVERIFY2(error.startsWith(u"The server sent an ENVELOPE Magpie could not read: "), qPrintable(error));
    QVERIFY(error.endsWith(u'.'));
}

void TestImapFetchDecode::bodyStructure_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArrayList>("expected");
    // RFC 3501 s7.4.2 examples.
    QTest::newRow("RFC 3501 single part")
        << QByteArray("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)")
        << QByteArrayList { "text/plain #1 3028 92 7bit charset=US-ASCII" };
    QTest::newRow("RFC 3501 multipart")
        << QByteArray("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                      "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                      "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) "
                      "\"MIXED\")")
        << QByteArrayList { "multipart/mixed # 0 0", "  text/plain #1 1152 23 7bit charset=US-ASCII",
                            "  text/plain #2 4554 73 base64 charset=US-ASCII name=cc.diff" };
    // Dovecot: lower case, full extension data on every part.
    QTest::newRow("Dovecot with extension data")
        << QByteArray("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 120 4 NIL NIL NIL NIL)"
                      "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 3000 NIL "
                      "(\"attachment\" (\"filename\" \"report.pdf\" \"size\" \"3000\")) NIL NIL) "
                      "\"mixed\" (\"boundary\" \"xyz\") NIL NIL NIL)")
        << QByteArrayList { "multipart/mixed # 0 0 boundary=xyz",
                            "  text/plain #1 120 4 quoted-printable charset=utf-8",
                            "  application/pdf #2 3000 0 base64 [attachment] name=report.pdf "
                            "d:filename=report.pdf d:size=3000 ATTACHMENT" };
    // Gmail: upper case, multipart/alternative inside multipart/mixed.
    QTest::newRow("Gmail nested alternative")
        << QByteArray("(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL)"
                      "(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 26 1 NIL NIL NIL) "
                      "\"ALTERNATIVE\" (\"BOUNDARY\" \"0000a\") NIL NIL)"
                      "(\"IMAGE\" \"PNG\" (\"NAME\" \"logo.png\") \"<ii_1>\" NIL \"BASE64\" 900 NIL "
                      "(\"INLINE\" (\"FILENAME\" \"logo.png\")) NIL) \"MIXED\" (\"BOUNDARY\" \"0000b\") NIL NIL)")
        << QByteArrayList { "multipart/mixed # 0 0 boundary=0000b",
                            "  multipart/alternative #1 0 0 boundary=0000a",
                            "    text/plain #1.1 5 1 7bit charset=UTF-8",
                            "    text/html #1.2 26 1 quoted-printable charset=UTF-8",
                            "  image/png #2 900 0 base64 [inline] name=logo.png d:filename=logo.png ATTACHMENT" };
    // A forwarded message: its parts are numbered inside it (RFC 3501 s6.4.5).
    QTest::newRow("message/rfc822 with a multipart body")
        << QByteArray("((\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1)"
                      "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 500 " + rfc3501Envelope
                      + " ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 20 2)(\"text\" \"html\" NIL NIL NIL \"7bit\" 30 3) "
                        "\"alternative\") 40 NIL NIL NIL NIL) \"mixed\")")
        << QByteArrayList { "multipart/mixed # 0 0", "  text/plain #1 10 1 7bit",
                            "  message/rfc822 #2 500 40 7bit envelope:IMAP4rev1 WG mtg summary and minutes",
                            "    multipart/alternative #2 0 0",
                            "      text/plain #2.1 20 2 7bit",
                            "      text/html #2.2 30 3 7bit" };
    QTest::newRow("message/rfc822 with a single part")
        << QByteArray("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 100 " + rfc3501Envelope
                      + " (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 20 2) 5)")
        << QByteArrayList { "message/rfc822 #1 100 5 7bit envelope:IMAP4rev1 WG mtg summary and minutes",
                            "  text/plain #1.1 20 2 7bit" };
    // Broken servers: message/rfc822 without envelope and body, text without lines, NIL
    // parameters, a NIL type, a bare disposition string, a size that is not a number.
    QTest::newRow("message/rfc822 without envelope")
        << QByteArray("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 1234)")
        << QByteArrayList { "message/rfc822 #1 1234 0 7bit" };
    QTest::newRow("text without lines")
        << QByteArray("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 10)")
        << QByteArrayList { "text/plain #1 10 0 7bit" };
    QTest::newRow("NIL type and size")
        << QByteArray("(NIL NIL NIL NIL NIL NIL NIL)") << QByteArrayList { "text/plain #1 0 0" };
    QTest::newRow("NIL subtype")
        << QByteArray("(\"image\" NIL NIL NIL NIL \"base64\" 3)")
        << QByteArrayList { "image/octet-stream #1 3 0 base64" };
    QTest::newRow("bare disposition")
        << QByteArray("(\"application\" \"zip\" NIL NIL NIL \"base64\" 5 NIL \"ATTACHMENT\")")
        << QByteArrayList { "application/zip #1 5 0 base64 [attachment] ATTACHMENT" };
    QTest::newRow("multipart without subtype")
        << QByteArray("((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1))")
        << QByteArrayList { "multipart/mixed # 0 0", "  text/plain #1 1 1 7bit" };
    // Parameters: RFC 2231 continuations and charsets, RFC 2047 words, duplicates.
    QTest::newRow("RFC 2231 parameters")
        << QByteArray("(\"application\" \"octet-stream\" (\"name*\" \"utf-8''%E2%82%AC%20rates.txt\") NIL NIL "
                      "\"base64\" 100 NIL (\"attachment\" (\"filename*0*\" \"utf-8''%E2%82%AC\" "
                      "\"filename*1\" \" rates \\\"q\\\".pdf\")) NIL NIL)")
        << QByteArrayList { "application/octet-stream #1 100 0 base64 [attachment] "
                            "name=\xe2\x82\xac rates.txt d:filename=\xe2\x82\xac rates \"q\".pdf ATTACHMENT" };
    QTest::newRow("encoded-word filename")
        << QByteArray("(\"image\" \"jpeg\" (\"name\" \"=?UTF-8?B?w6l0w6kuanBn?=\") NIL NIL \"base64\" 7 NIL "
                      "(\"inline\" (\"FileName\" \"=?UTF-8?B?w6l0w6kuanBn?=\" \"filename\" \"second\")) NIL NIL)")
        << QByteArrayList { "image/jpeg #1 7 0 base64 [inline] name=\xc3\xa9t\xc3\xa9.jpg "
                            "d:filename=\xc3\xa9t\xc3\xa9.jpg ATTACHMENT" };
    QTest::newRow("named text is not an attachment")
        << QByteArray("(\"text\" \"plain\" (\"name\" \"notes.txt\") NIL NIL \"7bit\" 5 1)")
        << QByteArrayList { "text/plain #1 5 1 7bit name=notes.txt" };
}

void TestImapFetchDecode::bodyStructure()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArrayList, expected);
    QString error;
    const auto structure = decode::bodyStructure(value(text), &error);
    QVERIFY2(structure, qPrintable(error));
    QCOMPARE(describe(*structure), expected);
}

void TestImapFetchDecode::bodyStructureRefusesMalformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("not a list") << QByteArray("\"text\"");
    QTest::newRow("empty list") << QByteArray("()");
    QTest::newRow("too few fields") << QByteArray("(\"text\" \"plain\" NIL NIL NIL \"7bit\")");
    QTest::newRow("bad child") << QByteArray("((\"text\") \"mixed\")");
    QTest::newRow("list for a subtype") << QByteArray("(\"text\" () NIL NIL NIL \"7bit\" 1)");
    QTest::newRow("bad body inside a message")
        << QByteArray("(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 5 " + rfc3501Envelope + " (\"x\") 1)");
}

void TestImapFetchDecode::bodyStructureRefusesMalformed()
{
    QFETCH(QByteArray, text);
    QString error;
    QVERIFY(!decode::bodyStructure(value(text), &error));
    QVERIFY2(error.startsWith(u"The server sent a BODYSTRUCTURE Magpie could not read: "),
             qPrintable(error));
}

void TestImapFetchDecode::fetchAllItems()
{
    const QByteArray line
        = "* 12 FETCH (UID 4827313 FLAGS (\\Seen $Forwarded \\*) "
          "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 MODSEQ (12121231000) "
          "ENVELOPE " + rfc3501Envelope + " "
          "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL) "
          "body[header.fields (Subject  \"From\")] {11}\r\nSubject: x\n "
          "BODY[]<0> {5}\r\nFrom: BODY[1.MIME] NIL BINARY[2] ~{3}\r\n" + QByteArray("a\0b", 3) + " "
          "X-GM-LABELS (\\Inbox \"[Gmail]/Important\") PREVIEW \"hi\" "
          "RFC822.HEADER {4}\r\nH: x RFC822.TEXT \"t\" RFC822 \"all\")\r\n";
    const ImapResponse response = parse(line);
    QString error;
    const auto message = decode::fetch(response, &error);
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(message->sequenceNumber, 12u);
    QCOMPARE(message->uid, 4827313u);
    QCOMPARE(*message->flags, (QByteArrayList { "\\Seen", "$Forwarded", "\\*" }));
    QCOMPARE(*message->internalDate,
             QDateTime(QDate(1996, 7, 17), QTime(2, 44, 25), Qt::OffsetFromUTC, -7 * 3600));
    QCOMPARE(message->internalDate->offsetFromUtc(), -7 * 3600);
    QCOMPARE(*message->size, quint64(4286));
    QCOMPARE(*message->modSeq, quint64(12121231000));
    QCOMPARE(message->envelope->messageId, QByteArray("<B27397-0100000@cac.washington.edu>"));
    QCOMPARE(message->bodyStructure->subtype, QByteArray("plain"));
    QCOMPARE(message->bodyStructure->partNumber, QByteArray("1"));
    QCOMPARE(message->sections.value("HEADER.FIELDS (SUBJECT FROM)"), QByteArray("Subject: x\n"));
    QVERIFY(!message->sectionOrigins.contains("HEADER.FIELDS (SUBJECT FROM)"));
    QCOMPARE(message->sections.value(""), QByteArray("all"));
    // RFC822 came after BODY[]<0> and replaced it, origin included.
    QVERIFY(!message->sectionOrigins.contains(""));
    QVERIFY(!message->sections.contains("1.MIME"));
    QCOMPARE(message->sections.value("2"), QByteArray("a\0b", 3));
    QCOMPARE(message->sections.value("HEADER"), QByteArray("H: x"));
    QCOMPARE(message->sections.value("TEXT"), QByteArray("t"));
    QCOMPARE(message->sections.size(), 5);

    // Only what was sent is set.
    const auto flagsOnly = decode::fetch(parse("* 3 FETCH (FLAGS ())\r\n"));
    QVERIFY(flagsOnly);
    QCOMPARE(flagsOnly->uid, 0u);
    QVERIFY(flagsOnly->flags && flagsOnly->flags->isEmpty());
    QVERIFY(!flagsOnly->internalDate && !flagsOnly->size && !flagsOnly->modSeq
            && !flagsOnly->envelope && !flagsOnly->bodyStructure);
    // BODY without a section is the non-extensible structure.
    const auto body = decode::fetch(parse("* 4 FETCH (BODY (\"text\" \"plain\" NIL NIL NIL \"8bit\" 5 1) BODY[TEXT]<100> \"x\")\r\n"));
    QVERIFY(body);
    QCOMPARE(body->bodyStructure->encoding, QByteArray("8bit"));
    QCOMPARE(body->sectionOrigins.value("TEXT"), quint64(100));
    // Section keys are normalized the way FetchJob writes them.
    const auto spaced = decode::fetch(parse("* 6 FETCH (BODY[header.fields.not ( X-A  X-B )] \"h\")\r\n"));
    QVERIFY(spaced);
    QCOMPARE(spaced->sections.keys(), QByteArrayList { "HEADER.FIELDS.NOT (X-A X-B)" });
    QVERIFY(body->sectionOrigins.contains("TEXT"));
    const auto whole = decode::fetch(parse("* 5 FETCH (BODY[]<0> {2}\r\nab)\r\n"));
    QVERIFY(whole);
    QCOMPARE(whole->sections.value(""), QByteArray("ab"));
    QVERIFY(whole->sectionOrigins.contains(""));
    QCOMPARE(whole->sectionOrigins.value(""), quint64(0));
}

void TestImapFetchDecode::fetchInternalDates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("RFC 3501") << QByteArray("17-Jul-1996 02:44:25 -0700")
                              << QDateTime(QDate(1996, 7, 17), QTime(2, 44, 25), Qt::OffsetFromUTC, -25200);
    QTest::newRow("space-padded day") << QByteArray(" 7-Feb-2026 23:59:59 +0130")
                                      << QDateTime(QDate(2026, 2, 7), QTime(23, 59, 59), Qt::OffsetFromUTC, 5400);
    QTest::newRow("one-digit day") << QByteArray("7-feb-2026 00:00:00 +0000")
                                   << QDateTime(QDate(2026, 2, 7), QTime(0, 0), Qt::OffsetFromUTC, 0);
    QTest::newRow("bad day") << QByteArray("30-Feb-2026 00:00:00 +0000") << QDateTime();
    QTest::newRow("bad month") << QByteArray("01-Foo-2026 00:00:00 +0000") << QDateTime();
    QTest::newRow("misaligned month") << QByteArray("01-ANF-2026 00:00:00 +0000") << QDateTime();
    QTest::newRow("no zone") << QByteArray("01-Jan-2026 00:00:00") << QDateTime();
    QTest::newRow("bad time") << QByteArray("01-Jan-2026 24:00:00 +0000") << QDateTime();
    QTest::newRow("RFC 5322 form") << QByteArray("Wed, 17 Jul 1996 02:23:25 -0700") << QDateTime();
}

void TestImapFetchDecode::fetchInternalDates()
{
    QFETCH(QByteArray, text);
    QFETCH(QDateTime, expected);
    QString error;
    const auto message = decode::fetch(parse("* 1 FETCH (INTERNALDATE \"" + text + "\")\r\n"), &error);
    if (!expected.isValid()) {
        QVERIFY(!message);
        QVERIFY2(error.contains(u"the INTERNALDATE is not a date and time"), qPrintable(error));
        return;
    }
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(*message->internalDate, expected);
    QCOMPARE(message->internalDate->offsetFromUtc(), expected.offsetFromUtc());
}

void TestImapFetchDecode::fetchRefusesMalformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not FETCH") << QByteArray("* 1 EXISTS\r\n") << u"not a FETCH response"_qs;
    QTest::newRow("no list") << QByteArray("* 1 FETCH UID 5\r\n") << u"one parenthesized list"_qs;
    QTest::newRow("odd items") << QByteArray("* 1 FETCH (UID 5 FLAGS)\r\n") << u"an item has no value"_qs;
    QTest::newRow("UID 0") << QByteArray("* 1 FETCH (UID 0)\r\n") << u"the UID is not a number"_qs;
    QTest::newRow("UID too big") << QByteArray("* 1 FETCH (UID 4294967296)\r\n") << u"the UID is not a number"_qs;
    QTest::newRow("UID string") << QByteArray("* 1 FETCH (UID \"5\")\r\n") << u"the UID is not a number"_qs;
    QTest::newRow("FLAGS atom") << QByteArray("* 1 FETCH (FLAGS \\Seen)\r\n") << u"the FLAGS are not a list"_qs;
    QTest::newRow("MODSEQ atom") << QByteArray("* 1 FETCH (MODSEQ (x))\r\n") << u"the MODSEQ is not a number"_qs;
    QTest::newRow("size NIL") << QByteArray("* 1 FETCH (RFC822.SIZE NIL)\r\n") << u"the RFC822.SIZE is not a number"_qs;
    QTest::newRow("envelope") << QByteArray("* 1 FETCH (ENVELOPE (NIL))\r\n") << u"the ENVELOPE cannot be read (it is not a list of ten fields)"_qs;
    QTest::newRow("bodystructure") << QByteArray("* 1 FETCH (BODYSTRUCTURE NIL)\r\n") << u"the BODYSTRUCTURE cannot be read (a body part is not a list)"_qs;
    QTest::newRow("section list") << QByteArray("* 1 FETCH (BODY[] (x))\r\n") << u"is a list, not a string"_qs;
    QTest::newRow("bad origin") << QByteArray("* 1 FETCH (BODY[]<x> \"a\")\r\n") << u"malformed origin"_qs;
    QTest::newRow("no closing bracket") << QByteArray("* 1 FETCH (BODY[1 \"a\")\r\n") << u"no closing bracket"_qs;
    QTest::newRow("item name string") << QByteArray("* 1 FETCH (\"UID\" 5)\r\n") << u"an item name is not an atom"_qs;
}

void TestImapFetchDecode::fetchRefusesMalformed()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!decode::fetch(parse(line), &error));
    QVERIFY2(error.startsWith(u"The server sent a FETCH response for message 1 that Magpie could not read: "),
             qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestImapFetchDecode)
#include "tst_imapfetchdecode.moc"
