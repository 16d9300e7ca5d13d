// SPDX-License-Identifier: GPL-3.0-or-later
// AccountSettings: every AccountConfig field survives magpie.ini, nothing else in the file is
// touched, damaged entries never weaken security, and write failures are reported.
#include "sync/AccountSettings.h"

#include "ScriptedServer.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using magpie::net::ServerEndpoint;
using magpie::sync::AccountConfig;
using magpie::sync::AccountSettings;
using namespace Qt::StringLiterals;

namespace {

AccountConfig fullAccount()
{
    AccountConfig account;
    account.id = u"work-account"_s;
    account.displayName = u"Work (Ärger)"_s;
    account.identityName = u"Alice Example"_s;
    account.address = u"alice@example.com"_s;
    account.incoming = AccountConfig::Incoming::Pop3;
    account.incomingServer.host = u"pop.example.com"_s;
    account.incomingServer.port = 1995;
    account.incomingServer.security = ServerEndpoint::Security::StartTls;
    account.incomingServer.pinnedSha256 = QByteArray(32, '\x5a');
    account.incomingServer.extraCaCertificates = { magpie::test::ScriptedServer::certificate() };
    account.incomingServer.connectTimeoutMs = 1234;
    account.incomingServer.readTimeoutMs = 5678;
    account.incomingUser = u"alice@example.com"_s;
    account.smtpServer.host = u"smtp.example.com"_s;
    account.smtpServer.port = 2587;
    account.smtpServer.security = ServerEndpoint::Security::Plaintext;
    account.smtpUser = u"alice"_s;
    account.pop3LeaveOnServer = false;
    account.pop3DeleteAfterDays = 30;
    account.checkIntervalMinutes = 3;
    account.prefetchDays = 60;
    account.useCondstore = false;
    account.useQresync = false;
    account.useIdle = false;
    return account;
}

void compareEndpoints(const ServerEndpoint &actual, const ServerEndpoint &expected)
{
    QCOMPARE(actual.host, expected.host);
    QCOMPARE(actual.port, expected.port);
    QCOMPARE(actual.security, expected.security);
    QCOMPARE(actual.pinnedSha256, expected.pinnedSha256);
    QCOMPARE(actual.extraCaCertificates, expected.extraCaCertificates);
    QCOMPARE(actual.connectTimeoutMs, expected.connectTimeoutMs);
    QCOMPARE(actual.readTimeoutMs, expected.readTimeoutMs);
}

void compareAccounts(const AccountConfig &actual, const AccountConfig &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.displayName, expected.displayName);
    QCOMPARE(actual.identityName, expected.identityName);
    QCOMPARE(actual.address, expected.address);
    QCOMPARE(actual.incoming, expected.incoming);
    compareEndpoints(actual.incomingServer, expected.incomingServer);
    QCOMPARE(actual.incomingUser, expected.incomingUser);
    compareEndpoints(actual.smtpServer, expected.smtpServer);
    QCOMPARE(actual.smtpUser, expected.smtpUser);
    QCOMPARE(actual.pop3LeaveOnServer, expected.pop3LeaveOnServer);
    QCOMPARE(actual.pop3DeleteAfterDays, expected.pop3DeleteAfterDays);
    QCOMPARE(actual.checkIntervalMinutes, expected.checkIntervalMinutes);
    QCOMPARE(actual.prefetchDays, expected.prefetchDays);
    QCOMPARE(actual.useCondstore, expected.useCondstore);
    QCOMPARE(actual.useQresync, expected.useQresync);
    QCOMPARE(actual.useIdle, expected.useIdle);
}

} // namespace

class TestAccountSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFieldRoundTrips();
    void defaultsRoundTrip();
    void keepsOrderAndReplacesInPlace();
    void fewerAccountsLeaveNothingBehind();
    void otherSettingsAreLeftAlone();
    void damagedEntriesNeverWeakenSecurity();
    void unwritableFileIsReported();
    void newIdsDiffer();

private:
    QTemporaryDir m_dir;
    QString iniPath(const QString &name) const { return m_dir.filePath(name); }
};

void TestAccountSettings::everyFieldRoundTrips()
{
    const AccountSettings settings(iniPath(u"full.ini"_s));
    QCOMPARE(settings.save({ fullAccount() }), QString());
    const QList<AccountConfig> loaded = AccountSettings(iniPath(u"full.ini"_s)).load();
    QCOMPARE(loaded.size(), 1);
    compareAccounts(loaded.first(), fullAccount());
    // The pin is readable hex in the file, never raw bytes.
    QFile file(iniPath(u"full.ini"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(QByteArray(32, '\x5a').toHex()));
}

void TestAccountSettings::defaultsRoundTrip()
{
    AccountConfig account;
    account.id = u"plain"_s;
    account.incomingServer.host = u"imap.example.com"_s;
    account.incomingServer.port = 993;
    const AccountSettings settings(iniPath(u"defaults.ini"_s));
    QCOMPARE(settings.save({ account }), QString());
    const auto loaded = settings.account(u"plain"_s);
    QVERIFY(loaded);
    compareAccounts(*loaded, account);
    QVERIFY(loaded->smtpServer.host.isEmpty());
}

void TestAccountSettings::keepsOrderAndReplacesInPlace()
{
    const AccountSettings settings(iniPath(u"order.ini"_s));
    AccountConfig a = fullAccount();
    a.id = u"a"_s;
    AccountConfig b = fullAccount();
    b.id = u"b"_s;
    AccountConfig c = fullAccount();
    c.id = u"c"_s;
    QCOMPARE(settings.save({ a, b, c }), QString());
    b.displayName = u"Renamed"_s;
    QCOMPARE(settings.upsert(b), QString());
    AccountConfig d = fullAccount();
    d.id = u"d"_s;
    QCOMPARE(settings.upsert(d), QString());
    QList<AccountConfig> loaded = settings.load();
    QStringList ids;
    for (const AccountConfig &account : loaded)
        ids.append(account.id);
    QCOMPARE(ids, QStringList({ u"a"_s, u"b"_s, u"c"_s, u"d"_s }));
    QCOMPARE(loaded.at(1).displayName, u"Renamed"_s);
    QCOMPARE(settings.remove(u"a"_s), QString());
    QCOMPARE(settings.load().size(), 3);
    QVERIFY(!settings.account(u"a"_s));
}

void TestAccountSettings::fewerAccountsLeaveNothingBehind()
{
    const AccountSettings settings(iniPath(u"fewer.ini"_s));
    AccountConfig a = fullAccount();
    a.id = u"a"_s;
    AccountConfig b = fullAccount();
    b.id = u"b"_s;
    QCOMPARE(settings.save({ a, b }), QString());
    QCOMPARE(settings.save({ b }), QString());
    const QList<AccountConfig> loaded = settings.load();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.first().id, u"b"_s);
    QSettings raw(iniPath(u"fewer.ini"_s), QSettings::IniFormat);
    QVERIFY(!raw.contains(u"accounts/2/id"_s));
}

void TestAccountSettings::otherSettingsAreLeftAlone()
{
    {
        QSettings raw(iniPath(u"other.ini"_s), QSettings::IniFormat);
        raw.setValue(u"window/geometry"_s, QByteArray("abc"));
        raw.setValue(u"language"_s, u"de"_s);
    }
    QCOMPARE(AccountSettings(iniPath(u"other.ini"_s)).save({ fullAccount() }), QString());
    QSettings raw(iniPath(u"other.ini"_s), QSettings::IniFormat);
    QCOMPARE(raw.value(u"window/geometry"_s).toByteArray(), QByteArray("abc"));
    QCOMPARE(raw.value(u"language"_s).toString(), u"de"_s);
}

void TestAccountSettings::damagedEntriesNeverWeakenSecurity()
{
    {
        QSettings raw(iniPath(u"damaged.ini"_s), QSettings::IniFormat);
        raw.beginWriteArray(u"accounts"_s, 3);
        raw.setArrayIndex(0);
        raw.setValue(u"id"_s, u"odd"_s);
        raw.setValue(u"incoming/host"_s, u"imap.example.com"_s);
        raw.setValue(u"incoming/security"_s, u"none please"_s);
        raw.setValue(u"incoming/pinnedSha256"_s, u"abcd"_s); // not 32 bytes: no pin
        raw.setValue(u"incoming/port"_s, 99999);
        raw.setValue(u"checkIntervalMinutes"_s, 0);
        raw.setArrayIndex(1);
        raw.setValue(u"incoming/host"_s, u"no-id.example.com"_s); // no id: skipped
        raw.setArrayIndex(2);
        raw.setValue(u"id"_s, u"no-host"_s); // no host: skipped
        raw.endArray();
    }
    const QList<AccountConfig> loaded = AccountSettings(iniPath(u"damaged.ini"_s)).load();
    QCOMPARE(loaded.size(), 1);
    const AccountConfig &account = loaded.first();
    QCOMPARE(account.id, u"odd"_s);
    QCOMPARE(account.incomingServer.security, ServerEndpoint::Security::ImplicitTls);
    QVERIFY(account.incomingServer.pinnedSha256.isEmpty());
    QCOMPARE(account.incomingServer.port, quint16(0));
    QCOMPARE(account.checkIntervalMinutes, AccountConfig {}.checkIntervalMinutes);
}

void TestAccountSettings::unwritableFileIsReported()
{
    const QString path = m_dir.filePath(u"missing-folder/deeper/magpie.ini"_s);
    QFile blocker(m_dir.filePath(u"missing-folder"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
    blocker.close();
    const QString error = AccountSettings(path).save({ fullAccount() });
    QVERIFY2(error.contains(path), qPrintable(error));
}

void TestAccountSettings::newIdsDiffer()
{
    const QString first = AccountSettings::newId();
    const QString second = AccountSettings::newId();
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
}

QTEST_GUILESS_MAIN(TestAccountSettings)
#include "tst_accountsettings.moc"
