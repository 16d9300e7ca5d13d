// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as an SMTP command line, a path, DATA content and a SASL PLAIN response: nothing
// may crash, hang or leak, and
// - a command that parses prints a line that parses back to the same command, and that line
//   prints itself again;
// - a path that parses ends where the parser said, and its wire form parses to the same path;
// - DATA content gives the same outcome, message and end position however it is split.
#include "server/sasl/SaslPlain.h"
#include "server/smtp/CommandLineReader.h"
#include "server/smtp/SmtpCommand.h"
#include "server/smtp/SmtpDataReader.h"
#include "server/smtp/SmtpPath.h"

#include <cstdint>
#include <cstdlib>

using namespace magpie::server;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void commandRoundTrip(QByteArrayView line)
{
    const SmtpCommand command = SmtpCommand::parse(line);
    if (!command.isValid())
        return;
    const QByteArray printed = command.toLine();
    const SmtpCommand again = SmtpCommand::parse(printed);
    check(again == command);
    check(again.toLine() == printed);
}

void pathRoundTrip(QByteArrayView text)
{
    qsizetype consumed = -1;
    const auto path = SmtpPath::parse(text, &consumed);
    if (!path)
        return;
    check(consumed > 0 && consumed <= text.size() && text.at(consumed - 1) == '>');
    const QByteArray wire = path->toWire();
    qsizetype again = -1;
    const auto reparsed = SmtpPath::parse(wire, &again);
    check(reparsed && *reparsed == *path && again == wire.size());
    check(reparsed->address() == path->address());
}

struct DataResult
{
    SmtpDataReader::Outcome outcome;
    qsizetype used;
    QByteArray message;
};

DataResult readData(QByteArrayView bytes, qsizetype cut)
{
    SmtpDataReader reader(2048, 256);
    qsizetype used = reader.feed(bytes.first(cut));
    if (!reader.isFinished())
        used += reader.feed(bytes.sliced(cut));
    return { reader.outcome(), used, reader.takeMessage() };
}

void dataSplits(QByteArrayView bytes)
{
    const DataResult whole = readData(bytes, bytes.size());
    const DataResult split = readData(
        bytes, bytes.isEmpty() ? 0 : static_cast<unsigned char>(bytes.at(0)) % bytes.size());
    check(whole.outcome == split.outcome && whole.used == split.used
          && whole.message == split.message);
    if (whole.outcome == SmtpDataReader::Outcome::Complete) {
        // The content ends with the end-of-data line, and what is kept has CRLF line ends only.
        check(bytes.first(whole.used).endsWith("\r\n.\r\n") || bytes.first(whole.used) == ".\r\n");
        const QByteArray &message = whole.message;
        for (qsizetype i = 0; i < message.size(); ++i) {
            if (message.at(i) == '\n')
                check(i > 0 && message.at(i - 1) == '\r');
            if (message.at(i) == '\r')
                check(i + 1 < message.size() && message.at(i + 1) == '\n');
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    CommandLineReader lines(512);
    lines.append(bytes);
    while (const auto line = lines.next()) {
        check(line->text.size() < 512);
        commandRoundTrip(line->text);
    }
    commandRoundTrip(bytes);
    pathRoundTrip(bytes);
    dataSplits(bytes);
    (void)SaslPlain::decodePlain(bytes);
    (void)SaslPlain::decodeMessage(bytes);
    return 0; // libFuzzer reserves other values
}
