// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace magpie::net {

// Raw DEFLATE (RFC 1951, no zlib header) in both directions for IMAP COMPRESS=DEFLATE
// (RFC 4978 s4): each write is deflated and flushed with Z_SYNC_FLUSH so the server can read
// the command at once; reads are inflated as they come. Bounded: inflate() output grows only
// with what the server really sent, whatever ratio the data claims.
class DeflateStream
{
public:
    DeflateStream();
    ~DeflateStream();
    DeflateStream(const DeflateStream &) = delete;
    DeflateStream &operator=(const DeflateStream &) = delete;

    QByteArray deflate(QByteArrayView plain);
    // Returns false on corrupt input (the connection is then broken: ProtocolViolation).
    bool inflate(QByteArrayView compressed, QByteArray *plainOut);

private:
    struct Streams;
    std::unique_ptr<Streams> m_streams;
};

} // namespace magpie::net
