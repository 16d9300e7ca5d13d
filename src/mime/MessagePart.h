// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Charsets.h"
#include "mime/HeaderBlock.h"
#include "mime/HeaderParameters.h"
#include "mime/TransferEncoding.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace magpie::mime {

// One node of a message's MIME tree (RFC 2045, RFC 2046): its header, its parsed Content-Type
// and Content-Disposition, and where its body lies in the message's bytes. Nothing is decoded
// until asked for, so a 50 MB attachment costs nothing until someone opens it.
class MessagePart
{
public:
    enum class Kind {
        Leaf,      // a body: text, image, application ...
        Multipart, // children are the parts between its boundaries
        Message,   // message/rfc822: one child, the enclosed message's top part
    };

    Kind kind() const { return m_kind; }
    bool isLeaf() const { return m_kind == Kind::Leaf; }
    bool isMultipart() const { return m_kind == Kind::Multipart; }
    bool isMessage() const { return m_kind == Kind::Message; }

    // IMAP section number (RFC 3501 s6.4.5): "1", "2.1"; empty for the top multipart.
    const QString &path() const { return m_path; }
    const HeaderBlock &headers() const { return m_headers; }

    // "text/plain", lower case, with the RFC 2045 s5.2 / RFC 2046 s5.1.5 defaults applied.
    const QByteArray &contentType() const { return m_contentType.value; }
    bool isType(QByteArrayView type) const { return m_contentType.value == type; }
    bool isText() const { return m_contentType.value.startsWith("text/"); }
    QString parameter(QByteArrayView name) const { return m_contentType.parameter(name); }
    QByteArray charset() const; // declared, lower case; empty when not declared

    // "inline", "attachment" (unknown values count as attachment, RFC 2183 s2.8), or empty.
    QByteArray disposition() const;
    // Content-Disposition filename, else Content-Type name (RFC 2183 s2.3, RFC 2045 s5.1).
    QString fileName() const;
    // Content-ID without angle brackets (RFC 2045 s7, RFC 2392).
    QByteArray contentId() const;
    TransferEncoding::Kind transferEncoding() const { return m_encoding; }

    // The body as transmitted, and decoded from its transfer encoding (computed each call:
    // callers that need it twice keep it). `damaged` is set when the encoding was broken.
    QByteArrayView rawBody() const;
    QByteArray decodedBody(bool *damaged = nullptr) const;
    // For text parts: the body as text, line ends "\n", format=flowed joined (RFC 3676).
    // `damaged` as for decodedBody().
    DecodedText text(bool *damaged = nullptr) const;

    const std::vector<std::unique_ptr<MessagePart>> &children() const { return m_children; }
    const MessagePart *parent() const { return m_parent; }
    // For message/rfc822: the enclosed message's bytes (for saving it as a .eml), decoded
    // when a mailer gave it a transfer encoding.
    QByteArray enclosedMessage() const { return decodedBody(); }
    // Warnings about this part only (bad boundary, stray header lines ...).
    const QStringList &warnings() const { return m_warnings; }

private:
    friend class MessageParser;

    Kind m_kind = Kind::Leaf;
    QString m_path;
    HeaderBlock m_headers;
    ParameterizedValue m_contentType;
    ParameterizedValue m_disposition;
    TransferEncoding::Kind m_encoding = TransferEncoding::SevenBit;
    QByteArray m_data; // the bytes this part lies in (shared with the whole message)
    qsizetype m_bodyStart = 0;
    qsizetype m_bodyEnd = 0;
    std::vector<std::unique_ptr<MessagePart>> m_children;
    const MessagePart *m_parent = nullptr;
    QStringList m_warnings;
};

} // namespace magpie::mime
