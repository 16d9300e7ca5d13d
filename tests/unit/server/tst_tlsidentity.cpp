// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/Listener.h"
#include "server/TlsIdentity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace magpie::server;
using namespace Qt::StringLiterals;

namespace {

// Runs a TLS handshake between a server showing `identity` on `listenAddress` and a client
// that trusts only `trusted` and checks the certificate against `peerName`. Returns the
// client's verification errors (empty: accepted) or a failure description.
QStringList handshake(const TlsIdentity &identity, const QHostAddress &listenAddress,
                      const QString &peerName, const QList<QSslCertificate> &trusted)
{
    Listener listener(u"test"_s, Protocol::Imap, Connection::Security::ImplicitTls);
    if (!listener.listen(listenAddress, 0))
        return { u"cannot listen: "_s + listener.errorString() };
    std::unique_ptr<QSslSocket> serverSide;
    QObject::connect(&listener, &Listener::connectionArrived, [&](qintptr descriptor) {
        serverSide = std::make_unique<QSslSocket>();
        serverSide->setSocketDescriptor(descriptor);
        serverSide->setSslConfiguration(identity.serverConfiguration());
        serverSide->startServerEncryption();
    });

    QSslSocket client;
    QSslConfiguration configuration = client.sslConfiguration();
    configuration.setCaCertificates(trusted);
    client.setSslConfiguration(configuration);
    QStringList errors;
    QObject::connect(&client, &QSslSocket::sslErrors, [&](const QList<QSslError> &list) {
        for (const QSslError &error : list)
            errors << error.errorString();
    });
    QSignalSpy encrypted(&client, &QSslSocket::encrypted);
    client.connectToHostEncrypted(listenAddress.toString(), listener.serverPort(), peerName);
    if (!QTest::qWaitFor(
            [&] {
                return !encrypted.isEmpty() || !errors.isEmpty()
                    || client.state() == QAbstractSocket::UnconnectedState;
            },
            10000))
        return { u"handshake timed out"_s };
    if (encrypted.isEmpty() && errors.isEmpty())
        return { u"handshake failed: "_s + client.errorString() };
    return errors;
}

bool runOpenssl(const QStringList &arguments)
{
    QProcess process;
    process.start(u"openssl"_s, arguments);
    return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
}

} // namespace

class TestTlsIdentity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void generatedCertificateNamesLocalhost();
    void fingerprintIsSha256OfTheDer();
    void createdOnceThenReused();
    void keyIsPrivate();
    void clientTrustingTheCertificateAccepts_data();
    void clientTrustingTheCertificateAccepts();
    void clientNotTrustingItRefuses();
    void loadsTheOperatorsFiles();
    void refusesMismatchedKey();
    void refusesUnreadableOrWrongFiles_data();
    void refusesUnreadableOrWrongFiles();
    void refusesEncryptedKey();
    void certificateWithoutItsKeyIsAnError();
    void keyWithoutCertificateIsReplaced();
};

void TestTlsIdentity::generatedCertificateNamesLocalhost()
{
    QString error;
    const auto identity = TlsIdentity::generate(&error);
    QVERIFY2(identity, qPrintable(error));
    const QSslCertificate &certificate = identity->certificate();
    QVERIFY(certificate.isSelfSigned());
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList { u"localhost"_s });
    const auto names = certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry), QList<QString> { u"localhost"_s });
    QList<QHostAddress> addresses;
    for (const QString &address : names.values(QSsl::IpAddressEntry))
        addresses << QHostAddress(address);
    QCOMPARE(addresses.size(), 2);
    QVERIFY2(addresses.contains(QHostAddress(QHostAddress::LocalHost)),
             qPrintable(names.values(QSsl::IpAddressEntry).join(u' ')));
    QVERIFY2(addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6)),
             qPrintable(names.values(QSsl::IpAddressEntry).join(u' ')));
    // About ten years, so that a test setup made today does not break one day.
    const qint64 days = certificate.effectiveDate().daysTo(certificate.expiryDate());
    QVERIFY2(days >= 3649 && days <= 3652, qPrintable(QString::number(days)));
    QCOMPARE(identity->privateKey().algorithm(), QSsl::Ec);
    QCOMPARE(identity->privateKey().length(), 256);
    QVERIFY(identity->certificateFile().isEmpty());
    // A new identity each time in memory.
    QVERIFY(TlsIdentity::generate(&error)->fingerprint() != identity->fingerprint());
}

void TestTlsIdentity::fingerprintIsSha256OfTheDer()
{
    const auto identity = TlsIdentity::generate(nullptr);
    QVERIFY(identity);
    const QString fingerprint = identity->fingerprint();
    QVERIFY2(QRegularExpression(u"^[0-9A-F]{2}(:[0-9A-F]{2}){31}$"_s).match(fingerprint).hasMatch(),
             qPrintable(fingerprint));
    const QByteArray digest =
        QCryptographicHash::hash(identity->certificate().toDer(), QCryptographicHash::Sha256);
    QCOMPARE(fingerprint, QString::fromLatin1(digest.toHex(':').toUpper()));
}

void TestTlsIdentity::createdOnceThenReused()
{
    QTemporaryDir dir;
    QString error;
    const auto first = TlsIdentity::loadOrCreate(dir.path(), &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->certificateFile(), dir.filePath(u"tls/cert.pem"_s));
    QCOMPARE(TlsIdentity::certificatePath(dir.path()), dir.filePath(u"tls/cert.pem"_s));
    QCOMPARE(TlsIdentity::keyPath(dir.path()), dir.filePath(u"tls/key.pem"_s));
    QVERIFY(QFileInfo::exists(dir.filePath(u"tls/key.pem"_s)));
    const auto second = TlsIdentity::loadOrCreate(dir.path(), &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(second->fingerprint(), first->fingerprint());
    QCOMPARE(second->privateKey(), first->privateKey());
    // No temporary files left behind.
    QCOMPARE(QDir(dir.filePath(u"tls"_s)).entryList(QDir::Files),
             (QStringList { u"cert.pem"_s, u"key.pem"_s }));
}

void TestTlsIdentity::keyIsPrivate()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    QVERIFY(TlsIdentity::loadOrCreate(dir.path(), nullptr));
    const QFileDevice::Permissions othersMay = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;
    const QFileInfo key(dir.filePath(u"tls/key.pem"_s));
    QVERIFY(key.permissions() & QFileDevice::ReadOwner);
    QCOMPARE(key.permissions() & othersMay, QFileDevice::Permissions());
    QCOMPARE(QFileInfo(dir.filePath(u"tls"_s)).permissions() & othersMay,
             QFileDevice::Permissions());
    // The certificate is public.
    QVERIFY(QFileInfo(dir.filePath(u"tls/cert.pem"_s)).permissions() & QFileDevice::ReadOther);
#else
    QTest::qSkip("POSIX permissions", __FILE__, __LINE__);
#endif
}

void TestTlsIdentity::clientTrustingTheCertificateAccepts_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("peerName");
    QTest::newRow("127.0.0.1 as localhost") << u"127.0.0.1"_s << u"localhost"_s;
    QTest::newRow("127.0.0.1 by address") << u"127.0.0.1"_s << u"127.0.0.1"_s;
    QTest::newRow("::1 by address") << u"::1"_s << u"::1"_s;
}

void TestTlsIdentity::clientTrustingTheCertificateAccepts()
{
    QFETCH(QString, address);
    QFETCH(QString, peerName);
    QTemporaryDir dir;
    QVERIFY(TlsIdentity::loadOrCreate(dir.path(), nullptr));
    // The client trusts exactly the file, as `curl --cacert` would.
    const auto identity = TlsIdentity::loadOrCreate(dir.path(), nullptr);
    const QList<QSslCertificate> trusted =
        QSslCertificate::fromPath(TlsIdentity::certificatePath(dir.path()));
    QCOMPARE(trusted.size(), 1);
    QTcpServer probe;
    if (!probe.listen(QHostAddress(address), 0)) {
        QTest::qSkip("this machine has no such loopback address", __FILE__, __LINE__);
        return;
    }
    probe.close();
    const QStringList errors = handshake(*identity, QHostAddress(address), peerName, trusted);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u"; "_s)));
}

void TestTlsIdentity::clientNotTrustingItRefuses()
{
    const auto identity = TlsIdentity::generate(nullptr);
    QVERIFY(identity);
    const QHostAddress loopback(QHostAddress::LocalHost);
    // Trusted, but the name is not in it.
    QStringList errors =
        handshake(*identity, loopback, u"mail.example.com"_s, { identity->certificate() });
    QVERIFY2(!errors.isEmpty() && errors.join(u' ').contains(u"host name"_s, Qt::CaseInsensitive),
             qPrintable(errors.join(u"; "_s)));
    // Right name, but another certificate is trusted: the client is told plainly that the
    // certificate is self-signed, so that it can offer to trust it.
    errors = handshake(*identity, loopback, u"localhost"_s,
                       { TlsIdentity::generate(nullptr)->certificate() });
    QVERIFY2(errors.contains(QSslError(QSslError::SelfSignedCertificate).errorString()),
             qPrintable(errors.join(u"; "_s)));
}

void TestTlsIdentity::loadsTheOperatorsFiles()
{
    QVERIFY2(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(),
             "the openssl program is needed to make an RSA certificate");
    QTemporaryDir dir;
    const QString cert = dir.filePath(u"rsa.pem"_s);
    const QString key = dir.filePath(u"rsa.key"_s);
    QVERIFY(runOpenssl({ u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                         u"-keyout"_s, key, u"-out"_s, cert, u"-days"_s, u"2"_s, u"-subj"_s,
                         u"/CN=mail.example.test"_s }));
    QString error;
    const auto identity = TlsIdentity::load(cert, key, &error);
    QVERIFY2(identity, qPrintable(error));
    QCOMPARE(identity->privateKey().algorithm(), QSsl::Rsa);
    QCOMPARE(identity->certificateFile(), cert);
    QCOMPARE(identity->certificate().subjectInfo(QSslCertificate::CommonName),
             QStringList { u"mail.example.test"_s });
    const QStringList errors = handshake(*identity, QHostAddress(QHostAddress::LocalHost),
                                         u"mail.example.test"_s, { identity->certificate() });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u"; "_s)));
}

void TestTlsIdentity::refusesMismatchedKey()
{
    QTemporaryDir one;
    QTemporaryDir two;
    QVERIFY(TlsIdentity::loadOrCreate(one.path(), nullptr));
    QVERIFY(TlsIdentity::loadOrCreate(two.path(), nullptr));
    QString error;
    QVERIFY(!TlsIdentity::load(TlsIdentity::certificatePath(one.path()),
                               TlsIdentity::keyPath(two.path()), &error));
    QVERIFY2(error.contains(u"does not belong"_s), qPrintable(error));
    QVERIFY(error.contains(TlsIdentity::keyPath(two.path())));
}

void TestTlsIdentity::refusesUnreadableOrWrongFiles_data()
{
    QTest::addColumn<QString>("certName");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no certificate file")
        << u"missing.pem"_s << u"tls/key.pem"_s << u"Cannot read"_s;
    QTest::newRow("no key file") << u"tls/cert.pem"_s << u"missing.pem"_s << u"Cannot read"_s;
    QTest::newRow("key where the certificate belongs")
        << u"tls/key.pem"_s << u"tls/key.pem"_s << u"no PEM certificate"_s;
    QTest::newRow("certificate where the key belongs")
        << u"tls/cert.pem"_s << u"tls/cert.pem"_s << u"no PEM private key"_s;
    QTest::newRow("not PEM at all") << u"junk"_s << u"tls/key.pem"_s << u"no PEM certificate"_s;
}

void TestTlsIdentity::refusesUnreadableOrWrongFiles()
{
    QFETCH(QString, certName);
    QFETCH(QString, keyName);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    QVERIFY(TlsIdentity::loadOrCreate(dir.path(), nullptr));
    QFile junk(dir.filePath(u"junk"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("hello\n");
    junk.close();
    QString error;
    QVERIFY(!TlsIdentity::load(dir.filePath(certName), dir.filePath(keyName), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestTlsIdentity::refusesEncryptedKey()
{
    QVERIFY2(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(),
             "the openssl program is needed to encrypt a key");
    QTemporaryDir dir;
    QVERIFY(TlsIdentity::loadOrCreate(dir.path(), nullptr));
    const QString encrypted = dir.filePath(u"encrypted.key"_s);
    QVERIFY(runOpenssl({ u"pkey"_s, u"-in"_s, TlsIdentity::keyPath(dir.path()), u"-aes256"_s,
                         u"-passout"_s, u"pass:secret"_s, u"-out"_s, encrypted }));
    QString error;
    QVERIFY(!TlsIdentity::load(TlsIdentity::certificatePath(dir.path()), encrypted, &error));
    QVERIFY2(error.contains(u"passphrase"_s), qPrintable(error));
}

void TestTlsIdentity::certificateWithoutItsKeyIsAnError()
{
    QTemporaryDir dir;
    QVERIFY(TlsIdentity::loadOrCreate(dir.path(), nullptr));
    QVERIFY(QFile::remove(TlsIdentity::keyPath(dir.path())));
    QString error;
    QVERIFY(!TlsIdentity::loadOrCreate(dir.path(), &error));
    QVERIFY2(error.contains(TlsIdentity::keyPath(dir.path())), qPrintable(error));
    // The certificate is left for the operator to decide about.
    QVERIFY(QFileInfo::exists(TlsIdentity::certificatePath(dir.path())));
}

void TestTlsIdentity::keyWithoutCertificateIsReplaced()
{
    // What a first start interrupted between the two files leaves behind.
    QTemporaryDir dir;
    const auto first = TlsIdentity::loadOrCreate(dir.path(), nullptr);
    QVERIFY(first);
    QVERIFY(QFile::remove(TlsIdentity::certificatePath(dir.path())));
    QString error;
    const auto second = TlsIdentity::loadOrCreate(dir.path(), &error);
    QVERIFY2(second, qPrintable(error));
    QVERIFY(second->fingerprint() != first->fingerprint());
}

QTEST_GUILESS_MAIN(TestTlsIdentity)
#include "tst_tlsidentity.moc"
