// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderField.h"
#include "mime/MessageIds.h"
#include "sync/ImapSummaryReader.h"

#include <QTest>

using namespace magpie;

// ImapSummaryReader::references() reads the References section every message of a sync
// carries; it unfolds the field itself (by runs, for speed), which must come to what
// mime::HeaderField::unfold() makes of it (RFC 5322 s2.2.3) whatever the folds look like.
class TestImapSummaryReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void referencesUnfoldLikeHeaderField_data();
    void referencesUnfoldLikeHeaderField();
};

void TestImapSummaryReader::referencesUnfoldLikeHeaderField_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::newRow("absent") << QByteArray("\r\n");
    QTest::newRow("one") << QByteArray("References: <a@x>\r\n\r\n");
    QTest::newRow("CRLF SP folds") << QByteArray("References: <a@x>\r\n <b@y>\r\n <c@z>\r\n\r\n");
    QTest::newRow("LF TAB folds") << QByteArray("References: <a@x>\n\t<b@y>\n\n");
    QTest::newRow("fold inside an id") << QByteArray("References: <a@\r\n x> <b\n\t@y>\r\n\r\n");
    QTest::newRow("lone CR and LF") << QByteArray("References: <a@x>\r<b@y>\n<c@z>\r\n\r\n");
    QTest::newRow("fold at the very end") << QByteArray("References: <a@x>\r\n ");
    QTest::newRow("CR LF at the end") << QByteArray("References: <a@x>\r\n");
    QTest::newRow("CR CR LF SP") << QByteArray("References: <a@x>\r\r\n <b@y>\r\n\r\n");
    QTest::newRow("no space after the colon") << QByteArray("References:<a@x><b@y>\r\n\r\n");
    QTest::newRow("many folds") << QByteArray("References:\r\n \r\n\t\r\n <a@x>\r\n\r\n <b@y>\r\n");
}

void TestImapSummaryReader::referencesUnfoldLikeHeaderField()
{
    QFETCH(QByteArray, section);
    QList<QByteArray> expected;
    const qsizetype colon = section.indexOf(':');
    if (colon >= 0) {
        for (const QByteArray &id :
             mime::MessageIds::parse(mime::HeaderField::unfold(QByteArrayView(section).sliced(colon + 1))))
            expected.append('<' + id + '>');
    }
    QCOMPARE(sync::ImapSummaryReader::references(section), expected);
}

QTEST_GUILESS_MAIN(TestImapSummaryReader)
#include "tst_imapsummaryreader.moc"
