// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/SmtpCommand.h"

#include <QList>

#include <limits>

namespace magpie::server {

namespace {

using Verb = SmtpCommand::Verb;
using Problem = SmtpCommand::Problem;

Verb verbFor(QByteArrayView name)
{
    static const struct
    {
        const char *name;
        Verb verb;
    } verbs[] = { { "HELO", Verb::Helo }, { "EHLO", Verb::Ehlo }, { "MAIL", Verb::Mail },
                  { "RCPT", Verb::Rcpt }, { "DATA", Verb::Data }, { "RSET", Verb::Rset },
                  { "NOOP", Verb::Noop }, { "QUIT", Verb::Quit }, { "VRFY", Verb::Vrfy },
                  { "EXPN", Verb::Expn }, { "HELP", Verb::Help }, { "STARTTLS", Verb::StartTls },
                  { "AUTH", Verb::Auth } };
    for (const auto &entry : verbs) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.verb;
    }
    return Verb::Unknown;
}

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A word of visible characters (and UTF-8), as a client's name in EHLO is in practice:
// RFC 5321 s4.1.4 asks us not to refuse mail over a name that does not resolve, so we take
// anything that is one word.
bool isWord(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u == 127)
            return false;
    }
    return true;
}

// esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")   (RFC 5321 s4.1.2)
bool isEsmtpKeyword(QByteArrayView text)
{
    if (text.isEmpty() || !isAlnum(text.front()))
        return false;
    for (char c : text) {
        if (!isAlnum(c) && c != '-')
            return false;
    }
    return true;
}

// esmtp-value = 1*(%d33-60 / %d62-126)
bool isEsmtpValue(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < 33 || c > 126 || c == '=')
            return false;
    }
    return true;
}

// RFC 4954 s4: auth-type = 1*20 (ALPHA / DIGIT / "-" / "_"); initial response is base64 or "=".
bool isMechanism(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 20)
        return false;
    for (char c : text) {
        if (!isAlnum(c) && c != '-' && c != '_')
            return false;
    }
    return true;
}

bool isBase64Word(QByteArrayView text)
{
    if (text == "=")
        return true;
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isAlnum(c) && c != '+' && c != '/' && c != '=')
            return false;
    }
    return true;
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

void fail(SmtpCommand &command, Problem problem, const QString &why)
{
    command.problem = problem;
    command.whyNot = why;
}

// MAIL FROM:<path> [SP Mail-parameters] / RCPT TO:<path> [SP Rcpt-parameters] (s4.1.1.2-3)
void parsePathCommand(SmtpCommand &command, QByteArrayView rest, bool hasRest)
{
    const bool mail = command.verb == Verb::Mail;
    const QByteArrayView prefix = mail ? QByteArrayView("FROM:") : QByteArrayView("TO:");
    if (!hasRest || rest.size() < prefix.size()
        || rest.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) != 0) {
        fail(command, Problem::Syntax,
             mail ? SmtpCommand::tr("Write MAIL FROM:<address>.")
                  : SmtpCommand::tr("Write RCPT TO:<address>."));
        return;
    }
    QByteArrayView text = rest.sliced(prefix.size());
    // "MAIL FROM: <a@b>" is not in the grammar, but common enough to take (Postfix does).
    while (text.startsWith(' '))
        text = text.sliced(1);
    qsizetype consumed = 0;
    QString why;
    const auto path = SmtpPath::parse(text, &consumed, &why);
    if (!path) {
        fail(command, Problem::BadPath, why);
        return;
    }
    if (mail && path->kind() == SmtpPath::Kind::Postmaster) {
        fail(command, Problem::BadPath, SmtpCommand::tr("The sender address needs a domain."));
        return;
    }
    if (!mail && path->isNull()) {
        fail(command, Problem::BadPath, SmtpCommand::tr("The recipient address is empty."));
        return;
    }
    command.path = *path;
    const QByteArrayView parameters = text.sliced(consumed);
    if (!parameters.isEmpty() && !parameters.startsWith(' ')) {
        fail(command, Problem::Syntax,
             SmtpCommand::tr("Put a space between the address and the parameters."));
        return;
    }
    bool unknown = false;
    for (QByteArrayView parameter : words(parameters)) {
        const qsizetype equals = parameter.indexOf('=');
        const QByteArrayView keyword = equals < 0 ? parameter : parameter.first(equals);
        const std::optional<QByteArrayView> value =
            equals < 0 ? std::nullopt : std::optional<QByteArrayView>(parameter.sliced(equals + 1));
        if (!isEsmtpKeyword(keyword) || (value && !isEsmtpValue(*value))) {
            fail(command, Problem::Syntax, SmtpCommand::tr("A parameter is malformed."));
            return;
        }
        auto is = [&](const char *name) { return keyword.compare(name, Qt::CaseInsensitive) == 0; };
        auto bad = [&](const QString &why) { fail(command, Problem::BadParameter, why); };
        if (!mail) {
            unknown = true; // we offer no RCPT parameters (no DSN)
        } else if (is("SIZE")) {
            // RFC 1870 s6: size-value = 1*20DIGIT
            bool digits = value && !value->isEmpty() && value->size() <= 20;
            for (char c : value.value_or(QByteArrayView()))
                digits = digits && c >= '0' && c <= '9';
            if (!digits || command.size)
                return bad(SmtpCommand::tr("SIZE takes the message size in octets, once."));
            bool ok = false;
            const qulonglong size = value->toULongLong(&ok);
            // 20 digits can exceed what we count in; such a message is over any limit anyway
            command.size = ok && size <= qulonglong(std::numeric_limits<qint64>::max())
                ? qint64(size)
                : std::numeric_limits<qint64>::max();
        } else if (is("BODY")) {
            if (command.body != SmtpCommand::Body::Unspecified || !value)
                return bad(SmtpCommand::tr("BODY takes 7BIT or 8BITMIME, once."));
            if (value->compare("7BIT", Qt::CaseInsensitive) == 0)
                command.body = SmtpCommand::Body::SevenBit;
            else if (value->compare("8BITMIME", Qt::CaseInsensitive) == 0)
                command.body = SmtpCommand::Body::EightBitMime;
            else
                return bad(SmtpCommand::tr("BODY takes 7BIT or 8BITMIME."));
        } else if (is("SMTPUTF8")) {
            if (value || command.smtpUtf8)
                return bad(SmtpCommand::tr("SMTPUTF8 takes no value and comes once."));
            command.smtpUtf8 = true;
        } else if (is("AUTH")) {
            if (!value || command.mailAuth)
                return bad(SmtpCommand::tr("AUTH= takes one address or <>."));
            command.mailAuth = value->toByteArray();
        } else {
            unknown = true;
        }
    }
    if (unknown)
        fail(command, Problem::UnknownParameter,
             mail ? SmtpCommand::tr("MAIL takes only the SIZE, BODY, SMTPUTF8 and AUTH parameters.")
                  : SmtpCommand::tr("RCPT takes no parameters here."));
}

} // namespace

SmtpCommand SmtpCommand::parse(QByteArrayView line)
{
    // Trailing blanks are dropped: some clients send "QUIT " and mean QUIT.
    while (!line.isEmpty() && (line.back() == ' ' || line.back() == '\t'))
        line.chop(1);
    SmtpCommand command;
    const qsizetype space = line.indexOf(' ');
    const bool hasRest = space >= 0;
    const QByteArrayView verbText = hasRest ? line.first(space) : line;
    const QByteArrayView rest = hasRest ? line.sliced(space + 1) : QByteArrayView();
    command.verb = verbFor(verbText);
    // Whole, not cut short: a cut could end in a blank, or turn "MAIL\t\t..." into MAIL.
    command.name = verbText.toByteArray().toUpper();

    auto noArguments = [&] {
        if (hasRest)
            fail(command, Problem::Syntax,
                 tr("%1 takes no arguments.").arg(QString::fromLatin1(command.name)));
    };
    switch (command.verb) {
    case Verb::Unknown:
        command.argument = rest.toByteArray();
        break;
    case Verb::Helo:
    case Verb::Ehlo:
        if (!isWord(rest))
            fail(command, Problem::Syntax,
                 tr("%1 needs the client's name, as in \"%1 client.example\".")
                     .arg(QString::fromLatin1(command.name)));
        else
            command.argument = rest.toByteArray();
        break;
    case Verb::Mail:
    case Verb::Rcpt:
        parsePathCommand(command, rest, hasRest);
        break;
    case Verb::Data:
    case Verb::Rset:
    case Verb::Quit:
    case Verb::StartTls:
        noArguments();
        break;
    case Verb::Noop:
    case Verb::Help:
        command.argument = rest.toByteArray();
        break;
    case Verb::Vrfy:
    case Verb::Expn:
        if (rest.isEmpty())
            fail(command, Problem::Syntax,
                 tr("%1 needs an address.").arg(QString::fromLatin1(command.name)));
        command.argument = rest.toByteArray();
        break;
    case Verb::Auth: {
        const QList<QByteArrayView> parts = words(rest);
        if (parts.isEmpty() || parts.size() > 2 || !isMechanism(parts.at(0))
            || (parts.size() == 2 && !isBase64Word(parts.at(1)))) {
            fail(command, Problem::Syntax,
                 tr("Write AUTH, a mechanism and optionally an initial response."));
            break;
        }
        command.argument = parts.at(0).toByteArray().toUpper();
        if (parts.size() == 2)
            command.initialResponse = parts.at(1).toByteArray();
        break;
    }
    }
    return command;
}

QByteArray SmtpCommand::toLine() const
{
    QByteArray line;
    switch (verb) {
    case Verb::Mail:
        line = "MAIL FROM:" + path.toWire();
        if (size)
            line += " SIZE=" + QByteArray::number(*size);
        if (body == Body::SevenBit)
            line += " BODY=7BIT";
        else if (body == Body::EightBitMime)
            line += " BODY=8BITMIME";
        if (smtpUtf8)
            line += " SMTPUTF8";
        if (mailAuth)
            line += " AUTH=" + *mailAuth;
        return line;
    case Verb::Rcpt:
        return "RCPT TO:" + path.toWire();
    case Verb::Auth:
        line = "AUTH " + argument;
        if (initialResponse)
            line += ' ' + *initialResponse;
        return line;
    default:
        return argument.isEmpty() ? name : name + ' ' + argument;
    }
}

bool operator==(const SmtpCommand &a, const SmtpCommand &b)
{
    return a.verb == b.verb && a.name == b.name && a.argument == b.argument
        && a.initialResponse == b.initialResponse && a.path == b.path && a.size == b.size
        && a.body == b.body && a.smtpUtf8 == b.smtpUtf8 && a.mailAuth == b.mailAuth
        && a.problem == b.problem;
}

} // namespace magpie::server
