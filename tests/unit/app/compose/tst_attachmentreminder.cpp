// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/AttachmentReminder.h"

#include <QTest>

using magpie::app::AttachmentReminder;
using namespace Qt::StringLiterals;

class TestAttachmentReminder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void finds_data();
    void finds();
};

void TestAttachmentReminder::finds_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("found");
    QTest::newRow("nothing") << u"Lunch"_s << u"See you at noon."_s << QString();
    QTest::newRow("english attached") << QString() << u"Hi,\nthe report is attached.\n"_s << u"attached"_s;
    QTest::newRow("english attachment") << QString() << u"See the Attachment."_s << u"Attachment"_s;
    QTest::newRow("english I attach") << QString() << u"I attach the slides"_s << u"attach"_s;
    QTest::newRow("english enclosed") << QString() << u"Please find enclosed"_s << u"enclosed"_s;
    QTest::newRow("subject") << u"Invoice attached"_s << QString() << u"attached"_s;
    QTest::newRow("german Anhang") << QString() << u"Im Anhang die Rechnung."_s << u"Anhang"_s;
    QTest::newRow("german angehängt") << QString() << u"Ich habe es angehängt."_s << u"angehängt"_s;
    QTest::newRow("german anbei") << QString() << u"Anbei das Protokoll"_s << u"Anbei"_s;
    QTest::newRow("german beigefügt") << QString() << u"Die Datei ist beigefügt."_s << u"beigefügt"_s;
    QTest::newRow("french pièce jointe") << QString() << u"Voir la pièce jointe."_s << u"pièce jointe"_s;
    QTest::newRow("french pièces jointes") << QString() << u"les pièces jointes"_s << u"pièces jointes"_s;
    QTest::newRow("french ci-joint") << QString() << u"Ci-joint le devis."_s << u"Ci-joint"_s;
    QTest::newRow("french unaccented") << QString() << u"en piece jointe"_s << u"piece jointe"_s;
    QTest::newRow("quoted only") << QString() << u"Thanks!\n\n> the report is attached\n"_s << QString();
    QTest::newRow("signature only") << QString() << u"Thanks!\n-- \nAttachments welcome\n"_s << QString();
    QTest::newRow("not a whole word") << QString() << u"an attachable part; the Anhänger"_s << QString();
    QTest::newRow("detached") << QString() << u"a detached house"_s << QString();
}

void TestAttachmentReminder::finds()
{
    QFETCH(QString, subject);
    QFETCH(QString, body);
    QTEST(AttachmentReminder::mentionedAttachment(subject, body), "found");
}

QTEST_GUILESS_MAIN(TestAttachmentReminder)
#include "tst_attachmentreminder.moc"
