// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Scripted-dialogue tests of the server's protocol sessions, the way KIMAP and Trojita test
// theirs: a script of "C: " lines (what the client sends) and "S: " lines (exactly what the
// server must answer, CRLF added to each), replayed against a session over a fake transport.

#include "server/MailStore.h"
#include "server/ProtocolSession.h"
#include "server/ServerContext.h"
#include "server/Transport.h"

#include <QTest>

#include <memory>

namespace magpie::server::testing {

class FakeTransport : public Transport
{
public:
    void write(const QByteArray &bytes) override { written += bytes; }
    void startTls() override { ++tlsStarts; encrypted = true; }
    bool isEncrypted() const override { return encrypted; }
    bool canStartTls() const override { return hasCertificate; }
    void close() override { closed = true; }
    QString peer() const override { return QStringLiteral("127.0.0.1:40000"); }

    // What the server wrote since the last call.
    QByteArray take() { return std::exchange(written, {}); }

    QByteArray written;
    int tlsStarts = 0;
    bool encrypted = false;
    bool hasCertificate = true;
    bool closed = false;
};

// A memory store with alice@example.test (password "secret") and bob@example.test ("hunter2"),
// plaintext login allowed unless a test says otherwise, and no failed-login delay.
struct ServerFixture
{
    explicit ServerFixture(ServerConfig config = defaultConfig())
        : store(MailStore::openMemory())
        , context(*store, config)
    {
        for (const LocalUser &user : config.users)
            store->addUser(user.address);
    }

    static ServerConfig defaultConfig()
    {
        ServerConfig config;
        config.inMemory = true;
        config.users = { { QStringLiteral("alice@example.test"), QStringLiteral("secret") },
                         { QStringLiteral("bob@example.test"), QStringLiteral("hunter2") } };
        config.allowPlaintextAuth = true;
        config.limits.authFailureDelayMs = 0;
        return config;
    }

    std::unique_ptr<MailStore> store;
    ServerContext context;
};

// A SASL PLAIN response (RFC 4616 s2), base64 as it goes over the wire: "\0login\0password".
inline QByteArray plain(const char *login, const char *password)
{
    QByteArray message;
    message += '\0';
    message += login;
    message += '\0';
    message += password;
    return message.toBase64();
}

// Replays `script` ("C: ..." and "S: ..." lines, "\n" between them). Consecutive C: lines are
// sent together, so pipelining is exercised; after them, everything the server wrote must
// equal the S: lines that follow. A line "S: ..." with "*" as its whole text after "S: "
// is not allowed; a test that needs to match loosely takes() and checks itself.
// Returns false (after a QCOMPARE failure) on the first difference.
inline bool replay(ProtocolSession &session, FakeTransport &transport, const QByteArray &script)
{
    QByteArray toSend;
    QByteArray expected;
    auto flush = [&]() -> bool {
        if (!toSend.isEmpty()) {
            session.receive(toSend);
            toSend.clear();
        }
        // Delivery and delayed replies finish in the event loop.
        for (int i = 0; i < 20 && transport.written.size() < expected.size(); ++i)
            QTest::qWait(5);
        QCoreApplication::processEvents();
        const QByteArray actual = transport.take();
        [&] { QCOMPARE(QString::fromUtf8(actual), QString::fromUtf8(expected)); }();
        expected.clear();
        return !QTest::currentTestFailed();
    };
    const QList<QByteArray> lines = script.split('\n');
    bool lastWasServer = true;
    for (const QByteArray &line : lines) {
        if (line.startsWith("C: ")) {
            if (lastWasServer && !flush())
                return false;
            toSend += line.mid(3) + "\r\n";
            lastWasServer = false;
        } else if (line.startsWith("S: ")) {
            if (!lastWasServer) {
                session.receive(toSend);
                toSend.clear();
            }
            expected += line.mid(3) + "\r\n";
            lastWasServer = true;
        }
    }
    return flush();
}

} // namespace magpie::server::testing
