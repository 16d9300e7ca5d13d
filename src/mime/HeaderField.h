// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::mime {

// One header field of an RFC 5322 message: "name: value". The raw value is kept as bytes,
// because until a charset is known (RFC 2047, RFC 6532) a header is not text.
class HeaderField
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::HeaderField)
public:
    // Builds a field for a message we are about to send. Refuses a name that is not an RFC
    // 5322 s2.2 field name, and a value holding CR, LF or NUL: a caller's value must never be
    // able to end the header and start another one (header injection). On refusal returns
    // nothing and, when `whyNot` is given, a sentence saying what was wrong.
    static std::optional<HeaderField> compose(QByteArrayView name, QByteArrayView value,
                                              QString *whyNot = nullptr);

    // Joins a folded field body back into one line (RFC 5322 s2.2.3): every CRLF (or bare LF,
    // as found in mail stored on Unix) that is followed by whitespace is removed.
    static QByteArray unfold(QByteArrayView foldedBody);

    // RFC 5322 s2.2: printable US-ASCII except ":", at least one character.
    static bool isValidName(QByteArrayView name);

    QByteArray name() const { return m_name; }
    QByteArray value() const { return m_value; }

private:
    HeaderField(QByteArray name, QByteArray value);

    QByteArray m_name;
    QByteArray m_value;
};

} // namespace magpie::mime
