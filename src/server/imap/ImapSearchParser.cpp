// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapSearchParser.h"

#include <QStringDecoder>

namespace magpie::server {

namespace {

using Kind = SearchKey::Kind;

// What follows a key's name (RFC 3501 s6.4.4).
enum class Argument { None, Text, Date, Number, Keyword, Header, Set, Not, Or };

struct KeyName
{
    const char *name;
    Kind kind;
    Argument argument;
};

constexpr KeyName keyNames[] = {
    { "ALL", Kind::All, Argument::None },
    { "ANSWERED", Kind::Answered, Argument::None },
    { "BCC", Kind::Bcc, Argument::Text },
    { "BEFORE", Kind::Before, Argument::Date },
    { "BODY", Kind::Body, Argument::Text },
    { "CC", Kind::Cc, Argument::Text },
    { "DELETED", Kind::Deleted, Argument::None },
    { "DRAFT", Kind::Draft, Argument::None },
    { "FLAGGED", Kind::Flagged, Argument::None },
    { "FROM", Kind::From, Argument::Text },
    { "HEADER", Kind::Header, Argument::Header },
    { "KEYWORD", Kind::Keyword, Argument::Keyword },
    { "LARGER", Kind::Larger, Argument::Number },
    { "NEW", Kind::New, Argument::None },
    { "NOT", Kind::Not, Argument::Not },
    { "OLD", Kind::Old, Argument::None },
    { "ON", Kind::On, Argument::Date },
    { "OR", Kind::Or, Argument::Or },
    { "RECENT", Kind::Recent, Argument::None },
    { "SEEN", Kind::Seen, Argument::None },
    { "SENTBEFORE", Kind::SentBefore, Argument::Date },
    { "SENTON", Kind::SentOn, Argument::Date },
    { "SENTSINCE", Kind::SentSince, Argument::Date },
    { "SINCE", Kind::Since, Argument::Date },
    { "SMALLER", Kind::Smaller, Argument::Number },
    { "SUBJECT", Kind::Subject, Argument::Text },
    { "TEXT", Kind::Text, Argument::Text },
    { "TO", Kind::To, Argument::Text },
    { "UID", Kind::Uid, Argument::Set },
    { "UNANSWERED", Kind::Unanswered, Argument::None },
    { "UNDELETED", Kind::Undeleted, Argument::None },
    { "UNDRAFT", Kind::Undraft, Argument::None },
    { "UNFLAGGED", Kind::Unflagged, Argument::None },
    { "UNKEYWORD", Kind::Unkeyword, Argument::Keyword },
    { "UNSEEN", Kind::Unseen, Argument::None },
};

// "((((..." and "NOT NOT NOT ..." recurse; a command line is bounded, but the stack is smaller.
constexpr int MaxDepth = 64;

class SearchKeyReader
{
public:
    explicit SearchKeyReader(ImapLexer &lexer)
        : m_lexer(lexer)
    { }

    bool key(SearchKey &out, int depth);

private:
    bool list(SearchKey &out, int depth);
    bool argument(const KeyName &name, SearchKey &out, int depth);
    bool text(const char *key, QString &out);
    bool sequenceSet(const char *key, SequenceSet &out);
    bool missing(const char *what, const char *key);

    ImapLexer &m_lexer;
};

bool SearchKeyReader::missing(const char *what, const char *key)
{
    m_lexer.fail("Missing " + QByteArray(what) + " after " + QByteArray(key) + " in SEARCH");
    return false;
}

bool SearchKeyReader::key(SearchKey &out, int depth)
{
    if (depth > MaxDepth) {
        m_lexer.fail("The search keys are nested too deeply");
        return false;
    }
    const char first = m_lexer.peek();
    if (first == '(')
        return list(out, depth);
    if ((first >= '0' && first <= '9') || first == '*') {
        out.kind = Kind::SequenceNumbers;
        return sequenceSet("SEARCH", out.set);
    }
    const qsizetype start = m_lexer.position();
    const auto name = m_lexer.atom();
    if (!name) {
        m_lexer.fail(m_lexer.atEnd() ? QByteArray("Missing search key in SEARCH")
                                     : "Expected a search key at \"" + m_lexer.upcoming() + '"');
        return false;
    }
    for (const KeyName &known : keyNames) {
        if (name->compare(known.name, Qt::CaseInsensitive) == 0) {
            out.kind = known.kind;
            return argument(known, out, depth);
        }
    }
    m_lexer.rewind(start);
    m_lexer.fail("Unknown search key " + ImapLexer::printable(*name));
    return false;
}

// "(" search-key *(SP search-key) ")": the keys ANDed.
bool SearchKeyReader::list(SearchKey &out, int depth)
{
    m_lexer.skip('(');
    out.kind = Kind::And;
    do {
        if (!key(out.children.emplace_back(), depth + 1))
            return false;
    } while (m_lexer.space());
    if (!m_lexer.skip(')')) {
        m_lexer.fail(m_lexer.atEnd() ? QByteArray("Missing ) in SEARCH")
                                     : "Expected ) in SEARCH at \"" + m_lexer.upcoming() + '"');
        return false;
    }
    // "(SEEN)" is SEEN.
    if (out.children.size() == 1) {
        SearchKey only = std::move(out.children.front());
        out = std::move(only);
    }
    return true;
}

bool SearchKeyReader::argument(const KeyName &name, SearchKey &out, int depth)
{
    if (name.argument == Argument::None)
        return true;
    if (!m_lexer.space())
        return missing("an argument", name.name);
    switch (name.argument) {
    case Argument::None:
        return true;
    case Argument::Text:
        return text(name.name, out.text);
    case Argument::Date: {
        const auto date = m_lexer.date();
        if (!date)
            return missing("a date", name.name);
        out.date = *date;
        return true;
    }
    case Argument::Number: {
        // RFC 9051 number64: sizes above 4 GB are allowed there.
        const auto number = m_lexer.number64();
        if (!number)
            return missing("a size", name.name);
        out.number = *number;
        return true;
    }
    case Argument::Keyword: {
        // flag-keyword = atom
        const auto keyword = m_lexer.atom();
        if (!keyword)
            return missing("a keyword", name.name);
        out.text = QString::fromLatin1(*keyword);
        return true;
    }
    case Argument::Header: {
        const auto field = m_lexer.astring();
        if (!field)
            return missing("a header field name", name.name);
        out.field = *field;
        if (!m_lexer.space())
            return missing("the text to look for", "HEADER field");
        return text(name.name, out.text);
    }
    case Argument::Set:
        return sequenceSet(name.name, out.set);
    case Argument::Not:
        return key(out.children.emplace_back(), depth + 1);
    case Argument::Or:
        if (!key(out.children.emplace_back(), depth + 1))
            return false;
        if (!m_lexer.space())
            return missing("a second search key", "OR");
        return key(out.children.emplace_back(), depth + 1);
    }
    return false;
}

// The strings are UTF-8: the charsets we take (UTF-8, US-ASCII) are both read as UTF-8.
bool SearchKeyReader::text(const char *key, QString &out)
{
    const auto value = m_lexer.astring();
    if (!value)
        return missing("the text to look for", key);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    out = decoder.decode(*value);
    if (decoder.hasError()) {
        m_lexer.fail("The text after " + QByteArray(key) + " is not valid UTF-8");
        return false;
    }
    return true;
}

bool SearchKeyReader::sequenceSet(const char *key, SequenceSet &out)
{
    const QByteArrayView text = m_lexer.sequenceSetText();
    if (text.isEmpty())
        return missing("a sequence set", key);
    const auto set = SequenceSet::parse(text);
    if (!set) {
        m_lexer.fail("Invalid sequence set " + ImapLexer::printable(text));
        return false;
    }
    out = *set;
    return true;
}

// search-return-opts (RFC 4731 s3.1); "RETURN ()" means RETURN (ALL).
bool returnOptions(ImapLexer &lexer, QList<QByteArray> &options)
{
    if (!lexer.skip('(')) {
        lexer.fail("Expected ( after RETURN in SEARCH");
        return false;
    }
    if (!lexer.skip(')')) {
        do {
            const qsizetype start = lexer.position();
            const auto option = lexer.atom();
            const QByteArray name = option ? option->toUpper() : QByteArray();
            if (name == "SAVE") {
                lexer.fail("SEARCH RETURN (SAVE) is not supported");
                return false;
            }
            if (name != "MIN" && name != "MAX" && name != "ALL" && name != "COUNT") {
                lexer.fail("Unknown SEARCH RETURN option at \"" + lexer.quote(start, 20)
                           + "\": expected MIN, MAX, ALL or COUNT");
                return false;
            }
            if (!options.contains(name))
                options.append(name);
        } while (lexer.space());
        if (!lexer.skip(')')) {
            lexer.fail("Expected ) after the SEARCH RETURN options");
            return false;
        }
    }
    if (options.isEmpty())
        options.append("ALL");
    return true;
}

} // namespace

bool ImapSearchParser::parse(ImapLexer &lexer, ImapCommand &command)
{
    if (!lexer.space()) {
        lexer.fail("Missing search keys after SEARCH");
        return false;
    }
    if (lexer.skipWord("RETURN")) {
        if (!lexer.space() || !returnOptions(lexer, command.searchReturn)) {
            lexer.fail("Expected ( after RETURN in SEARCH");
            return false;
        }
        if (!lexer.space()) {
            lexer.fail("Missing search keys after SEARCH");
            return false;
        }
    }
    if (lexer.skipWord("CHARSET")) {
        const auto charset = lexer.space() ? lexer.astring() : std::nullopt;
        if (!charset) {
            lexer.fail("Missing charset name after CHARSET");
            return false;
        }
        command.charset = charset->toUpper();
        if (command.charset != "UTF-8" && command.charset != "US-ASCII") {
            // RFC 3501 s6.4.4: an unsupported charset is a NO, with the BADCHARSET code
            // listing what is supported (s7.1).
            lexer.refuse("[BADCHARSET (UTF-8 US-ASCII)] The charset "
                         + ImapLexer::printable(*charset) + " is not supported; use UTF-8");
            return false;
        }
        if (!lexer.space()) {
            lexer.fail("Missing search keys after CHARSET");
            return false;
        }
    }
    command.search.kind = Kind::And;
    SearchKeyReader reader(lexer);
    do {
        if (!reader.key(command.search.children.emplace_back(), 1))
            return false;
    } while (lexer.space());
    return true;
}

} // namespace magpie::server
