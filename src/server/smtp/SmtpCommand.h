// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/smtp/SmtpPath.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// One SMTP command line (RFC 5321 s4.1.1), parsed but not judged: whether it may come now
// is SmtpSession's business. Never fails: a line that is not a command we know has verb
// Unknown (500), one whose arguments are wrong has a `problem` and a sentence for the reply.
struct SmtpCommand
{
    enum class Verb {
        Unknown,
        Helo,
        Ehlo,
        Mail,
        Rcpt,
        Data,
        Rset,
        Noop,
        Quit,
        Vrfy,
        Expn,
        Help,
        StartTls,
        Auth
    };
    enum class Problem {
        None,
        Syntax, // 501 5.5.4: arguments missing, extra or malformed
        BadPath, // 501 5.1.7 (MAIL) / 5.1.3 (RCPT): the address itself
        BadParameter, // 501 5.5.4: a parameter we know with a bad or repeated value
        UnknownParameter, // 555 5.5.4 (s4.1.1.11): a MAIL/RCPT parameter we did not offer
    };
    // BODY= of RFC 6152 s2; we take 7BIT and 8BITMIME (BINARYMIME needs CHUNKING, not offered)
    enum class Body { Unspecified, SevenBit, EightBitMime };

    Verb verb = Verb::Unknown;
    QByteArray name; // the verb as written, upper-cased: for the fault plan
    // EHLO/HELO: the client's name; VRFY/EXPN/HELP/NOOP: the string; AUTH: the mechanism
    // (upper-cased); Unknown: everything after the verb.
    QByteArray argument;
    std::optional<QByteArray> initialResponse; // AUTH (RFC 4954 s4), base64 or "="
    SmtpPath path; // MAIL FROM / RCPT TO
    // MAIL parameters (RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8, RFC 4954 s5 AUTH)
    std::optional<qint64> size;
    Body body = Body::Unspecified;
    bool smtpUtf8 = false;
    std::optional<QByteArray> mailAuth; // AUTH=xtext on MAIL: taken and ignored
    Problem problem = Problem::None;
    QString whyNot;

    bool isValid() const { return problem == Problem::None; }

    // `line` without its CRLF.
    static SmtpCommand parse(QByteArrayView line);
    // The canonical line for a valid command; parse(toLine()) gives back an equal command.
    QByteArray toLine() const;

    friend bool operator==(const SmtpCommand &a, const SmtpCommand &b);
    friend bool operator!=(const SmtpCommand &a, const SmtpCommand &b) { return !(a == b); }

    Q_DECLARE_TR_FUNCTIONS(magpie::server::SmtpCommand) // last: it ends in "private:"
};

} // namespace magpie::server
