// SPDX-License-Identifier: GPL-3.0-or-later
// The options check and send share: fingerprints as people paste them, CA files, timeouts,
// where the password or token comes from, and the plaintext warning.
#include "cli/ConnectionOptions.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::cli::ConnectionOptions;
using magpie::cli::MailUrl;

namespace {
const QByteArray kDigest =
    QByteArray::fromHex("4f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e79c");
const QString kCertificate = QStringLiteral(MAGPIE_TEST_DATA_DIR "/tls/localhost.crt");

MailUrl url(const QString &text)
{
    QString error;
    const auto parsed = MailUrl::parse(text, &error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return *parsed;
}
} // namespace

class TestConnectionOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesFingerprints_data();
    void parsesFingerprints();
    void readsCertificates();
    void appliesTrustAndTimeouts();
    void refusesBadValues_data();
    void refusesBadValues();
    void takesThePasswordFromTheEnvironment();
    void takesATokenFromTheNamedVariable();
    void warnsOnlyAboutPlaintext();
};

void TestConnectionOptions::parsesFingerprints_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    const QString hex = QString::fromLatin1(kDigest.toHex());
    const QString colons = QString::fromLatin1(kDigest.toHex(':').toUpper());
    QTest::newRow("AB:CD, as check prints it") << colons << true;
    QTest::newRow("bare lower-case hex") << hex << true;
    QTest::newRow("openssl's output") << u"sha256 Fingerprint="_s + colons << false;
    QTest::newRow("SHA256 prefix") << u"SHA256 "_s + colons << true;
    QTest::newRow("sha256: prefix") << u"sha256:"_s + hex << true;
    QTest::newRow("surrounding blanks") << u"  "_s + colons + u"\n"_s << true;
    QTest::newRow("spaces between pairs") << QString::fromLatin1(kDigest.toHex(' ')) << true;
    QTest::newRow("one digit short") << hex.chopped(1) << false;
    QTest::newRow("one digit more") << hex + u'0' << false;
    QTest::newRow("not hex") << hex.chopped(1) + u'g' << false;
    QTest::newRow("SHA-1 length") << hex.left(40) << false;
    QTest::newRow("empty") << QString() << false;
}

void TestConnectionOptions::parsesFingerprints()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const std::optional<QByteArray> digest = ConnectionOptions::parseFingerprint(text);
    QCOMPARE(digest.has_value(), valid);
    if (valid)
        QCOMPARE(*digest, kDigest);
}

void TestConnectionOptions::readsCertificates()
{
    QString error;
    const auto certificates = ConnectionOptions::readCertificates(kCertificate, &error);
    QVERIFY2(certificates.has_value(), qPrintable(error));
    QCOMPARE(certificates->size(), 1);
    QVERIFY(
        certificates->first().subjectInfo(QSslCertificate::CommonName).contains(u"localhost"_s));

    QVERIFY(!ConnectionOptions::readCertificates(u"/no/such/ca.pem"_s, &error));
    QVERIFY2(error.contains(u"/no/such/ca.pem"_s), qPrintable(error));

    const QString key = QStringLiteral(MAGPIE_TEST_DATA_DIR "/tls/localhost.key");
    QVERIFY(!ConnectionOptions::readCertificates(key, &error));
    QVERIFY2(error.contains(u"holds no certificate"_s), qPrintable(error));
}

void TestConnectionOptions::appliesTrustAndTimeouts()
{
    const ConnectionOptions options;
    QCommandLineParser parser;
    options.addTo(parser);
    const QString pin = QString::fromLatin1(kDigest.toHex(':'));
    QVERIFY(parser.parse({ u"magpie-cli check"_s, u"--cafile"_s, kCertificate, u"--pin"_s, pin,
                           u"--timeout"_s, u"2.5"_s, u"--log"_s }));
    QString error;
    const auto endpoint = options.endpoint(parser, url(u"imaps://alice@localhost:2993"_s), &error);
    QVERIFY2(endpoint.has_value(), qPrintable(error));
    QCOMPARE(endpoint->host, u"localhost"_s);
    QCOMPARE(endpoint->port, 2993);
    QCOMPARE(endpoint->extraCaCertificates.size(), 1);
    QCOMPARE(endpoint->pinnedSha256, kDigest);
    QCOMPARE(endpoint->connectTimeoutMs, 2500);
    QCOMPARE(endpoint->readTimeoutMs, 2500);
    QVERIFY(options.printLog(parser));

    // Without options: the endpoint's own defaults, nothing extra trusted.
    QCommandLineParser plain;
    options.addTo(plain);
    QVERIFY(plain.parse({ u"magpie-cli check"_s }));
    const auto defaults = options.endpoint(plain, url(u"imaps://alice@localhost"_s), &error);
    QVERIFY(defaults.has_value());
    QVERIFY(defaults->extraCaCertificates.isEmpty());
    QVERIFY(defaults->pinnedSha256.isEmpty());
    QCOMPARE(defaults->connectTimeoutMs, magpie::net::ServerEndpoint().connectTimeoutMs);
    QVERIFY(!options.printLog(plain));
}

void TestConnectionOptions::refusesBadValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("short pin") << QStringList { u"--pin"_s, u"AB:CD"_s } << u"--pin"_s;
    QTest::newRow("timeout word") << QStringList { u"--timeout"_s, u"soon"_s } << u"--timeout"_s;
    QTest::newRow("timeout zero") << QStringList { u"--timeout"_s, u"0"_s } << u"--timeout"_s;
    QTest::newRow("timeout negative") << QStringList { u"--timeout"_s, u"-3"_s } << u"--timeout"_s;
    QTest::newRow("missing CA file")
        << QStringList { u"--cafile"_s, u"/no/ca.pem"_s } << u"/no/ca.pem"_s;
}

void TestConnectionOptions::refusesBadValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const ConnectionOptions options;
    QCommandLineParser parser;
    options.addTo(parser);
    QVERIFY(parser.parse(QStringList { u"magpie-cli check"_s } + arguments));
    QString error;
    QVERIFY(!options.endpoint(parser, url(u"imaps://localhost"_s), &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestConnectionOptions::takesThePasswordFromTheEnvironment()
{
    const ConnectionOptions options;
    QCommandLineParser parser;
    options.addTo(parser);
    QVERIFY(parser.parse({ u"magpie-cli check"_s }));
    qputenv("MAGPIE_PASSWORD", "p\xc3\xa4ss word");
    QString error;
    const auto credentials =
        options.credentials(parser, url(u"imaps://alice%40example.test@h"_s), &error);
    qunsetenv("MAGPIE_PASSWORD");
    QVERIFY2(credentials.has_value(), qPrintable(error));
    QCOMPARE(credentials->user, u"alice@example.test"_s);
    QCOMPARE(credentials->password, QString::fromUtf8("p\xc3\xa4ss word"));
    QVERIFY(!credentials->hasToken());
}

void TestConnectionOptions::takesATokenFromTheNamedVariable()
{
    const ConnectionOptions options;
    QCommandLineParser parser;
    options.addTo(parser);
    QVERIFY(
        parser.parse({ u"magpie-cli check"_s, u"--oauth-token-env"_s, u"MAGPIE_TEST_TOKEN"_s }));
    qputenv("MAGPIE_TEST_TOKEN", "ya29.token");
    qputenv("MAGPIE_PASSWORD", "unused");
    QString error;
    const auto credentials = options.credentials(parser, url(u"imaps://alice@h"_s), &error);
    qunsetenv("MAGPIE_TEST_TOKEN");
    qunsetenv("MAGPIE_PASSWORD");
    QVERIFY2(credentials.has_value(), qPrintable(error));
    QCOMPARE(credentials->oauthToken, u"ya29.token"_s);
    QVERIFY(credentials->password.isEmpty());

    // Named but not set: said so, rather than falling back to a password.
    QVERIFY(!options.credentials(parser, url(u"imaps://alice@h"_s), &error));
    QVERIFY2(error.contains(u"MAGPIE_TEST_TOKEN"_s), qPrintable(error));
}

void TestConnectionOptions::warnsOnlyAboutPlaintext()
{
    QVERIFY(ConnectionOptions::plaintextWarning(url(u"imaps://alice@h"_s)).isEmpty());
    QVERIFY(
        ConnectionOptions::plaintextWarning(url(u"imap://alice@h?starttls=required"_s)).isEmpty());
    const QString withUser = ConnectionOptions::plaintextWarning(url(u"imap://alice@h"_s));
    QVERIFY2(withUser.contains(u"imap://alice@h:143 is not encrypted"_s), qPrintable(withUser));
    QVERIFY2(withUser.contains(u"password"_s), qPrintable(withUser));
    QVERIFY2(withUser.contains(u"imaps://"_s), qPrintable(withUser));
    const QString anonymous = ConnectionOptions::plaintextWarning(url(u"smtp://h:25"_s));
    QVERIFY2(anonymous.contains(u"is not encrypted"_s) && !anonymous.contains(u"password"_s),
             qPrintable(anonymous));
}

QTEST_GUILESS_MAIN(TestConnectionOptions)
#include "tst_connectionoptions.moc"
