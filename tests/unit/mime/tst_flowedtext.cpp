// SPDX-License-Identifier: GPL-3.0-or-later
#include "Noise.h"
#include "mime/FlowedText.h"

#include <QRandomGenerator>
#include <QTest>

using magpie::mime::FlowedText;

using namespace Qt::StringLiterals;

using magpie::testing::noise;

class TestFlowedText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unflow_data();
    void unflow();
    void flow_data();
    void flow();
    void roundTrip_data();
    void roundTrip();
    void survivesNoise();
};

void TestFlowedText::unflow_data()
{
    QTest::addColumn<QString>("flowed");
    QTest::addColumn<bool>("delSp");
    QTest::addColumn<QString>("text");

    // RFC 3676 s4.1: a line ending in a space is soft and joins the next; otherwise hard.
    QTest::newRow("s4.1 one soft line") << u"Hello \nworld"_s << false << u"Hello world"_s;
    QTest::newRow("s4.1 paragraph of soft lines")
        << u"The quick \nbrown fox \njumps."_s << false << u"The quick brown fox jumps."_s;
    QTest::newRow("s4.1 hard lines stay")
        << u"line one\nline two"_s << false << u"line one\nline two"_s;
    QTest::newRow("s4.1 paragraphs and an empty line")
        << u"para one \ncontinued\n\npara two"_s << false << u"para one continued\n\npara two"_s;
    QTest::newRow("s4.1 two spaces: one stays") << u"a  \nb"_s << false << u"a  b"_s;
    QTest::newRow("s4.1 soft line at the end") << u"end "_s << false << u"end "_s;
    QTest::newRow("s4.1 trailing newline kept") << u"a \nb\n"_s << false << u"a b\n"_s;
    QTest::newRow("s4.1 empty") << QString() << false << QString();
    // RFC 3676 s4.2: with DelSp=yes the trailing space of a soft line is deleted.
    QTest::newRow("s4.2 DelSp=yes joins without the space") << u"Hel \nlo"_s << true << u"Hello"_s;
    QTest::newRow("s4.2 DelSp=no keeps the space") << u"Hel \nlo"_s << false << u"Hel lo"_s;
    QTest::newRow("s4.2 DelSp=yes, no spaces in the language")
        << u"\u65E5\u672C\u8A9E\u306E \n\u6587\u7AE0\u3067\u3059\u3002"_s << true
        << u"\u65E5\u672C\u8A9E\u306E\u6587\u7AE0\u3067\u3059\u3002"_s;
    QTest::newRow("s4.2 DelSp=yes, one of two spaces") << u"a  \nb"_s << true << u"a b"_s;
    QTest::newRow("s4.2 DelSp=yes, soft last line") << u"end "_s << true << u"end"_s;
    // RFC 3676 s4.3: the signature separator "-- " ends in a space but is never soft, and is
    // not joined to a soft line before it.
    QTest::newRow("s4.3 signature")
        << u"Cheers,\n-- \nAlice"_s << false << u"Cheers,\n-- \nAlice"_s;
    QTest::newRow("s4.3 signature after a soft line")
        << u"Cheers, \n-- \nAlice"_s << false << u"Cheers, \n-- \nAlice"_s;
    QTest::newRow("s4.3 signature keeps its space with DelSp")
        << u"x\n-- \nAlice"_s << true << u"x\n-- \nAlice"_s;
    QTest::newRow("s4.3 quoted signature")
        << u"> text\n> -- \n> Bob"_s << false << u"> text\n> -- \n> Bob"_s;
    QTest::newRow("s4.3 '--' without space is text")
        << u"-- soft \nline"_s << false << u"-- soft line"_s;
    // RFC 3676 s4.4: a leading space is stuffing and is removed.
    QTest::newRow("s4.4 stuffed From") << u" From the start"_s << false << u"From the start"_s;
    QTest::newRow("s4.4 stuffed > is not a quote")
        << u" >not a quote"_s << false << u">not a quote"_s;
    QTest::newRow("s4.4 stuffed leading space") << u"  indented"_s << false << u" indented"_s;
    QTest::newRow("s4.4 stuffed soft lines") << u" From a \n b"_s << false << u"From a b"_s;
    // RFC 3676 s4.5: quote depth is the count of ">"; soft lines join within one depth.
    QTest::newRow("s4.5 quoted paragraph")
        << u"> quoted soft \n> continues\nreply"_s << false << u"> quoted soft continues\nreply"_s;
    QTest::newRow("s4.5 quote without stuffing space") << u">text"_s << false << u"> text"_s;
    QTest::newRow("s4.5 depth 2") << u">> deep \n>> deeper\n> shallow"_s << false
                                  << u"> > deep deeper\n> shallow"_s;
    QTest::newRow("s4.5 depth 3") << u">>> a \n>>>b"_s << false << u"> > > a b"_s;
    // s4.5: a soft line followed by another depth was flowed improperly: it ends there.
    QTest::newRow("s4.5 depth change ends the paragraph")
        << u"> soft \n>> other \n>> deeper\nnone"_s << false
        << u"> soft \n> > other deeper\nnone"_s;
    QTest::newRow("s4.5 soft unquoted then quoted") << u"a \n> b"_s << false << u"a \n> b"_s;
    QTest::newRow("s4.5 empty quoted lines") << u">\n> x\n>>"_s << false << u">\n> x\n> >"_s;
    QTest::newRow("s4.5 one stuffing space only") << u">  two"_s << false << u">  two"_s;
    QTest::newRow("s4.5 DelSp in quotes") << u">> Hel \n>> lo"_s << true << u"> > Hello"_s;
}

void TestFlowedText::unflow()
{
    QFETCH(QString, flowed);
    QFETCH(bool, delSp);
    QFETCH(QString, text);
    QCOMPARE(FlowedText::unflow(flowed, delSp), text);
}

void TestFlowedText::flow_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("flowed");

    QTest::newRow("s4.1 short line") << u"Hello world"_s << 78 << u"Hello world"_s;
    // "The quick brown fox " and "jumps over the lazy " are 20 characters with their space.
    QTest::newRow("s4.1 wrapped at 20") << u"The quick brown fox jumps over the lazy dog"_s << 20
                                        << u"The quick brown fox \njumps over the lazy \ndog"_s;
    QTest::newRow("s4.1 exactly the width is not wrapped")
        << u"abcde fghij"_s << 11 << u"abcde fghij"_s;
    QTest::newRow("s4.1 one over the width is") << u"abcde fghijk"_s << 11 << u"abcde \nfghijk"_s;
    QTest::newRow("s4.1 a word longer than the line")
        << u"a verylongwordhere b"_s << 10 << u"a \nverylongwordhere \nb"_s;
    QTest::newRow("s4.1 a run of spaces stays on the first line")
        << u"abc   def"_s << 6 << u"abc   \ndef"_s;
    QTest::newRow("s4.1 empty lines kept") << u"a\n\nb"_s << 78 << u"a\n\nb"_s;
    QTest::newRow("s4.1 hard line: trailing spaces removed")
        << u"hard   \nline "_s << 78 << u"hard\nline"_s;
    QTest::newRow("s4.1 space-only line becomes empty") << u"   "_s << 78 << QString();
    // s4.3: the separator keeps its space.
    QTest::newRow("s4.3 signature") << u"Bye\n-- \nAlice"_s << 78 << u"Bye\n-- \nAlice"_s;
    // s4.4: space-stuffing.
    QTest::newRow("s4.4 From") << u"From me"_s << 78 << u" From me"_s;
    QTest::newRow("s4.4 Fromage is not From") << u"Fromage"_s << 78 << u"Fromage"_s;
    QTest::newRow("s4.4 leading space") << u" indented"_s << 78 << u"  indented"_s;
    QTest::newRow("s4.4 From after a wrap") << u"aaaa From bbbb"_s << 6 << u"aaaa \n From \nbbbb"_s;
    QTest::newRow("s4.4 > after a wrap") << u"aaaa >bbb"_s << 6 << u"aaaa \n >bbb"_s;
    // s4.5: quoted text keeps its marks on every line, written without spaces between them.
    QTest::newRow("s4.5 quoted, wrapped")
        << u"> quoted text here that is long"_s << 20 << u"> quoted text here \n> that is long"_s;
    QTest::newRow("s4.5 depth 2 as displayed") << u"> > deep"_s << 78 << u">> deep"_s;
    QTest::newRow("s4.5 depth 2 as typed") << u">>deep"_s << 78 << u">> deep"_s;
    QTest::newRow("s4.5 empty quoted line") << u"> >"_s << 78 << u">>"_s;
    QTest::newRow("s4.5 quoted signature") << u"> -- "_s << 78 << u"> -- "_s;
    QTest::newRow("s4.5 quoted From needs no extra space")
        << u"> From me"_s << 78 << u"> From me"_s;
}

void TestFlowedText::flow()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    QFETCH(QString, flowed);
    QCOMPARE(FlowedText::flow(text, width), flowed);
}

void TestFlowedText::roundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    const QString longParagraph =
        u"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
        "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. From here on "
        ">this is not a quote and  two  spaces  stay."_s;
    QTest::newRow("long paragraph at 78") << longParagraph << 78;
    QTest::newRow("long paragraph at 30") << longParagraph << 30;
    QTest::newRow("quoted reply") << QString(u"On Tuesday Bob wrote:\n> "_s + longParagraph
                                             + u"\n> > "_s + longParagraph
                                             + u"\n>\n> > short\n\nMy answer.\n-- \nAlice"_s)
                                  << 78;
    QTest::newRow("non-ASCII")
        << QString(u"Gr\u00FC\u00DFe aus M\u00FCnchen, "_s.repeated(12)).trimmed() << 40;
    QTest::newRow("indented code") << u"Run:\n    make test\n  done"_s << 78;
    QTest::newRow("trailing newline") << u"one\ntwo\n"_s << 78;
}

void TestFlowedText::roundTrip()
{
    // The header's promise: unflow(flow(t), false) == t for text without trailing spaces.
    QFETCH(QString, text);
    QFETCH(int, width);
    const QString flowed = FlowedText::flow(text, width);
    QCOMPARE(FlowedText::unflow(flowed, false), text);
    // s4.2 and RFC 5322 s2.1.1: no line longer than the width (the words here are short).
    const QStringList lines = flowed.split(u'\n');
    for (const QString &line : lines)
        QVERIFY2(line.size() <= width, qPrintable(line));
}

void TestFlowedText::survivesNoise()
{
    QRandomGenerator random(3676);
    const QByteArray alphabet("ab >> \n\n--  From ");
    for (int i = 0; i < 5000; ++i) {
        const QString text = QString::fromLatin1(noise(random, alphabet, 60));
        FlowedText::unflow(text, i % 2);
        const QString flowed = FlowedText::flow(text, random.bounded(0, 30));
        // Unflowing what flow() wrote loses nothing but trailing spaces and quote spelling.
        QCOMPARE(FlowedText::unflow(flowed, false).count(u'a'), text.count(u'a'));
    }
}

QTEST_GUILESS_MAIN(TestFlowedText)
#include "tst_flowedtext.moc"
