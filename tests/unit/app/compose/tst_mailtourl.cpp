// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/MailtoUrl.h"

#include <QTest>

using magpie::app::MailtoUrl;
using namespace Qt::StringLiterals;

class TestMailtoUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void notMailto_data();
    void notMailto();
    void rfc6068Examples_data();
    void rfc6068Examples();
    void toInPathAndFieldsAddUp();
    void onlyTheFiveFieldsAreTaken();
    void noHeaderInjection();
    void bodyLineBreaks();
    void fromQUrl();
};

void TestMailtoUrl::notMailto_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("http") << u"http://example.com/?to=a@x"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("mail") << u"mail:alice@example.com"_s;
}

void TestMailtoUrl::notMailto()
{
    QFETCH(QString, url);
    QVERIFY(!MailtoUrl::parse(url));
}

void TestMailtoUrl::rfc6068Examples_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("to");
    QTest::addColumn<QStringList>("cc");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("body");
    // RFC 6068 s6.1 and s6.2.
    QTest::newRow("plain") << u"mailto:chris@example.com"_s << QStringList { u"chris@example.com"_s }
                           << QStringList() << QString() << QString();
    QTest::newRow("subject") << u"mailto:infobot@example.com?subject=current-issue"_s
                             << QStringList { u"infobot@example.com"_s } << QStringList()
                             << u"current-issue"_s << QString();
    QTest::newRow("body") << u"mailto:infobot@example.com?body=send%20current-issue"_s
                          << QStringList { u"infobot@example.com"_s } << QStringList() << QString()
                          << u"send current-issue"_s;
    QTest::newRow("two lines") << u"mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index"_s
                               << QStringList { u"infobot@example.com"_s } << QStringList()
                               << QString() << u"send current-issue\nsend index"_s;
    QTest::newRow("cc") << u"mailto:joe@example.com?cc=bob@example.com&body=hello"_s
                        << QStringList { u"joe@example.com"_s } << QStringList { u"bob@example.com"_s }
                        << QString() << u"hello"_s;
    QTest::newRow("to in fields") << u"mailto:?to=joe@example.com&cc=bob@example.com&body=hello"_s
                                  << QStringList { u"joe@example.com"_s }
                                  << QStringList { u"bob@example.com"_s } << QString() << u"hello"_s;
    QTest::newRow("percent in local part") << u"mailto:gorby%25kremvax@example.com"_s
                                           << QStringList { u"gorby%kremvax@example.com"_s }
                                           << QStringList() << QString() << QString();
    QTest::newRow("two addresses") << u"mailto:a@example.com,b@example.com"_s
                                   << QStringList { u"a@example.com"_s, u"b@example.com"_s }
                                   << QStringList() << QString() << QString();
    QTest::newRow("utf-8 subject")
        << u"mailto:user@example.org?subject=caf%C3%A9&body=%E3%81%AF"_s
        << QStringList { u"user@example.org"_s } << QStringList() << u"café"_s << u"は"_s;
    QTest::newRow("plus is a plus") << u"mailto:a+tag@example.com?subject=1+1"_s
                                    << QStringList { u"a+tag@example.com"_s } << QStringList()
                                    << u"1+1"_s << QString();
    QTest::newRow("case-insensitive names") << u"MAILTO:a@example.com?Subject=Hi&CC=c@example.com"_s
                                            << QStringList { u"a@example.com"_s }
                                            << QStringList { u"c@example.com"_s } << u"Hi"_s << QString();
    QTest::newRow("display name") << u"mailto:%22Alice%20Example%22%20%3Calice@example.com%3E"_s
                                  << QStringList { u"Alice Example <alice@example.com>"_s }
                                  << QStringList() << QString() << QString();
}

void TestMailtoUrl::rfc6068Examples()
{
    QFETCH(QString, url);
    const std::optional<MailtoUrl> parsed = MailtoUrl::parse(url);
    QVERIFY(parsed);
    QTEST(parsed->to, "to");
    QTEST(parsed->cc, "cc");
    QTEST(parsed->subject, "subject");
    QTEST(parsed->body, "body");
    QVERIFY(parsed->ignoredFields.isEmpty());
}

void TestMailtoUrl::toInPathAndFieldsAddUp()
{
    const auto parsed = MailtoUrl::parse(u"mailto:a@example.com?to=b@example.com&bcc=c@example.com"_s);
    QVERIFY(parsed);
    QCOMPARE(parsed->to, (QStringList { u"a@example.com"_s, u"b@example.com"_s }));
    QCOMPARE(parsed->bcc, QStringList { u"c@example.com"_s });
}

void TestMailtoUrl::onlyTheFiveFieldsAreTaken()
{
    const auto parsed = MailtoUrl::parse(
        u"mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E&from=boss@example.com"
        "&subject=Hi&X-Mailer=evil&subject=second"_s);
    QVERIFY(parsed);
    QCOMPARE(parsed->subject, u"Hi"_s); // the first one
    QCOMPARE(parsed->ignoredFields,
             (QStringList { u"in-reply-to"_s, u"from"_s, u"x-mailer"_s }));
}

void TestMailtoUrl::noHeaderInjection()
{
    const auto parsed = MailtoUrl::parse(
        u"mailto:a@example.com%0D%0ABcc:%20spy@example.net?subject=Hi%0D%0ABcc:%20spy@example.net"
        "&cc=b@example.com%0ABcc:%20spy@example.net"_s);
    QVERIFY(parsed);
    QVERIFY(!parsed->subject.contains(u'\n'));
    QVERIFY(!parsed->subject.contains(u'\r'));
    QCOMPARE(parsed->subject, u"Hi Bcc: spy@example.net"_s);
    for (const QString &address : parsed->to + parsed->cc) {
        QVERIFY2(!address.contains(u'\n') && !address.contains(u'\r'), qPrintable(address));
    }
    QVERIFY(parsed->bcc.isEmpty());
}

void TestMailtoUrl::bodyLineBreaks()
{
    const auto parsed = MailtoUrl::parse(u"mailto:a@example.com?body=one%0Atwo%0Dthree%0D%0Afour"_s);
    QVERIFY(parsed);
    QCOMPARE(parsed->body, u"one\ntwo\nthree\nfour"_s);
}

void TestMailtoUrl::fromQUrl()
{
    const QUrl url(u"mailto:alice@example.com?subject=Lunch%20tomorrow%3F&body=At%2012%3A30"_s);
    const auto parsed = MailtoUrl::parse(url);
    QVERIFY(parsed);
    QCOMPARE(parsed->to, QStringList { u"alice@example.com"_s });
    QCOMPARE(parsed->subject, u"Lunch tomorrow?"_s);
    QCOMPARE(parsed->body, u"At 12:30"_s);
    QVERIFY(!MailtoUrl::parse(QUrl(u"https://example.com"_s)));
}

QTEST_GUILESS_MAIN(TestMailtoUrl)
#include "tst_mailtourl.moc"
