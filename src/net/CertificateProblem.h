// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace magpie::net {

// Turns QSslSocket's verification errors into sentences with the certificate's details, the
// most serious problem first (revoked, wrong host, expired, not yet valid, self-signed,
// untrusted issuer, anything else), each kind once:
//   "The certificate for imap.example.com expired on 2026-03-01."
//   "The certificate is for mail.other.test, other.test, not imap.example.com."
//   "The certificate for imap.example.com is self-signed, so nobody vouches for it."
//   "The certificate for imap.example.com was issued by Some CA, which this computer does not
//    trust."
// and always ends with the fingerprint, so a person can pin it knowingly:
//   "If you trust this certificate, pin its fingerprint (SHA-256 AB:CD:...)."
class CertificateProblem
{
    Q_DECLARE_TR_FUNCTIONS(magpie::net::CertificateProblem)
public:
    static QString describe(const QList<QSslError> &errors, const QSslCertificate &peer,
                            const QString &host);
};

} // namespace magpie::net
