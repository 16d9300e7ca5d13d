// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapFetchItemParser.h"

#include <algorithm>
#include <limits>

namespace magpie::server {

namespace {

using Kind = FetchItem::Kind;

FetchItem item(Kind kind)
{
    FetchItem made;
    made.kind = kind;
    return made;
}

bool hasItem(const QList<FetchItem> &items, Kind kind)
{
    return std::any_of(items.cbegin(), items.cend(),
                       [kind](const FetchItem &i) { return i.kind == kind; });
}

bool invalidSection(ImapLexer &lexer, QByteArrayView spec)
{
    lexer.fail("Invalid body section [" + ImapLexer::printable(spec)
               + "]: expected part numbers such as 1.2, then HEADER, HEADER.FIELDS (...), "
                 "HEADER.FIELDS.NOT (...), TEXT or MIME");
    return false;
}

// header-list = "(" header-fld-name *(SP header-fld-name) ")"; names kept upper case.
bool headerList(ImapLexer &lexer, QList<QByteArray> &fields)
{
    if (!lexer.space() || !lexer.skip('(')) {
        lexer.fail("Expected a list of header field names after HEADER.FIELDS");
        return false;
    }
    do {
        const auto field = lexer.astring();
        if (!field || field->isEmpty()) {
            lexer.fail("Expected a header field name at \"" + lexer.upcoming() + '"');
            return false;
        }
        fields.append(field->toUpper());
    } while (lexer.space());
    if (!lexer.skip(')')) {
        lexer.fail("Expected ) after the header field names");
        return false;
    }
    return true;
}

// section = "[" [section-spec] "]" (RFC 3501 s6.4.5 and s9), the lexer just after "[".
bool section(ImapLexer &lexer, BodySection &out)
{
    const QByteArrayView spec = lexer.word();
    qsizetype pos = 0;
    // section-part = nz-number *("." nz-number)
    while (pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9') {
        qsizetype end = spec.indexOf('.', pos);
        if (end < 0)
            end = spec.size();
        const QByteArrayView digits = spec.sliced(pos, end - pos);
        bool ok = false;
        const int part = digits.toByteArray().toInt(&ok);
        if (!ok || part <= 0 || digits.front() == '0'
            || !std::all_of(digits.begin(), digits.end(),
                            [](char c) { return c >= '0' && c <= '9'; }))
            return invalidSection(lexer, spec);
        out.part.append(part);
        pos = end;
        if (pos < spec.size())
            ++pos; // the "."
        else
            break;
        if (pos == spec.size()) // a trailing "."
            return invalidSection(lexer, spec);
    }
    const QByteArray text = spec.sliced(pos).toByteArray().toUpper();
    if (text.isEmpty())
        out.text = BodySection::Text::Whole;
    else if (text == "HEADER")
        out.text = BodySection::Text::Header;
    else if (text == "TEXT")
        out.text = BodySection::Text::Text;
    else if (text == "MIME" && !out.part.isEmpty()) // section-text: only after a part number
        out.text = BodySection::Text::Mime;
    else if (text == "HEADER.FIELDS")
        out.text = BodySection::Text::HeaderFields;
    else if (text == "HEADER.FIELDS.NOT")
        out.text = BodySection::Text::HeaderFieldsNot;
    else
        return invalidSection(lexer, spec);
    if ((out.text == BodySection::Text::HeaderFields
         || out.text == BodySection::Text::HeaderFieldsNot)
        && !headerList(lexer, out.fields))
        return false;
    if (!lexer.skip(']')) {
        lexer.fail("Expected ] to end the body section at \"" + lexer.upcoming() + '"');
        return false;
    }
    // partial = "<" number "." nz-number ">" (RFC 9051: number64 and nz-number64).
    if (lexer.skip('<')) {
        const auto origin = lexer.number64();
        const auto length = origin && lexer.skip('.') ? lexer.number64() : std::nullopt;
        if (!length || *length == 0 || !lexer.skip('>')) {
            lexer.fail("Invalid partial range: expected <origin.length> with a length above zero");
            return false;
        }
        out.partialOrigin = *origin;
        out.partialLength = *length;
    }
    return true;
}

// fetch-att, one item (RFC 3501 s9 and RFC 7162 s7 for MODSEQ).
bool fetchAttribute(ImapLexer &lexer, QList<FetchItem> &items)
{
    const QByteArrayView word = lexer.word();
    const QByteArray name = word.toByteArray().toUpper();
    static const std::pair<const char *, Kind> simple[] = {
        { "ENVELOPE", Kind::Envelope },
        { "FLAGS", Kind::Flags },
        { "INTERNALDATE", Kind::InternalDate },
        { "RFC822", Kind::Rfc822 },
        { "RFC822.HEADER", Kind::Rfc822Header },
        { "RFC822.TEXT", Kind::Rfc822Text },
        { "RFC822.SIZE", Kind::Rfc822Size },
        { "BODYSTRUCTURE", Kind::BodyStructure },
        { "UID", Kind::Uid },
        { "MODSEQ", Kind::ModSeq },
    };
    for (const auto &[known, kind] : simple) {
        if (name == known) {
            items.append(item(kind));
            return true;
        }
    }
    if (name == "BODY" || name == "BODY.PEEK") {
        if (!lexer.skip('[')) {
            if (name == "BODY") {
                items.append(item(Kind::Body));
                return true;
            }
            lexer.fail("Expected [ after BODY.PEEK");
            return false;
        }
        FetchItem sectionItem = item(Kind::Section);
        sectionItem.section.peek = name == "BODY.PEEK";
        if (!section(lexer, sectionItem.section))
            return false;
        items.append(sectionItem);
        return true;
    }
    if (name == "ALL" || name == "FAST" || name == "FULL")
        lexer.fail("The macro " + name
                   + " cannot be part of a list of FETCH items (RFC 3501 s6.4.5)");
    else if (name.isEmpty())
        lexer.fail(lexer.atEnd() ? QByteArray("Missing FETCH item")
                                 : "Expected a FETCH item at \"" + lexer.upcoming() + '"');
    else
        lexer.fail("Unknown FETCH item " + ImapLexer::printable(name));
    return false;
}

// fetch-modifier (RFC 4466 s2.4); CHANGEDSINCE is the one we know (RFC 7162 s3.1.4.1).
bool modifiers(ImapLexer &lexer, ImapCommand &command)
{
    lexer.skip('(');
    do {
        const QByteArray name = lexer.word().toByteArray().toUpper();
        if (name == "CHANGEDSINCE") {
            const auto modseq = lexer.space() ? lexer.number64() : std::nullopt;
            if (!modseq) {
                lexer.fail("Missing mod-sequence after CHANGEDSINCE");
                return false;
            }
            command.condstore = true;
            command.changedSince = quint64(*modseq);
        } else if (name.isEmpty()) {
            lexer.fail("Expected a FETCH modifier at \"" + lexer.upcoming() + '"');
            return false;
        } else {
            lexer.fail("Unknown FETCH modifier " + ImapLexer::printable(name));
            return false;
        }
    } while (lexer.space());
    if (!lexer.skip(')')) {
        lexer.fail("Expected ) after the FETCH modifiers");
        return false;
    }
    return true;
}

} // namespace

bool ImapFetchItemParser::parse(ImapLexer &lexer, ImapCommand &command)
{
    QList<FetchItem> &items = command.fetchItems;
    if (lexer.skip('(')) {
        if (lexer.peek() == ')') {
            lexer.fail("The list of FETCH items is empty");
            return false;
        }
        do {
            if (!fetchAttribute(lexer, items))
                return false;
        } while (lexer.space());
        if (!lexer.skip(')')) {
            lexer.fail(lexer.atEnd()
                           ? QByteArray("Missing ) after the FETCH items")
                           : "Expected ) after the FETCH items at \"" + lexer.upcoming() + '"');
            return false;
        }
    } else {
        // The macros of RFC 3501 s6.4.5, only on their own.
        const qsizetype start = lexer.position();
        const QByteArray name = lexer.word().toByteArray().toUpper();
        const bool macro = name == "ALL" || name == "FAST" || name == "FULL";
        if (macro) {
            items = { item(Kind::Flags), item(Kind::InternalDate), item(Kind::Rfc822Size) };
            if (name != "FAST")
                items.append(item(Kind::Envelope));
            if (name == "FULL")
                items.append(item(Kind::Body));
        } else {
            lexer.rewind(start);
            if (!fetchAttribute(lexer, items))
                return false;
        }
    }
    const qsizetype beforeModifiers = lexer.position();
    if (lexer.space() && lexer.peek() == '(') {
        if (!modifiers(lexer, command))
            return false;
    } else {
        lexer.rewind(beforeModifiers);
    }
    // RFC 7162 s3.1.4.1: CHANGEDSINCE "implicitly adds the MODSEQ FETCH message data item";
    // RFC 3501 s6.4.8: UID FETCH always returns the UID.
    if (command.condstore && !hasItem(items, Kind::ModSeq))
        items.append(item(Kind::ModSeq));
    if (command.uid && !hasItem(items, Kind::Uid))
        items.append(item(Kind::Uid));
    return true;
}

} // namespace magpie::server
