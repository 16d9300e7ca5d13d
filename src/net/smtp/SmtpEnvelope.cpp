// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpEnvelope.h"

#include <QHostAddress>
#include <QUrl>

namespace magpie::smtp {

namespace {

using namespace Qt::StringLiterals;

// RFC 5321 s4.5.3.1.1-2
constexpr qsizetype kMaxLocalPart = 64;
constexpr qsizetype kMaxDomain = 255;
constexpr qsizetype kMaxLabel = 63; // RFC 1035 s2.3.4

bool isAsciiLetDig(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

// RFC 5322 s3.2.3 atext; anything beyond ASCII is atext under SMTPUTF8 (RFC 6531 s3.3).
bool isAtext(char16_t c)
{
    return isAsciiLetDig(c) || c >= 0x80 || QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c);
}

// Dot-string = Atom *("." Atom) (RFC 5321 s4.1.2)
bool isDotString(QStringView local)
{
    if (local.isEmpty() || local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."))
        return false;
    for (const QChar c : local) {
        if (c != u'.' && !isAtext(c.unicode()))
            return false;
    }
    return true;
}

// Domain = sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str], in ASCII (A-labels).
bool isLdhDomain(QByteArrayView domain)
{
    if (domain.isEmpty())
        return false;
    qsizetype from = 0;
    while (true) {
        qsizetype dot = domain.indexOf('.', from);
        if (dot < 0)
            dot = domain.size();
        const QByteArrayView label = domain.sliced(from, dot - from);
        if (label.isEmpty() || label.size() > kMaxLabel || label.startsWith('-')
            || label.endsWith('-'))
            return false;
        for (const char c : label) {
            if (!isAsciiLetDig(char16_t(c)) && c != '-')
                return false;
        }
        if (dot == domain.size())
            return true;
        from = dot + 1;
    }
}

// address-literal = "[" ( IPv4 / "IPv6:" IPv6 / Standardized-tag ":" 1*dcontent ) "]"
bool isAddressLiteral(QStringView literal)
{
    if (!literal.startsWith(u'[') || !literal.endsWith(u']') || literal.size() < 3)
        return false;
    const QStringView inside = literal.sliced(1, literal.size() - 2);
    for (const QChar c : inside) {
        // dcontent = %d33-90 / %d94-126 (no "[", "\", "]")
        if (c.unicode() < 33 || c.unicode() > 126 || c == u'[' || c == u'\\' || c == u']')
            return false;
    }
    QHostAddress address;
    if (inside.startsWith(u"IPv6:", Qt::CaseInsensitive))
        return address.setAddress(inside.sliced(5).toString())
            && address.protocol() == QAbstractSocket::IPv6Protocol;
    if (inside.count(u'.') == 3 && !inside.contains(u':'))
        return address.setAddress(inside.toString())
            && address.protocol() == QAbstractSocket::IPv4Protocol;
    const qsizetype colon = inside.indexOf(u':');
    if (colon <= 0 || colon + 1 >= inside.size())
        return false;
    for (const QChar c : inside.first(colon)) {
        if (!isAsciiLetDig(c.unicode()) && c != u'-')
            return false;
    }
    return !inside.first(colon).endsWith(u'-');
}

// The reason `address` cannot be sent because of a character in it, or an empty string.
QString badCharacter(QStringView address)
{
    for (const QChar c : address) {
        const char16_t u = c.unicode();
        if (u == u'\r' || u == u'\n')
            return SmtpEnvelope::tr("contains a line break");
        if (u == 0)
            return SmtpEnvelope::tr("contains a NUL character");
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            return SmtpEnvelope::tr("contains a control character");
    }
    return {};
}

// Undoes the quoting of a local part typed as a quoted string ("\"john doe\"").
std::optional<QString> unquote(QStringView quoted)
{
    QString out;
    for (qsizetype i = 1; i + 1 < quoted.size(); ++i) {
        QChar c = quoted.at(i);
        if (c == u'"')
            return std::nullopt; // a quote inside that was not escaped
        if (c == u'\\') {
            if (i + 2 >= quoted.size())
                return std::nullopt;
            c = quoted.at(++i);
        }
        out += c;
    }
    return out;
}

} // namespace

SmtpEnvelope::SmtpEnvelope(const QString &from, const QStringList &recipients)
    : m_from(from)
    , m_recipients(recipients)
{ }

std::optional<SmtpEnvelope::Path> SmtpEnvelope::encodePath(const QString &address, QString *whyNot)
{
    auto refuse = [whyNot](const QString &why) -> std::optional<Path> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    if (address.isEmpty())
        return refuse(tr("is empty"));
    if (const QString why = badCharacter(address); !why.isEmpty())
        return refuse(why);
    if (!QStringView(address).isValidUtf16())
        return refuse(tr("contains an invalid character"));
    if (address.startsWith(u'<') || address.endsWith(u'>'))
        return refuse(tr("has angle brackets; give the bare address, like bob@example.com"));
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0)
        return refuse(tr("has no \"@\" and domain"));
    const QStringView typedLocal = QStringView(address).first(at);
    const QStringView domain = QStringView(address).sliced(at + 1);
    if (typedLocal.isEmpty())
        return refuse(tr("has nothing before the \"@\""));

    // The local part as the mailbox owner knows it, then in the form the wire needs: as a
    // dot-string when it can be one (RFC 5321 s4.1.2 SHOULD), else a quoted string.
    QString local;
    if (typedLocal.size() >= 2 && typedLocal.startsWith(u'"') && typedLocal.endsWith(u'"')) {
        const std::optional<QString> unquoted = unquote(typedLocal);
        if (!unquoted)
            return refuse(tr("has a quoted local part that is not closed properly"));
        local = *unquoted;
        if (local.isEmpty())
            return refuse(tr("has an empty quoted local part"));
    } else {
        // An unquoted "@" is a typo or a source route ("@a.example:bob@example.com", which
        // s4.1.2 says not to send), not a mailbox.
        if (typedLocal.contains(u'@'))
            return refuse(tr("has more than one \"@\""));
        local = typedLocal.toString();
    }
    QString wireLocal;
    if (isDotString(local)) {
        wireLocal = local;
    } else {
        wireLocal = u"\""_s;
        for (const QChar c : local) {
            if (c == u'"' || c == u'\\')
                wireLocal += u'\\';
            wireLocal += c;
        }
        wireLocal += u'"';
    }
    const QByteArray localBytes = wireLocal.toUtf8();
    if (localBytes.size() > kMaxLocalPart)
        return refuse(tr("has a part before the \"@\" longer than %1 bytes").arg(kMaxLocalPart));
    bool nonAscii = false;
    for (const QChar c : local)
        nonAscii = nonAscii || c.unicode() >= 0x80;

    // An internationalized domain goes as A-labels (RFC 5890), which every server takes,
    // so only a non-ASCII local part needs SMTPUTF8.
    QByteArray domainBytes;
    if (domain.startsWith(u'[')) {
        if (!isAddressLiteral(domain))
            return refuse(tr("has an invalid address literal after the \"@\""));
        domainBytes = domain.toLatin1();
    } else {
        bool asciiDomain = true;
        for (const QChar c : domain)
            asciiDomain = asciiDomain && c.unicode() < 0x80;
        domainBytes = asciiDomain ? domain.toLatin1() : QUrl::toAce(domain.toString());
        if (!isLdhDomain(domainBytes))
            return refuse(tr("has an invalid domain after the \"@\""));
    }
    if (domainBytes.size() > kMaxDomain)
        return refuse(tr("has a domain longer than %1 bytes").arg(kMaxDomain));

    return Path { '<' + localBytes + '@' + domainBytes + '>', nonAscii };
}

std::optional<SmtpEnvelope::Path> SmtpEnvelope::reversePath(QString *whyNot) const
{
    // The null reverse path (RFC 5321 s4.5.5), for notifications that must not bounce.
    if (m_from.isEmpty())
        return Path { QByteArrayLiteral("<>"), false };
    return encodePath(m_from, whyNot);
}

std::optional<SmtpEnvelope::Path> SmtpEnvelope::forwardPath(qsizetype index, QString *whyNot) const
{
    if (index < 0 || index >= m_recipients.size()) {
        if (whyNot)
            *whyNot = tr("does not exist");
        return std::nullopt;
    }
    const QString &address = m_recipients.at(index);
    // RCPT TO:<Postmaster> without a domain must be accepted by every server (s4.1.1.3).
    if (address.compare(u"Postmaster", Qt::CaseInsensitive) == 0)
        return Path { '<' + address.toLatin1() + '>', false };
    return encodePath(address, whyNot);
}

net::NetError SmtpEnvelope::validate() const
{
    QString why;
    if (!reversePath(&why)) {
        return net::NetError::make(
            net::NetError::Code::InvalidArgument,
            tr("The sender address \"%1\" %2; nothing was sent.").arg(displayAddress(m_from), why));
    }
    if (m_recipients.isEmpty()) {
        return net::NetError::make(net::NetError::Code::InvalidArgument,
                                   tr("The message has no recipients; add at least one "
                                      "address. Nothing was sent."));
    }
    for (qsizetype i = 0; i < m_recipients.size(); ++i) {
        if (!forwardPath(i, &why)) {
            return net::NetError::make(net::NetError::Code::InvalidArgument,
                                       tr("The recipient address \"%1\" %2; nothing was sent.")
                                           .arg(displayAddress(m_recipients.at(i)), why));
        }
    }
    return net::NetError::none();
}

bool SmtpEnvelope::needsSmtpUtf8() const
{
    if (const auto path = reversePath(); path && path->needsSmtpUtf8)
        return true;
    for (qsizetype i = 0; i < m_recipients.size(); ++i) {
        if (const auto path = forwardPath(i); path && path->needsSmtpUtf8)
            return true;
    }
    return false;
}

QString SmtpEnvelope::displayAddress(const QString &address)
{
    QString out;
    for (const QChar c : address) {
        const char16_t u = c.unicode();
        if (u == u'\r')
            out += u"\\r";
        else if (u == u'\n')
            out += u"\\n";
        else if (u == 0)
            out += u"\\0";
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += u"\\x" + QString::number(u, 16).rightJustified(2, u'0');
        else
            out += c;
    }
    return out;
}

} // namespace magpie::smtp
