// SPDX-License-Identifier: GPL-3.0-or-later
// A MailStore on either backend, for the tests that must hold for both.
#pragma once

#include "server/MailStore.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace magpie::server::test {

inline const QString kAlice = QStringLiteral("alice@example.test");
inline const QString kBob = QStringLiteral("bob@example.test");

inline const QStringList kBackends = { QStringLiteral("memory"), QStringLiteral("maildir") };

// Adds the column "backend" with one row per backend ("memory", "maildir"); a test that has
// rows of its own calls it first and appends its rows' names to each.
inline void addBackendColumn()
{
    QTest::addColumn<QString>("backend");
}

struct StoreFixture
{
    explicit StoreFixture(const QString &backend)
        : maildir(backend == QLatin1StringView("maildir"))
    {
        if (maildir)
            dir = std::make_unique<QTemporaryDir>();
        open();
        if (store) {
            store->addUser(kAlice);
            store->addUser(kBob);
        }
    }

    // Opens the store again, as a restarted server would (memory: a fresh, empty one).
    void open()
    {
        store.reset();
        if (!maildir) {
            store = MailStore::openMemory();
            return;
        }
        StoreError error;
        store = MailStore::openMaildir(root(), &error);
        if (error)
            qWarning("openMaildir failed: %s", qPrintable(error.message));
    }
    QString root() const { return dir ? dir->path() + QStringLiteral("/mail") : QString(); }

    // Delivers and waits for `done`; returns its error.
    StoreError deliver(const QStringList &users, const QByteArray &message)
    {
        bool finished = false;
        StoreError result;
        store->deliver(users, message, [&](const StoreError &error) {
            finished = true;
            result = error;
        });
        if (!QTest::qWaitFor([&] { return finished; }, 10000))
            result = StoreError::make(StoreError::Io, QStringLiteral("delivery never finished"));
        return result;
    }

    Uid append(const QString &mailbox, const QByteArray &message,
               const QList<QByteArray> &flags = {}, const QDateTime &date = {})
    {
        StoreError error;
        const Uid uid = store->append(kAlice, mailbox, message, flags, date, &error);
        if (error)
            qWarning("append failed: %s", qPrintable(error.message));
        return uid;
    }

    bool maildir = false;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<MailStore> store;
};

inline QByteArray sampleMessage(int n)
{
    return "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: test "
        + QByteArray::number(n) + "\r\n\r\nBody " + QByteArray::number(n) + "\r\n";
}

} // namespace magpie::server::test
