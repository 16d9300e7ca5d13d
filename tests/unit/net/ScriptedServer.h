// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A fake server on 127.0.0.1 that plays one scripted dialogue with one client, byte-exact
// (the KIMAP / KSMTP test pattern): the client engine under test talks to it over a real
// socket, the script says what the server sends and what the client must send.
//
// Script lines (QByteArrayList, one step each):
//   "S: text"      the server writes text + CRLF
//   "S~ text"      the server writes text without CRLF (to split a response across reads;
//                  the server flushes and waits ~20 ms after each S~ so the pieces arrive in
//                  separate reads)
//   "C: text"      the client must send exactly text + CRLF next; anything else fails the
//                  script with "expected ... got ..."
//   "C~ text"      the client must send exactly text (no CRLF), e.g. literal data
//   "TLS"          the server starts TLS now (STARTTLS go-ahead already sent by an S: line),
//                  with the test certificate below
//   "WAIT ms"      the server pauses
//   "CLOSE"        the server closes the connection
//   "EXPECT-CLOSE" the client must close the connection now (after QUIT/LOGOUT)
// In text, "\\r", "\\n", "\\0" and "\\xHH" stand for those bytes ("S~ a\\r\\n" = "S: a").
//
// The server's TLS identity is tests/data/tls/localhost.{crt,key} (self-signed, CN and SAN
// localhost + 127.0.0.1, valid until 2096); endpoint() trusts it through extraCaCertificates.

#include "net/ServerEndpoint.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <memory>

class QSslSocket;
class QTcpServer;

namespace magpie::test {

class ScriptedServer : public QObject
{
    Q_OBJECT
public:
    // `implicitTls`: TLS from the first byte (the script starts after the handshake).
    explicit ScriptedServer(const QByteArrayList &script, bool implicitTls = false,
                            QObject *parent = nullptr);
    ~ScriptedServer() override;

    quint16 port() const;
    // 127.0.0.1:port, with the given security, trusting the test certificate; short
    // timeouts (connect 5 s, read 5 s) so a stuck test fails quickly.
    net::ServerEndpoint endpoint(net::ServerEndpoint::Security security) const;
    // Same host as the certificate's name ("localhost") for host-name checks.
    static QSslCertificate certificate();
    static QSslKey privateKey();

    // Spins the event loop until the script has been played to the end (true) or failed or
    // `timeoutMs` passed (false; see failure()).
    bool waitForScript(int timeoutMs = 5000);
    bool scriptDone() const;
    QString failure() const;        // first mismatch, with the step number; empty when fine
    QByteArray clientBytes() const; // everything the client sent (plaintext side)

Q_SIGNALS:
    void scriptFinished();

private:
    void play();
    void fail(const QString &why);

    struct Private;
    std::unique_ptr<Private> d;
};

// QVERIFY2-friendly: "step 4: expected C: a2 SELECT INBOX, got: a2 SELECT \"INBOX\"".
#define MAGPIE_VERIFY_SCRIPT(server)                                                          \
    QVERIFY2((server).waitForScript(), qPrintable((server).failure()))

} // namespace magpie::test
