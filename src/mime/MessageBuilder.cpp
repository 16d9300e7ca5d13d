// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessageBuilder.h"

#include "mime/EncodedWords.h"
#include "mime/FlowedText.h"
#include "mime/HeaderField.h"
#include "mime/HeaderParameters.h"
#include "mime/MessageDate.h"
#include "mime/MessageIds.h"
#include "mime/TransferEncoding.h"

#include <QRandomGenerator>

#include <algorithm>
#include <QUrl>

#include <optional>

namespace magpie::mime {

namespace {

constexpr qsizetype kMaxLine = 998;  // RFC 5322 s2.1.1, "MUST"
constexpr qsizetype kShortLine = 78; // RFC 5322 s2.1.1, "SHOULD"

// One body part under construction: its header lines (already encoded) and its body.
struct Entity
{
    QByteArray headers; // "Content-Type: ...\r\n..." 
    QByteArray body;    // ends without a trailing CRLF; the caller adds delimiters
};

bool isAscii(QByteArrayView bytes)
{
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// Whether a line (without its CRLF) is longer than `limit`, or a CR or LF stands alone.
bool hasLongLine(QByteArrayView bytes, qsizetype limit)
{
    qsizetype run = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n')
            continue;
        run = (c == '\n') ? 0 : run + 1;
        if (run > limit)
            return true;
    }
    return false;
}

bool isToken(QByteArrayView text)
{
    // RFC 2045 s5.1: token := 1*<any CHAR except SPACE, CTLs, or tspecials>
    static constexpr QByteArrayView tspecials = "()<>@,;:\\\"/[]?=";
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || tspecials.contains(c))
            return false;
    }
    return true;
}

bool isMediaType(QByteArrayView type)
{
    const qsizetype slash = type.indexOf('/');
    return slash > 0 && isToken(type.first(slash)) && isToken(type.sliced(slash + 1));
}

// A message id's characters (RFC 5322 s3.6.4 msg-id without brackets): no space, control,
// or angle bracket, so that writing "<" id ">" can never end the field.
bool isMessageId(QByteArrayView id)
{
    for (char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u == 127 || c == '<' || c == '>')
            return false;
    }
    return true;
}

bool hasEightBit(QByteArrayView headers)
{
    return headers.contains("Content-Transfer-Encoding: 8bit");
}

QByteArray toCrlf(const QString &text)
{
    QString normalised = text;
    normalised.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalised.replace(u'\r', u'\n');
    QByteArray utf8 = normalised.toUtf8();
    utf8.replace("\n", "\r\n");
    return utf8;
}

// text/plain or text/html in UTF-8: 7bit when it is ASCII with short lines and no NUL or
// lone dots trouble, else quoted-printable (RFC 2045 s6.7), which survives any transport.
Entity textEntity(const QByteArray &subtype, const QString &text, bool flowed)
{
    const QByteArray body = toCrlf(flowed ? FlowedText::flow(text) : text);
    QByteArray type = "Content-Type: text/" + subtype + "; charset=utf-8";
    if (flowed)
        type += "; format=flowed";
    Entity entity;
    if (isAscii(body) && !hasLongLine(body, kShortLine) && !body.contains('\0')) {
        entity.headers = type + "\r\nContent-Transfer-Encoding: 7bit\r\n";
        entity.body = body;
    } else {
        entity.headers = type + "\r\nContent-Transfer-Encoding: quoted-printable\r\n";
        entity.body = TransferEncoding::encodeQuotedPrintable(body, true);
    }
    // The text keeps its own last line break: the CRLF written before the next delimiter
    // belongs to the delimiter (RFC 2046 s5.1.1), not to the text.
    return entity;
}

Entity attachmentEntity(const Attachment &file, bool isInline)
{
    Entity entity;
    const QByteArray type = file.contentType.isEmpty() ? QByteArray("application/octet-stream")
                                                       : file.contentType.toLower();
    entity.headers = "Content-Type: " + type;
    if (!file.charset.isEmpty() && type.startsWith("text/"))
        entity.headers += HeaderParameters::format("charset", QString::fromLatin1(file.charset));
    if (!file.fileName.isEmpty())
        entity.headers += HeaderParameters::format("name", file.fileName);
    entity.headers += "\r\nContent-Disposition: ";
    entity.headers += isInline ? "inline" : "attachment";
    if (!file.fileName.isEmpty())
        entity.headers += HeaderParameters::format("filename", file.fileName);
    entity.headers += "\r\n";
    if (!file.contentId.isEmpty())
        entity.headers += "Content-ID: <" + file.contentId + ">\r\n";
    QByteArray enclosed = file.data;
    enclosed.replace("\r\n", "\n").replace("\n", "\r\n");
    // RFC 2046 s5.2.1: message/rfc822 goes as 7bit or 8bit, so readers can open it. A message
    // that cannot travel so (NUL, bare CR, lines over 998) is base64, which readers accept.
    if (type == "message/rfc822" && !enclosed.contains('\0') && !hasLongLine(enclosed, kMaxLine)) {
        entity.headers += isAscii(enclosed) ? "Content-Transfer-Encoding: 7bit\r\n"
                                            : "Content-Transfer-Encoding: 8bit\r\n";
        if (enclosed.endsWith("\r\n"))
            enclosed.chop(2);
        entity.body = enclosed;
    } else {
        entity.headers += "Content-Transfer-Encoding: base64\r\n";
        entity.body = TransferEncoding::encodeBase64(file.data);
        if (entity.body.endsWith("\r\n"))
            entity.body.chop(2);
    }
    return entity;
}

// A boundary that appears nowhere in the parts it separates (RFC 2046 s5.1.1). "=_" cannot
// occur in base64 or quoted-printable output, and 7bit parts are checked.
QByteArray newBoundary(const QList<Entity> &parts)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (;;) {
        QByteArray boundary = "=_magpie_";
        for (int i = 0; i < 24; ++i)
            boundary += alphabet[QRandomGenerator::global()->bounded(62)];
        bool clash = false;
        for (const Entity &part : parts)
            clash |= part.body.contains(boundary) || part.headers.contains(boundary);
        if (!clash)
            return boundary;
    }
}

Entity multipart(const QByteArray &subtype, const QList<Entity> &parts, const QByteArray &extraParams = {})
{
    const QByteArray boundary = newBoundary(parts);
    Entity entity;
    entity.headers = "Content-Type: multipart/" + subtype + ";\r\n boundary=\"" + boundary + '"'
        + extraParams + "\r\n";
    // RFC 2045 s6.4: a multipart holding an 8bit part is itself labelled 8bit.
    if (std::any_of(parts.begin(), parts.end(), [](const Entity &p) { return hasEightBit(p.headers); }))
        entity.headers += "Content-Transfer-Encoding: 8bit\r\n";
    for (const Entity &part : parts)
        entity.body += "--" + boundary + "\r\n" + part.headers + "\r\n" + part.body + "\r\n";
    entity.body += "--" + boundary + "--";
    return entity;
}

QByteArray domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    const QString domain = at < 0 ? QString() : address.mid(at + 1);
    return domain.isEmpty() ? QByteArray("localhost") : QUrl::toAce(domain);
}

} // namespace

MessageBuilder &MessageBuilder::setFrom(const Mailbox &from) { m_from = from; return *this; }
MessageBuilder &MessageBuilder::setTo(const QList<Mailbox> &to) { m_to = to; return *this; }
MessageBuilder &MessageBuilder::setCc(const QList<Mailbox> &cc) { m_cc = cc; return *this; }
MessageBuilder &MessageBuilder::setReplyTo(const QList<Mailbox> &replyTo) { m_replyTo = replyTo; return *this; }
MessageBuilder &MessageBuilder::setSubject(const QString &subject) { m_subject = subject; return *this; }
MessageBuilder &MessageBuilder::setDate(const QDateTime &date) { m_date = date; return *this; }
MessageBuilder &MessageBuilder::setMessageId(const QByteArray &id) { m_messageId = id; return *this; }
MessageBuilder &MessageBuilder::setInReplyTo(const QByteArray &id) { m_inReplyTo = id; return *this; }
MessageBuilder &MessageBuilder::setReferences(const QList<QByteArray> &ids) { m_references = ids; return *this; }
MessageBuilder &MessageBuilder::setText(const QString &text, bool flowed) { m_text = text; m_flowed = flowed; return *this; }
MessageBuilder &MessageBuilder::setHtml(const QString &html) { m_html = html; return *this; }
MessageBuilder &MessageBuilder::addAttachment(const Attachment &attachment) { m_attachments << attachment; return *this; }
MessageBuilder &MessageBuilder::addInlineImage(const Attachment &image) { m_inlineImages << image; return *this; }

MessageBuilder &MessageBuilder::addHeader(const QByteArray &name, const QString &value)
{
    m_extraHeaders.append({ name, value });
    return *this;
}

MessageBuilder::Result MessageBuilder::build() const
{
    Result result;
    auto fail = [&result](const QString &why) {
        result.error = why;
        result.bytes.clear();
        return result;
    };

    // Header values from the caller: a line break in any of them could start a new field.
    auto lineBreakIn = [](const QString &value) {
        return value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0));
    };
    if (lineBreakIn(m_subject))
        return fail(tr("The subject cannot contain a line break."));
    if (m_from.address.isEmpty())
        return fail(tr("The message has no sender address."));
    for (const QByteArray &id : QList<QByteArray> { m_messageId, m_inReplyTo } + m_references) {
        if (!isMessageId(id))
            return fail(tr("A message id cannot contain spaces, line breaks or angle brackets."));
    }
    for (const Attachment &file : m_attachments + m_inlineImages) {
        if (!file.contentType.isEmpty() && !isMediaType(file.contentType))
            return fail(tr("The attachment \"%1\" has an invalid content type.").arg(file.fileName));
        if (!file.contentId.isEmpty() && !isMessageId(file.contentId))
            return fail(tr("The attachment \"%1\" has an invalid Content-ID.").arg(file.fileName));
        if (!isToken(file.charset) && !file.charset.isEmpty())
            return fail(tr("The attachment \"%1\" has an invalid charset.").arg(file.fileName));
    }

    QByteArray head;
    auto addressField = [&](const char *name, const QList<Mailbox> &list) -> bool {
        if (list.isEmpty())
            return true;
        QString why;
        const QByteArray value = AddressList::format(list, int(qstrlen(name)) + 2, false, &why);
        if (value.isEmpty()) {
            result.error = why.isEmpty() ? tr("The %1 field holds an invalid address.").arg(QLatin1StringView(name)) : why;
            return false;
        }
        head += QByteArray(name) + ": " + value + "\r\n";
        return true;
    };

    const QDateTime date = m_date.isValid() ? m_date : QDateTime::currentDateTime();
    head += "Date: " + MessageDate::format(date) + "\r\n";
    if (!addressField("From", { m_from }) || !addressField("To", m_to) || !addressField("Cc", m_cc)
        || !addressField("Reply-To", m_replyTo))
        return fail(result.error);
    if (!m_subject.isEmpty())
        head += "Subject: " + EncodedWords::encode(m_subject, 9) + "\r\n";
    result.messageId = m_messageId.isEmpty() ? MessageIds::generate(domainOf(m_from.address)) : m_messageId;
    head += "Message-ID: <" + result.messageId + ">\r\n";
    if (!m_inReplyTo.isEmpty())
        head += "In-Reply-To: <" + m_inReplyTo + ">\r\n";
    if (!m_references.isEmpty())
        head += "References: " + MessageIds::format(m_references, 12) + "\r\n";
    // Fields the builder writes, and Bcc, which must never reach the recipients.
    static const QList<QByteArrayView> reserved = { "Date", "From", "Sender", "To", "Cc", "Bcc",
        "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID" };
    for (const auto &[name, value] : m_extraHeaders) {
        QString why;
        // The caller's value is checked as given; only then encoded and folded.
        if (!HeaderField::compose(name, value.toUtf8(), &why))
            return fail(why);
        for (QByteArrayView taken : reserved) {
            if (taken.compare(name, Qt::CaseInsensitive) == 0)
                return fail(tr("The %1 field is written by Magpie itself and cannot be added.")
                                .arg(QString::fromLatin1(name)));
        }
        head += name + ": " + EncodedWords::encode(value, int(name.size()) + 2) + "\r\n";
    }
    head += "MIME-Version: 1.0\r\n";

    // The body, innermost first.
    std::optional<Entity> body;
    const Entity text = textEntity("plain", m_text, m_flowed);
    if (m_html.isEmpty()) {
        body = text;
    } else {
        Entity html = textEntity("html", m_html, false);
        if (!m_inlineImages.isEmpty()) {
            QList<Entity> related { html };
            for (const Attachment &image : m_inlineImages)
                related << attachmentEntity(image, true);
            // RFC 2387 s3.1: the type parameter names the root's type.
            html = multipart("related", related, ";\r\n type=\"text/html\"");
        }
        body = multipart("alternative", { text, html });
    }
    // Inline images with no HTML to show them are ordinary attachments.
    const QList<Attachment> files = m_html.isEmpty() ? m_attachments + m_inlineImages : m_attachments;
    if (!files.isEmpty()) {
        QList<Entity> mixed { *body };
        for (const Attachment &file : files)
            mixed << attachmentEntity(file, false);
        body = multipart("mixed", mixed);
    }

    result.bytes = head + body->headers + "\r\n" + body->body;
    if (!result.bytes.endsWith("\r\n"))
        result.bytes += "\r\n";
    // Belt and braces for RFC 5322 s2.1.1: every encoder above keeps lines short.
    if (hasLongLine(result.bytes, kMaxLine))
        return fail(tr("The message has a line longer than 998 characters and cannot be sent."));
    return result;
}

} // namespace magpie::mime
