// SPDX-License-Identifier: GPL-3.0-or-later
// The bundled provider list (resources/providers): every file parses, each domain belongs to
// one provider, every provider is reached over TLS, and lookups by address give the servers
// and login names the provider documents.
#include "app/setup/ProviderList.h"

#include <QSet>
#include <QTest>

using namespace magpie::app;
using namespace Qt::StringLiterals;
using Security = magpie::net::ServerEndpoint::Security;
using Incoming = magpie::sync::AccountConfig::Incoming;

class TestProviderList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFileParses();
    void domainsAreUnique();
    void everyProviderUsesTls();
    void gmail();
    void domainIsCaseInsensitive();
    void icloudLogsInWithTheLocalPart();
    void protonBridgeIsLocal();
    void unknownDomain();
    void placeholders();
};

void TestProviderList::everyFileParses()
{
    (void)ProviderList::bundled(); // registers the resources
    QStringList problems;
    const ProviderList list = ProviderList::load(u":/providers"_s, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(list.providers().size() >= 15);
    QCOMPARE(ProviderList::bundled().providers().size(), list.providers().size());
}

void TestProviderList::domainsAreUnique()
{
    QSet<QString> seen;
    for (const ClientConfig &provider : ProviderList::bundled().providers()) {
        QVERIFY2(!provider.domains.isEmpty(), qPrintable(provider.id));
        for (const QString &domain : provider.domains) {
            QVERIFY2(!seen.contains(domain), qPrintable(domain));
            seen.insert(domain);
        }
    }
}

void TestProviderList::everyProviderUsesTls()
{
    for (const ClientConfig &provider : ProviderList::bundled().providers()) {
        const auto proposal = provider.proposalFor(u"someone@"_s + provider.domains.first(),
                                                   MailServerProposal::Source::ProviderList);
        QVERIFY2(proposal, qPrintable(provider.id));
        QVERIFY2(proposal->hasIncoming() && proposal->hasSmtp(), qPrintable(provider.id));
        QVERIFY(!provider.displayName.isEmpty());
        QVERIFY(proposal->incomingServer.security != Security::Plaintext);
        QVERIFY(proposal->smtpServer.security != Security::Plaintext);
    }
}

void TestProviderList::gmail()
{
    const auto proposal = ProviderList::bundled().proposalFor(u"alice@gmail.com"_s);
    QVERIFY(proposal);
    QCOMPARE(proposal->providerName, u"Gmail"_s);
    QCOMPARE(proposal->source, MailServerProposal::Source::ProviderList);
    QCOMPARE(proposal->incoming, Incoming::Imap);
    QCOMPARE(proposal->incomingServer.host, u"imap.gmail.com"_s);
    QCOMPARE(proposal->incomingServer.port, quint16(993));
    QCOMPARE(proposal->incomingServer.security, Security::ImplicitTls);
    QCOMPARE(proposal->incomingUser, u"alice@gmail.com"_s);
    QCOMPARE(proposal->smtpServer.host, u"smtp.gmail.com"_s);
    QCOMPARE(proposal->smtpServer.port, quint16(465));
    QCOMPARE(proposal->smtpUser, u"alice@gmail.com"_s);
    QVERIFY(proposal->remarks.contains(MailServerProposal::Remark::AppPassword));
    QVERIFY(MailServerProposal::remarkText(MailServerProposal::Remark::AppPassword, proposal->providerName)
                .contains(u"Gmail"_s));
}

void TestProviderList::domainIsCaseInsensitive()
{
    const auto proposal = ProviderList::bundled().proposalFor(u"Bob.Smith@GoogleMail.COM"_s);
    QVERIFY(proposal);
    QCOMPARE(proposal->incomingServer.host, u"imap.gmail.com"_s);
    QCOMPARE(proposal->incomingUser, u"Bob.Smith@GoogleMail.COM"_s); // as typed
    QVERIFY(ProviderList::bundled().proposalFor(u"x@web.de"_s));
    QCOMPARE(ProviderList::bundled().proposalFor(u"x@web.de"_s)->smtpServer.security, Security::StartTls);
}

void TestProviderList::icloudLogsInWithTheLocalPart()
{
    const auto proposal = ProviderList::bundled().proposalFor(u"carol@me.com"_s);
    QVERIFY(proposal);
    QCOMPARE(proposal->incomingServer.host, u"imap.mail.me.com"_s);
    QCOMPARE(proposal->incomingUser, u"carol"_s);
    QCOMPARE(proposal->smtpServer.host, u"smtp.mail.me.com"_s);
    QCOMPARE(proposal->smtpServer.port, quint16(587));
    QCOMPARE(proposal->smtpUser, u"carol@me.com"_s);
}

void TestProviderList::protonBridgeIsLocal()
{
    const auto proposal = ProviderList::bundled().proposalFor(u"dave@proton.me"_s);
    QVERIFY(proposal);
    QCOMPARE(proposal->incomingServer.host, u"127.0.0.1"_s);
    QCOMPARE(proposal->incomingServer.port, quint16(1143));
    QCOMPARE(proposal->incomingServer.security, Security::StartTls);
    QVERIFY(proposal->remarks.contains(MailServerProposal::Remark::LocalBridge));
}

void TestProviderList::unknownDomain()
{
    QVERIFY(!ProviderList::bundled().proposalFor(u"alice@example.test"_s));
    QVERIFY(!ProviderList::bundled().proposalFor(u"no-at-sign"_s));
    QVERIFY(!ProviderList::bundled().proposalFor(u"alice@"_s));
    // A subdomain is another domain: mail.gmail.com is not Gmail's address space.
    QVERIFY(!ProviderList::bundled().proposalFor(u"alice@mail.gmail.com"_s));
}

void TestProviderList::placeholders()
{
    const QString address = u"first.last@example.org"_s;
    QCOMPARE(MailServerProposal::expand(u"%EMAILADDRESS%"_s, address), address);
    QCOMPARE(MailServerProposal::expand(u"%EMAILLOCALPART%"_s, address), u"first.last"_s);
    QCOMPARE(MailServerProposal::expand(u"%EMAILDOMAIN%"_s, address), u"example.org"_s);
    QCOMPARE(MailServerProposal::expand(u"mail-%EMAILLOCALPART%"_s, address), u"mail-first.last"_s);
    QCOMPARE(MailServerProposal::expand(u"fixed"_s, address), u"fixed"_s);
    QCOMPARE(MailServerProposal::domainOf(u"A@Example.COM "_s), u"example.com"_s);
}

QTEST_GUILESS_MAIN(TestProviderList)
#include "tst_providerlist.moc"
