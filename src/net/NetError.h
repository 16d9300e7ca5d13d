// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace magpie::net {

// What went wrong with a connection or a command: a code for the program (the outbox retries
// on isTemporary(), the account setup offers "trust this certificate" on Certificate) and a
// sentence for a person that says what failed and what to do about it.
struct NetError
{
    enum class Code {
        None,
        InvalidArgument,      // refused before sending: CR/LF/NUL in an argument, bad address
        HostNotFound,
        ConnectionRefused,
        Timeout,              // connect, read or idle timeout
        ConnectionLost,       // the server closed or the network dropped mid-conversation
        TlsHandshake,         // TLS failed for a reason other than the certificate
        Certificate,          // the certificate is not trusted (details in message)
        StartTlsUnavailable,  // STARTTLS required but not offered, refused, or PREAUTH instead
        AuthenticationFailed, // the server refused the credentials
        NoSuitableMechanism,  // no SASL mechanism we can use with what we were given
        CommandRejected,      // a permanent refusal: IMAP NO/BAD, POP3 -ERR, SMTP 5xx
        TemporaryFailure,     // a transient refusal: SMTP 4xx, IMAP [UNAVAILABLE] ... retry later
        MessageTooLarge,      // larger than the server's announced SIZE
        ProtocolViolation,    // a malformed or unexpected response from the server
        ServerClosing,        // IMAP BYE, SMTP 421, POP3 -ERR at greeting
        Aborted,              // the user or the program stopped it
    };

    Code code = Code::None;
    QString message;        // a whole sentence for a person
    QByteArray serverReply; // the server's own words, when there were some (never a secret)

    bool isError() const { return code != Code::None; }
    // Worth retrying later without the user changing anything.
    bool isTemporary() const
    {
        return code == Code::Timeout || code == Code::ConnectionLost
            || code == Code::TemporaryFailure || code == Code::HostNotFound
            || code == Code::ConnectionRefused || code == Code::ServerClosing;
    }
    static NetError none() { return {}; }
    // The server's own words, ready to quote inside a sentence that ends with its own full
    // stop: trimmed, and one final "." dropped, so no message reads “Password wrong.”.
    static QString quotable(const QString &serverText)
    {
        QString words = serverText.trimmed();
        if (words.endsWith(u'.') && !words.endsWith(QLatin1StringView("..")))
            words.chop(1);
        return words;
    }
    static NetError make(Code code, const QString &message, const QByteArray &serverReply = {})
    {
        return NetError { code, message, serverReply };
    }
};

} // namespace magpie::net
