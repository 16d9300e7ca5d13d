// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/AccountSettings.h"

#include <QSettings>
#include <QSslCertificate>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace magpie::sync {

namespace {

const QString kGroup = u"accounts"_s;

QString securityName(net::ServerEndpoint::Security security)
{
    switch (security) {
    case net::ServerEndpoint::Security::ImplicitTls:
        return u"tls"_s;
    case net::ServerEndpoint::Security::StartTls:
        return u"starttls"_s;
    case net::ServerEndpoint::Security::Plaintext:
        return u"plaintext"_s;
    }
    return u"tls"_s;
}

// Anything unknown reads as TLS from the first byte: a damaged file never weakens security.
net::ServerEndpoint::Security securityFrom(const QString &name)
{
    if (name == u"starttls"_s)
        return net::ServerEndpoint::Security::StartTls;
    if (name == u"plaintext"_s)
        return net::ServerEndpoint::Security::Plaintext;
    return net::ServerEndpoint::Security::ImplicitTls;
}

void writeEndpoint(QSettings &settings, const QString &prefix, const net::ServerEndpoint &server,
                   const QString &user)
{
    settings.setValue(prefix + u"/host"_s, server.host);
    settings.setValue(prefix + u"/port"_s, int(server.port));
    settings.setValue(prefix + u"/security"_s, securityName(server.security));
    settings.setValue(prefix + u"/user"_s, user);
    settings.setValue(prefix + u"/pinnedSha256"_s, QString::fromLatin1(server.pinnedSha256.toHex()));
    QByteArray pem;
    for (const QSslCertificate &certificate : server.extraCaCertificates)
        pem += certificate.toPem();
    settings.setValue(prefix + u"/caCertificates"_s, QString::fromLatin1(pem));
    settings.setValue(prefix + u"/connectTimeoutMs"_s, server.connectTimeoutMs);
    settings.setValue(prefix + u"/readTimeoutMs"_s, server.readTimeoutMs);
}

net::ServerEndpoint readEndpoint(const QSettings &settings, const QString &prefix, QString *user)
{
    net::ServerEndpoint server;
    server.host = settings.value(prefix + u"/host"_s).toString();
    const int port = settings.value(prefix + u"/port"_s, 0).toInt();
    server.port = port > 0 && port <= 65535 ? quint16(port) : 0;
    server.security = securityFrom(settings.value(prefix + u"/security"_s).toString());
    *user = settings.value(prefix + u"/user"_s).toString();
    const QByteArray pin =
        QByteArray::fromHex(settings.value(prefix + u"/pinnedSha256"_s).toString().toLatin1());
    if (pin.size() == 32) // SHA-256; anything else is not a pin and is not trusted
        server.pinnedSha256 = pin;
    server.extraCaCertificates = QSslCertificate::fromData(
        settings.value(prefix + u"/caCertificates"_s).toString().toLatin1(), QSsl::Pem);
    const net::ServerEndpoint defaults;
    server.connectTimeoutMs =
        settings.value(prefix + u"/connectTimeoutMs"_s, defaults.connectTimeoutMs).toInt();
    server.readTimeoutMs = settings.value(prefix + u"/readTimeoutMs"_s, defaults.readTimeoutMs).toInt();
    if (server.connectTimeoutMs <= 0)
        server.connectTimeoutMs = defaults.connectTimeoutMs;
    if (server.readTimeoutMs <= 0)
        server.readTimeoutMs = defaults.readTimeoutMs;
    return server;
}

void writeAccount(QSettings &settings, const AccountConfig &account)
{
    settings.setValue(u"id"_s, account.id);
    settings.setValue(u"displayName"_s, account.displayName);
    settings.setValue(u"identityName"_s, account.identityName);
    settings.setValue(u"address"_s, account.address);
    settings.setValue(u"incoming/protocol"_s,
                      account.incoming == AccountConfig::Incoming::Pop3 ? u"pop3"_s : u"imap"_s);
    writeEndpoint(settings, u"incoming"_s, account.incomingServer, account.incomingUser);
    writeEndpoint(settings, u"smtp"_s, account.smtpServer, account.smtpUser);
    settings.setValue(u"pop3/leaveOnServer"_s, account.pop3LeaveOnServer);
    settings.setValue(u"pop3/deleteAfterDays"_s, account.pop3DeleteAfterDays);
    settings.setValue(u"checkIntervalMinutes"_s, account.checkIntervalMinutes);
    settings.setValue(u"prefetchDays"_s, account.prefetchDays);
    settings.setValue(u"useCondstore"_s, account.useCondstore);
    settings.setValue(u"useQresync"_s, account.useQresync);
    settings.setValue(u"useIdle"_s, account.useIdle);
}

AccountConfig readAccount(const QSettings &settings)
{
    const AccountConfig defaults;
    AccountConfig account;
    account.id = settings.value(u"id"_s).toString();
    account.displayName = settings.value(u"displayName"_s).toString();
    account.identityName = settings.value(u"identityName"_s).toString();
    account.address = settings.value(u"address"_s).toString();
    account.incoming = settings.value(u"incoming/protocol"_s).toString() == u"pop3"_s
        ? AccountConfig::Incoming::Pop3
        : AccountConfig::Incoming::Imap;
    account.incomingServer = readEndpoint(settings, u"incoming"_s, &account.incomingUser);
    account.smtpServer = readEndpoint(settings, u"smtp"_s, &account.smtpUser);
    account.pop3LeaveOnServer =
        settings.value(u"pop3/leaveOnServer"_s, defaults.pop3LeaveOnServer).toBool();
    account.pop3DeleteAfterDays =
        qMax(0, settings.value(u"pop3/deleteAfterDays"_s, defaults.pop3DeleteAfterDays).toInt());
    account.checkIntervalMinutes =
        settings.value(u"checkIntervalMinutes"_s, defaults.checkIntervalMinutes).toInt();
    if (account.checkIntervalMinutes < 1)
        account.checkIntervalMinutes = defaults.checkIntervalMinutes;
    account.prefetchDays = qMax(0, settings.value(u"prefetchDays"_s, defaults.prefetchDays).toInt());
    account.useCondstore = settings.value(u"useCondstore"_s, defaults.useCondstore).toBool();
    account.useQresync = settings.value(u"useQresync"_s, defaults.useQresync).toBool();
    account.useIdle = settings.value(u"useIdle"_s, defaults.useIdle).toBool();
    return account;
}

QString statusSentence(const QSettings &settings, const QString &path)
{
    switch (settings.status()) {
    case QSettings::NoError:
        return {};
    case QSettings::AccessError:
        return AccountSettings::tr("The settings file %1 cannot be written. Check that its "
                                   "folder exists and that you may write to it.")
            .arg(path);
    case QSettings::FormatError:
        return AccountSettings::tr("The settings file %1 is damaged and was not changed. "
                                   "Repair or remove it.")
            .arg(path);
    }
    return {};
}

} // namespace

AccountSettings::AccountSettings(const QString &iniPath)
    : m_path(iniPath)
{ }

QList<AccountConfig> AccountSettings::load() const
{
    QSettings settings(m_path, QSettings::IniFormat);
    QList<AccountConfig> accounts;
    const int count = settings.beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        const AccountConfig account = readAccount(settings);
        if (account.isValid())
            accounts.append(account);
    }
    settings.endArray();
    return accounts;
}

QString AccountSettings::save(const QList<AccountConfig> &accounts) const
{
    QSettings settings(m_path, QSettings::IniFormat);
    settings.remove(kGroup); // so fewer accounts leave no stale entries behind
    settings.beginWriteArray(kGroup, int(accounts.size()));
    for (int i = 0; i < accounts.size(); ++i) {
        settings.setArrayIndex(i);
        writeAccount(settings, accounts.at(i));
    }
    settings.endArray();
    settings.sync();
    return statusSentence(settings, m_path);
}

std::optional<AccountConfig> AccountSettings::account(const QString &id) const
{
    const QList<AccountConfig> accounts = load();
    for (const AccountConfig &account : accounts) {
        if (account.id == id)
            return account;
    }
    return std::nullopt;
}

QString AccountSettings::upsert(const AccountConfig &account) const
{
    QList<AccountConfig> accounts = load();
    bool replaced = false;
    for (AccountConfig &existing : accounts) {
        if (existing.id == account.id) {
            existing = account;
            replaced = true;
        }
    }
    if (!replaced)
        accounts.append(account);
    return save(accounts);
}

QString AccountSettings::remove(const QString &id) const
{
    QList<AccountConfig> accounts = load();
    accounts.removeIf([&id](const AccountConfig &account) { return account.id == id; });
    return save(accounts);
}

QString AccountSettings::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace magpie::sync
