// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderField.h"

namespace magpie::mime {

HeaderField::HeaderField(QByteArray name, QByteArray value)
    : m_name(std::move(name))
    , m_value(std::move(value))
{
}

bool HeaderField::isValidName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126 || c == ':')
            return false;
    }
    return true;
}

std::optional<HeaderField> HeaderField::compose(QByteArrayView name, QByteArrayView value,
                                                QString *whyNot)
{
    auto refuse = [whyNot](const QString &sentence) -> std::optional<HeaderField> {
        if (whyNot)
            *whyNot = sentence;
        return std::nullopt;
    };
    if (!isValidName(name))
        return refuse(tr("A header name must be printable ASCII without spaces or colons."));
    for (char c : value) {
        if (c == '\r' || c == '\n')
            return refuse(tr("A header value cannot contain a line break."));
        if (c == '\0')
            return refuse(tr("A header value cannot contain a NUL character."));
    }
    return HeaderField(name.toByteArray(), value.toByteArray());
}

QByteArray HeaderField::unfold(QByteArrayView foldedBody)
{
    QByteArray out;
    out.reserve(foldedBody.size());
    const qsizetype n = foldedBody.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = foldedBody[i];
        // A line break is part of a fold only when whitespace follows it (RFC 5322 s2.2.3).
        if (c == '\r' && i + 2 < n && foldedBody[i + 1] == '\n'
            && (foldedBody[i + 2] == ' ' || foldedBody[i + 2] == '\t')) {
            ++i;
            continue;
        }
        if (c == '\n' && i + 1 < n && (foldedBody[i + 1] == ' ' || foldedBody[i + 1] == '\t'))
            continue;
        out.append(c);
    }
    return out;
}

} // namespace magpie::mime
