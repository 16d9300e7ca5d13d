// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace magpie::pop3 {

// One POP3 status line (RFC 1939 s3): "+OK text", "-ERR text", or during AUTH a SASL
// challenge "+ base64" (RFC 5034 s4). An extended response code in brackets right after the
// status (RFC 2449 s8: "-ERR [IN-USE] ...", RFC 3206: [SYS/TEMP], [SYS/PERM], [AUTH]) is
// taken apart from the text. A multi-line body that follows a "+OK" is not part of it: the
// parser hands that out separately, in pieces (Pop3ReplyParser).
struct Pop3Reply
{
    enum class Status {
        Ok, // "+OK"
        Err, // "-ERR"
        Continuation, // "+ challenge" while an AUTH exchange runs
        Malformed, // anything else, or a status line longer than the parser allows
    };

    Status status = Status::Malformed;
    QByteArray code; // "IN-USE", "SYS/TEMP" ... upper-cased, without brackets; empty: none
    QByteArray text; // the words after the status and the code; the challenge for Continuation
    QByteArray line; // the whole line as it came, without CRLF (for the log and for errors)

    bool isOk() const { return status == Status::Ok; }
    bool isErr() const { return status == Status::Err; }
    // Compares the response code case-insensitively: hasCode("SYS/TEMP").
    bool hasCode(QByteArrayView responseCode) const;
    // The refusal names a passing condition, so the same command may work later: [IN-USE] and
    // [LOGIN-DELAY] (RFC 2449 s8.1), [SYS/TEMP] (RFC 3206 s4).
    bool isTemporary() const;

    // The text for an error sentence: UTF-8 (or Latin-1 as far as it goes), control characters
    // replaced, at most 200 characters.
    QString readableText() const;

    // Parses one line without its CRLF (or LF).
    static Pop3Reply parse(QByteArrayView line);
};

} // namespace magpie::pop3
