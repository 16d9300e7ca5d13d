// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/ReceivedField.h"

#include "mime/MessageDate.h"

#include <QHostAddress>

namespace magpie::server {

namespace {

// The name goes into a header field, so only what a domain or an address literal can hold
// is copied; anything else (a "(" or ";" that would change the field's structure, 8-bit
// bytes a non-SMTPUTF8 message may not carry) becomes "_".
QByteArray safeName(QByteArrayView name)
{
    if (name.isEmpty())
        return QByteArrayLiteral("unknown");
    QByteArray out;
    out.reserve(qMin<qsizetype>(name.size(), 255));
    for (char c : name.first(qMin<qsizetype>(name.size(), 255))) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
        out += ok ? c : '_';
    }
    return out;
}

} // namespace

QByteArray ReceivedField::protocolName() const
{
    if (!esmtp)
        return QByteArrayLiteral("SMTP");
    QByteArray name = smtpUtf8 ? QByteArrayLiteral("UTF8SMTP") : QByteArrayLiteral("ESMTP");
    if (tls)
        name += 'S';
    if (authenticated)
        name += 'A';
    return name;
}

QByteArray ReceivedField::peerLiteral() const
{
    QString host = peer;
    const qsizetype colon = host.lastIndexOf(u':');
    if (colon > 0 && !host.endsWith(u']'))
        host.truncate(colon); // "127.0.0.1:53122", "[::1]:53122"
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (!address.setAddress(host))
        return QByteArrayLiteral("[unknown]");
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 ipv4 = address.toIPv4Address(&mapped);
        if (!mapped)
            return "[IPv6:" + address.toString().toLatin1() + ']';
        address = QHostAddress(ipv4);
    }
    return '[' + address.toString().toLatin1() + ']';
}

QByteArray ReceivedField::toBytes() const
{
    QByteArray field = "Received: from " + safeName(heloName) + " (" + peerLiteral() + ")\r\n";
    field += "\tby " + safeName(byHost) + " with " + protocolName();
    if (!id.isEmpty())
        field += " id " + id;
    if (!recipient.isEmpty())
        field += "\r\n\tfor " + recipient;
    field += ";\r\n\t" + mime::MessageDate::format(when.toUTC()) + "\r\n";
    return field;
}

} // namespace magpie::server
