// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/TlsIdentity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace magpie::server {

namespace {

struct OpenSslFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(X509 *certificate) const { X509_free(certificate); }
    void operator()(X509_EXTENSION *extension) const { X509_EXTENSION_free(extension); }
    void operator()(BIGNUM *number) const { BN_free(number); }
};
template<typename T> using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

// Qt's TLS backend reads OpenSSL's per-thread error queue after its own calls; nothing we
// leave there may be mistaken for its error.
struct ErrorQueueGuard
{
    ~ErrorQueueGuard() { ERR_clear_error(); }
};

OpenSslPtr<BIO> readBuffer(const QByteArray &bytes)
{
    return OpenSslPtr<BIO>(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

// A passphrase prompt would block a server; an encrypted key is refused instead.
int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

struct PemPair
{
    QByteArray certificate;
    QByteArray key;
};

std::optional<PemPair> makeSelfSigned()
{
    ErrorQueueGuard guard;
    OpenSslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    OpenSslPtr<X509> certificate(X509_new());
    OpenSslPtr<BIGNUM> serial(BN_new());
    if (!key || !certificate || !serial)
        return std::nullopt;
    // RFC 5280 s4.1.2.2: a positive serial of at most 20 octets, unpredictable so that two
    // certificates made on different machines never share one.
    if (X509_set_version(certificate.get(), X509_VERSION_3) != 1
        || BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return std::nullopt;
    // An hour back, for a client whose clock is a little behind; ten years ahead, so that a
    // test setup does not start failing one day.
    constexpr long kTenYears = 3650;
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600)
        || !X509_time_adj_ex(X509_getm_notAfter(certificate.get()), kTenYears, 0, nullptr))
        return std::nullopt;
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const auto text = [](const char *s) { return reinterpret_cast<const unsigned char *>(s); };
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, text("Magpie loopback server"), -1, -1,
                                   0)
            != 1
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, text("localhost"), -1, -1, 0) != 1
        || X509_set_issuer_name(certificate.get(), name) != 1
        || X509_set_pubkey(certificate.get(), key.get()) != 1)
        return std::nullopt;
    // Clients check the name against subjectAltName only (RFC 6125 s6.4.4); IP entries let
    // them connect to 127.0.0.1 and ::1 with verification on. No keyUsage: one without
    // keyCertSign would make OpenSSL see the certificate as not self-signed, and a client that
    // does not trust it would get a vaguer error than "self-signed certificate".
    if (!addExtension(certificate.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1")
        || !addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), NID_authority_key_identifier, "keyid:always"))
        return std::nullopt;
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return std::nullopt;

    OpenSslPtr<BIO> certOut(BIO_new(BIO_s_mem()));
    OpenSslPtr<BIO> keyOut(BIO_new(BIO_s_mem()));
    if (!certOut || !keyOut || PEM_write_bio_X509(certOut.get(), certificate.get()) != 1
        || PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1)
        return std::nullopt;
    return PemPair { drain(certOut.get()), drain(keyOut.get()) };
}

bool writeAtomically(const QString &path, const QByteArray &bytes,
                     QFileDevice::Permissions permissions, QString *error)
{
    // QSaveFile writes a temporary file, syncs it and renames it over `path`: a crash leaves
    // the old file or the new one, never half of one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(permissions)
        || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = TlsIdentity::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

std::optional<TlsIdentity> TlsIdentity::fromPem(const QByteArray &certPem, const QByteArray &keyPem,
                                                const QString &certFile, const QString &keyFile,
                                                QString *error)
{
    ErrorQueueGuard guard;
    auto fail = [&](const QString &why) -> std::optional<TlsIdentity> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString certName = certFile.isEmpty() ? tr("the generated certificate") : certFile;
    const QString keyName = keyFile.isEmpty() ? tr("the generated key") : keyFile;

    OpenSslPtr<BIO> certIn = readBuffer(certPem);
    OpenSslPtr<X509> certificate(PEM_read_bio_X509(certIn.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return fail(tr("%1 holds no PEM certificate (a block that begins with "
                       "\"-----BEGIN CERTIFICATE-----\").")
                        .arg(certName));

    OpenSslPtr<BIO> keyIn = readBuffer(keyPem);
    OpenSslPtr<EVP_PKEY> key(
        PEM_read_bio_PrivateKey(keyIn.get(), nullptr, refusePassphrase, nullptr));
    if (!key) {
        if (keyPem.contains("ENCRYPTED"))
            return fail(tr("The private key in %1 is protected by a passphrase, which a server "
                           "cannot ask for. Store it without one (openssl pkey -in KEY -out "
                           "PLAIN) and keep the file readable only by you.")
                            .arg(keyName));
        return fail(tr("%1 holds no PEM private key (a block that begins with \"-----BEGIN "
                       "PRIVATE KEY-----\").")
                        .arg(keyName));
    }
    if (X509_check_private_key(certificate.get(), key.get()) != 1)
        return fail(tr("The private key in %1 does not belong to the certificate in %2.")
                        .arg(keyName, certName));

    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    case EVP_PKEY_DSA:
        algorithm = QSsl::Dsa;
        break;
    default:
        return fail(tr("The private key in %1 is of a kind the server cannot use; use an RSA "
                       "or EC (ECDSA) key.")
                        .arg(keyName));
    }
    // Handed to Qt as unencrypted PKCS#8, whatever form the file had.
    OpenSslPtr<BIO> keyOut(BIO_new(BIO_s_mem()));
    if (!keyOut
        || PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1)
        return fail(tr("The private key in %1 cannot be used.").arg(keyName));

    TlsIdentity identity;
    identity.m_chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    identity.m_key = QSslKey(drain(keyOut.get()), algorithm, QSsl::Pem, QSsl::PrivateKey);
    identity.m_certificateFile = certFile;
    if (identity.m_chain.isEmpty() || identity.m_chain.first().isNull() || identity.m_key.isNull())
        return fail(tr("Qt's TLS support cannot use the certificate in %1 or the key in %2.")
                        .arg(certName, keyName));
    return identity;
}

std::optional<TlsIdentity> TlsIdentity::load(const QString &certFile, const QString &keyFile,
                                             QString *error)
{
    QByteArray pem[2];
    const QString paths[2] = { certFile, keyFile };
    for (int i = 0; i < 2; ++i) {
        QFile file(paths[i]);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = tr("Cannot read %1: %2").arg(paths[i], file.errorString());
            return std::nullopt;
        }
        pem[i] = file.readAll();
    }
    return fromPem(pem[0], pem[1], certFile, keyFile, error);
}

QString TlsIdentity::certificatePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("tls/cert.pem"));
}

QString TlsIdentity::keyPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("tls/key.pem"));
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &dataDir, QString *error)
{
    const QString certFile = certificatePath(dataDir);
    const QString keyFile = keyPath(dataDir);
    // The key is written first and the certificate last, so a certificate on disk means the
    // pair is complete; a key alone is what an interrupted first start leaves, and is
    // replaced.
    if (QFileInfo::exists(certFile)) {
        if (!QFileInfo::exists(keyFile)) {
            if (error)
                *error = tr("%1 exists but its key %2 is missing. Delete the certificate to have "
                            "a new one made, or restore the key.")
                             .arg(certFile, keyFile);
            return std::nullopt;
        }
        return load(certFile, keyFile, error);
    }

    const QString tlsDir = QFileInfo(certFile).absolutePath();
    // Only the owner may look into the folder that holds the private key.
    if (!QDir().mkpath(tlsDir)
        || !QFile::setPermissions(
            tlsDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        if (error)
            *error = tr("Cannot create the folder %1 for the server's certificate.").arg(tlsDir);
        return std::nullopt;
    }
    const std::optional<PemPair> pem = makeSelfSigned();
    if (!pem) {
        if (error)
            *error = tr("OpenSSL could not make a self-signed certificate.");
        return std::nullopt;
    }
    QString why;
    if (!writeAtomically(keyFile, pem->key, QFileDevice::ReadOwner | QFileDevice::WriteOwner, &why)
        || !writeAtomically(certFile, pem->certificate,
                            QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                | QFileDevice::ReadGroup | QFileDevice::ReadOther,
                            &why)) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return fromPem(pem->certificate, pem->key, certFile, keyFile, error);
}

std::optional<TlsIdentity> TlsIdentity::generate(QString *error)
{
    const std::optional<PemPair> pem = makeSelfSigned();
    if (!pem) {
        if (error)
            *error = tr("OpenSSL could not make a self-signed certificate.");
        return std::nullopt;
    }
    return fromPem(pem->certificate, pem->key, {}, {}, error);
}

QString TlsIdentity::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace magpie::server
