// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace magpie::server {

// One member of an ENVELOPE address list (RFC 3501 s7.4.2): "(name adl mailbox host)", each
// a null QByteArray for NIL. A group is written as a start marker (NIL NIL "name" NIL), its
// members, and an end marker (NIL NIL NIL NIL).
//
// Unlike mime::AddressList, which decodes names for people, this keeps the header's own bytes:
// clients decode RFC 2047 encoded words themselves, and they need the group markers.
struct EnvelopeAddress
{
    QByteArray name; // the display name (quotes and escapes removed, encoded words kept)
    QByteArray route; // obsolete source route "@a,@b" (RFC 5322 s4.4)
    QByteArray mailbox; // local part, or the group name in a start marker
    QByteArray host; // domain

    // Parses an unfolded address-list field body and appends what it finds. Never fails:
    // damaged addresses come out the way Dovecot shows them, with "MISSING_MAILBOX" or
    // "MISSING_DOMAIN" for a part that is not there ("alice" gives alice@MISSING_DOMAIN, a
    // bare display name gives both), so a client sees something is there and that it is
    // broken. Empty list elements (",,") and stray ";" are skipped (RFC 5322 s4.4 obs-
    // addr-list); an unterminated "<", quote or group is closed at the end of the field.
    static void parseList(QByteArrayView fieldBody, QList<EnvelopeAddress> &out);

    // Appends "((...)(...))", or NIL for an empty list.
    static void writeList(const QList<EnvelopeAddress> &addresses, QByteArray &out);
};

} // namespace magpie::server
