// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace magpie::app {

// Fetches the remote images of one message once the person allowed them ("Show once" or
// "Always for this sender"). Only http and https; no cookies sent or kept; redirects only to
// an address at least as safe (never https to http); each image is capped in size and time,
// and a message may not make Magpie fetch more than a fixed number of them.
class RemoteContentLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxResources = 100;
    static constexpr qint64 kMaxBytes = 10 * 1024 * 1024;
    static constexpr int kTimeoutMs = 20000;

    explicit RemoteContentLoader(QObject *parent = nullptr);
    ~RemoteContentLoader() override;

    // Starts fetching `urls`, abandoning what was being fetched for an earlier message.
    void load(const QStringList &urls);
    void abort();
    bool isLoading() const { return !m_replies.isEmpty(); }

Q_SIGNALS:
    void resourceLoaded(const QUrl &url, const QByteArray &data);
    // Every fetch of the last load() ended (well or not).
    void finished();

private:
    void onFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QList<QNetworkReply *> m_replies;
};

} // namespace magpie::app
