// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as what an SMTP server sends, and as an address for the envelope: nothing may
// crash, hang or leak, and
// - the replies and the error are the same however the bytes are split (whole, in two at a
//   point the input picks, one byte at a time);
// - every reply has a code from 200 to 599 and at least one line, and its wire form parses
//   back to the same reply;
// - the parser never holds more than one line beyond the replies it has not returned;
// - an address that encodes gives "<...>" with no CR, LF or NUL in it.
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpReplyParser.h"

#include <cstdint>
#include <cstdlib>

using magpie::smtp::SmtpEnvelope;
using magpie::smtp::SmtpReply;
using magpie::smtp::SmtpReplyParser;

namespace {

constexpr qsizetype kMaxLine = 256;
constexpr int kMaxLines = 16;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Outcome
{
    QList<SmtpReply> replies;
    bool error = false;
};

void drain(SmtpReplyParser &parser, Outcome &outcome)
{
    while (const auto reply = parser.next())
        outcome.replies.append(*reply);
    outcome.error = parser.hasError();
    // Unread bytes are at most one line plus the lines of an unfinished reply.
    check(parser.bufferedSize() <= (kMaxLine + 8) * (kMaxLines + 1) + kMaxLine);
}

Outcome parseInPieces(QByteArrayView bytes, qsizetype piece)
{
    SmtpReplyParser parser(kMaxLine, kMaxLines);
    Outcome outcome;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        parser.feed(bytes.sliced(at, qMin(piece, bytes.size() - at)));
        drain(parser, outcome);
    }
    drain(parser, outcome);
    return outcome;
}

void checkReply(const SmtpReply &reply)
{
    check(reply.isValid() && reply.code() >= 200 && reply.code() <= 599);
    check(!reply.lines().isEmpty() && reply.lines().size() <= kMaxLines);
    check(reply.isPositive() + reply.isIntermediate() + reply.isTransient() + reply.isPermanent()
          == 1);
    (void)reply.text();
    check(reply.summary().startsWith(QByteArray::number(reply.code())));
    if (!reply.enhancedCode().isEmpty())
        check(reply.enhancedCode().at(0) == char('0' + reply.code() / 100));
    // The wire form may be a byte longer per line (CRLF for a bare LF): a roomier parser.
    SmtpReplyParser again(kMaxLine + 2, kMaxLines);
    again.feed(reply.toWire());
    const auto reparsed = again.next();
    check(reparsed.has_value() && *reparsed == reply);
    check(!again.next().has_value() && !again.hasError());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    const Outcome whole = parseInPieces(bytes, qMax<qsizetype>(bytes.size(), 1));
    for (const SmtpReply &reply : whole.replies)
        checkReply(reply);
    const qsizetype cut = bytes.isEmpty() ? 1 : 1 + static_cast<unsigned char>(bytes.at(0)) % 64;
    const Outcome split = parseInPieces(bytes, cut);
    check(split.replies == whole.replies && split.error == whole.error);
    if (bytes.size() <= 4096) {
        const Outcome bytewise = parseInPieces(bytes, 1);
        check(bytewise.replies == whole.replies && bytewise.error == whole.error);
    }

    QString why;
    const QString address = QString::fromUtf8(bytes);
    if (const auto path = SmtpEnvelope::encodePath(address, &why)) {
        check(path->wire.startsWith('<') && path->wire.endsWith('>'));
        check(!path->wire.contains('\r') && !path->wire.contains('\n')
              && !path->wire.contains('\0'));
    } else {
        check(!why.isEmpty());
    }
    return 0; // libFuzzer reserves other values
}
