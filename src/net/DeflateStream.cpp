// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/DeflateStream.h"

#include <zlib.h>

#include <array>

namespace magpie::net {

namespace {

// Output is produced in slices of this size, so memory grows with what the input really
// decodes to, one slice at a time, never by a size the data announces.
constexpr uInt OutputSlice = 16 * 1024;

} // namespace

struct DeflateStream::Streams
{
    z_stream deflater {};
    z_stream inflater {};
    bool deflaterReady = false;
    bool inflaterReady = false;
    bool broken = false; // after corrupt input nothing more is decoded
};

DeflateStream::DeflateStream()
    : m_streams(std::make_unique<Streams>())
{
    // Negative window bits: raw DEFLATE without the zlib header (RFC 4978 s4); 15 is the
    // 32 KiB window the RFC's examples and every server use.
    m_streams->deflaterReady = deflateInit2(&m_streams->deflater, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                                            -15, 8, Z_DEFAULT_STRATEGY)
        == Z_OK;
    m_streams->inflaterReady = inflateInit2(&m_streams->inflater, -15) == Z_OK;
}

DeflateStream::~DeflateStream()
{
    if (m_streams->deflaterReady)
        deflateEnd(&m_streams->deflater);
    if (m_streams->inflaterReady)
        inflateEnd(&m_streams->inflater);
}

QByteArray DeflateStream::deflate(QByteArrayView plain)
{
    QByteArray out;
    if (!m_streams->deflaterReady || plain.isEmpty())
        return out;
    z_stream &z = m_streams->deflater;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.data()));
    z.avail_in = uInt(plain.size());
    std::array<Bytef, OutputSlice> slice;
    // Z_SYNC_FLUSH ends each write on a byte boundary with an empty stored block, so the
    // server can decode the command at once (RFC 4978 s4).
    do {
        z.next_out = slice.data();
        z.avail_out = OutputSlice;
        if (::deflate(&z, Z_SYNC_FLUSH) == Z_STREAM_ERROR)
            return {};
        out.append(reinterpret_cast<const char *>(slice.data()),
                   qsizetype(OutputSlice - z.avail_out));
    } while (z.avail_out == 0);
    return out;
}

bool DeflateStream::inflate(QByteArrayView compressed, QByteArray *plainOut)
{
    if (!m_streams->inflaterReady || m_streams->broken)
        return false;
    if (compressed.isEmpty())
        return true;
    z_stream &z = m_streams->inflater;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    z.avail_in = uInt(compressed.size());
    std::array<Bytef, OutputSlice> slice;
    for (;;) {
        z.next_out = slice.data();
        z.avail_out = OutputSlice;
        const int result = ::inflate(&z, Z_SYNC_FLUSH);
        if (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR) {
            m_streams->broken = true; // Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR
            return false;
        }
        plainOut->append(reinterpret_cast<const char *>(slice.data()),
                         qsizetype(OutputSlice - z.avail_out));
        if (result == Z_STREAM_END) {
            // COMPRESS has no end of stream (RFC 4978 s4): bytes after one are not DEFLATE.
            if (z.avail_in > 0) {
                m_streams->broken = true;
                return false;
            }
            return true;
        }
        // Room left in the slice: all the input that can be decoded now was (a partial
        // block waits for the next read). A full slice may have more behind it.
        if (z.avail_out != 0)
            return true;
    }
}

} // namespace magpie::net
