// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace magpie::net {

// Turns QSslSocket's verification errors into a sentence with the certificate's details:
// "The certificate for imap.example.com expired on 2026-03-01.", "The certificate was issued
// for mail.other.test, not imap.example.com.", "The certificate for imap.example.com is
// self-signed (SHA-256 AB:CD:...). Trust it only if ..." — the first, most important problem
// leads; the fingerprint is always there so a person can pin it knowingly.
class CertificateProblem
{
    Q_DECLARE_TR_FUNCTIONS(magpie::net::CertificateProblem)
public:
    static QString describe(const QList<QSslError> &errors, const QSslCertificate &peer,
                            const QString &host);
};

} // namespace magpie::net
