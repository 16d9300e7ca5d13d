// SPDX-License-Identifier: GPL-3.0-or-later
// CompressJob (RFC 4978) against a small peer that speaks raw DEFLATE after its OK, byte-exact
// on the plaintext side: the command, the switch with compressed bytes arriving in the same
// read as the OK, and a command and its answer through the compressed stream.
#include "ImapDialogue.h"

#include "net/DeflateStream.h"
#include "net/imap/CompressJob.h"
#include "net/imap/NoopJob.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using magpie::imap::CompressJob;
using magpie::imap::ImapSession;
using magpie::imap::NoopJob;
using magpie::net::DeflateStream;

namespace {

// Plays "C:" / "S:" steps like ScriptedServer, except that once a step "DEFLATE" is reached
// everything after is deflated on the way out and inflated on the way in. A "S:" line right
// before "DEFLATE" goes out in the same write as the first compressed line after it.
class DeflatingPeer : public QObject
{
public:
    explicit DeflatingPeer(QByteArrayList script)
        : m_script(std::move(script))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_socket = m_server.nextPendingConnection();
            connect(m_socket, &QTcpSocket::readyRead, this, [this] {
                const QByteArray bytes = m_socket->readAll();
                m_raw += bytes;
                if (!m_deflate) {
                    m_pending += bytes;
                } else if (!m_inflate.inflate(bytes, &m_pending)) {
                    m_failure = QStringLiteral("the client's compressed bytes are corrupt");
                }
                play();
            });
            play();
        });
    }

    magpie::net::ServerEndpoint endpoint() const
    {
        magpie::net::ServerEndpoint endpoint;
        endpoint.host = QStringLiteral("localhost");
        endpoint.port = m_server.serverPort();
        endpoint.security = magpie::net::ServerEndpoint::Security::Plaintext;
        endpoint.connectTimeoutMs = endpoint.readTimeoutMs = 5000;
        return endpoint;
    }
    bool done() const { return m_step == m_script.size() && m_failure.isEmpty(); }
    QString failure() const { return m_failure; }
    QByteArray rawClientBytes() const { return m_raw; }

private:
    void play()
    {
        QByteArray out;
        while (m_step < m_script.size() && m_failure.isEmpty()) {
            const QByteArray &line = m_script.at(m_step);
            if (line == "DEFLATE") {
                m_deflate = true;
                ++m_step;
                continue;
            }
            if (line.startsWith("S: ")) {
                const QByteArray text = line.mid(3) + "\r\n";
                out += m_deflate ? m_deflater.deflate(text) : text;
                ++m_step;
                continue;
            }
            const QByteArray expected = line.mid(3) + "\r\n";
            if (m_pending.size() < expected.size())
                break;
            if (!m_pending.startsWith(expected)) {
                m_failure = QStringLiteral("step %1: expected %2, got %3")
                                .arg(m_step + 1)
                                .arg(QString::fromLatin1(expected), QString::fromLatin1(m_pending));
                break;
            }
            m_pending.remove(0, expected.size());
            ++m_step;
        }
        if (!out.isEmpty())
            m_socket->write(out);
    }

    QByteArrayList m_script;
    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    qsizetype m_step = 0;
    bool m_deflate = false;
    DeflateStream m_deflater; // the server's outgoing stream
    DeflateStream m_inflate; // reads what the client deflated
    QByteArray m_pending;
    QByteArray m_raw;
    QString m_failure;
};

} // namespace

class TestImapCompressJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void switchesBothDirections();
    void notOfferedSendsNothing();
};

void TestImapCompressJob::switchesBothDirections()
{
    DeflatingPeer peer({ "S: * OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready",
                         "C: a1 LOGIN alice secret",
                         "S: a1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] Logged in",
                         "C: a2 COMPRESS DEFLATE", "S: a2 OK DEFLATE active", "DEFLATE",
                         "S: * 3 EXISTS", "C: a3 NOOP", "S: * 4 EXISTS", "S: a3 OK done" });
    ImapSession session;
    QByteArrayList events;
    QObject::connect(&session, &ImapSession::existsChanged, &session,
                     [&events](quint32 n) { events.append("EXISTS " + QByteArray::number(n)); });
    session.connectToServer(peer.endpoint());
    magpie::net::Credentials alice;
    alice.user = QStringLiteral("alice");
    alice.password = QStringLiteral("secret");
    auto *login = new magpie::imap::LoginJob(&session, alice);
    auto *compress = new CompressJob(&session);
    compress->setAutoDelete(false);
    auto *noop = new NoopJob(&session);
    noop->setAutoDelete(false);
    login->start();
    compress->start();
    noop->start();
    QVERIFY(magpie::test::ImapDialogue::wait(noop));
    QVERIFY2(peer.done(), qPrintable(peer.failure()));
    QVERIFY2(!compress->failed(), qPrintable(compress->errorString()));
    QVERIFY(compress->isActive());
    QVERIFY2(!noop->failed(), qPrintable(noop->errorString()));
    QVERIFY(session.connection()->isCompressed());
    // The EXISTS that came compressed in the same read as the OK was inflated, not parsed raw.
    QCOMPARE(events, QByteArrayList({ "EXISTS 3", "EXISTS 4" }));
    QVERIFY(!peer.rawClientBytes().contains("a3 NOOP"));
}

void TestImapCompressJob::notOfferedSendsNothing()
{
    magpie::test::ImapDialogue dialogue(
        { "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "S: a1 OK" });
    QVERIFY(dialogue.open());
    auto *compress = dialogue.make<CompressJob>();
    QVERIFY(dialogue.run(compress));
    QVERIFY(!compress->isActive());
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

QTEST_GUILESS_MAIN(TestImapCompressJob)
#include "tst_imapcompressjob.moc"
