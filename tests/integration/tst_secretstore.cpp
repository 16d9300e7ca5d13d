// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore against a real keychain: scripts/test.sh runs this inside a private D-Bus
// session with an unlocked gnome-keyring. With no keychain the test fails, loudly: it checks
// Magpie's real path for passwords, which a stand-in would not.
#include "store/SecretStore.h"

#include <QTest>
#include <QUuid>

using namespace magpie::store;
using namespace Qt::StringLiterals;

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writeReadOverwriteRemove();
    void readingAnUnknownKeyIsNotFound();

private:
    SecretResult call(const std::function<void(SecretStore::Done)> &operation);

    // A service of its own per run, so nothing here touches Magpie's real entries.
    QString m_service;
};

void TestSecretStore::initTestCase()
{
    m_service = u"org.magpiemail.Magpie.test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

SecretResult TestSecretStore::call(const std::function<void(SecretStore::Done)> &operation)
{
    bool finished = false;
    SecretResult result;
    operation([&](const SecretResult &r) {
        result = r;
        finished = true;
    });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished, 20000); }();
    return result;
}

void TestSecretStore::writeReadOverwriteRemove()
{
    SecretStore store(m_service);
    const QString key = u"account-1/imap"_s;
    const QString password = u"p\u00e4ss:w\u00f6rd \U0001F511 with spaces"_s;

    SecretResult result = call([&](auto done) { store.write(key, password, done); });
    QVERIFY2(result.ok(), qPrintable(result.message));

    result = call([&](auto done) { store.read(key, done); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.secret, password);

    result = call([&](auto done) { store.write(key, u"changed"_s, done); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    result = call([&](auto done) { store.read(key, done); });
    QCOMPARE(result.secret, u"changed"_s);

    result = call([&](auto done) { store.remove(key, done); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    result = call([&](auto done) { store.read(key, done); });
    QCOMPARE(result.code, SecretResult::NotFound);
    QVERIFY(result.secret.isEmpty());
}

void TestSecretStore::readingAnUnknownKeyIsNotFound()
{
    SecretStore store(m_service);
    const SecretResult result = call([&](auto done) { store.read(u"no-such-account/smtp"_s, done); });
    QCOMPARE(result.code, SecretResult::NotFound);
    QVERIFY(result.message.contains(u"no-such-account/smtp"_s));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
