// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace magpie::server {

// Cuts the client's bytes into whole IMAP commands: a line, and when it ends in a literal
// ("{42}", or "{42+}" with LITERAL+, RFC 7888) the literal's bytes and the line after them,
// and so on. Knows nothing else of IMAP, so ImapCommandParser gets a complete command and
// never waits for the network. Memory stays bounded: a line longer than the limit or a
// literal over its limit is reported and skipped, never buffered.
//
// Every line is framed the same way, whatever the session is doing: IDLE's "DONE" and the
// client's AUTHENTICATE responses (base64, or "*") also come out as CommandBegun then Command,
// with the first token as `tag` and `verb` usually empty. The session knows which it expects.
// A line whose first token is not printable ASCII has an empty tag.
//
// Limits: the text of a command outside its literals (all its lines together) may be
// maxLineLength long; one literal, and all the literals of a command together, maxLiteralSize,
// or maxMessageSize for APPEND (whose literals together may be maxMessageSize + maxLiteralSize,
// so that a literal mailbox name does not eat into the message's allowance).
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
    enum class State {
        Line,        // reading a line of the command (its first, or the one after a literal)
        Literal,     // copying a literal's bytes into the command
        SkipLiteral, // throwing away a refused non-synchronizing literal
        SkipLine,    // throwing away the rest of a refused line
    };
    struct LiteralAnnouncement
    {
        quint64 size = 0;
        bool nonSynchronizing = false;
    };

    bool advance();
    bool readLine();
    void lineTooLong(QByteArrayView partialLine);
    void finishSkippedLine(QByteArrayView tail);
    void push(Step::Kind kind);
    void resetCommand();
    qint64 literalLimit() const;
    static std::optional<LiteralAnnouncement> literalAtEnd(QByteArrayView line);
    static QByteArray firstToken(QByteArrayView line, qsizetype *end);

    Limits m_limits;
    QByteArray m_buffer;
    qsizetype m_readPos = 0;  // m_buffer before this is consumed
    qsizetype m_scanFrom = 0; // no LF in m_buffer between m_readPos and this
    State m_state = State::Line;
    QList<Step> m_pending;
    // The command being read.
    QByteArray m_command;
    QByteArray m_tag;
    QByteArray m_verb;
    bool m_begun = false;
    qint64 m_textLength = 0;   // its bytes outside literals, line ends excluded
    qint64 m_literalTotal = 0; // its literals' bytes so far
    qint64 m_literalLeft = 0;
    // What is being thrown away.
    quint64 m_skipLiteral = 0;
    QByteArray m_skipTail; // the last bytes of the skipped line, to see a literal at its end
};

} // namespace magpie::server
