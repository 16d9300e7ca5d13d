// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapCommandParser.h"

#include "net/imap/MailboxName.h"
#include "server/imap/ImapFetchItemParser.h"
#include "server/imap/ImapLexer.h"
#include "server/imap/ImapSearchParser.h"

#include <QStringDecoder>

#include <algorithm>

namespace magpie::server {

namespace {

// One command's arguments, read in the order of RFC 3501 s9 (and the extension RFCs cited at
// each command). Each method reads from just after the command's name and returns false with
// the lexer's error set.
class CommandReader
{
public:
    CommandReader(QByteArrayView text, const ImapCommandParser::Options &options)
        : m_lexer(text)
        , m_options(options)
    { }

    std::optional<ImapCommand> read(ImapCommandParser::Error *error);

private:
    using Method = bool (CommandReader::*)();

    bool name();
    bool nothing() { return true; }
    bool authenticate();
    bool login();
    bool id();
    bool enable();
    bool select();
    bool oneMailbox() { return mailbox("mailbox name", m_command.mailbox); }
    bool rename();
    bool list();
    bool lsub();
    bool status();
    bool append();
    bool setOnly() { return sequenceSet(); }
    bool fetch();
    bool store();
    bool copyOrMove();
    bool search() { return ImapSearchParser::parse(m_lexer, m_command); }

    bool fail(const QByteArray &message);
    bool missingOrInvalid(const QByteArray &what);
    QByteArray verb() const { return m_command.uid ? "UID " + m_command.name : m_command.name; }
    bool mailbox(const QByteArray &what, QString &out);
    std::optional<QString> decodeMailbox(const QByteArray &wire);
    bool sequenceSet();
    bool listSelectOptions();
    bool listReturnOptions();
    bool listPatterns();
    std::optional<QString> listPattern();

    ImapLexer m_lexer;
    const ImapCommandParser::Options &m_options;
    ImapCommand m_command;
};

struct CommandName
{
    const char *name;
    bool (CommandReader::*method)();
};

bool CommandReader::fail(const QByteArray &message)
{
    m_lexer.fail(message);
    return false;
}

// "Missing mailbox name after SELECT" at the end of the line, else "Invalid ..." with a quote.
bool CommandReader::missingOrInvalid(const QByteArray &what)
{
    if (m_lexer.atEnd())
        return fail("Missing " + what + " after " + verb());
    return fail("Invalid " + what + " in " + verb() + " at \"" + m_lexer.upcoming() + '"');
}

std::optional<ImapCommand> CommandReader::read(ImapCommandParser::Error *error)
{
    bool ok = false;
    if (m_lexer.atEnd()) {
        m_lexer.fail("Empty command line: expected a tag and a command");
    } else if (const auto tag = m_lexer.tag(); !tag || (!m_lexer.space() && !m_lexer.atEnd())) {
        m_lexer.fail(
            "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    } else {
        m_command.tag = *tag;
        ok = name();
        if (ok && !m_lexer.atEnd())
            ok = fail("Unexpected text after the command at \"" + m_lexer.upcoming() + '"');
    }
    if (ok)
        return std::move(m_command);
    if (error) {
        error->tag = m_command.tag.isEmpty() ? QByteArray("*") : m_command.tag;
        error->message = m_lexer.error();
        error->refusal = m_lexer.refused();
    }
    return std::nullopt;
}

bool CommandReader::name()
{
    static const CommandName commands[] = {
        { "CAPABILITY", &CommandReader::nothing },
        { "NOOP", &CommandReader::nothing },
        { "LOGOUT", &CommandReader::nothing },
        { "STARTTLS", &CommandReader::nothing },
        { "NAMESPACE", &CommandReader::nothing },
        { "CHECK", &CommandReader::nothing },
        { "CLOSE", &CommandReader::nothing },
        { "UNSELECT", &CommandReader::nothing },
        { "EXPUNGE", &CommandReader::nothing },
        { "IDLE", &CommandReader::nothing },
        { "AUTHENTICATE", &CommandReader::authenticate },
        { "LOGIN", &CommandReader::login },
        { "ID", &CommandReader::id },
        { "ENABLE", &CommandReader::enable },
        { "SELECT", &CommandReader::select },
        { "EXAMINE", &CommandReader::select },
        { "CREATE", &CommandReader::oneMailbox },
        { "DELETE", &CommandReader::oneMailbox },
        { "SUBSCRIBE", &CommandReader::oneMailbox },
        { "UNSUBSCRIBE", &CommandReader::oneMailbox },
        { "RENAME", &CommandReader::rename },
        { "LIST", &CommandReader::list },
        { "LSUB", &CommandReader::lsub },
        { "STATUS", &CommandReader::status },
        { "APPEND", &CommandReader::append },
        { "FETCH", &CommandReader::fetch },
        { "STORE", &CommandReader::store },
        { "COPY", &CommandReader::copyOrMove },
        { "MOVE", &CommandReader::copyOrMove },
        { "SEARCH", &CommandReader::search },
    };
    // RFC 3501 s6.4.8, RFC 4315 s2.1 (UID EXPUNGE), RFC 6851 s3.2 (UID MOVE).
    static const CommandName uidCommands[] = {
        { "FETCH", &CommandReader::fetch },     { "STORE", &CommandReader::store },
        { "SEARCH", &CommandReader::search },   { "COPY", &CommandReader::copyOrMove },
        { "MOVE", &CommandReader::copyOrMove }, { "EXPUNGE", &CommandReader::setOnly },
    };
    auto atom = m_lexer.atom();
    if (!atom)
        return fail(m_lexer.atEnd() ? QByteArray("Missing command after the tag")
                                    : "Expected a command at \"" + m_lexer.upcoming() + '"');
    m_command.name = atom->toUpper();
    if (m_command.name == "UID") {
        atom = m_lexer.space() ? m_lexer.atom() : std::nullopt;
        if (!atom)
            return fail(
                "Missing command after UID: expected FETCH, STORE, SEARCH, COPY, MOVE or EXPUNGE");
        m_command.uid = true;
        m_command.name = atom->toUpper();
        for (const CommandName &known : uidCommands) {
            if (m_command.name == known.name)
                return (this->*known.method)();
        }
        return fail("Unknown command UID " + ImapLexer::printable(m_command.name));
    }
    for (const CommandName &known : commands) {
        if (m_command.name == known.name)
            return (this->*known.method)();
    }
    return fail("Unknown command " + ImapLexer::printable(m_command.name));
}

// RFC 3501 s6.2.2, with the initial response of RFC 4959 s3: base64, or "=" for an empty one.
bool CommandReader::authenticate()
{
    const auto mechanism = m_lexer.space() ? m_lexer.atom() : std::nullopt;
    if (!mechanism)
        return missingOrInvalid("mechanism name");
    m_command.mechanism = mechanism->toUpper();
    if (!m_lexer.space())
        return true;
    const auto response = m_lexer.atom();
    const auto isBase64 = [](QByteArrayView text) {
        const qsizetype padding = text.endsWith("==") ? 2 : text.endsWith('=') ? 1 : 0;
        return text.size() % 4 == 0 && std::all_of(text.begin(), text.end() - padding, [](char c) {
                   return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                       || c == '+' || c == '/';
               });
    };
    if (!response || (*response != "=" && !isBase64(*response)))
        return fail("Invalid initial response after AUTHENTICATE: expected base64 or = (RFC 4959)");
    m_command.initialResponse = *response;
    return true;
}

// RFC 3501 s6.2.3
bool CommandReader::login()
{
    auto user = m_lexer.space() ? m_lexer.astring() : std::nullopt;
    if (!user)
        return missingOrInvalid("user name");
    auto password = m_lexer.space() ? m_lexer.astring() : std::nullopt;
    if (!password)
        return missingOrInvalid("password");
    m_command.user = std::move(*user);
    m_command.password = std::move(*password);
    return true;
}

// RFC 2971 s3.1: "ID" SP ("(" [string SP nstring *(SP string SP nstring)] ")" / NIL)
bool CommandReader::id()
{
    if (!m_lexer.space())
        return fail("Missing parameter list or NIL after ID");
    if (m_lexer.skipWord("NIL"))
        return true;
    if (!m_lexer.skip('('))
        return missingOrInvalid("parameter list");
    if (m_lexer.skip(')'))
        return true;
    do {
        const auto field = m_lexer.string();
        const auto value = field && m_lexer.space() ? m_lexer.nstring() : std::nullopt;
        if (!value)
            return fail("Invalid ID parameters: expected pairs of a quoted field name and a "
                        "quoted value or NIL (RFC 2971)");
        m_command.idParameters.append({ *field, *value });
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the ID parameters");
    return true;
}

// RFC 5161 s3.1: "ENABLE" 1*(SP capability)
bool CommandReader::enable()
{
    if (!m_lexer.space())
        return fail("Missing capability names after ENABLE");
    do {
        const auto capability = m_lexer.atom();
        if (!capability)
            return missingOrInvalid("capability name");
        m_command.capabilities.append(capability->toUpper());
    } while (m_lexer.space());
    return true;
}

// RFC 3501 s6.3.1 and s6.3.2, with RFC 4466 select-params of which CONDSTORE (RFC 7162 s3.1.8)
// is the one known.
bool CommandReader::select()
{
    if (!mailbox("mailbox name", m_command.mailbox))
        return false;
    if (!m_lexer.space())
        return true;
    if (!m_lexer.skip('('))
        return fail("Expected ( to start the " + verb() + " parameters");
    do {
        const auto parameter = m_lexer.atom();
        if (!parameter)
            return missingOrInvalid("parameter");
        if (parameter->toUpper() != "CONDSTORE")
            return fail("Unsupported " + verb() + " parameter " + ImapLexer::printable(*parameter)
                        + ": only CONDSTORE is known");
        m_command.condstore = true;
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the " + verb() + " parameters");
    return true;
}

// RFC 3501 s6.3.5
bool CommandReader::rename()
{
    return mailbox("mailbox name", m_command.mailbox)
        && mailbox("new mailbox name", m_command.newMailbox);
}

// RFC 3501 s6.3.8, RFC 5258 s3 (extended LIST), RFC 6154 s5.1 (SPECIAL-USE).
//   "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
bool CommandReader::list()
{
    if (!m_lexer.space())
        return fail("Missing reference name after LIST");
    if (m_lexer.peek() == '(') {
        if (!listSelectOptions())
            return false;
        if (!m_lexer.space())
            return fail("Missing reference name after LIST");
    }
    const auto reference = m_lexer.astring();
    if (!reference)
        return missingOrInvalid("reference name");
    const auto decoded = decodeMailbox(*reference);
    if (!decoded)
        return false;
    m_command.reference = *decoded;
    if (!m_lexer.space())
        return fail("Missing mailbox pattern after LIST");
    if (!listPatterns())
        return false;
    const qsizetype beforeReturn = m_lexer.position();
    if (m_lexer.space() && m_lexer.skipWord("RETURN"))
        return listReturnOptions();
    m_lexer.rewind(beforeReturn);
    return true;
}

bool CommandReader::listSelectOptions()
{
    m_lexer.skip('(');
    if (m_lexer.skip(')'))
        return true;
    do {
        const qsizetype start = m_lexer.position();
        const auto option = m_lexer.atom();
        const QByteArray name = option ? option->toUpper() : QByteArray();
        if (name == "SUBSCRIBED")
            m_command.selectSubscribed = true;
        else if (name == "SPECIAL-USE")
            m_command.selectSpecialUse = true;
        else if (name == "RECURSIVEMATCH")
            m_command.selectRecursiveMatch = true;
        else if (name != "REMOTE") // RFC 5258 s3.1: a server without remote mailboxes ignores it
            return fail("Unknown LIST selection option at \"" + m_lexer.quote(start, 20)
                        + "\": expected SUBSCRIBED, SPECIAL-USE, REMOTE or RECURSIVEMATCH");
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the LIST selection options");
    // RFC 5258 s3.1: RECURSIVEMATCH alone "MUST" get a BAD.
    if (m_command.selectRecursiveMatch && !m_command.selectSubscribed
        && !m_command.selectSpecialUse)
        return fail(
            "RECURSIVEMATCH needs another selection option such as SUBSCRIBED (RFC 5258 s3.1)");
    return true;
}

// list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")"
bool CommandReader::listReturnOptions()
{
    if (!m_lexer.space() || !m_lexer.skip('('))
        return fail("Expected ( after RETURN in LIST");
    if (m_lexer.skip(')'))
        return true;
    do {
        const qsizetype start = m_lexer.position();
        const auto option = m_lexer.atom();
        const QByteArray name = option ? option->toUpper() : QByteArray();
        if (name == "SUBSCRIBED")
            m_command.returnSubscribed = true;
        else if (name == "CHILDREN")
            m_command.returnChildren = true;
        else if (name == "SPECIAL-USE")
            m_command.returnSpecialUse = true;
        else
            return fail("Unknown LIST return option at \"" + m_lexer.quote(start, 20)
                        + "\": expected SUBSCRIBED, CHILDREN or SPECIAL-USE");
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the LIST return options");
    return true;
}

// mbox-or-pat = list-mailbox / patterns; patterns = "(" list-mailbox *(SP list-mailbox) ")"
bool CommandReader::listPatterns()
{
    if (!m_lexer.skip('(')) {
        const auto pattern = listPattern();
        if (!pattern)
            return false;
        m_command.patterns.append(*pattern);
        return true;
    }
    do {
        const auto pattern = listPattern();
        if (!pattern)
            return false;
        m_command.patterns.append(*pattern);
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the LIST patterns");
    return true;
}

std::optional<QString> CommandReader::listPattern()
{
    const auto wire = m_lexer.listMailbox();
    if (!wire) {
        missingOrInvalid("mailbox pattern");
        return std::nullopt;
    }
    return decodeMailbox(*wire);
}

// RFC 3501 s6.3.9: "LSUB" SP mailbox SP list-mailbox
bool CommandReader::lsub()
{
    if (!mailbox("reference name", m_command.reference))
        return false;
    if (!m_lexer.space())
        return fail("Missing mailbox pattern after LSUB");
    const auto pattern = listPattern();
    if (!pattern)
        return false;
    m_command.patterns.append(*pattern);
    return true;
}

// RFC 3501 s6.3.10; SIZE and DELETED are RFC 9051 s6.3.11, HIGHESTMODSEQ RFC 7162 s3.1.6.
bool CommandReader::status()
{
    if (!mailbox("mailbox name", m_command.mailbox))
        return false;
    if (!m_lexer.space() || !m_lexer.skip('('))
        return missingOrInvalid("list of status items");
    static const char *const known[] = { "MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY",
                                         "UNSEEN",   "SIZE",   "DELETED", "HIGHESTMODSEQ" };
    do {
        const qsizetype start = m_lexer.position();
        const auto item = m_lexer.atom();
        const QByteArray name = item ? item->toUpper() : QByteArray();
        if (std::none_of(std::begin(known), std::end(known),
                         [&](const char *k) { return name == k; }))
            return fail("Unknown STATUS item at \"" + m_lexer.quote(start, 20)
                        + "\": expected MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, SIZE, "
                          "DELETED or HIGHESTMODSEQ");
        m_command.statusItems.append(name);
    } while (m_lexer.space());
    if (!m_lexer.skip(')'))
        return fail("Expected ) after the STATUS items");
    return true;
}

// RFC 3501 s6.3.11: "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal; a literal8
// (RFC 3516 s4.3) is taken too. One message: MULTIAPPEND (RFC 3502) is not offered.
bool CommandReader::append()
{
    if (!mailbox("mailbox name", m_command.mailbox))
        return false;
    if (!m_lexer.space())
        return fail("Missing message literal after APPEND");
    if (m_lexer.peek() == '(') {
        const auto flags = m_lexer.flagList();
        if (!flags)
            return fail("Invalid flag list in APPEND");
        m_command.flags = *flags;
        if (!m_lexer.space())
            return fail("Missing message literal after APPEND");
    }
    if (m_lexer.peek() == '"') {
        const auto date = m_lexer.dateTime();
        if (!date)
            return false;
        m_command.appendDate = *date;
        if (!m_lexer.space())
            return fail("Missing message literal after APPEND");
    }
    const auto message = m_lexer.messageLiteral();
    if (!message)
        return missingOrInvalid("message literal");
    m_command.message = *message;
    return true;
}

// RFC 3501 s6.4.5: "FETCH" SP sequence-set SP items [SP modifiers]
bool CommandReader::fetch()
{
    if (!sequenceSet())
        return false;
    if (!m_lexer.space())
        return fail("Missing FETCH items after " + verb() + " and the sequence set");
    return ImapFetchItemParser::parse(m_lexer, m_command);
}

// RFC 3501 s6.4.6: "STORE" SP sequence-set SP (["+" / "-"] "FLAGS" [".SILENT"]) SP
// (flag-list / (flag *(SP flag)))
bool CommandReader::store()
{
    if (!sequenceSet())
        return false;
    if (!m_lexer.space())
        return fail("Missing FLAGS, +FLAGS or -FLAGS after " + verb());
    if (m_lexer.peek() == '(') // store-modifiers, RFC 7162 s3.1.3
        return fail("STORE modifiers such as UNCHANGEDSINCE are not supported");
    if (m_lexer.skip('+'))
        m_command.storeMode = ImapCommand::StoreMode::Add;
    else if (m_lexer.skip('-'))
        m_command.storeMode = ImapCommand::StoreMode::Remove;
    const QByteArray item = m_lexer.word().toByteArray().toUpper();
    if (item == "FLAGS.SILENT")
        m_command.silent = true;
    else if (item != "FLAGS")
        return fail("Expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT) in " + verb());
    if (!m_lexer.space())
        return fail("Missing flags after " + item);
    if (m_lexer.peek() == '(') {
        const auto flags = m_lexer.flagList();
        if (!flags)
            return fail("Invalid flag list in " + verb());
        m_command.flags = *flags;
        return true;
    }
    do {
        const auto flag = m_lexer.flag();
        if (!flag)
            return missingOrInvalid("flag");
        m_command.flags.append(*flag);
    } while (m_lexer.space());
    return true;
}

// RFC 3501 s6.4.7 (COPY), RFC 6851 s3.1 (MOVE): sequence-set SP mailbox
bool CommandReader::copyOrMove()
{
    return sequenceSet() && mailbox("mailbox name", m_command.mailbox);
}

// SP mailbox, decoded; `what` names it in the error.
bool CommandReader::mailbox(const QByteArray &what, QString &out)
{
    const auto wire = m_lexer.space() ? m_lexer.astring() : std::nullopt;
    if (!wire)
        return missingOrInvalid(what);
    const auto decoded = decodeMailbox(*wire);
    if (!decoded)
        return false;
    out = *decoded;
    return true;
}

// Modified UTF-7 (RFC 3501 s5.1.3), or UTF-8 once the client enabled UTF8=ACCEPT (RFC 6855
// s3). INBOX in any case is INBOX (RFC 3501 s5.1); other names keep their case.
std::optional<QString> CommandReader::decodeMailbox(const QByteArray &wire)
{
    std::optional<QString> name;
    if (m_options.utf8Accept) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = decoder.decode(wire);
        if (!decoder.hasError() && !text.contains(QChar(0)))
            name = std::move(text);
        else
            fail("The mailbox name " + ImapLexer::printable(wire) + " is not valid UTF-8");
    } else {
        name = imap::MailboxName::decode(wire);
        if (!name)
            fail("The mailbox name " + ImapLexer::printable(wire)
                 + " is not valid modified UTF-7 (RFC 3501 s5.1.3)");
    }
    if (name && name->compare(QLatin1StringView("INBOX"), Qt::CaseInsensitive) == 0)
        name = QStringLiteral("INBOX");
    return name;
}

// SP sequence-set
bool CommandReader::sequenceSet()
{
    const QByteArrayView text = m_lexer.space() ? m_lexer.sequenceSetText() : QByteArrayView();
    if (text.isEmpty())
        return fail("Missing sequence set after " + verb());
    const auto set = SequenceSet::parse(text);
    if (!set)
        return fail("Invalid sequence set " + ImapLexer::printable(text));
    m_command.set = *set;
    return true;
}

} // namespace

std::optional<ImapCommand> ImapCommandParser::parse(QByteArrayView command, const Options &options,
                                                    Error *error)
{
    return CommandReader(command, options).read(error);
}

} // namespace magpie::server
