// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/FolderRecord.h"
#include "store/MessageFlags.h"

#include <QTest>

using namespace magpie::store;

class TestMessageFlags : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromImap_data();
    void fromImap();
    void toImapWritesSystemFlagsThenKeywords();
    void roundTrip();
    void folderNames_data();
    void folderNames();
};

void TestMessageFlags::fromImap_data()
{
    QTest::addColumn<QByteArrayList>("flags");
    QTest::addColumn<quint32>("bits");
    QTest::addColumn<QByteArrayList>("keywords");

    QTest::newRow("none") << QByteArrayList() << 0u << QByteArrayList();
    QTest::newRow("system") << QByteArrayList { "\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft" }
                            << quint32(MessageFlags::Seen | MessageFlags::Answered | MessageFlags::Flagged
                                       | MessageFlags::Deleted | MessageFlags::Draft)
                            << QByteArrayList();
    // RFC 3501 s2.3.2: flag names are case-insensitive.
    QTest::newRow("case") << QByteArrayList { "\\SEEN", "\\flagged" }
                          << quint32(MessageFlags::Seen | MessageFlags::Flagged) << QByteArrayList();
    // \Recent belongs to one session and is never cached.
    QTest::newRow("recent dropped") << QByteArrayList { "\\Recent", "\\RECENT", "\\Seen" }
                                    << quint32(MessageFlags::Seen) << QByteArrayList();
    QTest::newRow("known keywords") << QByteArrayList { "$forwarded", "$Junk", "$NotJunk", "$MDNSent" }
                                    << quint32(MessageFlags::Forwarded | MessageFlags::Junk
                                               | MessageFlags::NotJunk | MessageFlags::MdnSent)
                                    << QByteArrayList();
    QTest::newRow("other keywords sorted") << QByteArrayList { "work", "$label1", "Important", "work" }
                                           << 0u << QByteArrayList { "$label1", "Important", "work" };
    QTest::newRow("empty entries") << QByteArrayList { "", "\\Seen" } << quint32(MessageFlags::Seen)
                                   << QByteArrayList();
}

void TestMessageFlags::fromImap()
{
    QFETCH(QByteArrayList, flags);
    QFETCH(quint32, bits);
    QFETCH(QByteArrayList, keywords);
    const MessageFlags parsed = MessageFlags::fromImap(flags);
    QCOMPARE(parsed.bits, bits);
    QCOMPARE(parsed.keywords, keywords);
}

void TestMessageFlags::toImapWritesSystemFlagsThenKeywords()
{
    MessageFlags flags;
    flags.set(MessageFlags::Forwarded);
    flags.set(MessageFlags::Seen);
    flags.set(MessageFlags::Draft);
    flags.keywords = { "$label1", "work" };
    QCOMPARE(flags.toImap(),
             (QByteArrayList { "\\Seen", "\\Draft", "$Forwarded", "$label1", "work" }));
    flags.set(MessageFlags::Seen, false);
    QVERIFY(!flags.has(MessageFlags::Seen));
    QCOMPARE(flags.toImap().first(), QByteArray("\\Draft"));
}

void TestMessageFlags::roundTrip()
{
    const QByteArrayList wire { "\\Answered", "\\Flagged", "$Junk", "$MDNSent", "custom" };
    const MessageFlags flags = MessageFlags::fromImap(wire);
    QCOMPARE(MessageFlags::fromImap(flags.toImap()), flags);
    QCOMPARE(flags.toImap(), wire);
}

void TestMessageFlags::folderNames_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QChar>("delimiter");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("parentPath");

    QTest::newRow("top") << QStringLiteral("INBOX") << QChar(u'/') << QStringLiteral("INBOX") << QString();
    QTest::newRow("child") << QStringLiteral("Lists/Qt") << QChar(u'/') << QStringLiteral("Qt")
                           << QStringLiteral("Lists");
    QTest::newRow("deep dot") << QStringLiteral("INBOX.a.b") << QChar(u'.') << QStringLiteral("b")
                              << QStringLiteral("INBOX.a");
    QTest::newRow("flat") << QStringLiteral("Lists/Qt") << QChar() << QStringLiteral("Lists/Qt") << QString();
    QTest::newRow("other delimiter") << QStringLiteral("Lists/Qt") << QChar(u'.')
                                     << QStringLiteral("Lists/Qt") << QString();
    QTest::newRow("trailing") << QStringLiteral("Lists/") << QChar(u'/') << QStringLiteral("Lists/") << QString();
    QTest::newRow("unicode") << QStringLiteral(u"Entwürfe/Äpfel") << QChar(u'/') << QStringLiteral(u"Äpfel")
                             << QStringLiteral(u"Entwürfe");
}

void TestMessageFlags::folderNames()
{
    QFETCH(QString, path);
    QFETCH(QChar, delimiter);
    FolderRecord folder;
    folder.path = path;
    folder.delimiter = delimiter;
    QTEST(folder.displayName(), "displayName");
    QTEST(folder.parentPath(), "parentPath");
}

QTEST_GUILESS_MAIN(TestMessageFlags)
#include "tst_messageflags.moc"
