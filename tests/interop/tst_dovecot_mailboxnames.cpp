// SPDX-License-Identifier: GPL-3.0-or-later
// Mailbox names in modified UTF-7 (RFC 3501 s5.1.3) as a real server sees them: names that
// MailboxName encodes are created on Dovecot with curl as the IMAP client, Dovecot's LIST is
// decoded back, and a name Dovecot refuses as invalid is one MailboxName refuses too.
#include "DovecotServer.h"
#include "net/imap/MailboxName.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using magpie::imap::MailboxName;
using magpie::testing::DovecotServer;
using namespace Qt::StringLiterals;

namespace {
const QString kUser = u"alice@example.test"_s;
const QString kPassword = u"wonderland"_s;

struct Curl
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// One IMAP command through curl's custom request (curl logs in, runs it, logs out).
Curl imapCommand(quint16 port, const QByteArray &command)
{
    QProcess curl;
    curl.start(u"curl"_s, { u"--silent"_s, u"--show-error"_s, u"--max-time"_s, u"30"_s,
                            u"--user"_s, kUser + u':' + kPassword,
                            u"imap://127.0.0.1:%1/"_s.arg(port), u"-X"_s,
                            QString::fromLatin1(command) });
    if (!curl.waitForFinished(40000)) {
        curl.kill();
        curl.waitForFinished();
        return {};
    }
    return { curl.exitStatus() == QProcess::NormalExit ? curl.exitCode() : -1,
             curl.readAllStandardOutput(), curl.readAllStandardError() };
}

// The mailbox names of "* LIST (flags) delimiter name" lines, still on the wire's encoding.
QList<QByteArray> listedNames(const QByteArray &listOutput)
{
    static const QRegularExpression line(
        uR"re(^\* LIST \([^)]*\) (?:NIL|"(?:[^"\\]|\\.)") (.+?)\r?$)re"_s,
        QRegularExpression::MultilineOption);
    QList<QByteArray> names;
    auto it = line.globalMatch(QString::fromLatin1(listOutput));
    while (it.hasNext()) {
        QString name = it.next().captured(1);
        if (name.startsWith(u'"') && name.endsWith(u'"')) {
            name = name.mid(1, name.size() - 2);
            name.replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
        }
        names << name.toLatin1();
    }
    return names;
}
} // namespace

class TestDovecotMailboxNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void namesRoundTripThroughDovecot();
    void dovecotAndMagpieRefuseTheSameInvalidName_data();
    void dovecotAndMagpieRefuseTheSameInvalidName();

private:
    DovecotServer m_dovecot;
};

void TestDovecotMailboxNames::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDovecotMailboxNames::namesRoundTripThroughDovecot()
{
    const QStringList names = {
        QString::fromUtf8("Entw\xc3\xbc" "rfe"),
        QString::fromUtf8("\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s"),
        u"Tom & Jerry"_s,
        QString::fromUtf8("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e/\xe5\x8f\xb0\xe5\x8c\x97"),
        QString::fromUtf8("\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4\xd1\x8f\xd1\x89\xd0\xb8\xd0\xb5"),
        QString::fromUtf8("Mail \xf0\x9f\x93\xac"),
    };
    for (const QString &name : names) {
        const Curl created = imapCommand(m_dovecot.imapPort(),
                                         "CREATE \"" + MailboxName::encode(name) + '"');
        QVERIFY2(created.exitCode == 0,
                 qPrintable(name + u": "_s + QString::fromLocal8Bit(created.err)));
    }

    const Curl listed = imapCommand(m_dovecot.imapPort(), "LIST \"\" \"*\"");
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    QStringList decoded;
    for (const QByteArray &wire : listedNames(listed.out)) {
        const auto name = MailboxName::decode(wire);
        QVERIFY2(name.has_value(), wire.constData()); // Dovecot only sends valid names
        decoded << *name;
    }
    QVERIFY2(decoded.contains(u"INBOX"_s), listed.out.constData());
    for (const QString &name : names)
        QVERIFY2(decoded.contains(name), qPrintable(name + u" not in "_s + decoded.join(u", ")));

    // Dovecot's Maildir++ keeps the same encoding on disk, "/" becoming ".".
    const QDir maildir(m_dovecot.mailDirectory(kUser));
    QVERIFY2(maildir.exists(u".Entw&APw-rfe"_s), qPrintable(maildir.entryList().join(u' ')));
    QVERIFY(maildir.exists(u".&ZeVnLIqe-.&U,BTFw-"_s));
}

void TestDovecotMailboxNames::dovecotAndMagpieRefuseTheSameInvalidName_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("ASCII hidden in a shift") << QByteArray("&AGE-");
    QTest::newRow("unterminated shift") << QByteArray("&AOk");
    QTest::newRow("lone surrogate") << QByteArray("&2D0-");
}

void TestDovecotMailboxNames::dovecotAndMagpieRefuseTheSameInvalidName()
{
    QFETCH(QByteArray, wire);
    QVERIFY(!MailboxName::decode(wire).has_value());
    const Curl created = imapCommand(m_dovecot.imapPort(), "CREATE \"" + wire + '"');
    QVERIFY2(created.exitCode != 0, "Dovecot accepted a name Magpie refuses");
}

QTEST_GUILESS_MAIN(TestDovecotMailboxNames)
#include "tst_dovecot_mailboxnames.moc"
