// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapCommand.h"

#include "server/imap/ImapOutput.h"

namespace magpie::server {

namespace {

// RFC 3501 s9: a header-fld-name is an astring; write it as an atom when it is one.
bool isAtom(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || QByteArrayView("(){%*\"\\]").contains(c))
            return false;
    }
    return true;
}

} // namespace

QByteArray BodySection::responseName() const
{
    QByteArray name = "BODY[";
    for (qsizetype i = 0; i < part.size(); ++i) {
        if (i > 0)
            name += '.';
        name += QByteArray::number(part[i]);
    }
    const char *textName = nullptr;
    switch (text) {
    case Text::Whole:
        break;
    case Text::Header:
        textName = "HEADER";
        break;
    case Text::HeaderFields:
        textName = "HEADER.FIELDS";
        break;
    case Text::HeaderFieldsNot:
        textName = "HEADER.FIELDS.NOT";
        break;
    case Text::Text:
        textName = "TEXT";
        break;
    case Text::Mime:
        textName = "MIME";
        break;
    }
    if (textName) {
        if (!part.isEmpty())
            name += '.';
        name += textName;
    }
    if (text == Text::HeaderFields || text == Text::HeaderFieldsNot) {
        name += " (";
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                name += ' ';
            name += isAtom(fields[i]) ? fields[i] : ImapOutput::string(fields[i]);
        }
        name += ')';
    }
    name += ']';
    // RFC 3501 s7.4.2: "<origin>" only; the length is not echoed.
    if (partialOrigin) {
        name += '<';
        name += QByteArray::number(*partialOrigin);
        name += '>';
    }
    return name;
}

} // namespace magpie::server
