// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::imap {

// One value of response data (RFC 3501 s4, RFC 9051 s4): atom, number, string (quoted,
// literal or literal8), NIL, or a parenthesized list. Atoms keep their bytes as sent,
// including flags ("\\Seen") and FETCH section names with their brackets and origin
// ("BODY[HEADER.FIELDS (SUBJECT)]<0>", read as one atom).
struct ImapValue
{
    enum class Kind { Atom, Number, String, Nil, List };

    Kind kind = Kind::Nil;
    QByteArray bytes;       // Atom: the atom; String: the unescaped content; Number: digits
    quint64 number = 0;     // Number only (up to 2^63-1: MODSEQ, RFC 7162 s7)
    bool binary = false;    // String from a literal8 (RFC 3516 ~{n})
    QList<ImapValue> list;  // List only

    bool isNil() const { return kind == Kind::Nil; }
    bool isList() const { return kind == Kind::List; }
    bool isNumber() const { return kind == Kind::Number; }
    bool isString() const { return kind == Kind::String; }
    // An atom equal to `name`, ignoring ASCII case.
    bool isAtom(QByteArrayView name) const;
    // Atom, string or number as bytes; empty for NIL and lists (the "nstring" reading).
    QByteArray text() const;
};

// The bracketed response code of a status response (RFC 3501 s7.1): [UIDVALIDITY 3857529045],
// [PERMANENTFLAGS (\Seen \*)], [COPYUID 38505 304,319 3956:3957], [ALERT], ...
struct ResponseCode
{
    QByteArray name;              // upper-cased: "UIDVALIDITY"
    QList<ImapValue> arguments;   // parsed leniently; empty when they were not IMAP values
    QByteArray rawArguments;      // the bytes between the name and ']', as sent
};

// One complete server response (RFC 3501 s7, s2.2.2), literals included.
struct ImapResponse
{
    enum class Kind {
        Untagged,     // "* ..."
        Tagged,       // "a1 OK ..."
        Continuation, // "+ ..."
        Malformed,    // could not be parsed; `errorText` says why, `tag` is set when known
    };
    enum class Status { None, Ok, No, Bad, Bye, Preauth };

    Kind kind = Kind::Untagged;
    QByteArray tag;                 // Tagged (and Malformed when the tag was readable)

    // Status responses, tagged or untagged: OK/NO/BAD/BYE/PREAUTH [code] text.
    Status status = Status::None;
    std::optional<ResponseCode> code;
    QString text;                   // the human-readable text (UTF-8, invalid bytes replaced)

    // Untagged data: "* 23 EXISTS" -> number 23, name "EXISTS"; "* LIST (\Noselect) "/" foo"
    // -> name "LIST", data [List, String, Atom]; "* CAPABILITY IMAP4rev1 IDLE" -> name
    // "CAPABILITY", data [Atom, Atom]. `name` is upper-cased.
    std::optional<quint32> number;
    QByteArray name;
    QList<ImapValue> data;

    // Continuation: the bytes after "+ " (a base64 SASL challenge, or text).
    QByteArray continuation;

    QString errorText;              // Malformed only: what was wrong, for the command's error

    bool isStatus() const { return status != Status::None; }
};

} // namespace magpie::imap
