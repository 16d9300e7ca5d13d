// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/MailUrl.h"
#include "net/Credentials.h"
#include "net/ServerEndpoint.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

class QCommandLineParser;

namespace magpie::cli {

// The options `check` and `send` share, about reaching and trusting a server and logging in:
//   --cafile PEM        certificates to trust besides the system's (a test server's own)
//   --pin SHA256        trust exactly the certificate with this fingerprint, despite its errors
//   --timeout SECONDS   for connecting, and for each reply
//   --oauth-token-env VAR   log in with the OAuth 2.0 token in $VAR instead of a password
//   --log               print the protocol log (passwords and AUTH payloads redacted) at the end
class ConnectionOptions
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::ConnectionOptions)
public:
    ConnectionOptions();

    void addTo(QCommandLineParser &parser) const;
    // All but --log (sync has its own --log FILE).
    void addTrustOptionsTo(QCommandLineParser &parser) const;

    // After parser.process(): the URL's endpoint with the trust settings and timeouts, or
    // nothing with a sentence in `error` (an unreadable --cafile, a malformed --pin).
    std::optional<net::ServerEndpoint> endpoint(const QCommandLineParser &parser,
                                                const MailUrl &url, QString *error) const;
    // What to log in with, for a URL with a user: the token from --oauth-token-env, else the
    // password from MAGPIE_PASSWORD or the terminal. Nothing with `error` set when neither.
    std::optional<net::Credentials> credentials(const QCommandLineParser &parser,
                                                const MailUrl &url, QString *error) const;
    bool printLog(const QCommandLineParser &parser) const;

    // A SHA-256 fingerprint as people copy it: 64 hex digits, with or without colons or
    // spaces, any case, optionally after "sha256:" or "SHA256 ". 32 raw bytes, or nothing.
    static std::optional<QByteArray> parseFingerprint(const QString &text);
    // Every certificate in a PEM (or DER) file; nothing with `error` set when there is none.
    static std::optional<QList<QSslCertificate>> readCertificates(const QString &path,
                                                                  QString *error);
    // The warning for a URL that chose plaintext, or empty.
    static QString plaintextWarning(const MailUrl &url);

private:
    QCommandLineOption m_caFile;
    QCommandLineOption m_pin;
    QCommandLineOption m_timeout;
    QCommandLineOption m_tokenVariable;
    QCommandLineOption m_log;
};

} // namespace magpie::cli
