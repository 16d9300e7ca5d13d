// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace magpie::mime {

// One addressee: "Alice Example <alice@example.com>" (RFC 5322 s3.4 mailbox).
struct Mailbox
{
    QString name;    // display name, decoded (RFC 2047), unquoted; empty when none
    QString address; // addr-spec "local@domain"; an IDN domain in Unicode (RFC 6532, and
                     // xn-- labels decoded with QUrl::fromAce); empty for a group's
                     // placeholder only

    bool operator==(const Mailbox &other) const
    {
        return name == other.name && address.compare(other.address, Qt::CaseInsensitive) == 0;
    }
    // "Alice Example <alice@example.com>", or just the address.
    QString toDisplayString() const;
};

// Address-list header fields: From, To, Cc, Bcc, Reply-To, Sender (RFC 5322 s3.4, s4.4).
class AddressList
{
public:
    // Parses an unfolded field body. Groups ("Team: a@x, b@y;") are flattened to their
    // members; display names may be atoms, quoted strings, encoded words or raw UTF-8;
    // comments are skipped (a comment is used as the name only when there is no other, as in
    // "alice@example.com (Alice Example)"); obsolete forms (RFC 5322 s4.4: route addresses,
    // missing commas between bracketed addresses, empty list elements, trailing dots) are
    // tolerated. Garbage that has no address is reported in `warnings`, never a crash.
    static QList<Mailbox> parse(QByteArrayView fieldBody, QStringList *warnings = nullptr);

    // Writes mailboxes for a header: names through EncodedWords::encodePhrase, IDN domains as
    // A-labels (xn--) unless `utf8` (SMTPUTF8/RFC 6532 allowed), joined with ", " and folded
    // with CRLF SP between addresses so no line exceeds 78 characters, given `usedOnFirstLine`.
    // Returns empty and sets `whyNot` when an address holds CR, LF, NUL or is not addr-spec.
    static QByteArray format(const QList<Mailbox> &mailboxes, int usedOnFirstLine = 0,
                             bool utf8 = false, QString *whyNot = nullptr);
};

} // namespace magpie::mime
