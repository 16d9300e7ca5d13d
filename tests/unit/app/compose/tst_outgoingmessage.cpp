// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/OutgoingMessage.h"
#include "mime/Message.h"

#include <QTest>

using magpie::app::OutgoingMessage;
using namespace Qt::StringLiterals;

class TestOutgoingMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsWithBccInEnvelopeOnly();
    void recipientsOnceEach();
    void refusesBadAddresses_data();
    void refusesBadAddresses();
    void refusesNoRecipient();
    void refusesLineBreakInSubject();
    void replyKeepsThread();
    void attachmentsTravel();
    void draftTakesHalfTypedFields();
};

static OutgoingMessage sample()
{
    OutgoingMessage message;
    message.from = { u"Alice Example"_s, u"alice@example.com"_s };
    message.to = u"Bob <bob@example.org>, carol@example.net"_s;
    message.cc = u"dave@example.com"_s;
    message.bcc = u"eve@example.com"_s;
    message.subject = u"Plans"_s;
    message.text = u"Hello all,\nsee you.\n"_s;
    return message;
}

void TestOutgoingMessage::buildsWithBccInEnvelopeOnly()
{
    const OutgoingMessage::Built built = sample().forSending();
    QVERIFY2(built.ok(), qPrintable(built.error));
    QCOMPARE(built.envelopeFrom, u"alice@example.com"_s);
    QCOMPARE(built.recipients, (QStringList { u"bob@example.org"_s, u"carol@example.net"_s,
                                              u"dave@example.com"_s, u"eve@example.com"_s }));
    QVERIFY(!built.bytes.contains("eve@example.com"));
    QVERIFY(!built.bytes.toLower().contains("\r\nbcc:"));
    const magpie::mime::Message parsed(built.bytes);
    QCOMPARE(parsed.subject(), u"Plans"_s);
    QCOMPARE(parsed.addresses("To").size(), 2);
    QCOMPARE(parsed.addresses("Cc").first().address, u"dave@example.com"_s);
    QCOMPARE(parsed.addresses("From").first().name, u"Alice Example"_s);
    QVERIFY(parsed.bodyText().contains(u"see you."_s));
    QVERIFY(!built.messageId.isEmpty());
}

void TestOutgoingMessage::recipientsOnceEach()
{
    OutgoingMessage message = sample();
    message.cc = u"BOB@example.org"_s;
    message.bcc = u"carol@example.net"_s;
    const auto built = message.forSending();
    QVERIFY2(built.ok(), qPrintable(built.error));
    QCOMPARE(built.recipients, (QStringList { u"bob@example.org"_s, u"carol@example.net"_s }));
}

void TestOutgoingMessage::refusesBadAddresses_data()
{
    QTest::addColumn<QString>("to");
    QTest::newRow("no at") << u"bob"_s;
    QTest::newRow("one of two") << u"bob@example.org, nobody"_s;
    QTest::newRow("no domain") << u"bob@"_s;
    QTest::newRow("line break") << u"bob@example.org\r\nBcc: spy@example.net"_s;
}

void TestOutgoingMessage::refusesBadAddresses()
{
    QFETCH(QString, to);
    OutgoingMessage message = sample();
    message.to = to;
    const auto built = message.forSending();
    QVERIFY(!built.ok());
    QVERIFY(built.bytes.isEmpty());
    QVERIFY(built.error.contains(u"not an email address"_s));
}

void TestOutgoingMessage::refusesNoRecipient()
{
    OutgoingMessage message = sample();
    message.to.clear();
    message.cc.clear();
    message.bcc = u"  "_s;
    const auto built = message.forSending();
    QVERIFY(!built.ok());
    QVERIFY(built.error.contains(u"no recipient"_s));
}

void TestOutgoingMessage::refusesLineBreakInSubject()
{
    OutgoingMessage message = sample();
    message.subject = u"Hi\r\nBcc: spy@example.net"_s;
    const auto built = message.forSending();
    QVERIFY(!built.ok());
    QVERIFY(!built.bytes.contains("spy@"));
}

void TestOutgoingMessage::replyKeepsThread()
{
    OutgoingMessage message = sample();
    message.inReplyTo = "parent@example.org";
    message.references = { "root@example.org", "parent@example.org" };
    const auto built = message.forSending();
    QVERIFY2(built.ok(), qPrintable(built.error));
    const magpie::mime::Message parsed(built.bytes);
    QCOMPARE(parsed.inReplyTo(), QByteArray("parent@example.org"));
    QCOMPARE(parsed.references(), (QList<QByteArray> { "root@example.org", "parent@example.org" }));
}

void TestOutgoingMessage::attachmentsTravel()
{
    OutgoingMessage message = sample();
    message.attachments.append({ u"notes.txt"_s, "text/plain", "some notes\n", {}, {} });
    message.attachments.append({ u"Ünïcödé.pdf"_s, "application/pdf", "%PDF-1.4\n", {}, {} });
    const auto built = message.forSending();
    QVERIFY2(built.ok(), qPrintable(built.error));
    const magpie::mime::Message parsed(built.bytes);
    const auto attachments = parsed.attachments();
    QCOMPARE(attachments.size(), 2);
    QCOMPARE(attachments.at(0)->fileName(), u"notes.txt"_s);
    QCOMPARE(attachments.at(1)->fileName(), u"Ünïcödé.pdf"_s);
    QCOMPARE(attachments.at(1)->decodedBody(), QByteArray("%PDF-1.4\n"));
}

void TestOutgoingMessage::draftTakesHalfTypedFields()
{
    OutgoingMessage message = sample();
    message.to = u"bob@example.org, car"_s;
    message.messageId = "draft-1@example.com";
    const auto draft = message.asDraft();
    QVERIFY2(draft.ok(), qPrintable(draft.error));
    QCOMPARE(draft.messageId, QByteArray("draft-1@example.com"));
    QVERIFY(draft.bytes.contains("bob@example.org"));
    QVERIFY(!draft.bytes.contains("eve@example.com")); // Bcc is not written
    QVERIFY(!message.forSending().ok());
}

QTEST_GUILESS_MAIN(TestOutgoingMessage)
#include "tst_outgoingmessage.moc"
