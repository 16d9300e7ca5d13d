// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/pop3/Pop3Command.h"

#include <QList>

#include <limits>

namespace magpie::server {

namespace {

using Verb = Pop3Command::Verb;

constexpr qsizetype kMaxKeywordName = 32; // bounds log lines and fault-plan lookups

Verb verbFor(QByteArrayView name)
{
    static const struct
    {
        const char *name;
        Verb verb;
    } verbs[] = { { "USER", Verb::User }, { "PASS", Verb::Pass }, { "QUIT", Verb::Quit },
                  { "STAT", Verb::Stat }, { "LIST", Verb::List }, { "RETR", Verb::Retr },
                  { "DELE", Verb::Dele }, { "NOOP", Verb::Noop }, { "RSET", Verb::Rset },
                  { "TOP", Verb::Top },   { "UIDL", Verb::Uidl }, { "CAPA", Verb::Capa },
                  { "STLS", Verb::Stls }, { "AUTH", Verb::Auth } };
    for (const auto &entry : verbs) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.verb;
    }
    return Verb::Unknown;
}

QList<QByteArrayView> words(QByteArrayView text)
{
    QList<QByteArrayView> out;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text.at(i) == ' ') {
            if (i > from)
                out.append(text.sliced(from, i - from));
            from = i + 1;
        }
    }
    return out;
}

// A non-negative decimal number that fits in an int; no sign, no blanks.
std::optional<int> number(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 10)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(value);
}

bool isMechanism(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 20)
        return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

Pop3Command Pop3Command::parse(QByteArrayView line)
{
    Pop3Command command;
    const qsizetype space = line.indexOf(' ');
    const QByteArrayView keyword = space < 0 ? line : line.first(space);
    command.verb = verbFor(keyword);
    command.name = keyword.first(qMin(keyword.size(), kMaxKeywordName)).toByteArray().toUpper();

    // PASS takes the rest of the line byte for byte; everything else may trail blanks.
    QByteArrayView rest = space < 0 ? QByteArrayView() : line.sliced(space + 1);
    if (command.verb == Verb::Pass) {
        if (rest.isEmpty())
            command.whyNot = tr("PASS needs the password.");
        command.argument = rest.toByteArray();
        return command;
    }
    while (!rest.isEmpty() && (rest.back() == ' ' || rest.back() == '\t'))
        rest.chop(1);
    const QList<QByteArrayView> args = words(rest);
    const QString name = QString::fromLatin1(command.name);

    auto messageNumber = [&](QByteArrayView text) -> std::optional<int> {
        const std::optional<int> n = number(text);
        if (!n || *n == 0) {
            command.whyNot = tr("%1 takes a message number: 1, 2, 3 ...").arg(name);
            return std::nullopt;
        }
        return n;
    };

    switch (command.verb) {
    case Verb::Unknown:
        command.argument = rest.toByteArray();
        break;
    case Verb::Pass:
        break;
    case Verb::User:
        if (args.size() != 1)
            command.whyNot = tr("USER takes your user name, which is your mail address.");
        else
            command.argument = args.at(0).toByteArray();
        break;
    case Verb::Quit:
    case Verb::Stat:
    case Verb::Noop:
    case Verb::Rset:
    case Verb::Capa:
    case Verb::Stls:
        if (!args.isEmpty())
            command.whyNot = tr("%1 takes no arguments.").arg(name);
        break;
    case Verb::List:
    case Verb::Uidl:
        if (args.size() > 1)
            command.whyNot = tr("%1 takes at most a message number.").arg(name);
        else if (args.size() == 1)
            command.message = messageNumber(args.at(0));
        break;
    case Verb::Retr:
    case Verb::Dele:
        if (args.size() != 1)
            command.whyNot = tr("%1 takes a message number.").arg(name);
        else
            command.message = messageNumber(args.at(0));
        break;
    case Verb::Top:
        if (args.size() != 2) {
            command.whyNot = tr("TOP takes a message number and a number of lines.");
            break;
        }
        command.message = messageNumber(args.at(0));
        if (command.message) {
            command.lines = number(args.at(1));
            if (!command.lines)
                command.whyNot = tr("TOP takes a number of lines: 0 or more.");
        }
        break;
    case Verb::Auth:
        // RFC 5034 s4: AUTH mechanism [initial-response]; a bare AUTH lists the mechanisms.
        if (args.size() > 2 || (!args.isEmpty() && !isMechanism(args.at(0)))) {
            command.whyNot = tr("Write AUTH, a mechanism and optionally an initial response.");
            break;
        }
        if (!args.isEmpty())
            command.argument = args.at(0).toByteArray().toUpper();
        if (args.size() == 2)
            command.initialResponse = args.at(1).toByteArray();
        break;
    }
    if (!command.isValid()) {
        command.message.reset();
        command.lines.reset();
    }
    return command;
}

QByteArray Pop3Command::toLine() const
{
    QByteArray line = name;
    switch (verb) {
    case Verb::Pass:
        return line + ' ' + argument;
    case Verb::Top:
        return line + ' ' + QByteArray::number(message.value_or(0)) + ' '
            + QByteArray::number(lines.value_or(0));
    case Verb::List:
    case Verb::Uidl:
    case Verb::Retr:
    case Verb::Dele:
        return message ? line + ' ' + QByteArray::number(*message) : line;
    case Verb::Auth:
        if (!argument.isEmpty())
            line += ' ' + argument;
        if (initialResponse)
            line += ' ' + *initialResponse;
        return line;
    default:
        return argument.isEmpty() ? line : line + ' ' + argument;
    }
}

bool operator==(const Pop3Command &a, const Pop3Command &b)
{
    return a.verb == b.verb && a.name == b.name && a.message == b.message && a.lines == b.lines
        && a.argument == b.argument && a.initialResponse == b.initialResponse
        && a.isValid() == b.isValid();
}

} // namespace magpie::server
