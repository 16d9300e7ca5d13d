// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace magpie::server {

// The message content after DATA (RFC 5321 s4.1.1.4), up to the line with only a dot.
//
// - Only CRLF "." CRLF ends the data. A bare LF is not a line end, so "<LF>.<LF>" and
//   "<CR><LF>.<LF>" are content, never the end (the SMTP smuggling attacks of 2023 rely on
//   some server taking them as one).
// - Dot-unstuffing (s4.5.2): a line that starts with "." loses that first dot.
// - A bare CR or bare LF inside a line (s2.3.8 forbids them, s4.1.1.4 says never to take a
//   bare LF as a line end) is stored as CRLF: the store keeps CRLF line ends only, and a
//   Unix-style client's message arrives readable instead of refused. No dot-unstuffing
//   happens after such a converted break, since it was not an SMTP line start.
// - Memory stays bounded: past maxMessageSize nothing more is kept (the message is refused
//   with 552 once the client has finished sending it), and a line longer than
//   maxLineLength is skipped (the message is refused with 500 5.5.2).
class SmtpDataReader
{
public:
    enum class Outcome {
        Reading, // the end has not come yet
        Complete, // message() holds the content, CRLF line ends, unstuffed
        TooBig, // over maxMessageSize
        LineTooLong, // a line was over maxLineLength
    };

    SmtpDataReader(qint64 maxMessageSize, qsizetype maxLineLength);

    // Consumes bytes up to and including the end-of-data line; returns how many it took
    // (all of them while the end has not come). Bytes after the end belong to the next
    // command.
    qsizetype feed(QByteArrayView bytes);
    bool isFinished() const { return m_finished; }
    Outcome outcome() const;
    QByteArray takeMessage() { return std::exchange(m_message, {}); }
    // Octets of content so far, after unstuffing (counted on past the limit, for the log).
    qint64 size() const { return m_size; }

private:
    void appendToLine(QByteArrayView chunk);
    bool lineComplete() const;
    void endLine();

    qint64 m_maxMessageSize;
    qsizetype m_maxLineLength;
    QByteArray m_message;
    QByteArray m_line; // the line so far, while it is within the limit
    char m_lastByte = '\0'; // of a skipped line: its last two bytes tell CRLF
    char m_byteBeforeLast = '\0';
    qint64 m_size = 0;
    bool m_skippingLine = false;
    bool m_lineTooLong = false;
    bool m_tooBig = false;
    bool m_finished = false;
};

} // namespace magpie::server
