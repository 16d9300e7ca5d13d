// SPDX-License-Identifier: GPL-3.0-or-later
// AutoconfigFetch against a small HTTPS server in this process (QSslServer with the loopback
// server's self-made identity): the second place is tried when the first has nothing, the
// file's servers become the proposal, and plain HTTP, downgrading redirects and oversize
// replies are refused.
#include "app/setup/AutoconfigFetch.h"
#include "app/setup/ClientConfig.h"
#include "server/TlsIdentity.h"

#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace magpie::app;
using namespace Qt::StringLiterals;
using Security = magpie::net::ServerEndpoint::Security;

namespace {

const QByteArray kConfig =
    "<?xml version=\"1.0\"?><clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
    "<domain>example.org</domain><displayName>Example</displayName>"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>587</port>"
    "<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>"
    "</emailProvider></clientConfig>";

// Answers each request by its path: HTTP/1.1, one request per connection.
class HttpsResponder : public QObject
{
public:
    explicit HttpsResponder(const magpie::server::TlsIdentity &identity)
    {
        m_server.setSslConfiguration(identity.serverConfiguration());
        connect(&m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (m_server.hasPendingConnections()) {
                auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection());
                if (!socket)
                    break;
                socket->setParent(this);
                connect(socket, &QSslSocket::readyRead, this, [this, socket] { answer(socket); });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }

    QHash<QByteArray, QByteArray> replies; // path -> whole HTTP reply
    QList<QByteArray> asked;

    QUrl url(const QString &path) const
    {
        return QUrl(u"https://127.0.0.1:"_s + QString::number(m_server.serverPort()) + path);
    }

private:
    void answer(QSslSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QByteArray path = buffer.split(' ').value(1);
        asked.append(path.split('?').first());
        socket->write(replies.value(path.split('?').first(),
                                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        socket->disconnectFromHost();
    }

    QSslServer m_server;
    QHash<QSslSocket *, QByteArray> m_buffers;
};

QByteArray ok(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class TestAutoconfigFetch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void standardPlaces();
    void secondPlaceAfterTheFirstHasNothing();
    void untrustedCertificateIsRefused();
    void plainHttpIsNeverAsked();
    void redirectToHttpIsRefused();
    void oversizeReplyIsRefused();

private:
    std::optional<MailServerProposal> fetch(AutoconfigFetch &fetcher, const QList<QUrl> &urls,
                                            QStringList *problems = nullptr);
    std::optional<magpie::server::TlsIdentity> m_identity;
};

void TestAutoconfigFetch::initTestCase()
{
    QString error;
    m_identity = magpie::server::TlsIdentity::generate(&error);
    QVERIFY2(m_identity, qPrintable(error));
}

void TestAutoconfigFetch::cleanup()
{
    // QNetworkAccessManager hands its connections (and their TLS state) to deleteLater when it
    // goes; the application's event loop would delete them, a finished test function does not.
    // Without this, a slow run ends with them alive and LeakSanitizer reports OpenSSL objects.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

std::optional<MailServerProposal> TestAutoconfigFetch::fetch(AutoconfigFetch &fetcher,
                                                             const QList<QUrl> &urls,
                                                             QStringList *problems)
{
    QSignalSpy finished(&fetcher, &AutoconfigFetch::finished);
    fetcher.start(u"ann@example.org"_s, urls);
    if (finished.isEmpty() && !finished.wait(10'000))
        return std::nullopt;
    const QList<QVariant> arguments = finished.takeFirst();
    if (problems)
        *problems = arguments.at(1).toStringList();
    return arguments.at(0).value<std::optional<MailServerProposal>>();
}

void TestAutoconfigFetch::standardPlaces()
{
    const QList<QUrl> urls = AutoconfigFetch::urlsFor(u"ann+tag@Example.org"_s);
    QCOMPARE(urls.size(), 2);
    QCOMPARE(urls.at(0).toString(),
             u"https://autoconfig.example.org/mail/config-v1.1.xml?emailaddress=ann%2Btag%40Example.org"_s);
    QCOMPARE(urls.at(1).toString(), u"https://example.org/.well-known/autoconfig/mail/config-v1.1.xml"_s);
    QVERIFY(AutoconfigFetch::urlsFor(u"ann@bad host"_s).isEmpty());
    QVERIFY(AutoconfigFetch::urlsFor(u"no-domain"_s).isEmpty());
}

void TestAutoconfigFetch::secondPlaceAfterTheFirstHasNothing()
{
    HttpsResponder responder(*m_identity);
    responder.replies.insert("/.well-known/autoconfig/mail/config-v1.1.xml", ok(kConfig));
    AutoconfigFetch fetcher;
    fetcher.setExtraCaCertificates({ m_identity->certificate() });
    QStringList problems;
    const auto proposal = fetch(fetcher,
                                { responder.url(u"/mail/config-v1.1.xml?emailaddress=ann%40example.org"_s),
                                  responder.url(u"/.well-known/autoconfig/mail/config-v1.1.xml"_s) },
                                &problems);
    QVERIFY2(proposal, qPrintable(problems.join(u'\n')));
    QCOMPARE(responder.asked, QList<QByteArray>({ "/mail/config-v1.1.xml",
                                                  "/.well-known/autoconfig/mail/config-v1.1.xml" }));
    QCOMPARE(problems.size(), 1); // the 404
    QCOMPARE(proposal->source, MailServerProposal::Source::Autoconfig);
    QCOMPARE(proposal->providerName, u"Example"_s);
    QCOMPARE(proposal->incomingServer.host, u"imap.example.org"_s);
    QCOMPARE(proposal->incomingUser, u"ann"_s);
    QCOMPARE(proposal->smtpServer.security, Security::StartTls);
    QCOMPARE(proposal->smtpUser, u"ann@example.org"_s);
}

void TestAutoconfigFetch::untrustedCertificateIsRefused()
{
    HttpsResponder responder(*m_identity);
    responder.replies.insert("/c.xml", ok(kConfig));
    AutoconfigFetch fetcher; // no extra CA: the self-made certificate is not trusted
    QStringList problems;
    QVERIFY(!fetch(fetcher, { responder.url(u"/c.xml"_s) }, &problems));
    QCOMPARE(problems.size(), 1);
    QVERIFY(responder.asked.isEmpty());
}

void TestAutoconfigFetch::plainHttpIsNeverAsked()
{
    AutoconfigFetch fetcher;
    QStringList problems;
    QVERIFY(!fetch(fetcher, { QUrl(u"http://127.0.0.1:1/mail/config-v1.1.xml"_s) }, &problems));
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(u"HTTPS"_s), qPrintable(problems.first()));
}

void TestAutoconfigFetch::redirectToHttpIsRefused()
{
    HttpsResponder responder(*m_identity);
    responder.replies.insert("/moved.xml", "HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:1/c.xml\r\n"
                                           "Content-Length: 0\r\nConnection: close\r\n\r\n");
    AutoconfigFetch fetcher;
    fetcher.setExtraCaCertificates({ m_identity->certificate() });
    QStringList problems;
    QVERIFY(!fetch(fetcher, { responder.url(u"/moved.xml"_s) }, &problems));
    QCOMPARE(problems.size(), 1);
}

void TestAutoconfigFetch::oversizeReplyIsRefused()
{
    HttpsResponder responder(*m_identity);
    QByteArray huge = kConfig;
    huge.insert(huge.indexOf("</emailProvider>"),
                "<x>" + QByteArray(ClientConfig::kMaxBytes, 'x') + "</x>");
    responder.replies.insert("/huge.xml", ok(huge));
    AutoconfigFetch fetcher;
    fetcher.setExtraCaCertificates({ m_identity->certificate() });
    QStringList problems;
    QVERIFY(!fetch(fetcher, { responder.url(u"/huge.xml"_s) }, &problems));
    QCOMPARE(problems.size(), 1);
}

QTEST_GUILESS_MAIN(TestAutoconfigFetch)
#include "tst_autoconfigfetch.moc"
