// SPDX-License-Identifier: GPL-3.0-or-later
// (skeleton: filled in as the engines land)
#include "MagpieServerProcess.h"

#include <QSslSocket>
#include <QTest>

using magpie::testing::MagpieServerProcess;

class TestEnginesLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtureStarts()
    {
        MagpieServerProcess server;
        const QString problem = server.start({ { QStringLiteral("alice@example.test"), QStringLiteral("secret") } });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QSslSocket socket;
        auto configuration = socket.sslConfiguration();
        configuration.addCaCertificates(server.endpoint(MagpieServerProcess::Service::Imaps).extraCaCertificates);
        socket.setSslConfiguration(configuration);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port(MagpieServerProcess::Service::Imaps));
        QVERIFY2(socket.waitForEncrypted(5000), qPrintable(socket.errorString()));
        QVERIFY(socket.waitForReadyRead(5000));
        QVERIFY(socket.readAll().startsWith("* OK"));
        QVERIFY2(server.stop(), qPrintable(server.log()));
    }
};

QTEST_GUILESS_MAIN(TestEnginesLoopback)
#include "tst_engines_loopback.moc"
