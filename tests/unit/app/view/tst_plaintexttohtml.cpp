// SPDX-License-Identifier: GPL-3.0-or-later
// PlainTextToHtml: escaping, links, quote levels.
#include "app/view/PlainTextToHtml.h"

#include <QTest>

using namespace Qt::StringLiterals;
using magpie::app::PlainTextToHtml;

class TestPlainTextToHtml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapesMarkup()
    {
        const QString html = PlainTextToHtml::convert(u"<script>alert(1)</script> & <b>"_s);
        QVERIFY(html.contains(u"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"_s));
        QVERIFY(!html.contains(u"<script"_s));
    }

    void keepsLinesAndSpaces()
    {
        const QString html = PlainTextToHtml::convert(u"a  b\r\nc\n\nd"_s);
        QVERIFY(html.startsWith(u"<div style=\"white-space: pre-wrap\">"_s));
        QVERIFY(html.contains(u"a  b<br>c<br><br>d"_s));
    }

    void links_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("https")
            << u"see https://example.com/a?b=1&c=2."_s
            << u"see <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>."_s;
        QTest::newRow("parentheses")
            << u"(https://en.wikipedia.org/wiki/Magpie_(bird))"_s
            << u"(<a href=\"https://en.wikipedia.org/wiki/Magpie_(bird)\">https://en.wikipedia.org/wiki/Magpie_(bird)</a>)"_s;
        QTest::newRow("www") << u"www.example.org"_s
                             << u"<a href=\"http://www.example.org\">www.example.org</a>"_s;
        QTest::newRow("address")
            << u"write to bob@example.com!"_s
            << u"write to <a href=\"mailto:bob@example.com\">bob@example.com</a>!"_s;
        QTest::newRow("quote ends the link")
            << u"https://x.example/\"><img src=x>"_s
            << u"<a href=\"https://x.example/\">https://x.example/</a>&quot;&gt;&lt;img src=x&gt;"_s;
        QTest::newRow("javascript is text") << u"javascript:alert(1)"_s << u"javascript:alert(1)"_s;
        QTest::newRow("file is text") << u"file:///etc/passwd"_s << u"file:///etc/passwd"_s;
    }

    void links()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(PlainTextToHtml::convert(text),
                 u"<div style=\"white-space: pre-wrap\">"_s + expected + u"</div>"_s);
    }

    void quotesAreColouredByDepth()
    {
        const QString html = PlainTextToHtml::convert(u"> one\n> > two\nthree"_s);
        QVERIFY(html.contains(u"<span style=\"color: #3a7bd5\">&gt; one</span>"_s));
        QVERIFY(html.contains(u"<span style=\"color: #2e9d5b\">&gt; &gt; two</span>"_s));
        QVERIFY(html.contains(u"<br>three</div>"_s));
    }
};

QTEST_GUILESS_MAIN(TestPlainTextToHtml)
#include "tst_plaintexttohtml.moc"
