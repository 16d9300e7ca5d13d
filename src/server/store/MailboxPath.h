// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringView>

#include <optional>

namespace magpie::server {

// A mailbox name as the store keeps it: Unicode, "/" between levels, "INBOX" always spelled so.
// Both storage backends use the same rules, so a name the memory store takes, the Maildir
// store takes too (except one too long for the file system, which only the Maildir refuses).
class MailboxPath
{
public:
    static constexpr char16_t kDelimiter = u'/';

    // The canonical spelling of `name`, or nothing (and why) when the store cannot take it:
    // RFC 3501 s5.1 leaves names to the server; we refuse empty levels ("a//b"), control
    // characters and the LIST wildcards "*" and "%" (RFC 3501 s6.3.8), which would make the
    // name impossible to list on its own. One trailing "/" is dropped: RFC 3501 s6.3.3 lets a
    // client announce that it will create children that way. "INBOX" as the first level is
    // case-insensitive (RFC 3501 s5.1), so "inbox/Old" is "INBOX/Old".
    static std::optional<QString> normalize(const QString &name, QString *whyNot = nullptr);

    static bool isInbox(QStringView name) { return name == u"INBOX"; }
    // "a/b" for "a/b/c"; empty for a top-level name.
    static QString parent(const QString &name);
    // True when `name` lies somewhere below `ancestor` ("a/b/c" below "a").
    static bool isBelow(QStringView name, QStringView ancestor);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::MailboxPath) // last: it ends in "private:"
};

} // namespace magpie::server
