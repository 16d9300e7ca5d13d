// SPDX-License-Identifier: GPL-3.0-or-later
// The MIME tree: part boundaries, section numbers, body choice and attachments (RFC 2045,
// RFC 2046, RFC 3501 s6.4.5), on messages written here byte by byte.
#include "mime/Message.h"

#include <QTest>

using namespace magpie::mime;
using namespace Qt::StringLiterals;

namespace {
QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

QStringList paths(const Message &message)
{
    QStringList found;
    for (const MessagePart *part : message.leafParts())
        found << part->path() + u' ' + QString::fromLatin1(part->contentType());
    return found;
}
} // namespace

class TestMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void singlePart();
    void delimiterRules();
    void missingCloseBoundaryIsRepaired();
    void sectionNumbersFollowImap();
    void bodyChoice_data();
    void bodyChoice();
    void attachmentsAndInlineContent();
    void digestDefaultsToMessage();
    void deepNestingStops();
    void noHeaderAndEmptyInput();
    void largeAttachmentIsNotCopied();
    void outerBoundaryWinsOverInnerText();
    void encodedEnclosedMessage();
    void onlyPlainOrHtmlIsText();
    void unknownTransferEncodingIsAFile();
    void headerWithoutEmptyLineKeepsTheBody();
    void everyWarningHasADocumentedKeyword();
};

void TestMessage::singlePart()
{
    const Message message(crlf("Subject: Hi\nContent-Type: text/plain; charset=us-ascii\n\nHello\n"));
    QCOMPARE(paths(message), QStringList { u"1 text/plain"_s });
    QCOMPARE(message.root().rawBody(), QByteArrayView("Hello\r\n"));
    QCOMPARE(message.root().charset(), QByteArray("us-ascii"));
    QVERIFY(message.attachments().isEmpty());
}

void TestMessage::delimiterRules()
{
    // RFC 2046 s5.1.1: the CRLF before "--b" is part of the delimiter; "--bX" is not a
    // delimiter; trailing whitespace after a delimiter is allowed; the preamble and epilogue
    // are not parts.
    const Message message(crlf("Content-Type: multipart/mixed; boundary=b\n\n"
                               "preamble, ignored\n"
                               "--b\n"
                               "\n"
                               "first\n"
                               "--bX is text\n"
                               "\n"
                               "--b  \t\n"
                               "Content-Type: text/plain\n"
                               "\n"
                               "second\n"
                               "--b--\n"
                               "epilogue, ignored\n"));
    const QList<const MessagePart *> leaves = message.leafParts();
    QCOMPARE(leaves.size(), 2);
    QCOMPARE(leaves[0]->rawBody(), QByteArrayView("first\r\n--bX is text\r\n"));
    QCOMPARE(leaves[1]->rawBody(), QByteArrayView("second"));
    QVERIFY(message.warnings().isEmpty());
}

void TestMessage::missingCloseBoundaryIsRepaired()
{
    const Message message(crlf("Content-Type: multipart/mixed; boundary=\"x y\"\n\n"
                               "--x y\n\none\n--x y\n\ntwo, cut off\n"));
    const QList<const MessagePart *> leaves = message.leafParts();
    QCOMPARE(leaves.size(), 2);
    QCOMPARE(leaves[1]->rawBody(), QByteArrayView("two, cut off\r\n"));
    QVERIFY(message.warnings().join(u'\n').contains(u"boundary"_s));

    const Message noBoundary(crlf("Content-Type: multipart/mixed\n\n--x\n\nbody\n"));
    QCOMPARE(noBoundary.leafParts().size(), 1);
    QVERIFY(noBoundary.warnings().join(u'\n').contains(u"boundary"_s));
}

void TestMessage::sectionNumbersFollowImap()
{
    // RFC 3501 s6.4.5's example structure, shortened: a mixed message with an alternative and
    // an enclosed multipart message.
    const Message message(crlf(
        "Content-Type: multipart/mixed; boundary=outer\n\n"
        "--outer\nContent-Type: text/plain\n\nintro\n"
        "--outer\nContent-Type: multipart/alternative; boundary=alt\n\n"
        "--alt\nContent-Type: text/plain\n\nplain\n--alt\nContent-Type: text/html\n\n<b>html</b>\n--alt--\n"
        "--outer\nContent-Type: message/rfc822\n\n"
        "Subject: inner\nContent-Type: multipart/mixed; boundary=in\n\n"
        "--in\nContent-Type: text/plain\n\ninner text\n--in\nContent-Type: image/png\n\nPNG\n--in--\n"
        "--outer\nContent-Type: message/rfc822\n\nSubject: single\n\njust text\n"
        "--outer--\n"));
    QCOMPARE(paths(message), (QStringList { u"1 text/plain"_s, u"2.1 text/plain"_s, u"2.2 text/html"_s,
                                            u"3.1 text/plain"_s, u"3.2 image/png"_s, u"4.1 text/plain"_s }));
}

void TestMessage::bodyChoice_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("bodyPath");
    QTest::addColumn<int>("candidates");
    // RFC 2046 s5.1.4: the last text/plain alternative wins for text.
    QTest::newRow("alternative plain+html")
        << crlf("Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\np\n"
                "--a\nContent-Type: text/html\n\n<p>h</p>\n--a--\n")
        << u"1"_s << 2;
    QTest::newRow("alternative html only")
        << crlf("Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/html\n\n<p>h</p>\n--a--\n")
        << u"1"_s << 1;
    // RFC 2387 s3.2: the start parameter picks the root of a related group.
    QTest::newRow("related with start")
        << crlf("Content-Type: multipart/related; boundary=r; start=\"<root@x>\"\n\n"
                "--r\nContent-Type: image/gif\nContent-ID: <img@x>\n\nGIF\n"
                "--r\nContent-Type: text/html\nContent-ID: <root@x>\n\n<img src=cid:img@x>\n--r--\n")
        << u"2"_s << 1;
    QTest::newRow("mixed: first child")
        << crlf("Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n"
                "--m\nContent-Type: text/plain\n\nsecond\n--m--\n")
        << u"1"_s << 1;
    QTest::newRow("no text at all")
        << crlf("Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: image/png\n\nPNG\n--m--\n")
        << QString() << 0;
}

void TestMessage::bodyChoice()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, bodyPath);
    QFETCH(int, candidates);
    const Message parsed(message);
    const MessagePart *body = parsed.bodyPart();
    QCOMPARE(body ? body->path() : QString(), bodyPath);
    QCOMPARE(parsed.bodyCandidates().size(), candidates);
}

void TestMessage::attachmentsAndInlineContent()
{
    const Message message(crlf(
        "Content-Type: multipart/mixed; boundary=m\n\n"
        "--m\nContent-Type: multipart/related; boundary=r\n\n"
        "--r\nContent-Type: text/html\n\n<img src=cid:logo>\n"
        "--r\nContent-Type: image/png\nContent-ID: <logo>\n\nPNG\n--r--\n"
        "--m\nContent-Type: text/plain\n\ninline note, shown\n"
        "--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\nfile\n"
        "--m\nContent-Type: application/pdf\n\n%PDF\n"
        "--m\nContent-Type: message/rfc822\n\nSubject: fwd\nContent-Type: image/jpeg\n\nJPEG\n"
        "--m--\n"));
    QStringList found;
    for (const MessagePart *part : message.attachments())
        found << part->path() + u' ' + QString::fromLatin1(part->contentType());
    // The cid: image is inline content of the HTML; the plain text after the body is shown
    // inline; the enclosed message is one attachment and its JPEG is not listed again.
    QCOMPARE(found, (QStringList { u"3 text/plain"_s, u"4 application/pdf"_s, u"5 message/rfc822"_s }));
    QVERIFY(message.hasHtml());
    QCOMPARE(message.bodyPart()->path(), u"1.1"_s);
}

void TestMessage::digestDefaultsToMessage()
{
    // RFC 2046 s5.1.5: in a digest, a part without Content-Type is message/rfc822.
    const Message message(crlf("Content-Type: multipart/digest; boundary=d\n\n"
                               "--d\n\nSubject: one\n\nfirst\n--d\n\nSubject: two\n\nsecond\n--d--\n"));
    QCOMPARE(paths(message), (QStringList { u"1.1 text/plain"_s, u"2.1 text/plain"_s }));
    QCOMPARE(message.attachments().size(), 2);
}

void TestMessage::deepNestingStops()
{
    QByteArray data;
    for (int i = 0; i < 500; ++i)
        data += "Content-Type: multipart/mixed; boundary=b" + QByteArray::number(i) + "\r\n\r\n--b"
            + QByteArray::number(i) + "\r\n";
    data += "\r\nbottom\r\n";
    const Message message(data); // must not exhaust the stack
    QVERIFY(!message.leafParts().isEmpty());
    QVERIFY(message.warnings().join(u'\n').contains(u"nested"_s));
}

void TestMessage::noHeaderAndEmptyInput()
{
    const Message empty(QByteArray {});
    QCOMPARE(empty.leafParts().size(), 1);
    QVERIFY(empty.warnings().join(u'\n').contains(u"empty"_s));

    const Message blob(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    QCOMPARE(blob.leafParts().size(), 1);
    QCOMPARE(blob.root().rawBody().size(), 16);
    QVERIFY(blob.warnings().join(u'\n').contains(u"no header"_s));
}

void TestMessage::largeAttachmentIsNotCopied()
{
    const QByteArray payload(50 * 1024 * 1024, 'A');
    const QByteArray data = crlf("Content-Type: multipart/mixed; boundary=m\n\n--m\n\nhi\n--m\n"
                                 "Content-Type: application/octet-stream\n\n")
        + payload + "\r\n--m--\r\n";
    const Message message(data);
    const QList<const MessagePart *> leaves = message.leafParts();
    QCOMPARE(leaves.size(), 2);
    // The attachment's body is a view into the one buffer the message holds.
    QCOMPARE(leaves[1]->rawBody().size(), payload.size());
    QVERIFY(leaves[1]->rawBody().data() >= message.data().constData());
    QVERIFY(leaves[1]->rawBody().data() < message.data().constData() + message.data().size());
}

void TestMessage::outerBoundaryWinsOverInnerText()
{
    // An inner multipart whose closing delimiter is missing: the outer delimiter ends it.
    const Message message(crlf("Content-Type: multipart/mixed; boundary=outer\n\n"
                               "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n"
                               "--inner\nContent-Type: text/plain\n\nplain\n"
                               "--outer\nContent-Type: application/pdf\n\nPDF\n--outer--\n"));
    QCOMPARE(paths(message), (QStringList { u"1.1 text/plain"_s, u"2 application/pdf"_s }));
    QCOMPARE(message.leafParts().first()->rawBody(), QByteArrayView("plain"));
}

void TestMessage::encodedEnclosedMessage()
{
    // RFC 2046 s5.2.1 forbids it, mailers do it: a base64 message/rfc822 is opened anyway,
    // and saving it gives the message, not its base64.
    const QByteArray inner = "Subject: Inner\r\n\r\nHello\r\n";
    const Message message("Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\n\r\nouter\r\n"
                          "--m\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                          + inner.toBase64() + "\r\n--m--\r\n");
    QCOMPARE(paths(message), (QStringList { u"1 text/plain"_s, u"2.1 text/plain"_s }));
    const QList<const MessagePart *> files = message.attachments();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first()->enclosedMessage(), inner);
    QCOMPARE(message.leafParts().last()->rawBody(), QByteArrayView("Hello\r\n"));

    // A top-level message/rfc822 (a bounce's payload, say) is numbered under "1".
    const Message top(crlf("Content-Type: message/rfc822\n\nSubject: x\n\nbody\n"));
    QCOMPARE(paths(top), QStringList { u"1.1 text/plain"_s });
}

void TestMessage::onlyPlainOrHtmlIsText()
{
    // An invitation: HTML, then the calendar as the "most faithful" alternative.
    const Message invite(crlf("Content-Type: multipart/alternative; boundary=a\n\n"
                              "--a\nContent-Type: text/html\n\n<p>Meeting</p>\n"
                              "--a\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n--a--\n"));
    QCOMPARE(invite.bodyPart()->path(), u"1"_s);
    QVERIFY(!invite.bodyText().contains(u"VCALENDAR"_s));
    // A text part marked as an attachment is a file, not the text.
    const Message file(crlf("Content-Type: multipart/mixed; boundary=m\n\n"
                            "--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nfile\n--m--\n"));
    QVERIFY(!file.bodyPart());
    QCOMPARE(file.attachments().size(), 1);
}

void TestMessage::unknownTransferEncodingIsAFile()
{
    // RFC 2045 s6.4: unknown encoding means application/octet-stream, whatever the type says.
    const Message message(crlf("Content-Type: text/plain\nContent-Transfer-Encoding: x-gzip64\n\nH4sIAAAA\n"));
    QCOMPARE(paths(message), QStringList { u"1 application/octet-stream"_s });
    QVERIFY(message.bodyText().isEmpty());
    QVERIFY(message.warnings().join(u'\n').contains(u"encoding"_s));
}

void TestMessage::headerWithoutEmptyLineKeepsTheBody()
{
    const Message message(crlf("Subject: x\nFrom: a@x.org\nDear Bob,\nthe text.\n"));
    QCOMPARE(message.subject(), u"x"_s);
    QCOMPARE(message.bodyText(), u"Dear Bob,\nthe text.\n"_s);
    QCOMPARE(message.warnings().size(), 1);

    // One stray line among fields is skipped; the fields after it still count.
    const Message stray(crlf("Subject: x\nnot a field\nFrom: a@x.org\n\nbody\n"));
    QCOMPARE(stray.addresses("From").size(), 1);
    QCOMPARE(stray.bodyText(), u"body\n"_s);
}

void TestMessage::everyWarningHasADocumentedKeyword()
{
    // docs/cli.md promises scripts one of these words in every warning.
    const QStringList keywords = { u"charset"_s, u"boundary"_s, u"base64"_s, u"quoted-printable"_s,
                                   u"uuencode"_s, u"header"_s, u"date"_s, u"address"_s, u"no header"_s,
                                   u"empty"_s, u"nested"_s, u"encoding"_s, u"parameter"_s };
    const QList<QByteArray> broken = {
        {},
        crlf("Content-Type: multipart/mixed\n\nx\n"),
        crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n"),
        crlf("Date: yesterday\nTo: ,,garbage((\nSubject: x\nstray\nFrom: a@x.org\n\nbody\n"),
        crlf("Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: x-gzip64\n\n\xff\n"),
        crlf("Content-Type: text/plain; charset=\"utf-8\nContent-Transfer-Encoding: base64\n\n!!!!\n"),
    };
    for (const QByteArray &data : broken) {
        for (const QString &warning : Message(data).warnings()) {
            const bool documented = std::any_of(keywords.begin(), keywords.end(), [&](const QString &k) {
                return warning.contains(k, Qt::CaseInsensitive);
            });
            QVERIFY2(documented, qPrintable(warning));
        }
    }
}

QTEST_GUILESS_MAIN(TestMessage)
#include "tst_message.moc"
