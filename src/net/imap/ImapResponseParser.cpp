// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapResponseParser.h"

#include "net/imap/ImapValueReader.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace magpie::imap {


namespace {

// At most this much is reserved for a literal before its bytes arrive: the announced size
// only says how many bytes belong to it (DESIGN.md: never trust a length from the server).
constexpr qsizetype literalReserve = 64 * 1024;
// How much of a bad line an error message quotes.
constexpr qsizetype quoteLength = 80;
// A response's text keeps its buffer for the next one up to this size (most are far smaller).
constexpr qsizetype keptTextCapacity = 64 * 1024;

// lupdate files a free tr() under the enclosing namespace; calls through this struct are
// filed under the context the runtime looks them up in.
struct ParserText
{
    Q_DECLARE_TR_FUNCTIONS(magpie::imap::ImapResponseParser)
};

QByteArrayView firstLineOf(QByteArrayView text)
{
    const qsizetype lf = text.indexOf('\n');
    return ImapValueReader::withoutLineEnd(lf < 0 ? text : text.first(lf + 1));
}

// The size announced by a literal ending the line: "{n}" (RFC 3501 s4.3), "{n+}" (LITERAL+,
// RFC 7888; servers should not send it, but it costs nothing to accept) or "~{n}" (literal8,
// RFC 3516 s4.2).
std::optional<quint64> announcedLiteral(QByteArrayView line)
{
    if (!line.endsWith('}'))
        return std::nullopt;
    line.chop(1);
    if (line.endsWith('+'))
        line.chop(1);
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return std::nullopt;
    return ImapValueReader::parseNumber(line.sliced(open + 1), ImapValueReader::number64Max);
}

std::optional<ImapResponse::Status> statusNamed(QByteArrayView word)
{
    using Status = ImapResponse::Status;
    static const struct
    {
        const char *name;
        Status status;
    } statuses[] = { { "OK", Status::Ok },
                     { "NO", Status::No },
                     { "BAD", Status::Bad },
                     { "BYE", Status::Bye },
                     { "PREAUTH", Status::Preauth } };
    for (const auto &entry : statuses) {
        if (ImapValueReader::equalsIgnoringCase(word, entry.name))
            return entry.status;
    }
    return std::nullopt;
}

// The word after the tag or "*": a status ("OK"), a number ("23") or a data name.
QByteArrayView secondWord(QByteArrayView line)
{
    qsizetype at = line.indexOf(' ');
    if (at < 0)
        return {};
    while (at < line.size() && line[at] == ' ')
        ++at;
    const qsizetype end = line.indexOf(' ', at);
    return line.sliced(at, (end < 0 ? line.size() : end) - at);
}

// The upper-cased name of untagged data; the usual ones share a static copy (no allocation
// for each of 100,000 FETCH responses).
QByteArray dataName(QByteArrayView name)
{
    static const QByteArray names[] = {
        QByteArrayLiteral("FETCH"),    QByteArrayLiteral("EXISTS"),     QByteArrayLiteral("EXPUNGE"),
        QByteArrayLiteral("RECENT"),   QByteArrayLiteral("FLAGS"),      QByteArrayLiteral("VANISHED"),
        QByteArrayLiteral("SEARCH"),   QByteArrayLiteral("ESEARCH"),    QByteArrayLiteral("LIST"),
        QByteArrayLiteral("LSUB"),     QByteArrayLiteral("STATUS"),     QByteArrayLiteral("CAPABILITY"),
        QByteArrayLiteral("ENABLED"),  QByteArrayLiteral("NAMESPACE"),  QByteArrayLiteral("ID"),
    };
    for (const QByteArray &known : names) {
        if (ImapValueReader::equalsIgnoringCase(name, known))
            return known;
    }
    return name.toByteArray().toUpper();
}

// Status responses and continuation requests end at their first line: their text may end in
// "{5}" without announcing a literal (RFC 3501 s7.1 resp-text, s7.5).
bool mayAnnounceLiteral(QByteArrayView firstLine)
{
    return !firstLine.startsWith('+') && !statusNamed(secondWord(firstLine));
}

// The tag a (possibly cut) first line starts with, when it is a tagged response.
QByteArray tagOf(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    const QByteArrayView tag = space < 0 ? line : line.first(space);
    if (tag.isEmpty() || tag == "*" || tag.startsWith('+'))
        return {};
    return tag.toByteArray();
}

// Printable ASCII only, cut at `limit` bytes with "..." : safe to show in an error.
QString quote(QByteArrayView line, qsizetype limit = quoteLength)
{
    QByteArray shown = line.first(std::min(line.size(), limit)).toByteArray();
    for (char &c : shown) {
        if (c < ' ' || c > '~')
            c = '?';
    }
    if (line.size() > limit)
        shown += "...";
    return QString::fromLatin1(shown);
}

QString malformed(const QString &reason, QByteArrayView line, qsizetype limit = quoteLength)
{
    return ParserText::tr("The server sent a response Magpie could not read: %1 in \"%2\".")
        .arg(reason, quote(line, limit));
}

// resp-text = ["[" resp-text-code "]" SP] text (RFC 3501 s7.1); the text may be missing.
void readStatusText(ImapResponse &response, QByteArrayView rest)
{
    while (rest.startsWith(' '))
        rest = rest.sliced(1);
    if (rest.startsWith('[')) {
        qsizetype nameEnd = 1;
        while (nameEnd < rest.size() && rest[nameEnd] != ' ' && rest[nameEnd] != ']')
            ++nameEnd;
        // The closing bracket, not one inside a quoted argument.
        qsizetype close = nameEnd;
        bool inQuote = false;
        for (; close < rest.size(); ++close) {
            const char c = rest[close];
            if (inQuote && c == '\\')
                ++close;
            else if (c == '"')
                inQuote = !inQuote;
            else if (c == ']' && !inQuote)
                break;
        }
        // Without its "]" the bracket is only text; an empty name is no code.
        if (close < rest.size() && nameEnd > 1) {
            ResponseCode code;
            code.name = rest.sliced(1, nameEnd - 1).toByteArray().toUpper();
            if (nameEnd < close)
                code.rawArguments = rest.sliced(nameEnd + 1, close - nameEnd - 1).toByteArray();
            ImapValueReader reader(code.rawArguments);
            while (true) {
                reader.skipSpaces();
                if (reader.atLineEnd())
                    break;
                auto argument = reader.value();
                if (!argument) {
                    code.arguments.clear();
                    break;
                }
                code.arguments.append(std::move(*argument));
            }
            response.code = std::move(code);
            rest = rest.sliced(close + 1);
            if (rest.startsWith(' '))
                rest = rest.sliced(1);
        }
    }
    response.text = QString::fromUtf8(rest);
}

} // namespace

void ImapResponseParser::feed(QByteArrayView bytes)
{
    // While nothing is buffered, whole lines and literal bytes are framed straight from the
    // input: one copy each, no rescanning. (The session feeds one line or literal piece at a
    // time, so this is the usual way.) Anything else - a response waiting for next(), a line
    // not finished, one too long - goes through the buffer below, with the same result.
    while (!bytes.isEmpty() && m_start == m_buffer.size() && !m_skipping && !m_complete && !m_ready) {
        if (m_inLiteral) {
            const auto take = qsizetype(std::min<quint64>(m_literalRemaining, quint64(bytes.size())));
            takeLiteral(bytes.first(take));
            bytes = bytes.sliced(take);
            continue;
        }
        const qsizetype lf = bytes.indexOf('\n');
        if (lf < 0)
            break;
        const QByteArrayView line = bytes.first(lf + 1);
        if (m_textContent + ImapValueReader::withoutLineEnd(line).size() > m_maximumLineLength)
            break;
        acceptLine(line);
        bytes = bytes.sliced(lf + 1);
    }
    m_buffer.append(bytes.data(), bytes.size());
    frame();
}

std::optional<ImapResponse> ImapResponseParser::next()
{
    std::optional<ImapResponse> response;
    if (m_ready) {
        response = std::move(m_ready);
        m_ready.reset();
    } else if (m_complete) {
        response = parseFrame();
        resetFrame();
    } else {
        return std::nullopt;
    }
    frame();
    return response;
}

qsizetype ImapResponseParser::bufferedBytes() const
{
    return m_text.size() + m_literalBytes + (m_buffer.size() - m_start);
}

QByteArray ImapResponseParser::takeBuffered()
{
    QByteArray bytes;
    bytes.reserve(bufferedBytes());
    qsizetype at = 0;
    for (qsizetype i = 0; i < m_literals.size(); ++i) {
        bytes += QByteArrayView(m_text).sliced(at, m_literalAt[i] - at);
        bytes += m_literals[i];
        at = m_literalAt[i];
    }
    bytes += QByteArrayView(m_text).sliced(at);
    bytes += QByteArrayView(m_buffer).sliced(m_start);
    resetFrame();
    m_buffer.clear();
    m_start = 0;
    m_scanned = 0;
    m_skipping = false;
    m_ready.reset();
    return bytes;
}

void ImapResponseParser::setMaximumLineLength(qsizetype bytes)
{
    m_maximumLineLength = std::max<qsizetype>(bytes, 1);
}

// Cuts the buffered bytes into one response at a time: lines, and the literals they announce.
void ImapResponseParser::frame()
{
    while (true) {
        if (m_skipping) {
            const qsizetype lf = m_buffer.indexOf('\n', m_start);
            if (lf < 0) {
                m_start = m_buffer.size();
                break;
            }
            m_start = lf + 1;
            m_skipping = false;
        }
        if (m_complete || m_ready)
            break;
        if (m_inLiteral) {
            frameLiteral();
            if (m_inLiteral)
                break;
        } else if (!frameLine()) {
            break;
        }
    }
    compact();
}

bool ImapResponseParser::frameLine()
{
    const QByteArrayView buffer(m_buffer);
    const qsizetype lf = m_buffer.indexOf('\n', m_start + m_scanned);
    if (lf < 0) {
        m_scanned = m_buffer.size() - m_start;
        // The line is at least this long whatever comes next; a last CR may start its CRLF.
        const qsizetype known = m_scanned - (m_scanned > 0 && m_buffer.endsWith('\r') ? 1 : 0);
        if (m_textContent + known <= m_maximumLineLength)
            return false;
        lineTooLong(buffer.sliced(m_start), false);
        return true;
    }
    const QByteArrayView line = buffer.sliced(m_start, lf + 1 - m_start);
    const QByteArrayView content = ImapValueReader::withoutLineEnd(line);
    if (m_textContent + content.size() > m_maximumLineLength) {
        lineTooLong(line, true);
        return true;
    }
    m_start = lf + 1;
    m_scanned = 0;
    acceptLine(line);
    return true;
}

// A whole line (LF included, within the length limit) of the response being framed.
void ImapResponseParser::acceptLine(QByteArrayView line)
{
    const QByteArrayView content = ImapValueReader::withoutLineEnd(line);
    const bool first = m_text.isEmpty();
    m_text.append(line.data(), line.size());
    m_textContent += content.size();
    const std::optional<quint64> announced =
        first && !mayAnnounceLiteral(content) ? std::nullopt : announcedLiteral(content);
    if (!announced) {
        m_complete = true;
        return;
    }
    m_literalAt.append(m_text.size());
    m_literals.append(QByteArray());
    m_literals.last().reserve(qsizetype(std::min<quint64>(*announced, literalReserve)));
    m_literalRemaining = *announced;
    m_inLiteral = true;
}

void ImapResponseParser::frameLiteral()
{
    const qsizetype available = m_buffer.size() - m_start;
    const auto take = qsizetype(std::min<quint64>(m_literalRemaining, quint64(available)));
    takeLiteral(QByteArrayView(m_buffer).sliced(m_start, take));
    m_start += take;
}

// Bytes of the literal being read, no more than it still lacks.
void ImapResponseParser::takeLiteral(QByteArrayView bytes)
{
    m_literals.last().append(bytes.data(), bytes.size());
    m_literalBytes += bytes.size();
    m_literalRemaining -= quint64(bytes.size());
    m_inLiteral = m_literalRemaining > 0;
}

// The response is reported as soon as its line is known to be too long, and the rest of the
// line is dropped as it arrives rather than buffered. Only the first m_maximumLineLength bytes
// are looked at, so the result does not depend on how the bytes were split.
void ImapResponseParser::lineTooLong(QByteArrayView lineStart, bool lineEnded)
{
    const qsizetype seen = std::min(m_maximumLineLength, quoteLength);
    const QByteArrayView first = m_text.isEmpty()
        ? lineStart.first(std::min(lineStart.size(), m_maximumLineLength))
        : firstLineOf(m_text);
    ImapResponse response;
    response.kind = ImapResponse::Kind::Malformed;
    response.tag = tagOf(first.first(std::min(first.size(), m_maximumLineLength)));
    response.errorText =
        malformed(ParserText::tr("a line longer than %1 bytes").arg(m_maximumLineLength), first, seen);
    if (lineEnded) {
        m_start += lineStart.size();
    } else {
        m_start = m_buffer.size();
        m_skipping = true;
    }
    m_scanned = 0;
    resetFrame();
    m_ready = std::move(response);
}

void ImapResponseParser::resetFrame()
{
    // The text's buffer serves the next response too, unless it grew unusually big.
    if (m_text.capacity() > keptTextCapacity)
        m_text.clear();
    else
        m_text.truncate(0);
    m_textContent = 0;
    m_literals.clear();
    m_literalAt.clear();
    m_literalBytes = 0;
    m_literalRemaining = 0;
    m_inLiteral = false;
    m_complete = false;
}

// Drops framed bytes from the front once they are the larger part, so each byte is moved at
// most a few times however the input was split.
void ImapResponseParser::compact()
{
    if (m_start == m_buffer.size()) {
        m_buffer.clear();
        m_start = 0;
    } else if (m_start > 4096 && m_start > m_buffer.size() / 2) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
}

ImapResponse ImapResponseParser::parseFrame()
{
    ImapResponse response;
    const QByteArrayView firstLine = firstLineOf(m_text);
    const auto fail = [&](const QString &reason) {
        response.kind = ImapResponse::Kind::Malformed;
        response.status = ImapResponse::Status::None;
        response.errorText = malformed(reason, firstLine);
        return response;
    };

    // RFC 3501 s7.5: "+" [SP (resp-text / base64)]; some servers send a bare "+".
    if (firstLine.startsWith('+')) {
        response.kind = ImapResponse::Kind::Continuation;
        QByteArrayView rest = firstLine.sliced(1);
        if (rest.startsWith(' '))
            rest = rest.sliced(1);
        response.continuation = rest.toByteArray();
        response.text = QString::fromUtf8(rest);
        return response;
    }

    m_scratch.clear();
    ImapValueReader reader(m_text, &m_literals, &m_literalAt, &m_scratch, &m_recentWords);
    const QByteArrayView tag = reader.word();
    if (tag.isEmpty())
        return fail(firstLine.isEmpty() ? ParserText::tr("an empty line") : ParserText::tr("a missing tag"));
    reader.skipSpaces();

    if (tag != "*") {
        // RFC 3501 s7.1: a tagged response is always OK, NO or BAD.
        response.kind = ImapResponse::Kind::Tagged;
        response.tag = tag.toByteArray();
        const auto status = statusNamed(reader.word());
        if (!status || *status == ImapResponse::Status::Bye
            || *status == ImapResponse::Status::Preauth)
            return fail(ParserText::tr("a tag without a status (OK, NO or BAD)"));
        response.status = *status;
        readStatusText(response, reader.restOfLine());
        return response;
    }

    response.kind = ImapResponse::Kind::Untagged;
    if (reader.atDigit()) {
        // "* 23 EXISTS", "* 5 FETCH (...)": a message sequence number (RFC 3501 s7.3, s7.4).
        const QByteArrayView digits = reader.word(true);
        const auto number =
            ImapValueReader::parseNumber(digits, std::numeric_limits<quint32>::max());
        if (!number) {
            const bool allDigits = std::all_of(digits.begin(), digits.end(),
                                               [](char c) { return c >= '0' && c <= '9'; });
            return fail(allDigits ? ParserText::tr("a message number out of range")
                                  : ParserText::tr("a malformed message number"));
        }
        response.number = quint32(*number);
        reader.skipSpaces();
    }
    const QByteArrayView name = reader.word(true);
    if (name.isEmpty())
        return fail(ParserText::tr("a response without a name"));
    if (!response.number) {
        if (const auto status = statusNamed(name)) {
            response.status = *status;
            readStatusText(response, reader.restOfLine());
            return response;
        }
    }
    response.name = dataName(name);
    while (true) {
        reader.skipSpaces();
        if (reader.atLineEnd())
            break;
        auto value = reader.value();
        if (!value)
            return fail(ParserText::tr(reader.error()));
        response.data.append(std::move(*value));
    }
    if (!reader.atEnd())
        return fail(ParserText::tr("unexpected text"));
    return response;
}

} // namespace magpie::imap
