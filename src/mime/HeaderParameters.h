// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace magpie::mime {

// A header value with parameters: Content-Type (RFC 2045 s5.1) or Content-Disposition
// (RFC 2183), e.g. `multipart/mixed; boundary="abc"`.
struct ParameterizedValue
{
    QByteArray value; // lower-cased, whitespace and comments removed: "text/plain", "attachment"
    QList<QPair<QByteArray, QString>> parameters; // names lower-cased, values decoded, in order
    QStringList warnings; // what was repaired, for a person ("unterminated quoted string ...")

    // The first parameter named `name` (case-insensitive), or a null QString.
    QString parameter(QByteArrayView name) const;
    bool hasParameter(QByteArrayView name) const;
};

class HeaderParameters
{
public:
    // Parses a field body (already unfolded). Handles:
    // - tokens, quoted strings with backslash escapes, (comments), stray spaces around "=";
    // - RFC 2231 continuations (name*0=, name*1*=), charset'language' prefixes and %XX
    //   escapes, out-of-order or missing segments (joined in order, a warning for a gap);
    // - what mailers send in the wild: RFC 2047 encoded words inside a quoted value
    //   (filename="=?UTF-8?B?...?="), raw UTF-8 or 8-bit bytes in values (UTF-8 if valid, else
    //   windows-1252), unquoted values with spaces up to the next ";", missing ";" between
    //   parameters, duplicate parameters (the first wins: no RFC says which, and most
    //   parsers keep the first).
    // Never fails: the worst input gives an empty value with warnings.
    // Clarifications: when both a plain and an RFC 2231 form of one name are present
    // (filename= and filename*=), the RFC 2231 form wins, at the place of the first; a
    // trailing "(comment)" after an unquoted value is dropped only when it ends the value
    // ("us-ascii (Plain text)", RFC 2045 s5.1), so "My File (1).pdf" keeps its parentheses.
    static ParameterizedValue parse(QByteArrayView fieldBody);

    // Formats one parameter for writing, starting with "; ": a token as is, a quoted-string
    // when ASCII needs quoting, and RFC 2231 `name*=utf-8''...` (split into name*0*=, name*1*=
    // continuations so that no line exceeds 78 characters, folded with CRLF SP) when the value
    // is not ASCII or too long.
    // Clarification: a parameter of more than 38 characters starts its own line, so the
    // result then starts with ";" CRLF SP instead of "; " (as Thunderbird writes it); the
    // result can always be appended to the field's line, and every line of it after the
    // first is at most 78 characters. Control characters (CR, LF, TAB ...) in a value are
    // percent-encoded, and characters other than RFC 2231 attribute-char are dropped from
    // the name: nothing can end the field.
    static QByteArray format(QByteArrayView name, const QString &value);
};

} // namespace magpie::mime
