// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"

namespace magpie::imap {
struct BodyStructure;
struct FetchedMessage;
} // namespace magpie::imap

namespace magpie::sync {

// Turns what a UID FETCH said about a message (ENVELOPE, BODYSTRUCTURE, FLAGS, INTERNALDATE,
// RFC822.SIZE, MODSEQ and the References field, RFC 3501 s7.4.2) into the row the cache
// keeps. Stateless and allocation-light: the first sync of a big folder calls it once per
// message.
class ImapSummaryReader
{
public:
    // The section the sync fetches for threading: BODY.PEEK[HEADER.FIELDS (REFERENCES)].
    static const QByteArray &referencesSection();

    static store::MessageSummary read(const imap::FetchedMessage &message, qint64 folderId);
    // The message ids of a fetched "References: <a@x> <b@y>" header section, brackets kept
    // (RFC 5322 s3.6.4); empty when the field is absent.
    static QList<QByteArray> references(const QByteArray &headerSection);
    // Some part of the structure is an attachment (BodyStructure::isAttachment).
    static bool hasAttachments(const imap::BodyStructure &structure);
};

} // namespace magpie::sync
