// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/ComposerText.h"

#include <QTest>

using magpie::app::ComposerText;
using magpie::app::Preferences;
using namespace Qt::StringLiterals;

class TestComposerText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replyBelowQuote();
    void replyAboveQuote();
    void replyWithoutSignature();
    void freshMessage();
    void forward();
    void signatureSwapped();
};

static const QString quote = u"\nOn 2026-01-02 10:00, Bob wrote:\n> Hello\n> there\n"_s;

void TestComposerText::replyBelowQuote()
{
    const auto start = ComposerText::reply(quote, u"Alice\nExample Ltd"_s, Preferences::Quoting::ReplyBelowQuote);
    QCOMPARE(start.text, u"On 2026-01-02 10:00, Bob wrote:\n> Hello\n> there\n\n\n\n-- \nAlice\nExample Ltd\n"_s);
    // The cursor is on the empty line right under the quote.
    QCOMPARE(start.text.left(start.cursor), u"On 2026-01-02 10:00, Bob wrote:\n> Hello\n> there\n\n"_s);
}

void TestComposerText::replyAboveQuote()
{
    const auto start = ComposerText::reply(quote, u"Alice"_s, Preferences::Quoting::ReplyAboveQuote);
    QCOMPARE(start.cursor, 0);
    QCOMPARE(start.text, u"\n\n-- \nAlice\n\nOn 2026-01-02 10:00, Bob wrote:\n> Hello\n> there\n"_s);
}

void TestComposerText::replyWithoutSignature()
{
    const auto start = ComposerText::reply(quote, QString(), Preferences::Quoting::ReplyBelowQuote);
    QVERIFY(!start.text.contains(u"-- "_s));
    QVERIFY(start.text.startsWith(u"On 2026"_s));
}

void TestComposerText::freshMessage()
{
    QCOMPARE(ComposerText::fresh(QString()).text, QString());
    const auto start = ComposerText::fresh(u"Alice\n"_s);
    QCOMPARE(start.text, u"\n\n-- \nAlice\n"_s);
    QCOMPARE(start.cursor, 0);
}

void TestComposerText::forward()
{
    const auto start = ComposerText::fresh(u"Alice"_s, u"\n-------- Forwarded Message --------\nSubject: x\n"_s);
    QCOMPARE(start.text, u"\n\n-- \nAlice\n\n-------- Forwarded Message --------\nSubject: x\n"_s);
}

void TestComposerText::signatureSwapped()
{
    const QString text = u"Hi Bob,\n\nsee you.\n\n-- \nAlice at Work\n"_s;
    QCOMPARE(ComposerText::replaceSignature(text, u"Alice at Work"_s, u"Alice at Home"_s),
             u"Hi Bob,\n\nsee you.\n\n-- \nAlice at Home\n"_s);
    QCOMPARE(ComposerText::replaceSignature(text, u"Alice at Work"_s, QString()),
             u"Hi Bob,\n\nsee you.\n\n"_s);
    QCOMPARE(ComposerText::replaceSignature(u"Hi\n"_s, QString(), u"Home"_s), u"Hi\n\n-- \nHome\n"_s);
    // A signature the person edited is not found, so nothing of theirs is removed.
    QCOMPARE(ComposerText::replaceSignature(u"Hi\n-- \nA. at Work (edited)\n"_s, u"Alice at Work"_s, QString()),
             u"Hi\n-- \nA. at Work (edited)\n"_s);
}

QTEST_GUILESS_MAIN(TestComposerText)
#include "tst_composertext.moc"
