// SPDX-License-Identifier: GPL-3.0-or-later
// macOS open events (QFileOpenEvent) become the same requests as command-line arguments: a
// mailto: link or a message file; another URL or an unrelated file opens nothing.
#include "app/instance/OpenEventFilter.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileOpenEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::app::OpenEventFilter;
using magpie::app::OpenRequest;
using magpie::app::OpenRequests;

Q_DECLARE_METATYPE(magpie::app::OpenRequests)

class TestOpenEventFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<OpenRequests>(); }

    void openEventsBecomeRequests()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString message = dir.filePath(u"invoice.eml"_s);
        const QString unrelated = dir.filePath(u"notes.txt"_s);
        for (const QString &path : { message, unrelated }) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(path == message ? "From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n"
                                       : "shopping list\n");
        }

        OpenEventFilter filter;
        qApp->installEventFilter(&filter);
        QSignalSpy opened(&filter, &OpenEventFilter::openRequested);

        QFileOpenEvent link(QUrl(u"mailto:alice@example.com?subject=Hello"_s));
        QCoreApplication::sendEvent(qApp, &link);
        QFileOpenEvent file(QUrl::fromLocalFile(message));
        QCoreApplication::sendEvent(qApp, &file);
        QFileOpenEvent web(QUrl(u"https://example.com/invoice.eml"_s));
        QCoreApplication::sendEvent(qApp, &web);
        QFileOpenEvent other(QUrl::fromLocalFile(unrelated));
        QCoreApplication::sendEvent(qApp, &other);

        QCOMPARE(opened.size(), 2);
        const OpenRequests first = opened.at(0).first().value<OpenRequests>();
        QCOMPARE(first, (OpenRequests{ { OpenRequest::Kind::Mailto,
                                         u"mailto:alice@example.com?subject=Hello"_s } }));
        const OpenRequests second = opened.at(1).first().value<OpenRequests>();
        QCOMPARE(second, (OpenRequests{ { OpenRequest::Kind::MessageFile, message } }));
    }
};

QTEST_MAIN(TestOpenEventFilter)
#include "tst_openeventfilter.moc"
