// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"
#include "net/imap/ImapResponse.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace magpie::imap {

// ENVELOPE (RFC 3501 s7.4.2), decoded: encoded words (RFC 2047) in subject and names,
// addresses as mime::Mailbox (group markers dropped, members kept).
struct Envelope
{
    QDateTime date;          // invalid when absent or unparseable
    QByteArray rawDate;      // as sent, for the store
    QString subject;
    QList<mime::Mailbox> from, sender, replyTo, to, cc, bcc;
    QByteArray inReplyTo;    // as sent, brackets included
    QByteArray messageId;
};

// BODYSTRUCTURE (RFC 3501 s7.4.2 / RFC 9051 s7.5.2), one node per MIME part.
struct BodyStructure
{
    QByteArray type;                   // lower-cased: "text", "multipart", "message"
    QByteArray subtype;                // lower-cased: "plain", "mixed", "rfc822"
    QMap<QByteArray, QString> parameters; // lower-cased keys; "charset", "name", "boundary"
    QByteArray id, description, encoding; // encoding lower-cased: "base64"
    quint64 size = 0;                  // octets of the encoded body
    quint64 lines = 0;                 // text/* and message/rfc822
    QByteArray disposition;            // lower-cased: "attachment", "inline"; empty if none
    QMap<QByteArray, QString> dispositionParameters; // "filename" (RFC 2231 decoded)
    QByteArray partNumber;             // "1.2" (IMAP section numbering); "" for the root
    std::optional<Envelope> envelope;  // message/rfc822 parts
    QList<BodyStructure> children;     // multipart parts, or the encapsulated message's body

    bool isAttachment() const;         // disposition attachment, or a named non-text part
};

// What one FETCH response said about a message (RFC 3501 s7.4.2, RFC 7162 s3.1.4.1); only
// the items the server sent are set.
struct FetchedMessage
{
    quint32 sequenceNumber = 0;
    quint32 uid = 0;
    std::optional<QByteArrayList> flags;
    std::optional<QDateTime> internalDate;
    std::optional<quint64> size;       // RFC822.SIZE
    std::optional<quint64> modSeq;     // MODSEQ
    std::optional<Envelope> envelope;
    std::optional<BodyStructure> bodyStructure;
    // BODY[section]<origin> contents keyed by the section as written inside the brackets,
    // upper-cased ("" for BODY[], "HEADER", "1.2", "HEADER.FIELDS (SUBJECT)"); NIL is absent.
    QMap<QByteArray, QByteArray> sections;
    QMap<QByteArray, quint64> sectionOrigins; // the <origin> of a partial fetch, if any
};

// Decoders from the generic values to the types above. Each returns nothing and sets
// `error` when the value is not what the RFC allows (beyond the quirks tolerated).
namespace decode {
std::optional<Envelope> envelope(const ImapValue &value, QString *error = nullptr);
std::optional<BodyStructure> bodyStructure(const ImapValue &value, QString *error = nullptr);
// The data of "* n FETCH (...)": `response.number` and the list in `response.data`.
std::optional<FetchedMessage> fetch(const ImapResponse &response, QString *error = nullptr);
} // namespace decode

} // namespace magpie::imap
