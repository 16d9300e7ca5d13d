// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace magpie::mime {

// Message-ID, In-Reply-To and References (RFC 5322 s3.6.4).
class MessageIds
{
public:
    // The ids in a field body, without angle brackets, in order, duplicates kept out. Tolerates
    // comments, missing brackets around a lone id, ids without "@", obsolete phrases between
    // ids (RFC 5322 s4.5.4), and spaces inside brackets (removed).
    static QList<QByteArray> parse(QByteArrayView fieldBody);

    // A new unique id for a message we send: "<random>@<domain>" without brackets, with at
    // least 128 bits of randomness; `domain` is the sender's domain (or "localhost").
    static QByteArray generate(QByteArrayView domain);

    // "<a@x> <b@y>" for writing, folded with CRLF SP so no line exceeds 78 characters.
    static QByteArray format(const QList<QByteArray> &ids, int usedOnFirstLine = 0);
    // "<id>" for a bare id as parse() returns it; empty stays empty. The cache keeps ids
    // bracketed, as IMAP's ENVELOPE gives them (store::MessageSummary).
    static QByteArray bracketed(const QByteArray &id);
};

} // namespace magpie::mime
