// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/AutoconfigFetch.h"

#include "app/setup/ClientConfig.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace magpie::app {

AutoconfigFetch::AutoconfigFetch(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

AutoconfigFetch::~AutoconfigFetch()
{
    abort();
}

QList<QUrl> AutoconfigFetch::urlsFor(const QString &address)
{
    const QString domain = MailServerProposal::domainOf(address);
    if (!MailServerProposal::isHostName(domain))
        return {};
    QUrl first;
    first.setScheme(u"https"_s);
    first.setHost(u"autoconfig."_s + domain);
    first.setPath(u"/mail/config-v1.1.xml"_s);
    QUrlQuery query;
    query.addQueryItem(u"emailaddress"_s, QString::fromLatin1(QUrl::toPercentEncoding(address)));
    first.setQuery(query);
    QUrl second;
    second.setScheme(u"https"_s);
    second.setHost(domain);
    second.setPath(u"/.well-known/autoconfig/mail/config-v1.1.xml"_s);
    return { first, second };
}

void AutoconfigFetch::start(const QString &address)
{
    start(address, urlsFor(address.trimmed()));
}

void AutoconfigFetch::start(const QString &address, const QList<QUrl> &urls)
{
    abort();
    m_address = address.trimmed();
    m_pending = urls;
    m_problems.clear();
    tryNext();
}

void AutoconfigFetch::abort()
{
    m_pending.clear();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void AutoconfigFetch::tryNext()
{
    if (m_pending.isEmpty()) {
        Q_EMIT finished(std::nullopt, m_problems);
        return;
    }
    const QUrl url = m_pending.takeFirst();
    if (url.scheme() != u"https") {
        m_problems.append(url.toDisplayString(QUrl::RemoveQuery) + u": "_s
                          + tr("only HTTPS is used for configuration files."));
        tryNext();
        return;
    }
    QNetworkRequest request(url);
    if (!m_extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    // Never from HTTPS to HTTP: the file decides where the password goes.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (m_reply && received > ClientConfig::kMaxBytes)
            m_reply->abort(); // finished() follows with OperationCanceledError
    });
    connect(m_reply, &QNetworkReply::finished, this, &AutoconfigFetch::onReplyFinished);
}

void AutoconfigFetch::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const QString where = reply->request().url().toDisplayString(QUrl::RemoveQuery);
    if (reply->error() != QNetworkReply::NoError) {
        m_problems.append(where + u": "_s + reply->errorString());
        tryNext();
        return;
    }
    if (reply->url().scheme() != u"https") {
        m_problems.append(where + u": "_s + tr("the file was not served over HTTPS."));
        tryNext();
        return;
    }
    QString error;
    const std::optional<ClientConfig> config =
        ClientConfig::parse(reply->read(ClientConfig::kMaxBytes + 1), &error);
    std::optional<MailServerProposal> proposal;
    if (config)
        proposal = config->proposalFor(m_address, MailServerProposal::Source::Autoconfig);
    else
        m_problems.append(where + u": "_s + error);
    if (!proposal) {
        if (config)
            m_problems.append(where + u": "_s
                              + tr("the file lists no server Magpie can use safely."));
        tryNext();
        return;
    }
    m_pending.clear();
    Q_EMIT finished(proposal, m_problems);
}

} // namespace magpie::app
