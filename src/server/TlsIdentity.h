// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <optional>

namespace magpie::server {

// The certificate and private key the server shows in TLS handshakes (STARTTLS and the
// implicit-TLS ports, RFC 8314).
//
// Either the operator's own (--tls-cert/--tls-key, PEM), or one made here: a self-signed
// certificate for CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1 and IP:::1, an
// EC P-256 key, SHA-256, valid ten years, basicConstraints CA:FALSE. A client trusts it by
// naming the certificate file as its CA (curl --cacert, Python's
// ssl.create_default_context(cafile=...)): OpenSSL accepts a self-signed leaf as its own
// trust anchor, and CA:FALSE keeps a stolen key from signing certificates for other names.
class TlsIdentity
{
public:
    // The operator's certificate (the first one in the file; the rest, if any, is its chain)
    // and its unencrypted private key (RSA, EC or DSA). Refuses a key that does not belong to
    // the certificate.
    static std::optional<TlsIdentity> load(const QString &certFile, const QString &keyFile,
                                           QString *error);
    // DIR/tls/cert.pem and DIR/tls/key.pem, made on first use and reused afterwards.
    static std::optional<TlsIdentity> loadOrCreate(const QString &dataDir, QString *error);
    // A fresh self-signed identity that lives only in memory (--memory without --tls-cert).
    static std::optional<TlsIdentity> generate(QString *error);

    // Where loadOrCreate() keeps its files under DIR.
    static QString certificatePath(const QString &dataDir);
    static QString keyPath(const QString &dataDir);

    const QSslCertificate &certificate() const { return m_chain.first(); }
    const QSslKey &privateKey() const { return m_key; }
    // The file the certificate came from; empty for one made in memory.
    QString certificateFile() const { return m_certificateFile; }
    // SHA-256 of the DER certificate as "AB:CD:...", what a person compares by eye.
    QString fingerprint() const { return fingerprint(certificate()); }
    static QString fingerprint(const QSslCertificate &certificate);

    // The server side of a handshake: this identity, no client certificates, TLS 1.2 or later.
    QSslConfiguration serverConfiguration() const;

    Q_DECLARE_TR_FUNCTIONS(magpie::server::TlsIdentity) // last: it ends in "private:"

private:
    static std::optional<TlsIdentity> fromPem(const QByteArray &certPem, const QByteArray &keyPem,
                                              const QString &certFile, const QString &keyFile,
                                              QString *error);

    QList<QSslCertificate> m_chain;
    QSslKey m_key;
    QString m_certificateFile;
};

} // namespace magpie::server
