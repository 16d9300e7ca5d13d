// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/MailServerProposal.h"

using namespace Qt::StringLiterals;

namespace magpie::app {

QString MailServerProposal::expand(const QString &pattern, const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    const QString local = at < 0 ? address : address.left(at);
    const QString domain = at < 0 ? QString() : address.mid(at + 1);
    QString text = pattern;
    text.replace(u"%EMAILADDRESS%"_s, address);
    text.replace(u"%EMAILLOCALPART%"_s, local);
    text.replace(u"%EMAILDOMAIN%"_s, domain);
    return text;
}

QString MailServerProposal::domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0)
        return {};
    return address.mid(at + 1).trimmed().toLower();
}

bool MailServerProposal::isHostName(const QString &host)
{
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QStringList labels = host.split(u'.');
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString &label = labels.at(i);
        if (label.isEmpty())
            return i == labels.size() - 1 && i > 0; // one trailing dot: a fully qualified name
        if (label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (const QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
                || (u >= u'0' && u <= u'9') || u == u'-';
            if (!ok)
                return false;
        }
    }
    return true;
}

QString MailServerProposal::sourceText(Source source)
{
    switch (source) {
    case Source::ProviderList:
        return tr("Magpie's list of mail providers");
    case Source::Autoconfig:
        return tr("the configuration file published by the domain");
    case Source::SrvRecords:
        return tr("the domain's DNS service records");
    case Source::CommonNames:
        return tr("commonly used server names");
    }
    return {};
}

QString MailServerProposal::remarkText(Remark remark, const QString &providerName)
{
    const QString name = providerName.isEmpty() ? tr("This provider") : providerName;
    switch (remark) {
    case Remark::AppPassword:
        return tr("%1 refuses the password you use on its web site in mail programs: create an "
                  "app password in its account security settings and enter that one here.")
            .arg(name);
    case Remark::OAuthPreferred:
        return tr("%1 is replacing passwords with OAuth 2.0 sign-in, which this version of "
                  "Magpie cannot do yet; the login may be refused.")
            .arg(name);
    case Remark::LocalBridge:
        return tr("%1 is reached through a program on this computer: start it first, and "
                  "use the password it shows, not your account password.")
            .arg(name);
    case Remark::EnableImap:
        return tr("Switch on IMAP access in the web settings of %1 before testing.").arg(name);
    }
    return {};
}

} // namespace magpie::app
