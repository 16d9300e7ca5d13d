// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as what a POP3 server sends: nothing may crash, hang or leak, and
// - however the bytes are cut into reads, the same replies, body bytes and ends come out;
// - a body piece is never empty and never larger than MaximumChunk, and after a read has
//   been drained at most a few bytes wait in a body (a "." or ".\r" needing one more byte);
// - a complete body is empty or ends with a line end (the "." line starts a line), and
//   dot-stuffing it again and parsing that gives the same body back;
// - Pop3Lines splits any body without losing or inventing a line end.
// The first byte says, bit by bit, which replies expect a multi-line body; the second how
// big the reads are.
#include "net/pop3/Pop3Lines.h"
#include "net/pop3/Pop3ReplyParser.h"

#include <QByteArrayList>

#include <cstdint>
#include <cstdlib>

using magpie::pop3::Pop3Lines;
using magpie::pop3::Pop3Reply;
using magpie::pop3::Pop3ReplyParser;
using Type = Pop3ReplyParser::Event::Type;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Transcript
{
    QByteArrayList events; // "R<status><line>", "D<body so far>" merged, "E"
    QByteArrayList bodies; // each complete body
};

Transcript read(QByteArrayView input, quint8 multiLineBits, qsizetype readSize)
{
    Transcript transcript;
    Pop3ReplyParser parser;
    int replies = 0;
    QByteArray body;
    for (qsizetype at = 0; at < input.size() || at == 0; at += readSize) {
        parser.feed(input.sliced(at, qMin(readSize, input.size() - at)));
        for (;;) {
            if (!parser.isInBody())
                parser.setMultiLineExpected((multiLineBits >> (replies % 8)) & 1);
            Pop3ReplyParser::Event event = parser.next();
            if (event.type == Type::NeedMoreData)
                break;
            switch (event.type) {
            case Type::Reply:
                ++replies;
                check(Pop3Reply::parse(event.reply.line).status == event.reply.status
                      || event.reply.line.size() == 200); // an overlong line's start
                transcript.events.append('R' + QByteArray::number(int(event.reply.status))
                                         + event.reply.line);
                break;
            case Type::Data:
                check(!event.data.isEmpty());
                check(event.data.size() <= Pop3ReplyParser::MaximumChunk);
                body += event.data;
                if (!transcript.events.isEmpty() && transcript.events.last().startsWith('D'))
                    transcript.events.last() += event.data;
                else
                    transcript.events.append('D' + event.data);
                break;
            case Type::EndOfData:
                transcript.events.append("E");
                transcript.bodies.append(body);
                body.clear();
                break;
            case Type::NeedMoreData:
                break;
            }
        }
        if (parser.isInBody())
            check(parser.bufferedBytes() <= 2);
        else
            check(parser.bufferedBytes() <= Pop3ReplyParser::MaximumStatusLine);
        if (input.isEmpty())
            break;
    }
    return transcript;
}

QByteArray stuffed(const QByteArray &body)
{
    QByteArray out;
    bool lineStart = true;
    for (const char c : body) {
        if (lineStart && c == '.')
            out += '.';
        out += c;
        lineStart = c == '\n';
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const quint8 multiLineBits = data[0];
    const qsizetype readSize = 1 + data[1] % 64;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 2,
                               static_cast<qsizetype>(size) - 2);

    const Transcript whole = read(input, multiLineBits, qMax<qsizetype>(input.size(), 1));
    const Transcript split = read(input, multiLineBits, readSize);
    check(whole.events == split.events);

    for (const QByteArray &body : whole.bodies) {
        check(body.isEmpty() || body.endsWith('\n'));
        Pop3ReplyParser again;
        again.setMultiLineExpected(true);
        again.feed("+OK\r\n");
        check(again.next().type == Type::Reply);
        again.feed(QByteArray(stuffed(body) + ".\r\n"));
        QByteArray back;
        for (;;) {
            const Pop3ReplyParser::Event event = again.next();
            if (event.type == Type::Data) {
                back += event.data;
                continue;
            }
            check(event.type == Type::EndOfData);
            break;
        }
        check(back == body);

        Pop3Lines lines(100);
        const QByteArrayList got = lines.add(body) + lines.finish();
        if (!lines.overflowed())
            check(got.size() == body.count('\n'));
    }
    return 0; // libFuzzer reserves other values
}
