// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapBodyStructure.h"

#include "mime/HeaderField.h"
#include "mime/MessagePart.h"
#include "server/imap/ImapEnvelope.h"
#include "server/imap/ImapOutput.h"

#include <algorithm>

namespace magpie::server {

namespace {

using mime::MessagePart;
using Parameters = QList<QPair<QByteArray, QString>>;

// The MIME fields of one part (RFC 2045 s3), found in one pass over its header. Each is the
// first such field, unfolded and trimmed, or a null QByteArray when absent.
struct MimeFields
{
    QByteArray contentType;
    QByteArray id;
    QByteArray description;
    QByteArray encoding;
    QByteArray disposition;
    QByteArray language;
    QByteArray location;
    QByteArray md5;
};

QByteArray unfolded(QByteArrayView folded)
{
    QByteArray value = folded.contains('\n') || folded.contains('\r')
        ? mime::HeaderField::unfold(folded).trimmed()
        : folded.trimmed().toByteArray();
    if (value.isNull())
        value = QByteArray("");
    return value;
}

MimeFields mimeFields(const mime::HeaderBlock &headers)
{
    static constexpr QByteArrayView kPrefix("Content-");
    MimeFields found;
    for (const mime::HeaderBlock::Field &field : headers.fields()) {
        if (field.name.size() <= kPrefix.size()
            || field.name.first(kPrefix.size()).compare(kPrefix, Qt::CaseInsensitive) != 0)
            continue;
        const QByteArrayView rest = field.name.sliced(kPrefix.size());
        const auto is = [&rest](QByteArrayView name) {
            return rest.compare(name, Qt::CaseInsensitive) == 0;
        };
        QByteArray *slot = nullptr;
        if (is("Type"))
            slot = &found.contentType;
        else if (is("ID"))
            slot = &found.id;
        else if (is("Description"))
            slot = &found.description;
        else if (is("Transfer-Encoding"))
            slot = &found.encoding;
        else if (is("Disposition"))
            slot = &found.disposition;
        else if (is("Language"))
            slot = &found.language;
        else if (is("Location"))
            slot = &found.location;
        else if (is("MD5"))
            slot = &found.md5;
        if (slot && slot->isNull())
            *slot = unfolded(field.folded);
    }
    return found;
}

// RFC 2231 s7 attribute-char: what may stand unescaped in an extended value.
bool isAttributeChar(char c)
{
    if (c <= 0x20 || c >= 0x7f)
        return false;
    return !QByteArrayView("*'%()<>@,;:\\\"/[]?=").contains(c);
}

bool needsExtendedValue(const QString &value)
{
    return std::any_of(value.cbegin(), value.cend(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() >= 0x7f; });
}

void writeParameters(const Parameters &parameters, bool addCharset, QByteArray &out)
{
    if (parameters.isEmpty() && !addCharset) {
        out += "NIL";
        return;
    }
    out += '(';
    bool first = true;
    for (const auto &[name, value] : parameters) {
        if (!first)
            out += ' ';
        first = false;
        if (!needsExtendedValue(value)) {
            ImapOutput::appendString(out, name);
            out += ' ';
            ImapOutput::appendString(out, value.toLatin1());
            continue;
        }
        // RFC 2231 s4: name*=charset'language'percent-encoded
        QByteArray extended = "utf-8''";
        for (const char c : value.toUtf8()) {
            if (isAttributeChar(c)) {
                extended += c;
            } else {
                static const char kHex[] = "0123456789ABCDEF";
                const auto byte = static_cast<unsigned char>(c);
                extended += '%';
                extended += kHex[byte >> 4];
                extended += kHex[byte & 0xf];
            }
        }
        ImapOutput::appendString(out, QByteArray(name + '*'));
        out += ' ';
        ImapOutput::appendString(out, extended);
    }
    if (addCharset)
        out += first ? "\"charset\" \"us-ascii\"" : " \"charset\" \"us-ascii\"";
    out += ')';
}

bool hasParameter(const Parameters &parameters, QByteArrayView name)
{
    return std::any_of(parameters.cbegin(), parameters.cend(),
                       [name](const auto &parameter) { return parameter.first == name; });
}

// A Content-Type value names a type only with a "/" between two non-empty halves; else the
// RFC 2045 s5.2 default applies and the field's parameters with it go.
bool isUsableType(const QByteArray &type)
{
    const qsizetype slash = type.indexOf('/');
    return slash > 0 && slash < type.size() - 1;
}

// body-fld-dsp (RFC 3501 s9): ("attachment" ("filename" "x")), or NIL.
void writeDisposition(const QByteArray &field, QByteArray &out)
{
    if (field.isNull()) {
        out += "NIL";
        return;
    }
    const mime::ParameterizedValue disposition = mime::HeaderParameters::parse(field);
    if (disposition.value.isEmpty()) {
        out += "NIL";
        return;
    }
    out += '(';
    ImapOutput::appendString(out, disposition.value);
    out += ' ';
    writeParameters(disposition.parameters, false, out);
    out += ')';
}

// body-fld-lang (RFC 3501 s9): the Content-Language tags (RFC 3282) as a list, or NIL.
void writeLanguage(const QByteArray &field, QByteArray &out)
{
    QList<QByteArray> tags;
    if (!field.isNull()) {
        for (const QByteArray &item : field.split(',')) {
            const QByteArray tag = item.trimmed();
            if (!tag.isEmpty())
                tags << tag;
        }
    }
    if (tags.isEmpty()) {
        out += "NIL";
        return;
    }
    out += '(';
    for (qsizetype i = 0; i < tags.size(); ++i) {
        if (i > 0)
            out += ' ';
        ImapOutput::appendString(out, tags[i]);
    }
    out += ')';
}

void writeTypeAndSubtype(const QByteArray &type, QByteArray &out)
{
    const qsizetype slash = type.indexOf('/');
    ImapOutput::appendString(out, QByteArrayView(type).first(slash));
    out += ' ';
    ImapOutput::appendString(out, QByteArrayView(type).sliced(slash + 1));
}

qsizetype lineCount(QByteArrayView body)
{
    return std::count(body.begin(), body.end(), '\n');
}

void writePart(const MessagePart &part, bool extensible, QByteArray &out);

void writeMultipart(const MessagePart &part, const MimeFields &fields, bool extensible,
                    QByteArray &out)
{
    out += '(';
    for (const auto &child : part.children())
        writePart(*child, extensible, out);
    const QByteArray &type = part.contentType();
    out += ' ';
    ImapOutput::appendString(out, QByteArrayView(type).sliced(type.indexOf('/') + 1));
    if (extensible) {
        out += ' ';
        writeParameters(mime::HeaderParameters::parse(fields.contentType).parameters, false, out);
        out += ' ';
        writeDisposition(fields.disposition, out);
        out += ' ';
        writeLanguage(fields.language, out);
        out += ' ';
        ImapOutput::appendNString(out, fields.location);
    }
    out += ')';
}

void writePart(const MessagePart &part, bool extensible, QByteArray &out)
{
    const MimeFields fields = mimeFields(part.headers());
    if (part.isMultipart()) {
        writeMultipart(part, fields, extensible, out);
        return;
    }

    QByteArray type = part.contentType();
    bool keepParameters = !fields.contentType.isNull();
    if (part.isLeaf() && type.startsWith("multipart/")) {
        type = QByteArrayLiteral("text/plain");
        keepParameters = false;
    } else if (part.isLeaf() && type == "message/rfc822") {
        type = QByteArrayLiteral("application/octet-stream");
    }
    const bool enclosed = part.isMessage() && type == "message/rfc822" && !part.children().empty();
    const bool text = type.startsWith("text/");
    Parameters parameters;
    if (keepParameters) {
        mime::ParameterizedValue contentType = mime::HeaderParameters::parse(fields.contentType);
        if (isUsableType(contentType.value))
            parameters = std::move(contentType.parameters);
    }
    const QByteArrayView body = part.rawBody();

    out += '(';
    writeTypeAndSubtype(type, out);
    out += ' ';
    writeParameters(parameters, text && !hasParameter(parameters, "charset"), out);
    out += ' ';
    ImapOutput::appendNString(out, fields.id);
    out += ' ';
    ImapOutput::appendNString(out, fields.description);
    out += ' ';
    if (fields.encoding.isEmpty())
        out += "\"7bit\""; // RFC 2045 s6.1: the default
    else
        ImapOutput::appendString(out, fields.encoding);
    out += ' ';
    out += QByteArray::number(body.size());
    if (enclosed) {
        const MessagePart &top = *part.children().front();
        out += ' ';
        ImapEnvelope::write(top.headers(), out);
        out += ' ';
        writePart(top, extensible, out);
    }
    if (enclosed || text) {
        out += ' ';
        out += QByteArray::number(lineCount(body));
    }
    if (extensible) {
        out += ' ';
        ImapOutput::appendNString(out, fields.md5);
        out += ' ';
        writeDisposition(fields.disposition, out);
        out += ' ';
        writeLanguage(fields.language, out);
        out += ' ';
        ImapOutput::appendNString(out, fields.location);
    }
    out += ')';
}

} // namespace

void ImapBodyStructure::write(const mime::MessagePart &part, bool extensible, QByteArray &out)
{
    writePart(part, extensible, out);
}

} // namespace magpie::server
