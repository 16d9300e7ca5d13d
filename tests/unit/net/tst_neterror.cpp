// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/NetError.h"

#include <QTest>

using magpie::net::NetError;
using Code = NetError::Code;

class TestNetError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quotable_data();
    void quotable();
    void temporary_data();
    void temporary();
};

void TestNetError::quotable_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("full stop dropped") << u"Authentication failed."_qs << u"Authentication failed"_qs;
    QTest::newRow("spaces trimmed") << u"  Try later.  "_qs << u"Try later"_qs;
    QTest::newRow("no full stop") << u"[AUTHENTICATIONFAILED] nope"_qs
                                  << u"[AUTHENTICATIONFAILED] nope"_qs;
    QTest::newRow("ellipsis kept") << u"Wait..."_qs << u"Wait..."_qs;
    QTest::newRow("question kept") << u"Who are you?"_qs << u"Who are you?"_qs;
    QTest::newRow("empty") << QString() << QString();
}

void TestNetError::quotable()
{
    QFETCH(QString, server);
    QFETCH(QString, quoted);
    QCOMPARE(NetError::quotable(server), quoted);
}

void TestNetError::temporary_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("temporary");
    // The outbox retries exactly these (DESIGN.md "The path of a message"): 4xx and network
    // trouble, never a refusal, a bad certificate or a wrong password.
    QTest::newRow("timeout") << int(Code::Timeout) << true;
    QTest::newRow("lost") << int(Code::ConnectionLost) << true;
    QTest::newRow("4xx") << int(Code::TemporaryFailure) << true;
    QTest::newRow("421") << int(Code::ServerClosing) << true;
    QTest::newRow("5xx") << int(Code::CommandRejected) << false;
    QTest::newRow("password") << int(Code::AuthenticationFailed) << false;
    QTest::newRow("certificate") << int(Code::Certificate) << false;
    QTest::newRow("starttls") << int(Code::StartTlsUnavailable) << false;
    QTest::newRow("too large") << int(Code::MessageTooLarge) << false;
    QTest::newRow("none") << int(Code::None) << false;
}

void TestNetError::temporary()
{
    QFETCH(int, code);
    QFETCH(bool, temporary);
    QCOMPARE(NetError::make(Code(code), u"x"_qs).isTemporary(), temporary);
}

QTEST_GUILESS_MAIN(TestNetError)
#include "tst_neterror.moc"
