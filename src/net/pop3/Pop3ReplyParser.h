// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Reply.h"

#include <QByteArray>
#include <QByteArrayView>

namespace magpie::pop3 {

// Turns the bytes a POP3 server sends into status lines and multi-line bodies, incrementally:
// bytes go in with feed() in whatever pieces the network delivers, events come out of next()
// one at a time. A multi-line body (RFC 1939 s3) comes out in chunks as it arrives, already
// dot-unstuffed and without the terminating ".", so a 30 MB RETR never sits in memory whole
// (and never twice). Line ends inside a body are passed on as they came (CRLF, or a bare LF
// from a sloppy server); a bare LF also ends a status line and the terminating line.
//
// POP3 replies do not say whether a body follows: that depends on the command (CAPA, LIST
// and UIDL without an argument, TOP, RETR). So before each status line the caller says what
// it expects with setMultiLineExpected(); a "-ERR" or a SASL challenge never has a body.
// No length the server announces ("+OK 120 octets") is trusted: only the "." line ends a body.
class Pop3ReplyParser
{
public:
    // RFC 2449 s4 allows 512 octets; real servers' greetings and errors sometimes say more.
    static constexpr qsizetype MaximumStatusLine = 8192;
    // A body is handed out in pieces of at most this size.
    static constexpr qsizetype MaximumChunk = 256 * 1024;

    struct Event
    {
        enum class Type {
            NeedMoreData, // nothing complete yet: feed() more
            Reply, // a status line (reply); a body follows when it is +OK and one was expected
            Data, // a piece of the body (data), unstuffed, line ends kept
            EndOfData, // the "." line: the body is complete
        };
        Type type = Type::NeedMoreData;
        Pop3Reply reply;
        QByteArray data;
    };

    // Whether a "+OK" status line parsed next starts a multi-line body. Applies to the next
    // status line only; cleared once it is parsed.
    void setMultiLineExpected(bool expected) { m_multiLineExpected = expected; }
    bool multiLineExpected() const { return m_multiLineExpected; }

    void feed(QByteArrayView bytes);
    Event next();

    // Inside a multi-line body (between its "+OK" and its ".").
    bool isInBody() const { return m_state == State::Body; }
    // Bytes fed but not handed out yet.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_position; }
    // Forgets everything buffered and starts over (after "+OK" to STLS the bytes that arrived
    // with it must never be read, RFC 2595 s4 / s3.1). Returns how many bytes were dropped.
    qsizetype reset();

private:
    enum class State { StatusLine, Body, SkippingLongLine };

    Event statusLine();
    Event body();
    void skipLongLine();
    void compact();

    QByteArray m_buffer;
    qsizetype m_position = 0; // bytes before it are handed out
    State m_state = State::StatusLine;
    bool m_multiLineExpected = false;
    bool m_atLineStart = true; // in a body: the next byte starts a line
};

} // namespace magpie::pop3
