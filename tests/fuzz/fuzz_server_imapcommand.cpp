// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes a client may send to the IMAP server: cut into commands by ImapCommandReader (all
// at once, and again in pseudo-random pieces, which must give the same steps), each command
// parsed by ImapCommandParser with and without UTF8=ACCEPT, and the bytes as a sequence set.
// Nothing may crash or hang; commands stay within the limits; errors are printable sentences.
#include "server/imap/ImapCommandParser.h"
#include "server/imap/ImapCommandReader.h"
#include "server/imap/SequenceSet.h"

#include <QHash>

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace magpie::server;

namespace {

// Small limits, so that fuzzing reaches them.
ImapCommandReader::Limits limits()
{
    ImapCommandReader::Limits l;
    l.maxLineLength = 200;
    l.maxLiteralSize = 64;
    l.maxMessageSize = 256;
    return l;
}

struct Seen
{
    ImapCommandReader::Step::Kind kind;
    QByteArray tag;
    QByteArray verb;
    QByteArray command;
    bool nonSynchronizing;
    bool operator==(const Seen &o) const
    {
        return kind == o.kind && tag == o.tag && verb == o.verb && command == o.command
            && nonSynchronizing == o.nonSynchronizing;
    }
};

bool printable(const QByteArray &text)
{
    for (const char c : text) {
        if (c < ' ' || c >= 0x7f)
            return false;
    }
    return true;
}

void parse(QByteArrayView command)
{
    for (const bool utf8 : { false, true }) {
        ImapCommandParser::Options options;
        options.utf8Accept = utf8;
        ImapCommandParser::Error error;
        const auto parsed = ImapCommandParser::parse(command, options, &error);
        if (!parsed) {
            if (error.tag.isEmpty() || error.message.isEmpty() || !printable(error.tag)
                || !printable(error.message))
                std::abort();
        } else if (parsed->tag.isEmpty() || parsed->name.isEmpty()) {
            std::abort();
        }
    }
}

// Every step until NeedMore after feeding `input` in pieces of the given sizes (the rest last).
std::vector<Seen> read(QByteArrayView input, const std::vector<qsizetype> &pieces)
{
    const ImapCommandReader::Limits l = limits();
    ImapCommandReader reader(l);
    std::vector<Seen> seen;
    const auto drain = [&]() {
        for (auto step = reader.next(); step.kind != ImapCommandReader::Step::Kind::NeedMore;
             step = reader.next()) {
            if (step.kind == ImapCommandReader::Step::Kind::Command) {
                // Bounded: the text outside literals, the literals, and at most CRLF per line.
                const qint64 bound = l.maxLineLength + l.maxMessageSize + l.maxLiteralSize
                    + 2 * step.command.count('\n');
                if (step.command.size() > bound || !step.command.endsWith('\n'))
                    std::abort();
            }
            if ((!step.tag.isEmpty() && !printable(step.tag)) || !printable(step.verb))
                std::abort();
            seen.push_back({ step.kind, step.tag, step.verb, step.command, step.nonSynchronizing });
        }
    };
    qsizetype from = 0;
    for (const qsizetype piece : pieces) {
        const qsizetype n = std::min(piece, input.size() - from);
        reader.append(input.sliced(from, n));
        from += n;
        drain();
    }
    reader.append(input.sliced(from));
    drain();
    return seen;
}

void sequenceSet(QByteArrayView text)
{
    const auto set = SequenceSet::parse(text);
    if (!set)
        return;
    if (set->isEmpty())
        std::abort();
    QList<quint32> present;
    for (quint32 n = 1; n <= 40; ++n)
        present.append(n * 3);
    const QList<quint32> selected = set->select(present);
    for (const quint32 n : present) {
        if (set->contains(n, present.constLast()) != selected.contains(n))
            std::abort();
    }
    const auto again = SequenceSet::parse(SequenceSet::format(selected));
    if (!selected.isEmpty() && (!again || again->select(present) != selected))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    sequenceSet(input);
    parse(input);

    const std::vector<Seen> whole = read(input, {});
    for (const Seen &step : whole) {
        if (step.kind == ImapCommandReader::Step::Kind::Command)
            parse(step.command);
    }

    // The same bytes in pieces of 1 to 16 bytes, chosen from the input's hash so that a
    // crash replays.
    std::vector<qsizetype> pieces;
    quint32 state = quint32(qHash(input)) | 1u;
    for (qsizetype total = 0; total < input.size();) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype piece = 1 + qsizetype(state % 16);
        pieces.push_back(piece);
        total += piece;
    }
    if (read(input, pieces) != whole)
        std::abort();
    return 0;
}
