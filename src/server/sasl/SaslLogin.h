// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// The LOGIN mechanism (draft-murchison-sasl-login, never an RFC but what Outlook and many
// others speak): the server asks "Username:" then "Password:", the client answers each in
// base64. SMTP lets the user name come as the initial response (RFC 4954 s4).
class SaslLogin
{
public:
    // The two challenges, base64-encoded as they go on the wire.
    static QByteArray usernameChallenge();
    static QByteArray passwordChallenge();
    // One answer (base64, "=" for empty) as UTF-8 text. Refuses bad base64, text that is not
    // UTF-8, a NUL byte and an empty answer; `whyNot` never holds the answer itself.
    static std::optional<QString> decodeField(QByteArrayView base64, QString *whyNot = nullptr);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::SaslLogin) // last: it ends in "private:"
};

} // namespace magpie::server
