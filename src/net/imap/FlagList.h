// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::imap {

// A parenthesized list of message flags as STORE and APPEND send it: "(\Seen $Forwarded)"
// (RFC 3501 s9 flag-list). A flag is a system flag ("\Seen") or a keyword atom ("$Junk");
// anything else (a space, a quote, a bracket, a control byte, \Recent which only the server
// sets, RFC 3501 s2.3.2) is refused, so a flag can never smuggle syntax into a command.
class FlagList
{
    Q_DECLARE_TR_FUNCTIONS(magpie::imap::FlagList)
public:
    // "(\Seen \Flagged)", or nothing with `error` set to a sentence naming the bad flag.
    static std::optional<QByteArray> toImap(const QByteArrayList &flags, QString *error);
    static bool isValidFlag(const QByteArray &flag);
};

} // namespace magpie::imap
