// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// One POP3 command line (RFC 1939 s3, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH), parsed
// but not judged: whether it may come now is Pop3Session's business. Never fails: an
// unknown keyword has verb Unknown, wrong arguments leave `whyNot` set.
struct Pop3Command
{
    enum class Verb {
        Unknown,
        User,
        Pass,
        Quit,
        Stat,
        List,
        Retr,
        Dele,
        Noop,
        Rset,
        Top,
        Uidl,
        Capa,
        Stls,
        Auth
    };

    Verb verb = Verb::Unknown;
    QByteArray name; // the keyword as written, upper-cased
    std::optional<int> message; // LIST, UIDL (optional); RETR, DELE, TOP
    std::optional<int> lines; // TOP
    // USER: the name; PASS: the password, every byte after "PASS " (RFC 1939 s7 lets it hold
    // spaces); AUTH: the mechanism, upper-cased; Unknown: everything after the keyword.
    QByteArray argument;
    std::optional<QByteArray> initialResponse; // AUTH (RFC 5034 s4)
    QString whyNot; // empty when the arguments are right

    bool isValid() const { return whyNot.isEmpty(); }

    // `line` without its CRLF.
    static Pop3Command parse(QByteArrayView line);
    // The canonical line for a valid command; parse(toLine()) gives back an equal command.
    QByteArray toLine() const;

    friend bool operator==(const Pop3Command &a, const Pop3Command &b);
    friend bool operator!=(const Pop3Command &a, const Pop3Command &b) { return !(a == b); }

    Q_DECLARE_TR_FUNCTIONS(magpie::server::Pop3Command) // last: it ends in "private:"
};

} // namespace magpie::server
