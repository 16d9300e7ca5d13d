// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapCommandReader.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace magpie::server {

namespace {

// Enough of a skipped line's end to hold "~{18446744073709551615+}".
constexpr qsizetype SkipTailSize = 32;

QByteArrayView withoutLineEnd(QByteArrayView line)
{
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool isPrintable(QByteArrayView token)
{
    return !token.isEmpty()
        && std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

} // namespace

ImapCommandReader::ImapCommandReader(const Limits &limits)
    : m_limits(limits)
{ }

void ImapCommandReader::append(QByteArrayView bytes)
{
    // The session drains next() to NeedMore between appends, so what is left here is at most
    // the start of one line: dropping the consumed front now costs little.
    if (m_readPos > 0) {
        m_buffer.remove(0, m_readPos);
        m_scanFrom -= m_readPos;
        m_readPos = 0;
    }
    m_buffer.append(bytes);
}

ImapCommandReader::Step ImapCommandReader::next()
{
    while (m_pending.isEmpty()) {
        if (!advance())
            return {};
    }
    return m_pending.takeFirst();
}

void ImapCommandReader::discardBuffered()
{
    m_buffer.clear();
    m_readPos = 0;
    m_scanFrom = 0;
    m_pending.clear();
    m_state = State::Line;
    m_skipLiteral = 0;
    m_skipTail.clear();
    resetCommand();
}

bool ImapCommandReader::hasBuffered() const
{
    return m_readPos < m_buffer.size() || !m_command.isEmpty();
}

// One move of the state machine; false when it needs more bytes to make one.
bool ImapCommandReader::advance()
{
    const qsizetype available = m_buffer.size() - m_readPos;
    switch (m_state) {
    case State::Line:
        return readLine();
    case State::Literal: {
        const qsizetype n = qsizetype(std::min<qint64>(available, m_literalLeft));
        m_command.append(QByteArrayView(m_buffer).sliced(m_readPos, n));
        m_readPos += n;
        m_literalLeft -= n;
        if (m_literalLeft > 0)
            return false;
        // RFC 3501 s4.3: the literal is not followed by CRLF of its own; the command goes on
        // with the next line, which may announce another literal.
        m_state = State::Line;
        return true;
    }
    case State::SkipLiteral: {
        const qsizetype n = qsizetype(std::min<quint64>(quint64(available), m_skipLiteral));
        m_readPos += n;
        m_skipLiteral -= quint64(n);
        if (m_skipLiteral > 0)
            return false;
        // RFC 7888 s4: the refused literal is read and thrown away, and so is the rest of the
        // command after it.
        m_state = State::SkipLine;
        m_skipTail.clear();
        return true;
    }
    case State::SkipLine: {
        const QByteArrayView rest = QByteArrayView(m_buffer).sliced(m_readPos);
        const qsizetype lf = rest.indexOf('\n');
        if (lf < 0) {
            m_skipTail = QByteArray(m_skipTail + rest).right(SkipTailSize);
            m_readPos = m_buffer.size();
            return false;
        }
        const QByteArray tail = QByteArray(m_skipTail + rest.first(lf)).right(SkipTailSize);
        m_readPos += lf + 1;
        m_scanFrom = m_readPos;
        finishSkippedLine(withoutLineEnd(tail));
        return true;
    }
    }
    return false;
}

bool ImapCommandReader::readLine()
{
    const qsizetype lf = m_buffer.indexOf('\n', std::max(m_scanFrom, m_readPos));
    if (lf < 0) {
        m_scanFrom = m_buffer.size();
        const qint64 partial = m_buffer.size() - m_readPos;
        // One more byte than the limit may be the CR of the line's CRLF.
        if (m_textLength + partial > m_limits.maxLineLength + 1) {
            lineTooLong(QByteArrayView(m_buffer).sliced(m_readPos));
            m_readPos = m_buffer.size();
            return true;
        }
        return false;
    }
    const QByteArrayView line = QByteArrayView(m_buffer).sliced(m_readPos, lf + 1 - m_readPos);
    const QByteArrayView text = withoutLineEnd(line);
    m_readPos = lf + 1;
    m_scanFrom = m_readPos;
    if (m_textLength + text.size() > m_limits.maxLineLength) {
        lineTooLong(line);
        finishSkippedLine(text.last(std::min(text.size(), SkipTailSize)));
        return true;
    }
    m_command.append(line);
    m_textLength += text.size();
    if (!m_begun) {
        qsizetype end = 0;
        m_tag = firstToken(text, &end);
        if (!m_tag.isEmpty()) {
            qsizetype verbEnd = 0;
            const QByteArrayView afterTag = text.sliced(end);
            m_verb = firstToken(afterTag, &verbEnd).toUpper();
            if (m_verb == "UID") {
                const QByteArray command = firstToken(afterTag.sliced(verbEnd), &verbEnd);
                if (!command.isEmpty())
                    m_verb += ' ' + command.toUpper();
            }
        }
        m_begun = true;
        push(Step::Kind::CommandBegun);
    }
    const auto literal = literalAtEnd(text);
    if (!literal) {
        push(Step::Kind::Command);
        resetCommand();
        return true;
    }
    const qint64 limit = literalLimit();
    // APPEND's literals together: the message and a mailbox name that may be a literal too.
    const qint64 totalLimit = m_verb == "APPEND" ? limit + m_limits.maxLiteralSize : limit;
    if (literal->size > quint64(limit) || m_literalTotal + qint64(literal->size) > totalLimit) {
        Step &step = m_pending.emplace_back();
        step.kind = Step::Kind::LiteralTooLarge;
        step.tag = m_tag;
        step.verb = m_verb;
        step.nonSynchronizing = literal->nonSynchronizing;
        resetCommand();
        // A client told no (instead of "+") does not send a synchronizing literal, and its
        // next line is a new command (RFC 3501 s7.5). A non-synchronizing one is on its way.
        if (literal->nonSynchronizing) {
            m_skipLiteral = literal->size;
            m_state = State::SkipLiteral;
        }
        return true;
    }
    m_literalTotal += qint64(literal->size);
    m_literalLeft = qint64(literal->size);
    m_state = State::Literal;
    if (!literal->nonSynchronizing)
        push(Step::Kind::NeedContinuation);
    return true;
}

void ImapCommandReader::lineTooLong(QByteArrayView partialLine)
{
    Step &step = m_pending.emplace_back();
    step.kind = Step::Kind::LineTooLong;
    if (m_begun) {
        step.tag = m_tag;
        step.verb = m_verb;
    } else {
        // The tag only when it is known to be whole, i.e. a space follows it within the
        // limit: then it is the same however the line was cut into reads.
        const QByteArrayView start =
            partialLine.first(std::min<qint64>(partialLine.size(), m_limits.maxLineLength + 1));
        qsizetype end = 0;
        if (start.contains(' '))
            step.tag = firstToken(start, &end);
    }
    resetCommand();
    m_skipTail = partialLine.last(std::min(partialLine.size(), SkipTailSize)).toByteArray();
    m_state = State::SkipLine;
}

// The refused line is gone; if it announced a non-synchronizing literal, that comes next and
// is thrown away too (a synchronizing one is not sent, as the client got no "+").
void ImapCommandReader::finishSkippedLine(QByteArrayView tail)
{
    m_skipTail.clear();
    const auto literal = literalAtEnd(tail);
    if (literal && literal->nonSynchronizing) {
        m_skipLiteral = literal->size;
        m_state = State::SkipLiteral;
    } else {
        m_state = State::Line;
    }
}

void ImapCommandReader::push(Step::Kind kind)
{
    Step &step = m_pending.emplace_back();
    step.kind = kind;
    step.tag = m_tag;
    step.verb = m_verb;
    if (kind == Step::Kind::Command) // the command is done with: no copy of a big APPEND
        step.command = std::exchange(m_command, {});
}

void ImapCommandReader::resetCommand()
{
    m_command.clear();
    m_tag.clear();
    m_verb.clear();
    m_begun = false;
    m_textLength = 0;
    m_literalTotal = 0;
    m_literalLeft = 0;
}

qint64 ImapCommandReader::literalLimit() const
{
    return m_verb == "APPEND" ? m_limits.maxMessageSize : m_limits.maxLiteralSize;
}

// "{N}", "{N+}" (RFC 7888 s3) or "~{N}" (literal8, RFC 3516 s4.2) ending the line. A number
// too big for 64 bits saturates: it is over any limit anyway.
std::optional<ImapCommandReader::LiteralAnnouncement>
ImapCommandReader::literalAtEnd(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return std::nullopt;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return std::nullopt;
    QByteArrayView digits = line.sliced(open + 1, line.size() - open - 2);
    LiteralAnnouncement literal;
    if (digits.endsWith('+')) {
        literal.nonSynchronizing = true;
        digits.chop(1);
    }
    if (digits.isEmpty())
        return std::nullopt;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        if (literal.size > (std::numeric_limits<quint64>::max() - digit) / 10)
            literal.size = std::numeric_limits<quint64>::max();
        else
            literal.size = literal.size * 10 + digit;
    }
    return literal;
}

// The bytes before the first space, if they are printable ASCII (a tag or a verb can be
// echoed in a reply); `end` is where the token stops and the rest, after one space, begins.
QByteArray ImapCommandReader::firstToken(QByteArrayView line, qsizetype *end)
{
    qsizetype space = line.indexOf(' ');
    if (space < 0)
        space = line.size();
    *end = std::min(space + 1, line.size());
    const QByteArrayView token = line.first(space);
    return isPrintable(token) ? token.toByteArray() : QByteArray();
}

} // namespace magpie::server
