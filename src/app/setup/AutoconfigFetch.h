// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/MailServerProposal.h"

#include <QCoreApplication>
#include <QObject>
#include <QSslCertificate>
#include <QStringList>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace magpie::app {

// Fetches a domain's Mozilla autoconfig file, HTTPS only (a file fetched in the clear could
// send the password anywhere), from the places Thunderbird looks first:
//   https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>
//   https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml
// Redirects are followed only to HTTPS; a reply larger than ClientConfig::kMaxBytes is cut
// off; each request gives up after a few seconds.
class AutoconfigFetch : public QObject
{
    Q_OBJECT
public:
    explicit AutoconfigFetch(QObject *parent = nullptr);
    ~AutoconfigFetch() override;

    static QList<QUrl> urlsFor(const QString &address);

    void start(const QString &address);
    // From `urls` instead of urlsFor(address) (tests; only https URLs are asked).
    void start(const QString &address, const QList<QUrl> &urls);
    void abort();
    // Milliseconds before one request gives up (tests shorten it).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    // Trusted in addition to the system's roots (tests' own CA; never instead of them).
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates)
    {
        m_extraCaCertificates = certificates;
    }

Q_SIGNALS:
    // `proposal` is std::nullopt when no file was found or none could be used; `problems`
    // says why for each place tried (for the details, not as an error: most domains have none).
    void finished(const std::optional<magpie::app::MailServerProposal> &proposal,
                  const QStringList &problems);

private:
    void tryNext();
    void onReplyFinished();

    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_reply = nullptr;
    QString m_address;
    QList<QUrl> m_pending;
    QStringList m_problems;
    QList<QSslCertificate> m_extraCaCertificates;
    int m_timeoutMs = 10'000;
};

} // namespace magpie::app
