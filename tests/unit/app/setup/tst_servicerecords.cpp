// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 6186 SRV records to servers (ServiceRecords), the common-name guess, and the
// certificate fingerprint the probe offers to pin.
#include "app/setup/AccountProbe.h"
#include "app/setup/ServerDiscovery.h"
#include "app/setup/ServiceRecords.h"

#include <QTest>

using namespace magpie::app;
using namespace Qt::StringLiterals;
using Security = magpie::net::ServerEndpoint::Security;
using Incoming = magpie::sync::AccountConfig::Incoming;

namespace {
ServiceRecord record(const QString &service, quint16 priority, quint16 weight, const QString &target,
                     quint16 port)
{
    return ServiceRecord { service, priority, weight, target, port };
}
QStringList targets(const QList<ServiceRecord> &records)
{
    QStringList names;
    for (const ServiceRecord &r : records)
        names.append(r.service + u' ' + r.target);
    return names;
}
} // namespace

class TestServiceRecords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void priorityThenWeight();
    void implicitTlsWinsATie();
    void domainPrefersPop3();
    void notOfferedAndMalformedAreDropped();
    void proposal();
    void submissionWithStartTls();
    void noIncomingNoProposal();
    void commonNames();
    void fingerprintFromCertificateSentence();
};

void TestServiceRecords::priorityThenWeight()
{
    const QList<ServiceRecord> records {
        record(u"imaps"_s, 20, 100, u"backup.example.org"_s, 993),
        record(u"imaps"_s, 10, 5, u"light.example.org"_s, 993),
        record(u"imaps"_s, 10, 50, u"heavy.example.org"_s, 993),
        record(u"submission"_s, 0, 0, u"smtp.example.org"_s, 587),
    };
    QCOMPARE(targets(ServiceRecords::ordered(records, ServiceRecords::incomingServices())),
             QStringList({ u"imaps heavy.example.org"_s, u"imaps light.example.org"_s,
                           u"imaps backup.example.org"_s }));
}

void TestServiceRecords::implicitTlsWinsATie()
{
    const QList<ServiceRecord> records {
        record(u"pop3"_s, 5, 0, u"pop.example.org"_s, 110),
        record(u"imap"_s, 5, 0, u"imap.example.org"_s, 143),
        record(u"imaps"_s, 5, 0, u"imap.example.org"_s, 993),
        record(u"pop3s"_s, 5, 0, u"pop.example.org"_s, 995),
    };
    QCOMPARE(targets(ServiceRecords::ordered(records, ServiceRecords::incomingServices())),
             QStringList({ u"imaps imap.example.org"_s, u"imap imap.example.org"_s,
                           u"pop3s pop.example.org"_s, u"pop3 pop.example.org"_s }));
}

void TestServiceRecords::domainPrefersPop3()
{
    // RFC 6186 s3.4: priorities compare across services.
    const QList<ServiceRecord> records {
        record(u"imaps"_s, 20, 0, u"imap.example.org"_s, 993),
        record(u"pop3s"_s, 10, 0, u"pop.example.org"_s, 995),
    };
    const auto p = ServiceRecords::proposalFor(records, u"ann@example.org"_s);
    QVERIFY(p);
    QCOMPARE(p->incoming, Incoming::Pop3);
    QCOMPARE(p->incomingServer.host, u"pop.example.org"_s);
    QCOMPARE(p->incomingServer.security, Security::ImplicitTls);
}

void TestServiceRecords::notOfferedAndMalformedAreDropped()
{
    const QList<ServiceRecord> records {
        record(u"imaps"_s, 0, 0, u"."_s, 0),                  // RFC 2782: not offered
        record(u"imaps"_s, 0, 0, u"."_s, 993),
        record(u"imap"_s, 1, 0, u"evil host\r\n"_s, 143),
        record(u"imap"_s, 1, 0, u"zero.example.org"_s, 0),
        record(u"imap"_s, 2, 0, u"imap.example.org."_s, 143), // trailing dot is fine
        record(u"ldap"_s, 0, 0, u"ldap.example.org"_s, 389),  // not ours
    };
    QCOMPARE(targets(ServiceRecords::ordered(records, ServiceRecords::incomingServices())),
             QStringList({ u"imap imap.example.org"_s }));
}

void TestServiceRecords::proposal()
{
    const QList<ServiceRecord> records {
        record(u"imap"_s, 0, 1, u"mx.example.org"_s, 143),
        record(u"submissions"_s, 0, 1, u"out.example.org"_s, 465),
        record(u"submission"_s, 0, 1, u"out.example.org"_s, 587),
    };
    const auto p = ServiceRecords::proposalFor(records, u"ann@example.org"_s);
    QVERIFY(p);
    QCOMPARE(p->source, MailServerProposal::Source::SrvRecords);
    QCOMPARE(p->incoming, Incoming::Imap);
    QCOMPARE(p->incomingServer.host, u"mx.example.org"_s);
    QCOMPARE(p->incomingServer.port, quint16(143));
    QCOMPARE(p->incomingServer.security, Security::StartTls); // never plaintext
    QCOMPARE(p->incomingUser, u"ann@example.org"_s);
    QCOMPARE(p->smtpServer.host, u"out.example.org"_s);
    QCOMPARE(p->smtpServer.port, quint16(465));
    QCOMPARE(p->smtpServer.security, Security::ImplicitTls);
}

void TestServiceRecords::submissionWithStartTls()
{
    const QList<ServiceRecord> records {
        record(u"imaps"_s, 0, 1, u"mx.example.org"_s, 993),
        record(u"submission"_s, 0, 1, u"out.example.org"_s, 587),
    };
    const auto p = ServiceRecords::proposalFor(records, u"ann@example.org"_s);
    QVERIFY(p);
    QCOMPARE(p->smtpServer.port, quint16(587));
    QCOMPARE(p->smtpServer.security, Security::StartTls);
}

void TestServiceRecords::noIncomingNoProposal()
{
    QVERIFY(!ServiceRecords::proposalFor({ record(u"submission"_s, 0, 0, u"out.example.org"_s, 587) },
                                         u"ann@example.org"_s));
    QVERIFY(!ServiceRecords::proposalFor({}, u"ann@example.org"_s));
}

void TestServiceRecords::commonNames()
{
    auto p = ServerDiscovery::guessFromNames(u"example.org"_s,
                                             { u"mail.example.org"_s, u"smtp.example.org"_s },
                                             u"ann@example.org"_s);
    QVERIFY(p);
    QCOMPARE(p->source, MailServerProposal::Source::CommonNames);
    QCOMPARE(p->incomingServer.host, u"mail.example.org"_s);
    QCOMPARE(p->incomingServer.port, quint16(993));
    QCOMPARE(p->smtpServer.host, u"smtp.example.org"_s);
    QCOMPARE(p->smtpServer.port, quint16(465));

    p = ServerDiscovery::guessFromNames(u"example.org"_s,
                                        { u"imap.example.org"_s, u"mail.example.org"_s },
                                        u"ann@example.org"_s);
    QVERIFY(p);
    QCOMPARE(p->incomingServer.host, u"imap.example.org"_s);
    QCOMPARE(p->smtpServer.host, u"mail.example.org"_s);

    QVERIFY(!ServerDiscovery::guessFromNames(u"example.org"_s, { u"smtp.example.org"_s },
                                             u"ann@example.org"_s));
}

void TestServiceRecords::fingerprintFromCertificateSentence()
{
    QByteArray sha(32, '\0');
    for (int i = 0; i < 32; ++i)
        sha[i] = char(i * 7 + 3);
    QString hex;
    for (int i = 0; i < 32; ++i)
        hex += (i ? u":"_s : QString()) + QString::fromLatin1(sha.mid(i, 1).toHex().toUpper());
    const QString sentence = u"The certificate for localhost is self-signed, so nobody vouches "
                             u"for it. If you trust this certificate, pin its fingerprint (SHA-256 "_s
        + hex + u")."_s;
    QCOMPARE(AccountProbe::fingerprintIn(sentence), sha);
    QVERIFY(AccountProbe::fingerprintIn(u"The server refused the password."_s).isEmpty());
    QVERIFY(AccountProbe::fingerprintIn(hex.left(40)).isEmpty()); // too short: not a SHA-256
}

QTEST_GUILESS_MAIN(TestServiceRecords)
#include "tst_servicerecords.moc"
