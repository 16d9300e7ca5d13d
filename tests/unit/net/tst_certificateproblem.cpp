// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate failures with certificates made at test time by openssl: the connection fails
// with Certificate and a sentence naming the date, the names, the issuer and the fingerprint;
// a pinned certificate connects; a wrong pin does not.
#include "net/CertificateProblem.h"
#include "net/Connection.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using magpie::net::CertificateProblem;
using magpie::net::Connection;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using namespace Qt::StringLiterals;

namespace {

// A TLS server presenting one certificate; it greets every client once the handshake is done.
class TlsServer : public QTcpServer
{
public:
    TlsServer(const QSslCertificate &certificate, const QSslKey &key)
        : m_certificate(certificate)
        , m_key(key)
    { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        socket->setSocketDescriptor(descriptor);
        socket->setLocalCertificate(m_certificate);
        socket->setPrivateKey(m_key);
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(socket, &QSslSocket::encrypted, socket,
                [socket] { socket->write("* OK hello\r\n"); });
        socket->startServerEncryption();
    }

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
};

QString fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString pinHint(const QSslCertificate &certificate)
{
    return QStringLiteral(" If you trust this certificate, pin its fingerprint (SHA-256 %1).")
        .arg(fingerprint(certificate));
}

} // namespace

class TestCertificateProblem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connect_data();
    void connect();
    void describeOrdersBySeriousness();
    void describeSaysOnce();
    void describeIntermediate();
    void describeOther();
    void describeWithoutCertificate();

private:
    bool openssl(const QStringList &arguments);
    QSslCertificate certificate(const QString &name) const;

    QTemporaryDir m_dir;
    QString m_failure;
};

bool TestCertificateProblem::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_failure =
            QStringLiteral("openssl %1 failed: %2")
                .arg(arguments.join(u' '), QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

QSslCertificate TestCertificateProblem::certificate(const QString &name) const
{
    QFile file(m_dir.filePath(name + u".crt"));
    if (!file.open(QIODevice::ReadOnly))
        return QSslCertificate();
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

// The certificates: two CAs (one trusted by the tests, one not) and leaves for localhost
// signed by them, or self-signed, or for another name, or outside their validity.
void TestCertificateProblem::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto write = [this](const QString &name, const QByteArray &text) {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
    };
    // `openssl ca` is the one tool in OpenSSL 3.0 that sets arbitrary validity dates.
    QVERIFY(write(QStringLiteral("ca.cnf"),
                  "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\n"
                  "new_certs_dir = .\nserial = serial\ndefault_md = sha256\n"
                  "policy = any\nunique_subject = no\ncopy_extensions = copy\n"
                  "[any]\ncommonName = supplied\n"));
    QVERIFY(write(QStringLiteral("index.txt"), {}));
    QVERIFY(write(QStringLiteral("serial"), "1000\n"));

    const QString ecKey = QStringLiteral("ec_paramgen_curve:prime256v1");
    for (const auto &[name, subject] : { std::pair { "ca", "/CN=Magpie Test CA" },
                                         std::pair { "otherca", "/CN=Untrusted Test CA" } }) {
        QVERIFY2(openssl({ u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, ecKey,
                           u"-nodes"_s, u"-keyout"_s, QLatin1StringView(name) + u".key", u"-out"_s,
                           QLatin1StringView(name) + u".crt", u"-days"_s, u"3650"_s, u"-subj"_s,
                           QLatin1StringView(subject), u"-addext"_s,
                           u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
                           u"keyUsage=critical,keyCertSign,cRLSign"_s }),
                 qPrintable(m_failure));
    }
    QVERIFY2(openssl({ u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                       u"ec_paramgen_curve:P-256"_s, u"-out"_s, u"leaf.key"_s }),
             qPrintable(m_failure));
    const auto request = [&](const QString &name, const QString &host, const QString &altNames) {
        return openssl({ u"req"_s, u"-new"_s, u"-key"_s, u"leaf.key"_s, u"-subj"_s,
                         u"/CN="_s + host, u"-addext"_s, u"subjectAltName="_s + altNames, u"-out"_s,
                         name + u".csr" });
    };
    QVERIFY2(request(u"localhost"_s, u"localhost"_s, u"DNS:localhost,IP:127.0.0.1"_s),
             qPrintable(m_failure));
    QVERIFY2(request(u"other"_s, u"other.test"_s, u"DNS:other.test,DNS:mail.other.test"_s),
             qPrintable(m_failure));
    const auto sign = [&](const QString &csr, const QString &ca, const QString &out,
                          const QString &start, const QString &end) {
        return openssl({ u"ca"_s, u"-batch"_s, u"-config"_s, u"ca.cnf"_s, u"-cert"_s, ca + u".crt",
                         u"-keyfile"_s, ca + u".key", u"-in"_s, csr + u".csr", u"-out"_s,
                         out + u".crt", u"-startdate"_s, start, u"-enddate"_s, end, u"-notext"_s });
    };
    const QString now = u"20200101000000Z"_s;
    const QString later = u"20900101000000Z"_s;
    QVERIFY2(sign(u"localhost"_s, u"ca"_s, u"good"_s, now, later), qPrintable(m_failure));
    QVERIFY2(sign(u"localhost"_s, u"ca"_s, u"expired"_s, now, u"20210301000000Z"_s),
             qPrintable(m_failure));
    QVERIFY2(sign(u"localhost"_s, u"ca"_s, u"future"_s, later, u"20910101000000Z"_s),
             qPrintable(m_failure));
    QVERIFY2(sign(u"other"_s, u"ca"_s, u"wronghost"_s, now, later), qPrintable(m_failure));
    QVERIFY2(sign(u"localhost"_s, u"otherca"_s, u"untrusted"_s, now, later), qPrintable(m_failure));
    QVERIFY2(openssl({ u"req"_s, u"-x509"_s, u"-key"_s, u"leaf.key"_s, u"-subj"_s,
                       u"/CN=localhost"_s, u"-addext"_s, u"subjectAltName=DNS:localhost"_s,
                       u"-days"_s, u"3650"_s, u"-out"_s, u"selfsigned.crt"_s }),
             qPrintable(m_failure));
    for (const char *name :
         { "ca", "good", "expired", "future", "wronghost", "untrusted", "selfsigned" })
        QVERIFY2(!certificate(QLatin1StringView(name)).isNull(), name);
}

void TestCertificateProblem::connect_data()
{
    QTest::addColumn<QString>("leaf");
    QTest::addColumn<QString>("pin"); // "", "own" or "other"
    QTest::addColumn<QString>("message"); // empty: connects; else the lead of the message

    QTest::newRow("trusted through the CA") << u"good"_s << QString() << QString();
    QTest::newRow("expired") << u"expired"_s << QString()
                             << u"The certificate for localhost expired on 2021-03-01."_s;
    QTest::newRow("not yet valid")
        << u"future"_s << QString()
        << u"The certificate for localhost is not valid until 2090-01-01."_s;
    QTest::newRow("wrong host")
        << u"wronghost"_s << QString()
        << u"The certificate is for other.test, mail.other.test, not localhost."_s;
    QTest::newRow("self-signed")
        << u"selfsigned"_s << QString()
        << u"The certificate for localhost is self-signed, so nobody vouches for it."_s;
    QTest::newRow("untrusted root")
        << u"untrusted"_s << QString()
        << u"The certificate for localhost was issued by Untrusted Test "
           "CA, which this computer does not trust."_s;
    QTest::newRow("self-signed, pinned") << u"selfsigned"_s << u"own"_s << QString();
    QTest::newRow("expired, pinned") << u"expired"_s << u"own"_s << QString();
    QTest::newRow("self-signed, other pin")
        << u"selfsigned"_s << u"other"_s
        << u"The certificate for localhost is self-signed, so nobody vouches for it."_s;
    QTest::newRow("wrong host, other pin")
        << u"wronghost"_s << u"other"_s
        << u"The certificate is for other.test, mail.other.test, not localhost."_s;
}

void TestCertificateProblem::connect()
{
    QFETCH(QString, leaf);
    QFETCH(QString, pin);
    QFETCH(QString, message);
    QFile keyFile(m_dir.filePath(u"leaf.key"_s));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!key.isNull());
    const QSslCertificate presented = certificate(leaf);
    TlsServer server(presented, key);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    ServerEndpoint endpoint;
    endpoint.host = u"localhost"_s;
    endpoint.port = server.serverPort();
    endpoint.security = ServerEndpoint::Security::ImplicitTls;
    endpoint.extraCaCertificates = { certificate(u"ca"_s) };
    endpoint.connectTimeoutMs = 5000;
    if (pin == u"own")
        endpoint.pinnedSha256 = presented.digest(QCryptographicHash::Sha256);
    else if (pin == u"other")
        endpoint.pinnedSha256 = certificate(u"good"_s).digest(QCryptographicHash::Sha256);

    Connection connection;
    QByteArray received;
    QList<NetError> errors;
    bool closed = false;
    QObject::connect(&connection, &Connection::received, this,
                     [&](const QByteArray &bytes) { received += bytes; });
    QObject::connect(&connection, &Connection::failed, this,
                     [&](const NetError &e) { errors += e; });
    QObject::connect(&connection, &Connection::closed, this, [&] { closed = true; });
    connection.connectToServer(endpoint);

    if (message.isEmpty()) {
        QTRY_COMPARE(received, QByteArray("* OK hello\r\n"));
        QVERIFY(errors.isEmpty());
        const auto details = connection.tlsDetails();
        QCOMPARE(details.pinned, !pin.isEmpty());
        QCOMPARE(details.sha256, presented.digest(QCryptographicHash::Sha256));
        QCOMPARE(details.subject, u"localhost"_s);
        QCOMPARE(details.issuer,
                 pin.isEmpty() ? u"Magpie Test CA"_s
                               : presented.issuerInfo(QSslCertificate::CommonName).join(u", "));
        QCOMPARE(details.notAfter, presented.expiryDate());
    } else {
        QTRY_VERIFY(closed);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.constFirst().code, NetError::Code::Certificate);
        QCOMPARE(errors.constFirst().message, message + pinHint(presented));
        QVERIFY(received.isEmpty());
        QVERIFY(!connection.tlsDetails().pinned);
    }
}

void TestCertificateProblem::describeOrdersBySeriousness()
{
    const QSslCertificate leaf = certificate(u"expired"_s);
    const QList<QSslError> errors { QSslError(QSslError::SelfSignedCertificate, leaf),
                                    QSslError(QSslError::CertificateExpired, leaf),
                                    QSslError(QSslError::HostNameMismatch, leaf) };
    QCOMPARE(CertificateProblem::describe(errors, leaf, u"imap.example.com"_s),
             u"The certificate is for localhost, 127.0.0.1, not imap.example.com. The certificate "
             "for imap.example.com expired on 2021-03-01. The certificate for imap.example.com is "
             "self-signed, so nobody vouches for it."_s
                 + pinHint(leaf));
}

// OpenSSL reports one unknown issuer twice; the description says it once.
void TestCertificateProblem::describeSaysOnce()
{
    const QSslCertificate leaf = certificate(u"untrusted"_s);
    const QList<QSslError> errors { QSslError(QSslError::UnableToGetLocalIssuerCertificate, leaf),
                                    QSslError(QSslError::UnableToVerifyFirstCertificate, leaf) };
    QCOMPARE(CertificateProblem::describe(errors, leaf, u"localhost"_s),
             u"The certificate for localhost was issued by Untrusted Test CA, which this computer "
             "does not trust."_s
                 + pinHint(leaf));
}

void TestCertificateProblem::describeIntermediate()
{
    const QSslCertificate leaf = certificate(u"good"_s);
    const QSslCertificate ca = certificate(u"ca"_s);
    const QString expiry = ca.expiryDate().toUTC().date().toString(Qt::ISODate);
    QCOMPARE(CertificateProblem::describe({ QSslError(QSslError::CertificateExpired, ca) }, leaf,
                                          u"localhost"_s),
             u"The certificate of Magpie Test CA, which vouches for localhost, expired on "_s
                 + expiry + u'.' + pinHint(leaf));
}

void TestCertificateProblem::describeOther()
{
    const QSslCertificate leaf = certificate(u"good"_s);
    const QSslError error(QSslError::CertificateSignatureFailed, leaf);
    QCOMPARE(CertificateProblem::describe({ error }, leaf, u"localhost"_s),
             u"The certificate for localhost cannot be trusted: "_s + error.errorString() + u'.'
                 + pinHint(leaf));
}

void TestCertificateProblem::describeWithoutCertificate()
{
    QCOMPARE(CertificateProblem::describe({ QSslError(QSslError::NoPeerCertificate) },
                                          QSslCertificate(), u"localhost"_s),
             u"The certificate for localhost cannot be trusted: "_s
                 + QSslError(QSslError::NoPeerCertificate).errorString() + u'.');
}

QTEST_GUILESS_MAIN(TestCertificateProblem)
#include "tst_certificateproblem.moc"
