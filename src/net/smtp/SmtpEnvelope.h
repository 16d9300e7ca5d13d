// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::smtp {

// Who a message is from and to, as told to the server (MAIL FROM / RCPT TO, RFC 5321
// s4.1.1.2-3), apart from the From:/To: header fields inside the message.
//
// Addresses are addr-specs as a person writes them: "alice@example.com",
// "\"john doe\"@example.com" (quoted already), or "john doe@example.com" (quoted here:
// a local part that is not a dot-string becomes a quoted string, RFC 5321 s4.1.2). An IDN
// domain is sent as A-labels (so "bob@bücher.example" needs nothing special); a local part
// beyond ASCII needs SMTPUTF8 (RFC 6531 s3.3). An empty sender is the null reverse path
// "<>" (s4.5.5); "Postmaster" alone is a valid recipient (s4.1.1.3).
//
// validate() refuses, before anything is sent, every address that is not a valid path: CR,
// LF, NUL or any other control character (the command-injection class), angle brackets,
// a missing or malformed domain, a local part over 64 octets or a domain over 255 octets
// (s4.5.3.1.1-2). The error is InvalidArgument with a sentence naming the address.
class SmtpEnvelope
{
public:
    // One address as it goes on the wire.
    struct Path
    {
        QByteArray wire; // "<alice@example.com>", "<>"
        bool needsSmtpUtf8 = false; // the local part has UTF-8 beyond ASCII
    };

    SmtpEnvelope() = default;
    SmtpEnvelope(const QString &from, const QStringList &recipients);

    const QString &from() const { return m_from; }
    void setFrom(const QString &from) { m_from = from; }
    const QStringList &recipients() const { return m_recipients; }
    void setRecipients(const QStringList &recipients) { m_recipients = recipients; }
    void addRecipient(const QString &address) { m_recipients.append(address); }

    // none() when every address can be sent and there is at least one recipient; otherwise
    // InvalidArgument naming the first bad address ("The recipient address ... contains a
    // line break; nothing was sent.").
    net::NetError validate() const;
    // Whether some address needs SMTPUTF8 (only meaningful when validate() passed).
    bool needsSmtpUtf8() const;

    // The reverse path (MAIL FROM) and forward paths (RCPT TO); nothing when invalid.
    std::optional<Path> reversePath(QString *whyNot = nullptr) const;
    std::optional<Path> forwardPath(qsizetype index, QString *whyNot = nullptr) const;

    // One address to its path; `whyNot` gets the reason, a phrase ("contains a line break").
    static std::optional<Path> encodePath(const QString &address, QString *whyNot = nullptr);
    // An address for a sentence: control characters shown as \r, \n, \0, \xHH.
    static QString displayAddress(const QString &address);

    Q_DECLARE_TR_FUNCTIONS(magpie::smtp::SmtpEnvelope) // last: it ends in "private:"

private:
    QString m_from;
    QStringList m_recipients;
};

} // namespace magpie::smtp
