// SPDX-License-Identifier: GPL-3.0-or-later
// Raw DEFLATE for COMPRESS=DEFLATE (RFC 4978), checked against zlib used directly.
#include "net/DeflateStream.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

using magpie::net::DeflateStream;

namespace {

// The server's side, as RFC 4978 s4 describes it: raw DEFLATE, window bits 15.
class PeerZlib
{
public:
    PeerZlib()
    {
        deflateInit2(&m_deflater, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
        inflateInit2(&m_inflater, -15);
    }
    ~PeerZlib()
    {
        deflateEnd(&m_deflater);
        inflateEnd(&m_inflater);
    }
    QByteArray deflate(const QByteArray &plain, int flush = Z_SYNC_FLUSH)
    {
        return run(&m_deflater, plain, [flush](z_stream *z) { return ::deflate(z, flush); });
    }
    QByteArray inflate(const QByteArray &compressed)
    {
        return run(&m_inflater, compressed, [](z_stream *z) { return ::inflate(z, Z_SYNC_FLUSH); });
    }

private:
    template<typename Step> static QByteArray run(z_stream *z, const QByteArray &in, Step step)
    {
        QByteArray out;
        z->next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
        z->avail_in = uInt(in.size());
        char buffer[4096];
        do {
            z->next_out = reinterpret_cast<Bytef *>(buffer);
            z->avail_out = sizeof buffer;
            const int result = step(z);
            if (result != Z_OK && result != Z_BUF_ERROR && result != Z_STREAM_END)
                return "zlib error " + QByteArray::number(result);
            out.append(buffer, qsizetype(sizeof buffer - z->avail_out));
        } while (z->avail_out == 0);
        return out;
    }
    z_stream m_deflater {};
    z_stream m_inflater {};
};

} // namespace

class TestDeflateStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachWriteDecodesAlone();
    void largeWriteRoundTrip();
    void inflatesWhatZlibDeflated();
    void inflatesByteByByte();
    void corruptInputFails();
    void bytesAfterTheStreamEndFail();
    void bombGrowsOnlyWithInput();
};

// Z_SYNC_FLUSH: the server can decode each command as soon as it arrives.
void TestDeflateStream::eachWriteDecodesAlone()
{
    DeflateStream stream;
    PeerZlib server;
    const QByteArrayList commands { "a1 NOOP\r\n", "a2 SELECT INBOX\r\n",
                                    "a3 FETCH 1:* (FLAGS)\r\n", "a4 NOOP\r\n" };
    for (const QByteArray &command : commands) {
        const QByteArray compressed = stream.deflate(command);
        QVERIFY(!compressed.isEmpty());
        QVERIFY(compressed.endsWith(QByteArray("\x00\x00\xff\xff", 4))); // the sync marker
        QCOMPARE(server.inflate(compressed), command);
    }
    QVERIFY(stream.deflate({}).isEmpty());
}

void TestDeflateStream::largeWriteRoundTrip()
{
    DeflateStream stream;
    PeerZlib server;
    QByteArray message;
    for (int i = 0; i < 20000; ++i)
        message += "Line " + QByteArray::number(i) + " of a long message body\r\n";
    QByteArray noise(300'000, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    message += noise; // does not compress: the output is larger than one slice
    const QByteArray compressed = stream.deflate(message);
    QCOMPARE(server.inflate(compressed), message);
}

void TestDeflateStream::inflatesWhatZlibDeflated()
{
    DeflateStream stream;
    PeerZlib server;
    const QByteArrayList responses { "* OK [COMPRESSIONACTIVE] done\r\n", "* 4 EXISTS\r\n",
                                     QByteArray(100'000, 'z') + "\r\n" };
    for (const QByteArray &response : responses) {
        QByteArray plain;
        QVERIFY(stream.inflate(server.deflate(response), &plain));
        QCOMPARE(plain, response);
    }
}

void TestDeflateStream::inflatesByteByByte()
{
    DeflateStream stream;
    PeerZlib server;
    const QByteArray response = "* 1 FETCH (FLAGS (\\Seen) UID 42)\r\na1 OK FETCH completed\r\n";
    const QByteArray compressed = server.deflate(response);
    QByteArray plain;
    for (const char c : compressed)
        QVERIFY(stream.inflate(QByteArrayView(&c, 1), &plain));
    QCOMPARE(plain, response);
}

void TestDeflateStream::corruptInputFails()
{
    DeflateStream stream;
    QByteArray plain;
    // Block type 3 is reserved (RFC 1951 s3.2.3).
    QVERIFY(!stream.inflate(QByteArray("\xff\xff\xff\xff", 4), &plain));
    // Once broken, always broken: nothing after corrupt data can be trusted.
    PeerZlib server;
    QVERIFY(!stream.inflate(server.deflate("a1 OK\r\n"), &plain));
}

void TestDeflateStream::bytesAfterTheStreamEndFail()
{
    DeflateStream stream;
    PeerZlib server;
    QByteArray plain;
    const QByteArray ended = server.deflate("* BYE\r\n", Z_FINISH);
    QVERIFY(stream.inflate(ended, &plain));
    QCOMPARE(plain, QByteArray("* BYE\r\n"));
    QVERIFY(!stream.inflate("trailing", &plain));
    QVERIFY(!stream.inflate("more", &plain));
}

// A few kilobytes that claim 16 MB of zeros: fed slice by slice, each slice's output is bounded
// by what DEFLATE can express for it (at most 258 bytes per 1-2 bits, about 1032:1), never by
// the total the data will add up to.
void TestDeflateStream::bombGrowsOnlyWithInput()
{
    PeerZlib server;
    const qsizetype total = 16 * 1024 * 1024;
    const QByteArray bomb = server.deflate(QByteArray(total, '\0'));
    QVERIFY(bomb.size() < 32 * 1024);
    DeflateStream stream;
    qsizetype produced = 0;
    constexpr qsizetype Slice = 512;
    for (qsizetype at = 0; at < bomb.size(); at += Slice) {
        QByteArray plain;
        const auto piece = QByteArrayView(bomb).sliced(at, qMin(Slice, bomb.size() - at));
        QVERIFY(stream.inflate(piece, &plain));
        QVERIFY2(plain.size() <= piece.size() * 1032 + 1032,
                 qPrintable(
                     QStringLiteral("%1 bytes out of %2 in").arg(plain.size()).arg(piece.size())));
        produced += plain.size();
    }
    QCOMPARE(produced, total);
}

QTEST_GUILESS_MAIN(TestDeflateStream)
#include "tst_deflatestream.moc"
