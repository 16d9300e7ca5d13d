// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/UrlAccount.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace magpie::cli {

QString UrlAccount::idFor(const MailUrl &url)
{
    const QString scheme = url.protocol() == MailUrl::Protocol::Pop3 ? u"pop3"_s : u"imap"_s;
    const QString user =
        QString::fromLatin1(QUrl::toPercentEncoding(url.user(), QByteArrayLiteral("!$&'()*+,;=")));
    QString host = url.host().toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']'; // IPv6
    return scheme + u':' + user + u'@' + host + u':' + QString::number(url.port());
}

sync::AccountConfig UrlAccount::make(const MailUrl &url, const net::ServerEndpoint &endpoint,
                                     const std::optional<sync::AccountConfig> &existing)
{
    sync::AccountConfig account = existing.value_or(sync::AccountConfig {});
    account.id = idFor(url);
    if (account.displayName.isEmpty())
        account.displayName = url.user() + u" on "_s + url.host();
    if (account.address.isEmpty() && url.user().contains(u'@'))
        account.address = url.user();
    account.incoming = url.protocol() == MailUrl::Protocol::Pop3 ? sync::AccountConfig::Incoming::Pop3
                                                                 : sync::AccountConfig::Incoming::Imap;
    account.incomingServer = endpoint;
    account.incomingUser = url.user();
    return account;
}

} // namespace magpie::cli
