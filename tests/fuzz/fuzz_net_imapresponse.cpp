// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes a server may send to the IMAP client: parsed by ImapResponseParser all at once,
// then again in pseudo-random pieces and with a small line limit in pieces, which must give
// the same responses; every FETCH decoded (ENVELOPE, BODYSTRUCTURE, sections). The same bytes
// also go through the command encoders as text, which must never produce a line break outside
// a literal (no command injection) nor log a secret, and through UidSet::parse.
#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapCommand.h"
#include "net/imap/ImapResponseParser.h"
#include "net/imap/UidSet.h"

#include <QHash>

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace magpie::imap;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void describe(const ImapValue &value, QByteArray &out)
{
    out += char('0' + int(value.kind));
    out += value.binary ? '~' : ' ';
    out += QByteArray::number(value.bytes.size()) + ':' + value.bytes;
    if (value.kind == ImapValue::Kind::Number)
        out += '#' + QByteArray::number(value.number);
    if (value.isList()) {
        out += '(';
        for (const ImapValue &element : value.list)
            describe(element, out);
        out += ')';
    } else {
        check(value.list.isEmpty());
    }
}

QByteArray describe(const ImapResponse &response)
{
    QByteArray out = QByteArray::number(int(response.kind)) + ' ' + response.tag + ' '
        + QByteArray::number(int(response.status)) + ' ' + response.text.toUtf8() + ' '
        + response.name + ' ' + response.continuation + ' ' + response.errorText.toUtf8();
    if (response.number)
        out += " n" + QByteArray::number(*response.number);
    if (response.code) {
        out += " [" + response.code->name + ' ' + response.code->rawArguments;
        for (const ImapValue &argument : response.code->arguments)
            describe(argument, out);
    }
    for (const ImapValue &value : response.data)
        describe(value, out);
    return out;
}

void decode(const ImapResponse &response)
{
    check(response.kind != ImapResponse::Kind::Malformed || !response.errorText.isEmpty());
    if (response.kind != ImapResponse::Kind::Untagged || response.name != "FETCH")
        return;
    QString error;
    const auto message = decode::fetch(response, &error);
    check(message.has_value() == error.isEmpty());
    if (message && message->bodyStructure) {
        // Walk the tree: every node answers isAttachment() and has a part number.
        QList<const BodyStructure *> pending { &*message->bodyStructure };
        while (!pending.isEmpty()) {
            const BodyStructure *part = pending.takeLast();
            (void)part->isAttachment();
            check(!part->type.isEmpty() && !part->subtype.isEmpty());
            for (const BodyStructure &child : part->children) {
                check(!child.partNumber.isEmpty());
                pending.append(&child);
            }
        }
    }
}

// Every response after feeding `input` in pieces of the given sizes (the rest last).
std::vector<QByteArray> parse(QByteArrayView input, const std::vector<qsizetype> &pieces,
                              qsizetype maximumLineLength, bool decodeAll)
{
    ImapResponseParser parser;
    if (maximumLineLength > 0)
        parser.setMaximumLineLength(maximumLineLength);
    std::vector<QByteArray> seen;
    const auto drain = [&]() {
        while (auto response = parser.next()) {
            if (decodeAll)
                decode(*response);
            seen.push_back(describe(*response));
        }
    };
    qsizetype from = 0;
    for (const qsizetype piece : pieces) {
        const qsizetype n = std::min(piece, input.size() - from);
        parser.feed(input.sliced(from, n));
        from += n;
        drain();
    }
    parser.feed(input.sliced(from));
    drain();
    // What is held is at most what was fed, and all of it is handed back.
    const qsizetype held = parser.bufferedBytes();
    check(held >= 0 && held <= input.size());
    check(parser.takeBuffered().size() == held && parser.bufferedBytes() == 0);
    return seen;
}

// A command's bytes carry line breaks only at the end and inside the literals they announce.
void checkFraming(const QByteArray &bytes)
{
    check(bytes.endsWith("\r\n"));
    qsizetype pos = 0;
    while (true) {
        const qsizetype lf = bytes.indexOf('\n', pos);
        check(lf > 0 && bytes[lf - 1] == '\r');
        if (lf == bytes.size() - 1)
            return;
        // "{n}" / "{n+}" / "~{n}" right before the CRLF, then n bytes of literal.
        const QByteArrayView line = QByteArrayView(bytes).sliced(pos, lf - 1 - pos);
        check(line.endsWith('}'));
        const qsizetype open = line.lastIndexOf('{');
        check(open >= 0);
        QByteArrayView digits = line.sliced(open + 1, line.size() - open - 2);
        if (digits.endsWith('+'))
            digits.chop(1);
        bool ok = false;
        const qsizetype size = digits.toLongLong(&ok);
        check(ok && size >= 0 && lf + 1 + size <= bytes.size());
        pos = lf + 1 + size;
    }
}

void encode(QByteArrayView input)
{
    const QString text = QString::fromUtf8(input);
    const QByteArray bytes = input.toByteArray();
    const ImapCommand commands[] = {
        ImapCommand("LOGIN").astring(text).secret(text),
        ImapCommand("SEARCH").atom("TEXT").string(bytes).openList().atom("SEEN").closeList(),
        ImapCommand("SELECT").mailbox(text, false),
        ImapCommand("SELECT").mailbox(text, true),
        ImapCommand("STATUS").atom(bytes),
        ImapCommand("UID FETCH").raw(bytes),
        ImapCommand("APPEND").mailbox(text).literal(bytes, false),
        ImapCommand("APPEND").mailbox(text).literal(bytes, true),
    };
    for (const ImapCommand &command : commands) {
        if (!command.isValid()) {
            check(!command.errorString().isEmpty() && command.chunks("t1", false).isEmpty());
            continue;
        }
        const QByteArrayList synchronizing = command.chunks("t1", false);
        const QByteArrayList plus = command.chunks("t1", true);
        check(plus.size() == 1 && !synchronizing.isEmpty());
        checkFraming(plus.first());
        checkFraming(synchronizing.join());
        for (qsizetype i = 0; i + 1 < synchronizing.size(); ++i)
            check(synchronizing[i].endsWith("}\r\n"));
        const QByteArray log = command.logText("t1");
        check(!log.contains('\n') && !log.contains('\r'));
    }
    // The password never reaches the log.
    const ImapCommand login = ImapCommand("LOGIN").atom("user").secret(text);
    check(!login.isValid() || login.logText("t1") == "t1 LOGIN user <redacted>");
}

void uidSet(QByteArrayView input)
{
    const auto set = UidSet::parse(input);
    if (!set)
        return;
    check(!set->isEmpty());
    const auto again = UidSet::parse(set->toImap());
    check(again && *again == *set);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    uidSet(input);
    encode(input);

    const std::vector<QByteArray> whole = parse(input, {}, 0, true);
    std::vector<qsizetype> pieces;
    quint32 state = quint32(qHash(input)) | 1u;
    for (qsizetype total = 0; total < input.size();) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype piece = qsizetype(state % 17);
        pieces.push_back(piece);
        total += piece;
    }
    check(parse(input, pieces, 0, false) == whole);

    // A small line limit reaches the overlong-line path; the split still does not matter.
    const std::vector<QByteArray> limited = parse(input, {}, 40, true);
    check(parse(input, pieces, 40, false) == limited);
    if (input.size() <= 512)
        check(parse(input, std::vector<qsizetype>(size_t(input.size()), 1), 40, false) == limited);
    return 0;
}
