// SPDX-License-Identifier: GPL-3.0-or-later
// One Magpie per profile (RunningInstance): the first start owns the profile; a later start
// hands its mailto: links and files to it over the local socket and quits; a lock left by a
// dead process is taken over; a live owner that never answers gives an error naming it.
// Both starts run in this process and thread: the exchange is asynchronous on both sides.
#include "app/instance/RunningInstance.h"

#include <QLocalSocket>
#include <QLockFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::app::OpenRequest;
using magpie::app::OpenRequests;
using magpie::app::RunningInstance;

Q_DECLARE_METATYPE(magpie::app::OpenRequests)

namespace {

struct LaterStart
{
    RunningInstance::Role role = RunningInstance::Role::Failed;
    QString error;
};

// A later start of Magpie on the same profile, in this process: claim(), then forward() and
// wait for its answer, as main() does.
LaterStart startLater(const QString &profile, const OpenRequests &requests)
{
    RunningInstance later(profile);
    LaterStart result;
    result.role = later.claim(&result.error);
    if (result.role != RunningInstance::Role::Secondary)
        return result;
    QSignalSpy forwarded(&later, &RunningInstance::forwarded);
    later.forward(requests);
    if (forwarded.isEmpty() && !forwarded.wait(15000)) {
        result.error = u"no answer from forward()"_s;
        return result;
    }
    result.error = forwarded.first().first().toString();
    return result;
}

} // namespace

class TestRunningInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<OpenRequests>(); }

    void laterStartHandsOverItsRequests()
    {
        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        RunningInstance first(profile.path());
        QString error;
        QCOMPARE(first.claim(&error), RunningInstance::Role::Primary);
        QSignalSpy opened(&first, &RunningInstance::openRequested);

        const OpenRequests requests{
            { OpenRequest::Kind::Mailto, u"mailto:alice@example.com?subject=Hi%20there"_s },
            { OpenRequest::Kind::MessageFile, profile.filePath(u"saved message ä.eml"_s) },
        };
        const LaterStart later = startLater(profile.path(), requests);
        QVERIFY2(later.error.isEmpty(), qPrintable(later.error));
        QCOMPARE(later.role, RunningInstance::Role::Secondary);
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().value<OpenRequests>(), requests);

        // A plain second start (no arguments) still reaches the first: it raises its window.
        QCOMPARE(startLater(profile.path(), {}).role, RunningInstance::Role::Secondary);
        QTRY_COMPARE(opened.size(), 2);
        QVERIFY(opened.at(1).first().value<OpenRequests>().isEmpty());
    }

    void otherProfilesAreIndependent()
    {
        QTemporaryDir one;
        QTemporaryDir two;
        RunningInstance first(one.path());
        RunningInstance second(two.path());
        QString error;
        QCOMPARE(first.claim(&error), RunningInstance::Role::Primary);
        QCOMPARE(second.claim(&error), RunningInstance::Role::Primary);
        QVERIFY(RunningInstance::socketNameFor(one.path())
                != RunningInstance::socketNameFor(two.path()));
    }

    void lockOfACrashedMagpieIsTakenOver()
    {
        QTemporaryDir profile;
        // The lock file of a process that has exited, as a crash leaves it.
        QProcess gone;
        gone.start(u"true"_s, {});
        QVERIFY(gone.waitForFinished());
        const qint64 deadPid = gone.processId() ? gone.processId() : 999999;
        QFile lock(profile.filePath(u"magpie.lock"_s));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(deadPid) + "\nmagpie\n" + QSysInfo::machineHostName().toUtf8()
                   + '\n');
        lock.close();

        RunningInstance restarted(profile.path());
        QString error;
        QCOMPARE(restarted.claim(&error), RunningInstance::Role::Primary);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void liveOwnerThatDoesNotAnswerIsNamed()
    {
        QTemporaryDir profile;
        // This process holds the lock but listens on nothing: a hung Magpie.
        QLockFile held(profile.filePath(u"magpie.lock"_s));
        QVERIFY(held.tryLock(0));
        const LaterStart later = startLater(profile.path(), {});
        QCOMPARE(later.role, RunningInstance::Role::Secondary);
        QVERIFY2(later.error.contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(later.error));
        QVERIFY(later.error.contains(u"--profile"_s));
    }

    // Something else of the same user writing to the socket gets nothing opened unless it
    // speaks the exchange exactly: no relative paths, no other schemes, no stray lines.
    void malformedExchangesOpenNothing_data()
    {
        QTest::addColumn<QByteArray>("exchange");
        QTest::newRow("no greeting") << QByteArray("mailto mailto:a@example.com\nend\n");
        QTest::newRow("relative path") << QByteArray("magpie-open 1\nfile notes.eml\nend\n");
        QTest::newRow("other scheme")
            << QByteArray("magpie-open 1\nmailto https://example.com/\nend\n");
        QTest::newRow("unknown kind") << QByteArray("magpie-open 1\nrun /bin/sh\nend\n");
    }

    void malformedExchangesOpenNothing()
    {
        QFETCH(QByteArray, exchange);
        QTemporaryDir profile;
        RunningInstance first(profile.path());
        QString error;
        QCOMPARE(first.claim(&error), RunningInstance::Role::Primary);
        QSignalSpy opened(&first, &RunningInstance::openRequested);

        QLocalSocket client;
        client.connectToServer(RunningInstance::socketNameFor(profile.path()));
        QVERIFY(client.waitForConnected(5000));
        QSignalSpy closed(&client, &QLocalSocket::disconnected);
        client.write(exchange);
        QVERIFY(closed.wait(5000));
        QCOMPARE(opened.size(), 0);
    }
};

QTEST_MAIN(TestRunningInstance)
#include "tst_runninginstance.moc"
