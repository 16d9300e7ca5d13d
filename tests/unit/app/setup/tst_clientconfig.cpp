// SPDX-License-Identifier: GPL-3.0-or-later
// The Mozilla autoconfig parser (ClientConfig): a real-shaped file, the choice among its
// servers (never plaintext, never OAuth-only), and hostile documents: entity expansion, DTDs,
// junk, oversize files, host names and user names that could inject anything.
#include "app/setup/ClientConfig.h"

#include <QTest>

using namespace magpie::app;
using namespace Qt::StringLiterals;
using Security = magpie::net::ServerEndpoint::Security;
using Incoming = magpie::sync::AccountConfig::Incoming;

namespace {
QByteArray document(const QByteArray &servers, const QByteArray &prolog = {})
{
    return "<?xml version=\"1.0\"?>\n" + prolog
        + "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
          "<domain>example.org</domain><domain>Example.NET</domain>"
          "<displayName>Example Mail</displayName>"
        + servers + "</emailProvider></clientConfig>";
}

QByteArray server(const QByteArray &element, const QByteArray &type, const QByteArray &host,
                  const QByteArray &port, const QByteArray &socketType,
                  const QByteArray &user = "%EMAILADDRESS%",
                  const QByteArray &auth = "password-cleartext")
{
    return "<" + element + " type=\"" + type + "\"><hostname>" + host + "</hostname><port>" + port
        + "</port><socketType>" + socketType + "</socketType><username>" + user
        + "</username><authentication>" + auth + "</authentication></" + element + ">";
}
QByteArray incoming(const QByteArray &type, const QByteArray &host, const QByteArray &port,
                    const QByteArray &socketType, const QByteArray &user = "%EMAILADDRESS%",
                    const QByteArray &auth = "password-cleartext")
{
    return server("incomingServer", type, host, port, socketType, user, auth);
}
QByteArray outgoing(const QByteArray &host, const QByteArray &port, const QByteArray &socketType)
{
    return server("outgoingServer", "smtp", host, port, socketType);
}

std::optional<MailServerProposal> proposal(const QByteArray &xml, QString *error = nullptr)
{
    const auto config = ClientConfig::parse(xml, error);
    if (!config)
        return std::nullopt;
    return config->proposalFor(u"ann@example.org"_s, MailServerProposal::Source::Autoconfig);
}
} // namespace

class TestClientConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typicalFile();
    void firstUsableServerWins();
    void plaintextIsNeverProposed();
    void oauthOnlyIsSkipped();
    void unknownElementsAreIgnored();
    void badEntriesAreSkipped_data();
    void badEntriesAreSkipped();
    void refusedDocuments_data();
    void refusedDocuments();
    void hostNames_data();
    void hostNames();
};

void TestClientConfig::typicalFile()
{
    QString error;
    const auto config = ClientConfig::parse(
        document(incoming("imap", "imap.example.org", "993", "SSL")
                 + incoming("pop3", "pop.example.org", "995", "SSL")
                 + outgoing("smtp.example.org", "587", "STARTTLS")),
        &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->id, u"example.org"_s);
    QCOMPARE(config->displayName, u"Example Mail"_s);
    QCOMPARE(config->domains, QStringList({ u"example.org"_s, u"example.net"_s }));
    QCOMPARE(config->incoming.size(), 2);
    QCOMPARE(config->outgoing.size(), 1);
    const auto p = config->proposalFor(u"ann@example.org"_s, MailServerProposal::Source::Autoconfig);
    QVERIFY(p);
    QCOMPARE(p->source, MailServerProposal::Source::Autoconfig);
    QCOMPARE(p->incoming, Incoming::Imap);
    QCOMPARE(p->incomingServer.host, u"imap.example.org"_s);
    QCOMPARE(p->incomingServer.port, quint16(993));
    QCOMPARE(p->incomingServer.security, Security::ImplicitTls);
    QCOMPARE(p->incomingUser, u"ann@example.org"_s);
    QCOMPARE(p->smtpServer.host, u"smtp.example.org"_s);
    QCOMPARE(p->smtpServer.port, quint16(587));
    QCOMPARE(p->smtpServer.security, Security::StartTls);
}

void TestClientConfig::firstUsableServerWins()
{
    // The provider's order is its preference: POP3 first means POP3.
    const auto p = proposal(document(incoming("pop3", "pop.example.org", "995", "SSL", "%EMAILLOCALPART%")
                                     + incoming("imap", "imap.example.org", "993", "SSL")));
    QVERIFY(p);
    QCOMPARE(p->incoming, Incoming::Pop3);
    QCOMPARE(p->incomingUser, u"ann"_s);
    QVERIFY(!p->hasSmtp());
}

void TestClientConfig::plaintextIsNeverProposed()
{
    auto p = proposal(document(incoming("imap", "imap.example.org", "143", "plain")
                               + incoming("imap", "imap.example.org", "143", "STARTTLS")
                               + outgoing("smtp.example.org", "25", "plain")
                               + outgoing("smtp.example.org", "465", "SSL")));
    QVERIFY(p);
    QCOMPARE(p->incomingServer.security, Security::StartTls);
    QCOMPARE(p->smtpServer.port, quint16(465));
    QCOMPARE(p->smtpServer.security, Security::ImplicitTls);

    p = proposal(document(incoming("imap", "imap.example.org", "143", "plain")));
    QVERIFY(!p);
}

void TestClientConfig::oauthOnlyIsSkipped()
{
    auto p = proposal(document(incoming("imap", "oauth.example.org", "993", "SSL", "%EMAILADDRESS%", "OAuth2")
                               + incoming("imap", "imap.example.org", "993", "SSL")));
    QVERIFY(p);
    QCOMPARE(p->incomingServer.host, u"imap.example.org"_s);
    QVERIFY(!proposal(document(incoming("imap", "imap.example.org", "993", "SSL", "%EMAILADDRESS%", "OAuth2"))));
}

void TestClientConfig::unknownElementsAreIgnored()
{
    const auto p = proposal(document(
        "<documentation url=\"https://example.org/help\"><descr lang=\"en\">Help</descr></documentation>"
        "<incomingServer type=\"exchange\"><hostname>ews.example.org</hostname><port>443</port>"
        "<socketType>SSL</socketType></incomingServer>"
        "<future><deeply><nested>stuff</nested></deeply></future>"
        + incoming("imap", "imap.example.org", "993", "SSL")));
    QVERIFY(p);
    QCOMPARE(p->incomingServer.host, u"imap.example.org"_s);
}

void TestClientConfig::badEntriesAreSkipped_data()
{
    QTest::addColumn<QByteArray>("entry");
    QTest::newRow("host with a space") << incoming("imap", "imap.example.org evil", "993", "SSL");
    QTest::newRow("host with CRLF") << incoming("imap", "imap.example.org&#13;&#10;X", "993", "SSL");
    QTest::newRow("host with a slash") << incoming("imap", "imap.example.org/x", "993", "SSL");
    QTest::newRow("host with a colon") << incoming("imap", "imap.example.org:25", "993", "SSL");
    QTest::newRow("host too long") << incoming("imap", QByteArray(300, 'a'), "993", "SSL");
    QTest::newRow("port 0") << incoming("imap", "imap.example.org", "0", "SSL");
    QTest::newRow("port 70000") << incoming("imap", "imap.example.org", "70000", "SSL");
    QTest::newRow("port text") << incoming("imap", "imap.example.org", "imaps", "SSL");
    QTest::newRow("negative port") << incoming("imap", "imap.example.org", "-993", "SSL");
    QTest::newRow("unknown socket type") << incoming("imap", "imap.example.org", "993", "TLS-ish");
    QTest::newRow("user with a newline")
        << incoming("imap", "imap.example.org", "993", "SSL", "ann&#10;A1 DELETE INBOX");
    QTest::newRow("user with NUL-like control") << incoming("imap", "imap.example.org", "993", "SSL", "ann&#9;x");
    QTest::newRow("no port") << QByteArray("<incomingServer type=\"imap\"><hostname>imap.example.org</hostname>"
                                           "<socketType>SSL</socketType></incomingServer>");
}

void TestClientConfig::badEntriesAreSkipped()
{
    QFETCH(QByteArray, entry);
    QString error;
    const auto config = ClientConfig::parse(document(entry), &error);
    QVERIFY2(config, qPrintable(error)); // the file is fine, the entry is not
    QVERIFY(config->incoming.isEmpty());
    QVERIFY(!config->proposalFor(u"ann@example.org"_s, MailServerProposal::Source::Autoconfig));
    // With a good entry after it, the good one is used.
    const auto p = proposal(document(entry + incoming("imap", "good.example.org", "993", "SSL")));
    QVERIFY(p);
    QCOMPARE(p->incomingServer.host, u"good.example.org"_s);
    QCOMPARE(p->incomingServer.port, quint16(993));
}

void TestClientConfig::refusedDocuments_data()
{
    QTest::addColumn<QByteArray>("xml");
    const QByteArray good = incoming("imap", "imap.example.org", "993", "SSL");
    QTest::newRow("billion laughs") << document(
        "<displayName>&lol3;</displayName>" + good,
        "<!DOCTYPE clientConfig [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;\">]>\n");
    QTest::newRow("external entity") << document(
        "<displayName>&xxe;</displayName>" + good,
        "<!DOCTYPE clientConfig [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n");
    QTest::newRow("any DTD") << document(good, "<!DOCTYPE clientConfig>\n");
    QTest::newRow("not XML") << QByteArray("<html><body>404 Not Found</body></html>");
    QTest::newRow("HTML error page") << QByteArray("<!DOCTYPE html><html></html>");
    QTest::newRow("truncated") << document(good).left(120);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no provider") << QByteArray("<clientConfig version=\"1.1\"></clientConfig>");
    QTest::newRow("unclosed") << QByteArray("<clientConfig><emailProvider id=\"x\">") + good;
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe<clientConfig>", 16);
    QTest::newRow("oversize") << document(good + "<displayName>" + QByteArray(ClientConfig::kMaxBytes, 'x')
                                          + "</displayName>");
}

void TestClientConfig::refusedDocuments()
{
    QFETCH(QByteArray, xml);
    QString error;
    QVERIFY(!ClientConfig::parse(xml, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(error.endsWith(u'.') || error.endsWith(u')'));
}

void TestClientConfig::hostNames_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << u"imap.example.org"_s << true;
    QTest::newRow("single label") << u"localhost"_s << true;
    QTest::newRow("ipv4") << u"127.0.0.1"_s << true;
    QTest::newRow("trailing dot") << u"example.org."_s << true;
    QTest::newRow("hyphen inside") << u"mail-1.example.org"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("only a dot") << u"."_s << false;
    QTest::newRow("double dot") << u"a..b"_s << false;
    QTest::newRow("leading hyphen") << u"-a.example.org"_s << false;
    QTest::newRow("underscore") << u"a_b.example.org"_s << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("newline") << u"a\r\nb"_s << false;
    QTest::newRow("at sign") << u"user@host"_s << false;
    QTest::newRow("non-ascii") << u"b\u00fccher.example"_s << false;
    QTest::newRow("label of 64") << (QString(64, u'a') + u".org"_s) << false;
    QTest::newRow("label of 63") << (QString(63, u'a') + u".org"_s) << true;
}

void TestClientConfig::hostNames()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);
    QCOMPARE(MailServerProposal::isHostName(host), valid);
}

QTEST_GUILESS_MAIN(TestClientConfig)
#include "tst_clientconfig.moc"
