// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/ServerConfig.h"

#include <QSet>

namespace magpie::server {

namespace {
// Just enough of RFC 5321 s4.1.2 to refuse what cannot be a login name here: one "@" with
// something on both sides, no spaces or control characters.
bool looksLikeAddress(const QString &address)
{
    const qsizetype at = address.indexOf(u'@');
    if (at <= 0 || at != address.lastIndexOf(u'@') || at == address.size() - 1)
        return false;
    for (QChar c : address) {
        if (c.isSpace() || c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}
} // namespace

std::optional<LocalUser> LocalUser::parse(const QString &spec, QString *whyNot)
{
    const qsizetype colon = spec.indexOf(u':');
    const QString address = colon < 0 ? spec : spec.left(colon);
    if (colon < 0 || colon == spec.size() - 1) {
        if (whyNot)
            *whyNot = tr("The user \"%1\" has no password; write it as address:password.")
                          .arg(address);
        return std::nullopt;
    }
    if (!looksLikeAddress(address)) {
        if (whyNot)
            *whyNot = tr("\"%1\" is not a mail address; a user is named by its address, such "
                         "as alice@example.test.")
                          .arg(address);
        return std::nullopt;
    }
    return LocalUser { address.toLower(), spec.mid(colon + 1) };
}

std::optional<ServerPorts> ServerPorts::fromBase(int base, QString *whyNot)
{
    // 995 is the largest offset; every port must stay within 1..65535.
    if (base < 0 || base + 995 > 65535) {
        if (whyNot)
            *whyNot = tr("The port base must be between 0 and 64540.");
        return std::nullopt;
    }
    auto port = [base](int wellKnown) { return static_cast<quint16>(base + wellKnown); };
    ServerPorts ports;
    ports.smtp = port(525);
    ports.submissions = port(465);
    ports.pop3 = port(110);
    ports.pop3s = port(995);
    ports.imap = port(143);
    ports.imaps = port(993);
    return ports;
}

QStringList ServerConfig::problems() const
{
    QStringList found;
    if (dataDir.isEmpty() && !inMemory)
        found << tr("Choose where mail is kept: --data DIR, or --memory for a throw-away server.");
    if (!dataDir.isEmpty() && inMemory)
        found << tr("--data and --memory exclude each other.");
    QSet<QString> seen;
    for (const LocalUser &user : users) {
        if (seen.contains(user.address))
            found << tr("The user %1 is listed twice.").arg(user.address);
        seen.insert(user.address);
    }
    if (!catchAll.isEmpty() && !seen.contains(catchAll.toLower()))
        found << tr("The catch-all user %1 is not one of the server's users.").arg(catchAll);
    return found;
}

} // namespace magpie::server
