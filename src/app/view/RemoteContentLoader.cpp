// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/RemoteContentLoader.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace magpie::app {

RemoteContentLoader::RemoteContentLoader(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    m_network->setTransferTimeout(kTimeoutMs);
}

RemoteContentLoader::~RemoteContentLoader()
{
    abort();
}

void RemoteContentLoader::load(const QStringList &urls)
{
    abort();
    for (const QString &text : urls) {
        if (m_replies.size() >= kMaxResources)
            break;
        const QUrl url(text);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != u"http" && scheme != u"https"))
            continue;
        QNetworkRequest request(url);
        // A tracker learns that the message was opened; it need not learn who opened it.
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setMaximumRedirectsAllowed(5);
        QNetworkReply *reply = m_network->get(request);
        m_replies.append(reply);
        connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
            if (received > kMaxBytes)
                reply->abort();
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    }
    if (m_replies.isEmpty())
        Q_EMIT finished();
}

void RemoteContentLoader::abort()
{
    const QList<QNetworkReply *> replies = std::exchange(m_replies, {});
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void RemoteContentLoader::onFinished(QNetworkReply *reply)
{
    if (!m_replies.removeOne(reply))
        return;
    reply->deleteLater();
    if (reply->error() == QNetworkReply::NoError) {
        const QByteArray data = reply->read(kMaxBytes + 1);
        if (data.size() <= kMaxBytes)
            Q_EMIT resourceLoaded(reply->request().url(), data);
    }
    if (m_replies.isEmpty())
        Q_EMIT finished();
}

} // namespace magpie::app
