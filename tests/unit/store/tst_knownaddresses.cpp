// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/KnownAddresses.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/OutboxQueue.h"

#include <QTemporaryDir>
#include <QTest>

using magpie::store::KnownAddresses;
using namespace magpie;
using namespace Qt::StringLiterals;

class TestKnownAddresses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sentRankAboveSeen();
    void junkIsLeftOut();
    void seenOnlyWhenAllowed();

private:
    qint64 folder(const QString &path, store::FolderRole role);
    void add(qint64 folderId, const mime::Mailbox &from, const QList<mime::Mailbox> &to, int days);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
};

void TestKnownAddresses::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    const store::StoreError error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(error.code == store::StoreError::None, qPrintable(error.message));
}

void TestKnownAddresses::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

qint64 TestKnownAddresses::folder(const QString &path, store::FolderRole role)
{
    store::FolderRecord record;
    record.accountId = u"work"_s;
    record.path = path;
    record.serverName = path.toUtf8();
    record.role = role;
    const auto made = store::FolderStore(*m_cache).ensure(record);
    return made ? made->id : 0;
}

void TestKnownAddresses::add(qint64 folderId, const mime::Mailbox &from,
                             const QList<mime::Mailbox> &to, int days)
{
    store::MessageSummary summary;
    summary.from = from;
    summary.to = to;
    summary.subject = u"s"_s;
    summary.date = QDateTime::currentDateTimeUtc().addDays(-days);
    store::MessageStore(*m_cache).add(folderId, { summary });
}

void TestKnownAddresses::sentRankAboveSeen()
{
    const qint64 inbox = folder(u"INBOX"_s, store::FolderRole::Inbox);
    const qint64 sent = folder(u"Sent"_s, store::FolderRole::Sent);
    const mime::Mailbox me { u"Me"_s, u"me@example.com"_s };
    const mime::Mailbox newsletter { u"News"_s, u"news@example.org"_s };
    for (int i = 0; i < 2; ++i)
        add(inbox, newsletter, { me }, i);
    add(inbox, { u"Bob Old Name"_s, u"bob@example.org"_s }, { me }, 10);
    add(inbox, { u"Bob Builder"_s, u"Bob@Example.org"_s }, { me }, 1);
    add(sent, me, { { u"Carol"_s, u"carol@example.net"_s } }, 3);

    store::OutboxEntry queued;
    queued.accountId = u"work"_s;
    queued.envelopeFrom = "me@example.com";
    queued.recipients = { "dave@example.com" };
    queued.raw = "Subject: x\r\n\r\nx\r\n";
    queued.messageId = "<q@example.com>";
    QVERIFY(store::OutboxQueue(*m_cache).enqueue(queued) > 0);

    const QList<mime::Mailbox> known = KnownAddresses(*m_cache).load(true);
    QStringList addresses;
    for (const mime::Mailbox &mailbox : known)
        addresses.append(mailbox.address.toLower());
    // Written to (weight 3) first, then the more frequent sender; each address once.
    QCOMPARE(addresses.mid(0, 2), (QStringList { u"carol@example.net"_s, u"dave@example.com"_s }));
    QCOMPARE(addresses.count(u"bob@example.org"_s), 1);
    QVERIFY(addresses.indexOf(u"news@example.org"_s) >= 2);
    QVERIFY(addresses.contains(u"me@example.com"_s)); // the sender of what is in Sent
    // The newest name is kept.
    const QStringList completions = KnownAddresses(*m_cache).completions(true);
    QVERIFY2(completions.contains(u"Bob Builder <Bob@Example.org>"_s), qPrintable(completions.join(u'|')));
}

void TestKnownAddresses::junkIsLeftOut()
{
    const qint64 junk = folder(u"Junk"_s, store::FolderRole::Junk);
    const qint64 inbox = folder(u"INBOX"_s, store::FolderRole::Inbox);
    add(junk, { u"Prince"_s, u"prince@spam.example"_s }, {}, 1);
    add(inbox, { u"Alice"_s, u"alice@example.com"_s }, {}, 1);
    const QStringList completions = KnownAddresses(*m_cache).completions(true);
    QCOMPARE(completions, QStringList { u"Alice <alice@example.com>"_s });
}

void TestKnownAddresses::seenOnlyWhenAllowed()
{
    const qint64 inbox = folder(u"INBOX"_s, store::FolderRole::Inbox);
    const qint64 sent = folder(u"Sent"_s, store::FolderRole::Sent);
    add(inbox, { u"Alice"_s, u"alice@example.com"_s }, {}, 1);
    add(sent, { u"Me"_s, u"me@example.com"_s }, { { QString(), u"bob@example.org"_s } }, 1);
    QCOMPARE(KnownAddresses(*m_cache).completions(false), QStringList { u"bob@example.org"_s });
}

QTEST_GUILESS_MAIN(TestKnownAddresses)
#include "tst_knownaddresses.moc"
