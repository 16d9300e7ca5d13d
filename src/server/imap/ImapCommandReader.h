// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace magpie::server {

// Cuts the client's bytes into whole IMAP commands: a line, and when it ends in a literal
// ("{42}", or "{42+}" with LITERAL+, RFC 7888) the literal's bytes and the line after them,
// and so on. Knows nothing else of IMAP, so ImapCommandParser gets a complete command and
// never waits for the network. Memory stays bounded: a line longer than the limit or a
// literal over its limit is reported and skipped, never buffered.
class ImapCommandReader
{
public:
    struct Limits
    {
        qint64 maxLineLength = 64 * 1024;
        qint64 maxLiteralSize = 1024 * 1024;   // any literal but APPEND's message
        qint64 maxMessageSize = 32 * 1024 * 1024; // the APPEND literal
    };

    struct Step
    {
        enum class Kind {
            NeedMore,         // feed more bytes
            CommandBegun,     // the first line of a command is in (reported once per command)
            NeedContinuation, // a synchronizing literal follows: send "+ ..." (RFC 3501 s7.5)
            Command,          // `command` holds the whole command, literals included
            LineTooLong,      // the line was skipped: answer BAD (tag may be empty)
            LiteralTooLarge,  // the command was abandoned: answer NO [TOOBIG] / BAD
        };
        Kind kind = Kind::NeedMore;
        QByteArray tag;
        QByteArray verb;        // upper case; "UID FETCH" for UID commands
        QByteArray command;     // for Command: every byte of it, CRLFs included
        bool nonSynchronizing = false; // LiteralTooLarge: the client sends the literal anyway
    };

    explicit ImapCommandReader(const Limits &limits);

    void append(QByteArrayView bytes);
    // The next thing that happened; call until it says NeedMore.
    Step next();
    // Bytes received but not yet part of a Step (a STARTTLS session throws them away).
    void discardBuffered();
    bool hasBuffered() const;

private:
    // The members below are the implementation's own.
    Limits m_limits;
    QByteArray m_buffer;
    QByteArray m_command;
    QByteArray m_tag;
    QByteArray m_verb;
    qint64 m_literalLeft = 0;
    qint64 m_skipLiteral = 0;
    bool m_skippingLine = false;
    bool m_begun = false;
};

} // namespace magpie::server
