// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli's server URLs: schemes, default ports, the user, STARTTLS, and what is refused.
#include "cli/MailUrl.h"

#include <QTest>

using namespace Qt::StringLiterals;
using magpie::cli::MailUrl;
using Security = magpie::net::ServerEndpoint::Security;

Q_DECLARE_METATYPE(MailUrl::Protocol)
Q_DECLARE_METATYPE(Security)

class TestMailUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void endpointCarriesHostPortAndSecurity();
};

void TestMailUrl::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<MailUrl::Protocol>("protocol");
    QTest::addColumn<Security>("security");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("canonical");

    const auto imap = MailUrl::Protocol::Imap;
    const auto pop3 = MailUrl::Protocol::Pop3;
    const auto smtp = MailUrl::Protocol::Smtp;
    const auto tls = Security::ImplicitTls;
    const auto starttls = Security::StartTls;
    const auto plain = Security::Plaintext;

    // Default ports: RFC 8314 s7.3 for the TLS ones, RFC 6409 for submission.
    QTest::newRow("imaps default port")
        << u"imaps://alice@imap.example.com"_s << imap << tls << u"alice"_s << u"imap.example.com"_s
        << 993 << u"imaps://alice@imap.example.com:993"_s;
    QTest::newRow("imap default port")
        << u"imap://alice@imap.example.com"_s << imap << plain << u"alice"_s
        << u"imap.example.com"_s << 143 << u"imap://alice@imap.example.com:143"_s;
    QTest::newRow("pop3s default port")
        << u"pop3s://bob@pop.example.com"_s << pop3 << tls << u"bob"_s << u"pop.example.com"_s
        << 995 << u"pop3s://bob@pop.example.com:995"_s;
    QTest::newRow("pop3 default port")
        << u"pop3://bob@pop.example.com"_s << pop3 << plain << u"bob"_s << u"pop.example.com"_s
        << 110 << u"pop3://bob@pop.example.com:110"_s;
    QTest::newRow("smtps default port")
        << u"smtps://bob@smtp.example.com"_s << smtp << tls << u"bob"_s << u"smtp.example.com"_s
        << 465 << u"smtps://bob@smtp.example.com:465"_s;
    QTest::newRow("smtp default port")
        << u"smtp://bob@smtp.example.com"_s << smtp << plain << u"bob"_s << u"smtp.example.com"_s
        << 587 << u"smtp://bob@smtp.example.com:587"_s;

    QTest::newRow("explicit port") << u"imaps://alice@localhost:2993"_s << imap << tls << u"alice"_s
                                   << u"localhost"_s << 2993 << u"imaps://alice@localhost:2993"_s;
    QTest::newRow("address as user, %40")
        << u"imaps://alice%40example.com@127.0.0.1:2993"_s << imap << tls << u"alice@example.com"_s
        << u"127.0.0.1"_s << 2993 << u"imaps://alice%40example.com@127.0.0.1:2993"_s;
    QTest::newRow("other escapes in the user")
        << u"smtps://al%20ice%3A1@h"_s << smtp << tls << u"al ice:1"_s << u"h"_s << 465
        << u"smtps://al%20ice%3A1@h:465"_s;
    QTest::newRow("no user") << u"smtp://mail.example.com:25"_s << smtp << plain << QString()
                             << u"mail.example.com"_s << 25 << u"smtp://mail.example.com:25"_s;
    QTest::newRow("scheme and host case")
        << u"IMAPS://alice@IMAP.Example.COM"_s << imap << tls << u"alice"_s << u"imap.example.com"_s
        << 993 << u"imaps://alice@imap.example.com:993"_s;
    QTest::newRow("trailing slash") << u"imaps://alice@h/"_s << imap << tls << u"alice"_s << u"h"_s
                                    << 993 << u"imaps://alice@h:993"_s;
    QTest::newRow("IPv6") << u"imaps://alice@[::1]:2993"_s << imap << tls << u"alice"_s << u"::1"_s
                          << 2993 << u"imaps://alice@[::1]:2993"_s;
    QTest::newRow("IDN host as A-labels")
        << u"imaps://alice@bücher.example"_s << imap << tls << u"alice"_s
        << u"xn--bcher-kva.example"_s << 993 << u"imaps://alice@xn--bcher-kva.example:993"_s;

    QTest::newRow("imap starttls")
        << u"imap://alice@h?starttls=required"_s << imap << starttls << u"alice"_s << u"h"_s << 143
        << u"imap://alice@h:143?starttls=required"_s;
    QTest::newRow("pop3 starttls (STLS)")
        << u"pop3://bob@h:2110?starttls=required"_s << pop3 << starttls << u"bob"_s << u"h"_s
        << 2110 << u"pop3://bob@h:2110?starttls=required"_s;
    QTest::newRow("smtp starttls")
        << u"smtp://bob@h?starttls=required"_s << smtp << starttls << u"bob"_s << u"h"_s << 587
        << u"smtp://bob@h:587?starttls=required"_s;
    QTest::newRow("starttls=no is plaintext")
        << u"imap://alice@h?starttls=no"_s << imap << plain << u"alice"_s << u"h"_s << 143
        << u"imap://alice@h:143"_s;
    QTest::newRow("surrounding spaces") << u"  imaps://alice@h  "_s << imap << tls << u"alice"_s
                                        << u"h"_s << 993 << u"imaps://alice@h:993"_s;
}

void TestMailUrl::parses()
{
    QFETCH(QString, text);
    QFETCH(MailUrl::Protocol, protocol);
    QFETCH(Security, security);
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, canonical);

    QString error;
    const std::optional<MailUrl> url = MailUrl::parse(text, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(url->protocol(), protocol);
    QCOMPARE(url->security(), security);
    QCOMPARE(url->user(), user);
    QCOMPARE(url->hasUser(), !user.isEmpty());
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->isPlaintext(), security == Security::Plaintext);
    QCOMPARE(url->toString(), canonical);

    // The canonical form reads back as the same server.
    const std::optional<MailUrl> again = MailUrl::parse(canonical, &error);
    QVERIFY2(again.has_value(), qPrintable(error));
    QCOMPARE(again->user(), user);
    QCOMPARE(again->host(), host);
    QCOMPARE(again->port(), port);
    QCOMPARE(again->security(), security);
}

void TestMailUrl::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why"); // a part of the sentence

    QTest::newRow("empty") << QString() << u"must start with imap://"_s;
    QTest::newRow("http") << u"http://example.com"_s << u"must start with imap://"_s;
    QTest::newRow("pop without 3") << u"pop://bob@h"_s << u"must start with imap://"_s;
    QTest::newRow("no scheme") << u"alice@example.com"_s << u"must start with imap://"_s;
    QTest::newRow("no host") << u"imaps://"_s << u"names no server"_s;
    QTest::newRow("password") << u"imaps://alice:secret@h"_s << u"MAGPIE_PASSWORD"_s;
    QTest::newRow("path") << u"imaps://alice@h/INBOX"_s << u"path (/INBOX)"_s;
    QTest::newRow("fragment") << u"imaps://alice@h#x"_s << u"fragment"_s;
    QTest::newRow("port 0") << u"imaps://alice@h:0"_s << u"port 0"_s;
    QTest::newRow("port too big") << u"imaps://alice@h:70000"_s << u"port"_s;
    QTest::newRow("port not a number") << u"imaps://alice@h:imap"_s << u"port"_s;
    QTest::newRow("unknown option") << u"imap://alice@h?tls=yes"_s << u"“tls” is unknown"_s;
    QTest::newRow("starttls on imaps")
        << u"imaps://alice@h?starttls=required"_s << u"TLS from the first byte already"_s;
    QTest::newRow("starttls=maybe") << u"smtp://h?starttls=maybe"_s << u"not “maybe”"_s;
    QTest::newRow("starttls empty") << u"smtp://h?starttls"_s << u"not “”"_s;
}

void TestMailUrl::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    QString error;
    const std::optional<MailUrl> url = MailUrl::parse(text, &error);
    QVERIFY(!url.has_value());
    QVERIFY2(error.contains(why), qPrintable(error));
    // The sentence quotes what was given, so the user sees which argument is meant.
    QVERIFY2(error.contains(u'“' + text + u'”'), qPrintable(error));
}

void TestMailUrl::endpointCarriesHostPortAndSecurity()
{
    QString error;
    const auto url =
        MailUrl::parse(u"pop3://bob%40example.test@localhost:2110?starttls=required"_s, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    const magpie::net::ServerEndpoint endpoint = url->endpoint();
    QCOMPARE(endpoint.host, u"localhost"_s);
    QCOMPARE(endpoint.port, 2110);
    QCOMPARE(endpoint.security, Security::StartTls);
    QVERIFY(endpoint.extraCaCertificates.isEmpty());
    QVERIFY(endpoint.pinnedSha256.isEmpty());
    QCOMPARE(url->protocolName(), u"POP3"_s);
}

QTEST_GUILESS_MAIN(TestMailUrl)
#include "tst_mailurl.moc"
