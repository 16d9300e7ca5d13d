// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as POP3 command lines and as a message sent with RETR and TOP: nothing may crash,
// hang or leak, and
// - a command that parses prints a line that parses back to the same command;
// - the byte-stuffed form has its end-of-response line at the end and nowhere before it;
// - TOP gives a prefix of the message.
#include "server/pop3/Pop3Command.h"
#include "server/pop3/Pop3Maildrop.h"
#include "server/smtp/CommandLineReader.h"

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
    const Pop3Command command = Pop3Command::parse(line);
    if (!command.isValid())
        return;
    const QByteArray printed = command.toLine();
    const Pop3Command again = Pop3Command::parse(printed);
    check(again == command);
    check(again.toLine() == printed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    CommandLineReader lines(256);
    lines.append(bytes);
    while (const auto line = lines.next())
        commandRoundTrip(line->text);
    commandRoundTrip(bytes);

    const QByteArray stuffed = "\r\n" + Pop3Maildrop::byteStuffed(bytes);
    check(stuffed.indexOf("\r\n.\r\n") == stuffed.size() - 5);

    const int lineCount = bytes.isEmpty() ? 0 : static_cast<unsigned char>(bytes.at(0)) % 8;
    const QByteArray top = Pop3Maildrop::top(bytes, lineCount);
    check(bytes.startsWith(top));
    return 0; // libFuzzer reserves other values
}
