// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// A reverse-path or forward-path of MAIL FROM / RCPT TO (RFC 5321 s4.1.2), with the UTF-8
// local parts and domains of SMTPUTF8 (RFC 6531 s3.3). A source route ("<@a,@b:x@c>") is
// accepted and dropped, as s4.1.2 and Appendix C ask.
class SmtpPath
{
public:
    enum class Kind {
        Null, // "<>": no reverse path (bounces, RFC 5321 s4.5.5)
        Mailbox, // "<local@domain>"
        Postmaster, // "<Postmaster>" with no domain, which RCPT must take (s4.1.1.3)
    };

    // Parses a path at the start of `text`, up to and including its ">"; `consumed` gets
    // how many bytes that was. Refuses, with a sentence, what the grammar or the limits of
    // s4.5.3.1.1-3 (64-octet local part, 255-octet domain, 256-octet path) do not allow.
    static std::optional<SmtpPath> parse(QByteArrayView text, qsizetype *consumed,
                                         QString *whyNot = nullptr);

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    // local-part "@" domain exactly as the client wrote it (quotes kept), without the
    // source route and the angle brackets.
    QByteArray mailbox() const { return m_mailbox; }
    // The address to look up: the local part with its quoting undone, "@", the domain.
    QString address() const { return m_address; }
    // False when the local part or the domain has UTF-8 beyond ASCII (needs SMTPUTF8).
    bool isAscii() const;
    // "<" mailbox ">", the form that parses back to this path.
    QByteArray toWire() const;

    friend bool operator==(const SmtpPath &a, const SmtpPath &b)
    {
        return a.m_kind == b.m_kind && a.m_mailbox == b.m_mailbox;
    }
    friend bool operator!=(const SmtpPath &a, const SmtpPath &b) { return !(a == b); }

    Q_DECLARE_TR_FUNCTIONS(magpie::server::SmtpPath) // last: it ends in "private:"

private:
    Kind m_kind = Kind::Null;
    QByteArray m_mailbox;
    QString m_address;
};

} // namespace magpie::server
