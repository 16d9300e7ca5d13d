// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsValidator.h"

#include <QHostAddress>
#include <QUrl>

#include <cctype>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            return true;
    }
    return false;
}

// One label of a host name after IDNA conversion (RFC 1123 s2.1: letters, digits, hyphens,
// not starting or ending with a hyphen, at most 63 characters).
bool isHostLabel(QStringView label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
        return false;
    for (const QChar c : label) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
              || u == u'-' || u == u'_'))
            return false;
    }
    return true;
}

bool isHostName(const QString &host)
{
    QString name = host;
    if (name.endsWith(u'.'))
        name.chop(1);
    const QString ace = QString::fromLatin1(QUrl::toAce(name, QUrl::AceTransitionalProcessing));
    if (ace.isEmpty() || ace.size() > 253)
        return false;
    const QStringList labels = ace.split(u'.');
    for (const QString &label : labels) {
        if (!isHostLabel(label))
            return false;
    }
    return true;
}

} // namespace

std::optional<quint16> SettingsValidator::port(const QString &text)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 1 || value > 65535)
        return std::nullopt;
    return quint16(value);
}

QString SettingsValidator::portProblem(const QString &text)
{
    if (text.trimmed().isEmpty())
        return tr("Enter the server's port, a number from 1 to 65535.");
    if (!port(text))
        return tr("\"%1\" is not a port: enter a number from 1 to 65535.").arg(text.trimmed());
    return {};
}

QString SettingsValidator::hostProblem(const QString &text, bool required)
{
    const QString host = text.trimmed();
    if (host.isEmpty()) {
        return required ? tr("Enter the server's name, for example imap.example.com.") : QString();
    }
    if (host.contains(u"://"_s)) {
        return tr("Enter only the server's name, without \"%1\": for example imap.example.com.")
            .arg(host.left(host.indexOf(u"://"_s) + 3));
    }
    if (host.contains(u' ') || hasControlCharacter(host))
        return tr("A server name cannot contain spaces.");
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    QHostAddress address;
    if (address.setAddress(bare))
        return {};
    if (host.contains(u':'))
        return tr("Enter the port in its own field, not after the server's name.");
    if (!isHostName(host)) {
        return tr("\"%1\" is not a valid server name: use letters, digits, hyphens and dots, "
                  "for example mail.example.com.")
            .arg(host);
    }
    return {};
}

QString SettingsValidator::addressProblem(const QString &text)
{
    const QString address = text.trimmed();
    if (address.isEmpty())
        return tr("Enter your e-mail address, for example alice@example.com.");
    if (address.contains(u'<') || address.contains(u'>')) {
        return tr("Enter the address alone, without angle brackets; your name has its own "
                  "field.");
    }
    const qsizetype at = address.lastIndexOf(u'@');
    if (at <= 0 || at == address.size() - 1)
        return tr("\"%1\" is not an e-mail address: it needs a name, an @ and a domain, for "
                  "example alice@example.com.")
            .arg(address);
    const QString local = address.left(at);
    const QString domain = address.mid(at + 1);
    if (address.contains(u' ') || hasControlCharacter(address))
        return tr("An e-mail address cannot contain spaces.");
    // RFC 5322 s3.4.1: an unquoted local part is a dot-atom (no leading, trailing or double dot).
    const bool quoted = local.size() >= 2 && local.startsWith(u'"') && local.endsWith(u'"');
    if (!quoted) {
        if (local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."_s)
            || local.contains(u'@') || local.contains(u',') || local.contains(u';')
            || local.contains(u'(') || local.contains(u')') || local.contains(u'"')
            || local.contains(u'\\') || local.contains(u'[') || local.contains(u']')
            || local.contains(u':'))
            return tr("The part before the @ in \"%1\" is not valid in an e-mail address.")
                .arg(address);
    }
    const bool literal = domain.startsWith(u'[') && domain.endsWith(u']');
    if (literal ? QHostAddress(domain.mid(1, domain.size() - 2)).isNull() : !isHostName(domain))
        return tr("The domain after the @ in \"%1\" is not valid.").arg(address);
    return {};
}

QByteArray SettingsValidator::fingerprint(const QString &text)
{
    QString hex;
    for (const QChar c : text) {
        if (c == u':' || c == u' ' || c == u'-')
            continue;
        hex += c;
    }
    if (hex.size() != 64)
        return {};
    for (const QChar c : std::as_const(hex)) {
        if (!std::isxdigit(static_cast<unsigned char>(c.toLatin1())) || c.unicode() > 0x7f)
            return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}

QString SettingsValidator::fingerprintProblem(const QString &text)
{
    if (text.trimmed().isEmpty() || fingerprint(text).size() == 32)
        return {};
    return tr("A SHA-256 fingerprint has 64 hexadecimal digits (0-9, A-F), usually in pairs "
              "separated by colons. Copy it from the certificate's details, or leave the field "
              "empty.");
}

QString SettingsValidator::fingerprintText(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QString SettingsValidator::identityNameProblem(const QString &text)
{
    if (hasControlCharacter(text))
        return tr("Your name cannot contain line breaks or control characters.");
    return {};
}

} // namespace magpie::app
