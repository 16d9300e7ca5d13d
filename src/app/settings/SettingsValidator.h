// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::app {

// The checks behind the Settings dialog's inline messages. Each returns an empty string when
// the text is acceptable, or a sentence that says what is wrong and what to type instead.
class SettingsValidator
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::SettingsValidator)
public:
    // A TCP port: a whole number from 1 to 65535 (RFC 793 ports; 0 cannot be connected to).
    static QString portProblem(const QString &text);
    static std::optional<quint16> port(const QString &text);

    // A host name (letters, digits, hyphens and dots; an international name is accepted and
    // converted with IDNA), an IPv4 address or an IPv6 address. `required` says whether an
    // empty field is a problem (an account without SMTP cannot send, but may exist).
    static QString hostProblem(const QString &text, bool required = true);

    // An e-mail address "local@domain" (RFC 5322 s3.4.1 addr-spec, without the obsolete
    // forms and without a display name, which has its own field).
    static QString addressProblem(const QString &text);

    // The SHA-256 fingerprint of a certificate the person trusts: 64 hexadecimal digits, with
    // or without colons or spaces between pairs, as browsers and `openssl x509 -fingerprint
    // -sha256` print it. Empty: no certificate pinned.
    static QString fingerprintProblem(const QString &text);
    static QByteArray fingerprint(const QString &text); // 32 bytes, or empty
    static QString fingerprintText(const QByteArray &sha256); // "AB:CD:..."

    // The display name used in From: no line breaks or control characters (they would break
    // the header, RFC 5322 s2.2).
    static QString identityNameProblem(const QString &text);
};

} // namespace magpie::app
