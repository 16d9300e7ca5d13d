// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/CertificateProblem.h"

#include <QCryptographicHash>
#include <QStringList>

#include <algorithm>

namespace magpie::net {

namespace {

// The kinds of problem a person can understand, most serious first: the first one found
// leads the description.
enum class Kind { Revoked, HostMismatch, Expired, NotYetValid, SelfSigned, UntrustedIssuer, Other };

Kind kindOf(QSslError::SslError error)
{
    switch (error) {
    case QSslError::CertificateRevoked:
        return Kind::Revoked;
    case QSslError::HostNameMismatch:
        return Kind::HostMismatch;
    case QSslError::CertificateExpired:
        return Kind::Expired;
    case QSslError::CertificateNotYetValid:
        return Kind::NotYetValid;
    case QSslError::SelfSignedCertificate:
        return Kind::SelfSigned;
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::InvalidCaCertificate:
        return Kind::UntrustedIssuer;
    default:
        return Kind::Other;
    }
}

QString isoDate(const QDateTime &time)
{
    return time.toUTC().date().toString(Qt::ISODate);
}

QString displayName(const QStringList &commonNames, const QString &fallback)
{
    return commonNames.isEmpty() ? fallback : commonNames.join(QStringLiteral(", "));
}

// The names a certificate is valid for, in its own order: its subject alternative names
// (RFC 6125 s6.4), or its common name when it has none.
QString certifiedNames(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (const auto type : alternatives.uniqueKeys()) {
        // QMultiMap puts the newest of equal keys first: reversed, it is the certificate's order.
        QStringList values = alternatives.values(type);
        std::reverse(values.begin(), values.end());
        for (const QString &value : std::as_const(values)) {
            if (!names.contains(value))
                names.append(value);
        }
    }
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.join(QStringLiteral(", "));
}

} // namespace

QString CertificateProblem::describe(const QList<QSslError> &errors, const QSslCertificate &peer,
                                     const QString &host)
{
    // One sentence per kind, in order of seriousness; the same kind reported twice (OpenSSL
    // says "unable to get local issuer" and "unable to verify the first certificate" for one
    // unknown issuer) is said once.
    QList<std::pair<Kind, QSslError>> found;
    for (const QSslError &error : errors) {
        const Kind kind = kindOf(error.error());
        const bool seen = std::any_of(found.cbegin(), found.cend(),
                                      [kind](const auto &entry) { return entry.first == kind; });
        if (!seen || kind == Kind::Other)
            found.append({ kind, error });
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });

    QStringList sentences;
    for (const auto &[kind, error] : found) {
        // The certificate the error is about may be one higher in the chain.
        const QSslCertificate about = error.certificate().isNull() ? peer : error.certificate();
        const bool isLeaf = about == peer;
        const QString aboutName = isLeaf
            ? host
            : displayName(about.subjectInfo(QSslCertificate::CommonName),
                          about.subjectDisplayName());
        switch (kind) {
        case Kind::Revoked:
            sentences.append(
                tr("The certificate for %1 has been revoked by its issuer.").arg(aboutName));
            break;
        case Kind::HostMismatch:
            sentences.append(
                tr("The certificate is for %1, not %2.").arg(certifiedNames(peer), host));
            break;
        case Kind::Expired:
            sentences.append(isLeaf
                                 ? tr("The certificate for %1 expired on %2.")
                                       .arg(host, isoDate(about.expiryDate()))
                                 : tr("The certificate of %1, which vouches for %2, expired on %3.")
                                       .arg(aboutName, host, isoDate(about.expiryDate())));
            break;
        case Kind::NotYetValid:
            sentences.append(
                isLeaf ? tr("The certificate for %1 is not valid until %2.")
                             .arg(host, isoDate(about.effectiveDate()))
                       : tr("The certificate of %1, which vouches for %2, is not valid until %3.")
                             .arg(aboutName, host, isoDate(about.effectiveDate())));
            break;
        case Kind::SelfSigned:
            sentences.append(
                tr("The certificate for %1 is self-signed, so nobody vouches for it.").arg(host));
            break;
        case Kind::UntrustedIssuer: {
            const QString issuer =
                displayName(peer.issuerInfo(QSslCertificate::CommonName), peer.issuerDisplayName());
            sentences.append(
                tr("The certificate for %1 was issued by %2, which this computer does not trust.")
                    .arg(host, issuer));
            break;
        }
        case Kind::Other:
            sentences.append(
                tr("The certificate for %1 cannot be trusted: %2.").arg(host, error.errorString()));
            break;
        }
    }
    if (sentences.isEmpty())
        sentences.append(tr("The certificate for %1 cannot be trusted.").arg(host));

    if (!peer.isNull()) {
        const QString fingerprint =
            QString::fromLatin1(QCryptographicHash::hash(peer.toDer(), QCryptographicHash::Sha256)
                                    .toHex(':')
                                    .toUpper());
        sentences.append(tr("If you trust this certificate, pin its fingerprint (SHA-256 %1).")
                             .arg(fingerprint));
    }
    return sentences.join(u' ');
}

} // namespace magpie::net
