// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace magpie::mime {

// A file (or forwarded message) to send with a message.
struct Attachment
{
    QString fileName;           // shown to the recipient; may be any Unicode (RFC 2231)
    QByteArray contentType;     // "application/pdf"; "message/rfc822" forwards a message whole
    QByteArray data;            // the file's bytes
    QByteArray contentId;       // for inline images referenced as cid: from the HTML (RFC 2392)
    QByteArray charset;         // for text files: their charset, kept when forwarding
};

// Writes the message the composer sends (RFC 5322, RFC 2045-2047, RFC 2231):
//   text only                 -> text/plain
//   text + HTML               -> multipart/alternative (text/plain, text/html)
//   HTML with inline images   -> the text/html becomes multipart/related (html, images)
//   attachments               -> multipart/mixed (body, attachments...)
// Text is UTF-8, 7bit when it is ASCII with short lines and quoted-printable otherwise;
// attachments are base64 (message/rfc822 as 7bit or 8bit, RFC 2046 s5.2.1). No line is longer
// than 998 characters and header lines are folded at 78 where possible (RFC 5322 s2.1.1).
// Every caller-supplied header value is checked: CR, LF or NUL make build() fail instead of
// letting a value inject a header (DESIGN.md, protocol and data-safety rules).
class MessageBuilder
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::MessageBuilder)
public:
    struct Result
    {
        QByteArray bytes;  // the message, CRLF line ends, ready for SMTP DATA or APPEND
        QByteArray messageId; // without brackets
        QString error;     // why nothing was built, for a person
        bool ok() const { return error.isEmpty(); }
    };

    MessageBuilder &setFrom(const Mailbox &from);
    MessageBuilder &setTo(const QList<Mailbox> &to);
    MessageBuilder &setCc(const QList<Mailbox> &cc);
    MessageBuilder &setReplyTo(const QList<Mailbox> &replyTo);
    MessageBuilder &setSubject(const QString &subject);
    MessageBuilder &setDate(const QDateTime &date);       // default: now
    MessageBuilder &setMessageId(const QByteArray &id);    // default: generated from From's domain
    MessageBuilder &setInReplyTo(const QByteArray &id);
    MessageBuilder &setReferences(const QList<QByteArray> &ids);
    // An extra field such as User-Agent or X-Priority. Fields the builder writes itself
    // (From, Date, Content-Type, ...) and Bcc are refused by build().
    MessageBuilder &addHeader(const QByteArray &name, const QString &value);

    // The text body. With `flowed`, it is sent as format=flowed (RFC 3676) so that readers
    // may rewrap paragraphs.
    MessageBuilder &setText(const QString &text, bool flowed = false);
    MessageBuilder &setHtml(const QString &html);
    MessageBuilder &addAttachment(const Attachment &attachment);
    // An image the HTML shows through "cid:<contentId>"; without HTML it is attached.
    MessageBuilder &addInlineImage(const Attachment &image);

    Result build() const;

private:
    Mailbox m_from;
    QList<Mailbox> m_to, m_cc, m_replyTo;
    QString m_subject;
    QDateTime m_date;
    QByteArray m_messageId;
    QByteArray m_inReplyTo;
    QList<QByteArray> m_references;
    QList<QPair<QByteArray, QString>> m_extraHeaders;
    QString m_text;
    bool m_flowed = false;
    QString m_html;
    QList<Attachment> m_attachments;
    QList<Attachment> m_inlineImages;
};

} // namespace magpie::mime
