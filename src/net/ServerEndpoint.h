// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>

namespace magpie::net {

// How to reach one server and what to trust (DESIGN.md "Protocol engines": implicit TLS is
// the default; STARTTLS once chosen is required; plaintext only when the user chose it).
struct ServerEndpoint
{
    enum class Security {
        ImplicitTls, // TLS from the first byte (993, 995, 465)
        StartTls,    // plaintext greeting, then STARTTLS/STLS; never falls back to plaintext
        Plaintext,   // only when the user chose it explicitly
    };

    QString host;
    quint16 port = 0;
    Security security = Security::ImplicitTls;

    // Trusted in addition to the system's roots (magpie-cli --cafile, tests' own CAs).
    QList<QSslCertificate> extraCaCertificates;
    // SHA-256 of the DER certificate the user chose to trust for this account (32 raw bytes):
    // that exact certificate is accepted despite its errors; any other is checked as usual.
    QByteArray pinnedSha256;

    int connectTimeoutMs = 30'000;
    int readTimeoutMs = 60'000; // no byte for this long while a reply is awaited: Timeout

    QString hostAndPort() const { return host + u':' + QString::number(port); }
};

} // namespace magpie::net
