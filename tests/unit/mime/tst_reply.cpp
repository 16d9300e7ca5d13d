// SPDX-License-Identifier: GPL-3.0-or-later
// Reply and forward drafts: subjects, recipients (RFC 5322 s3.6.3), threading (s3.6.4),
// quoting, and forwarding inline or as message/rfc822.
#include "mime/Forward.h"
#include "mime/Message.h"
#include "mime/Reply.h"

#include <QTest>

using namespace magpie::mime;
using namespace Qt::StringLiterals;

namespace {
QStringList addressesOf(const QList<Mailbox> &list)
{
    QStringList addresses;
    for (const Mailbox &mailbox : list)
        addresses << mailbox.address;
    return addresses;
}

const QByteArray kOriginal =
    "From: Carol <carol@example.net>\r\n"
    "To: me@example.com, Dave <dave@example.org>\r\n"
    "Cc: ME@example.com, erin@example.org, dave@example.org\r\n"
    "Subject: Re: AW: Planning\r\n"
    "Date: Tue, 3 Mar 2026 14:05:09 +0100\r\n"
    "Message-ID: <parent@example.net>\r\n"
    "References: <root@example.net> <middle@example.net>\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
    "--b\r\nContent-Type: text/plain\r\n\r\nFirst line\r\n> earlier quote\r\n\r\nLast line\r\n"
    "--b\r\nContent-Type: application/pdf; name=plan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nUERG\r\n"
    "--b--\r\n";
} // namespace

class TestReply : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void subjects_data();
    void subjects();
    void replyToSender();
    void replyToAll();
    void replyToReplyTo();
    void replyToOwnMessage();
    void replyWithoutSender();
    void threading();
    void quoting();
    void forwardInline();
    void forwardAsAttachment();
};

void TestReply::subjects_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("forward");
    QTest::newRow("plain") << u"Hello"_s << u"Re: Hello"_s << u"Fwd: Hello"_s;
    QTest::newRow("already a reply") << u"Re: Hello"_s << u"Re: Hello"_s << u"Fwd: Re: Hello"_s;
    QTest::newRow("stacked, mixed languages") << u"RE: Aw: Re[2]: SV: Hello"_s << u"Re: Hello"_s << u"Fwd: RE: Aw: Re[2]: SV: Hello"_s;
    QTest::newRow("forward of a forward") << u"Fwd: FW: WG: Hello"_s << u"Re: Fwd: FW: WG: Hello"_s << u"Fwd: Hello"_s;
    QTest::newRow("French Outlook, space before colon") << u"RE : TR : Bonjour"_s << u"Re: TR : Bonjour"_s << u"Fwd: RE : TR : Bonjour"_s;
    QTest::newRow("Ref is a subject word") << u"Ref: PO 4411"_s << u"Re: Ref: PO 4411"_s << u"Fwd: Ref: PO 4411"_s;
    QTest::newRow("Travel is not TR:") << u"Travel: plans"_s << u"Re: Travel: plans"_s << u"Fwd: Travel: plans"_s;
    QTest::newRow("word starting like a prefix") << u"Review: draft"_s << u"Re: Review: draft"_s << u"Fwd: Review: draft"_s;
    QTest::newRow("empty") << QString() << u"Re: "_s << u"Fwd: "_s;
}

void TestReply::subjects()
{
    QFETCH(QString, original);
    QFETCH(QString, reply);
    QFETCH(QString, forward);
    QCOMPARE(Reply::subject(original), reply);
    QCOMPARE(Forward::subject(original), forward);
}

void TestReply::replyToSender()
{
    const Draft draft = Reply::draft(Message(kOriginal), Reply::To::Sender, { u"me@example.com"_s });
    QCOMPARE(addressesOf(draft.to), QStringList { u"carol@example.net"_s });
    QVERIFY(draft.cc.isEmpty());
    QCOMPARE(draft.subject, u"Re: Planning"_s);
}

void TestReply::replyToAll()
{
    const Draft draft = Reply::draft(Message(kOriginal), Reply::To::All, { u"me@example.com"_s });
    // Own address removed in any case; dave only once.
    QCOMPARE(addressesOf(draft.to), (QStringList { u"carol@example.net"_s, u"dave@example.org"_s }));
    QCOMPARE(addressesOf(draft.cc), QStringList { u"erin@example.org"_s });
}

void TestReply::replyToReplyTo()
{
    const Message list("From: Carol <carol@example.net>\r\nReply-To: list@lists.example.org\r\n"
                       "To: list@lists.example.org\r\nSubject: x\r\n\r\nbody\r\n");
    const Draft draft = Reply::draft(list, Reply::To::Sender, { u"me@example.com"_s });
    QCOMPARE(addressesOf(draft.to), QStringList { u"list@lists.example.org"_s });
}

void TestReply::replyToOwnMessage()
{
    const Message sent("From: me@example.com\r\nTo: frank@example.org\r\nSubject: x\r\n\r\nbody\r\n");
    const Draft draft = Reply::draft(sent, Reply::To::Sender, { u"me@example.com"_s });
    QCOMPARE(addressesOf(draft.to), QStringList { u"frank@example.org"_s });
}

void TestReply::replyWithoutSender()
{
    // No From and no Reply-To: nobody to answer, and certainly not the original recipients.
    const Message anonymous("To: list@example.org\r\nSubject: x\r\n\r\nbody\r\n");
    const Draft draft = Reply::draft(anonymous, Reply::To::Sender, { u"me@example.com"_s });
    QVERIFY(draft.to.isEmpty());
}

void TestReply::threading()
{
    const Draft draft = Reply::draft(Message(kOriginal), Reply::To::Sender, {});
    QCOMPARE(draft.inReplyTo, QByteArray("parent@example.net"));
    QCOMPARE(draft.references, (QList<QByteArray> { "root@example.net", "middle@example.net", "parent@example.net" }));

    // Without References, the parent's In-Reply-To starts the chain (RFC 5322 s3.6.4).
    const Message second("From: a@x.org\r\nMessage-ID: <two@x.org>\r\nIn-Reply-To: <one@x.org>\r\n\r\nb\r\n");
    QCOMPARE(Reply::draft(second, Reply::To::Sender, {}).references,
             (QList<QByteArray> { "one@x.org", "two@x.org" }));
    // An In-Reply-To naming two parents says nothing about the thread's order.
    const Message merged("From: a@x.org\r\nMessage-ID: <three@x.org>\r\nIn-Reply-To: <p1@x.org> <p2@x.org>\r\n\r\nb\r\n");
    QCOMPARE(Reply::draft(merged, Reply::To::Sender, {}).references, QList<QByteArray> { "three@x.org" });
}

void TestReply::quoting()
{
    const QString quote = Reply::quote(Message(kOriginal));
    QCOMPARE(quote, u"On 2026-03-03 14:05, Carol wrote:\n> First line\n>> earlier quote\n>\n> Last line\n"_s);
}

void TestReply::forwardInline()
{
    const Draft draft = Forward::draft(Message(kOriginal), Forward::As::Inline);
    QCOMPARE(draft.subject, u"Fwd: Re: AW: Planning"_s);
    QVERIFY(draft.to.isEmpty());
    QVERIFY(draft.body.contains(u"-------- Forwarded Message --------"_s));
    QVERIFY(draft.body.contains(u"From: Carol <carol@example.net>"_s));
    QVERIFY(draft.body.contains(u"First line\n> earlier quote"_s));
    QCOMPARE(draft.attachments.size(), 1);
    QCOMPARE(draft.attachments.first().fileName, u"plan.pdf"_s);
    QCOMPARE(draft.attachments.first().data, QByteArray("PDF"));
}

void TestReply::forwardAsAttachment()
{
    const Draft draft = Forward::draft(Message(kOriginal), Forward::As::Attachment);
    QCOMPARE(draft.attachments.size(), 1);
    QCOMPARE(draft.attachments.first().contentType, QByteArray("message/rfc822"));
    QCOMPARE(draft.attachments.first().data, kOriginal);
    QCOMPARE(draft.attachments.first().fileName, u"Re_ AW_ Planning.eml"_s);
    QVERIFY(draft.body.isEmpty());
}

QTEST_GUILESS_MAIN(TestReply)
#include "tst_reply.moc"
