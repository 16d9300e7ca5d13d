// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/SmtpPath.h"

#include <QHostAddress>
#include <QStringDecoder>

namespace magpie::server {

namespace {

// RFC 5321 s4.5.3.1.1-3
constexpr qsizetype kMaxLocalPart = 64;
constexpr qsizetype kMaxDomain = 255;
constexpr qsizetype kMaxPath = 256;

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isLetDig(char c)
{
    return isAlpha(c) || isDigit(c);
}
// Any byte of a UTF-8 sequence beyond ASCII (RFC 6531 s3.3 UTF8-non-ascii); whether the
// sequences are well formed is checked once for the whole mailbox.
bool isUtf8(char c)
{
    return static_cast<unsigned char>(c) >= 0x80;
}

// RFC 5322 s3.2.3 atext, plus UTF-8 (RFC 6531 s3.3)
bool isAtext(char c)
{
    return isLetDig(c) || isUtf8(c) || QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(c);
}

// RFC 5321 s4.1.2 qtextSMTP, plus UTF-8
bool isQtext(char c)
{
    return (c >= 32 && c <= 126 && c != '"' && c != '\\') || isUtf8(c);
}

class Cursor
{
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    { }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    bool take(char c)
    {
        if (atEnd() || m_text.at(m_pos) != c)
            return false;
        ++m_pos;
        return true;
    }
    qsizetype pos() const { return m_pos; }
    QByteArrayView since(qsizetype start) const { return m_text.sliced(start, m_pos - start); }

    // Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str] (or a U-label)
    bool domain()
    {
        do {
            const qsizetype start = m_pos;
            while (!atEnd() && (isLetDig(peek()) || isUtf8(peek()) || peek() == '-'))
                ++m_pos;
            const QByteArrayView label = since(start);
            if (label.isEmpty() || label.startsWith('-') || label.endsWith('-'))
                return false;
        } while (take('.'));
        return true;
    }

    // address-literal = "[" ( IPv4 / "IPv6:" IPv6 / General-address-literal ) "]"
    bool addressLiteral()
    {
        if (!take('['))
            return false;
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != ']' && peek() != '[' && peek() != '\\' && peek() > 32
               && peek() < 127)
            ++m_pos;
        const QByteArrayView literal = since(start);
        if (!take(']'))
            return false;
        return isIPv4(literal) || isIPv6(literal) || isGeneral(literal);
    }

    // Dot-string = Atom *("." Atom)
    bool dotString()
    {
        do {
            const qsizetype start = m_pos;
            while (!atEnd() && isAtext(peek()))
                ++m_pos;
            if (m_pos == start)
                return false;
        } while (take('.'));
        return true;
    }

    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
    bool quotedString()
    {
        if (!take('"'))
            return false;
        while (!atEnd()) {
            const char c = peek();
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c == '\\') {
                ++m_pos;
                if (atEnd() || peek() < 32 || peek() > 126) // quoted-pairSMTP = %d92 %d32-126
                    return false;
            } else if (!isQtext(c)) {
                return false;
            }
            ++m_pos;
        }
        return false;
    }

private:
    static bool isIPv4(QByteArrayView literal)
    {
        const QList<QByteArrayView> parts = [&] {
            QList<QByteArrayView> out;
            qsizetype from = 0;
            for (qsizetype i = 0; i <= literal.size(); ++i) {
                if (i == literal.size() || literal.at(i) == '.') {
                    out.append(literal.sliced(from, i - from));
                    from = i + 1;
                }
            }
            return out;
        }();
        if (parts.size() != 4)
            return false;
        for (QByteArrayView part : parts) {
            if (part.isEmpty() || part.size() > 3)
                return false;
            for (char c : part) {
                if (!isDigit(c))
                    return false;
            }
            if (part.toInt() > 255)
                return false;
        }
        return true;
    }

    static bool isIPv6(QByteArrayView literal)
    {
        if (!literal.startsWith("IPv6:"))
            return false;
        const QByteArrayView address = literal.sliced(5);
        for (char c : address) {
            if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                  || c == '.'))
                return false;
        }
        QHostAddress host;
        return host.setAddress(QString::fromLatin1(address))
            && host.protocol() == QAbstractSocket::IPv6Protocol;
    }

    // Standardized-tag ":" 1*dcontent; the tag is an Ldh-str. "IPv6:" must be a valid one.
    static bool isGeneral(QByteArrayView literal)
    {
        const qsizetype colon = literal.indexOf(':');
        if (colon <= 0 || colon + 1 >= literal.size())
            return false;
        const QByteArrayView tag = literal.first(colon);
        if (tag.compare("IPv6", Qt::CaseInsensitive) == 0 || tag.endsWith('-'))
            return false;
        for (char c : tag) {
            if (!isLetDig(c) && c != '-')
                return false;
        }
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

std::optional<QString> utf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QByteArray unquote(QByteArrayView quoted)
{
    QByteArray out;
    for (qsizetype i = 1; i + 1 < quoted.size(); ++i) {
        if (quoted.at(i) == '\\')
            ++i;
        out += quoted.at(i);
    }
    return out;
}

} // namespace

std::optional<SmtpPath> SmtpPath::parse(QByteArrayView text, qsizetype *consumed, QString *whyNot)
{
    auto refuse = [whyNot](const QString &why) -> std::optional<SmtpPath> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    Cursor cursor(text);
    if (!cursor.take('<'))
        return refuse(tr("Write the address in angle brackets, like <alice@example.test>."));
    SmtpPath path;
    if (cursor.take('>')) {
        *consumed = cursor.pos();
        return path;
    }
    // A-d-l ":" (a source route): parsed, then forgotten
    if (cursor.peek() == '@') {
        do {
            if (!cursor.take('@') || !cursor.domain())
                return refuse(tr("The source route of the address is malformed."));
        } while (cursor.take(','));
        if (!cursor.take(':'))
            return refuse(tr("The source route of the address must end with a colon."));
    }
    const qsizetype mailboxStart = cursor.pos();
    const bool quoted = cursor.peek() == '"';
    if (!(quoted ? cursor.quotedString() : cursor.dotString()))
        return refuse(tr("The local part of the address (before the @) is malformed."));
    const QByteArrayView localPart = cursor.since(mailboxStart);
    if (localPart.size() > kMaxLocalPart)
        return refuse(tr("The local part of the address is longer than 64 octets."));

    if (!quoted && cursor.peek() == '>'
        && localPart.compare("Postmaster", Qt::CaseInsensitive) == 0) {
        cursor.take('>');
        path.m_kind = Kind::Postmaster;
        path.m_mailbox = localPart.toByteArray();
        path.m_address = QString::fromLatin1(localPart);
        *consumed = cursor.pos();
        return path;
    }
    if (!cursor.take('@'))
        return refuse(tr("The address needs an @ and a domain."));
    const qsizetype domainStart = cursor.pos();
    if (!(cursor.peek() == '[' ? cursor.addressLiteral() : cursor.domain()))
        return refuse(tr("The domain of the address is malformed."));
    const QByteArrayView domain = cursor.since(domainStart);
    if (domain.size() > kMaxDomain)
        return refuse(tr("The domain of the address is longer than 255 octets."));
    if (!cursor.take('>'))
        return refuse(tr("The address must end with \">\"."));
    if (cursor.pos() > kMaxPath)
        return refuse(tr("The address is longer than 256 octets."));

    const QByteArrayView mailbox = text.sliced(mailboxStart, cursor.pos() - 1 - mailboxStart);
    const auto local = utf8(quoted ? QByteArrayView(unquote(localPart)) : localPart);
    const auto domainText = utf8(domain);
    if (!local || !domainText)
        return refuse(tr("The address is not valid UTF-8."));
    path.m_kind = Kind::Mailbox;
    path.m_mailbox = mailbox.toByteArray();
    path.m_address = *local + u'@' + *domainText;
    *consumed = cursor.pos();
    return path;
}

bool SmtpPath::isAscii() const
{
    for (char c : m_mailbox) {
        if (isUtf8(c))
            return false;
    }
    return true;
}

QByteArray SmtpPath::toWire() const
{
    return '<' + m_mailbox + '>';
}

} // namespace magpie::server
