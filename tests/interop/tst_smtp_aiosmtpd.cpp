// SPDX-License-Identifier: GPL-3.0-or-later
// (skeleton: filled in as the engines land)
#include "SmtpServerProcess.h"

#include <QSslSocket>
#include <QTest>

using magpie::testing::SmtpServerProcess;

class TestSmtpAiosmtpd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtureStarts()
    {
        SmtpServerProcess server;
        const QString problem = server.start(SmtpServerProcess::Tls::Implicit, { { QStringLiteral("bob"), QStringLiteral("pw") } });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QSslSocket socket;
        auto configuration = socket.sslConfiguration();
        configuration.addCaCertificates(server.endpoint().extraCaCertificates);
        socket.setSslConfiguration(configuration);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY2(socket.waitForEncrypted(5000), qPrintable(socket.errorString()));
        QVERIFY(socket.waitForReadyRead(5000));
        QVERIFY(socket.readAll().startsWith("220 "));
    }
};

QTEST_GUILESS_MAIN(TestSmtpAiosmtpd)
#include "tst_smtp_aiosmtpd.moc"
