// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessagePart.h"

#include "mime/FlowedText.h"
#include "mime/MessageIds.h"

namespace magpie::mime {

QByteArray MessagePart::charset() const
{
    return m_contentType.parameter("charset").trimmed().toLower().toLatin1();
}

QByteArray MessagePart::disposition() const
{
    if (m_disposition.value.isEmpty())
        return {};
    if (m_disposition.value == "inline")
        return "inline";
    return "attachment"; // RFC 2183 s2.8: an unrecognised disposition is treated as attachment
}

QString MessagePart::fileName() const
{
    QString name = m_disposition.parameter("filename");
    if (name.isEmpty())
        name = m_contentType.parameter("name");
    return name.isEmpty() ? QString() : name;
}

QByteArray MessagePart::contentId() const
{
    const QByteArray value = m_headers.value("Content-ID");
    if (value.isNull())
        return {};
    const QList<QByteArray> ids = MessageIds::parse(value);
    return ids.isEmpty() ? value : ids.first();
}

QByteArrayView MessagePart::rawBody() const
{
    return QByteArrayView(m_data.constData() + m_bodyStart, m_bodyEnd - m_bodyStart);
}

QByteArray MessagePart::decodedBody(bool *damaged) const
{
    return TransferEncoding::decode(m_encoding, rawBody(), damaged);
}

DecodedText MessagePart::text(bool *damaged) const
{
    DecodedText decoded = Charsets::decode(decodedBody(damaged), charset());
    QString &text = decoded.text;
    // Line ends to "\n": CRLF first, then lone CRs (old Mac mail).
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    if (m_contentType.value == "text/plain"
        && m_contentType.parameter("format").compare(u"flowed", Qt::CaseInsensitive) == 0) {
        const bool delSp = m_contentType.parameter("delsp").compare(u"yes", Qt::CaseInsensitive) == 0;
        text = FlowedText::unflow(text, delSp);
    }
    return decoded;
}

} // namespace magpie::mime
