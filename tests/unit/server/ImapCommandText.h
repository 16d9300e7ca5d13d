// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A parsed ImapCommand written out as one line of text, its non-default members only, so
// that a test row can state everything a command should hold in one string:
//   "a SELECT mailbox=INBOX condstore"

#include "server/imap/ImapCommand.h"

#include <QStringList>

namespace magpie::server::testing {

inline QByteArray setText(const SequenceSet &set)
{
    QByteArray out;
    for (const SequenceSet::Range &range : set.ranges()) {
        if (!out.isEmpty())
            out += ',';
        const auto number = [](quint32 n) {
            return n == 0 ? QByteArray("*") : QByteArray::number(n);
        };
        out += number(range.first);
        if (range.last != range.first)
            out += ':' + number(range.last);
    }
    return out;
}

inline QByteArray sectionText(const BodySection &section)
{
    QByteArray out = section.peek ? "BODY.PEEK[" : "BODY[";
    QByteArrayList parts;
    for (const int part : section.part)
        parts.append(QByteArray::number(part));
    out += parts.join('.');
    const char *const texts[] = {
        "", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"
    };
    const QByteArray text = texts[int(section.text)];
    if (!text.isEmpty() && !parts.isEmpty())
        out += '.';
    out += text;
    if (!section.fields.isEmpty())
        out += " (" + section.fields.join(' ') + ')';
    out += ']';
    if (section.partialOrigin)
        out += '<' + QByteArray::number(*section.partialOrigin) + '.'
            + QByteArray::number(section.partialLength.value_or(-1)) + '>';
    return out;
}

inline QByteArray fetchItemText(const FetchItem &item)
{
    using Kind = FetchItem::Kind;
    switch (item.kind) {
    case Kind::Flags:
        return "FLAGS";
    case Kind::Uid:
        return "UID";
    case Kind::InternalDate:
        return "INTERNALDATE";
    case Kind::Rfc822Size:
        return "RFC822.SIZE";
    case Kind::Envelope:
        return "ENVELOPE";
    case Kind::BodyStructure:
        return "BODYSTRUCTURE";
    case Kind::Body:
        return "BODY";
    case Kind::Section:
        return sectionText(item.section);
    case Kind::Rfc822:
        return "RFC822";
    case Kind::Rfc822Header:
        return "RFC822.HEADER";
    case Kind::Rfc822Text:
        return "RFC822.TEXT";
    case Kind::ModSeq:
        return "MODSEQ";
    }
    return "?";
}

inline QByteArray searchKeyText(const SearchKey &key)
{
    using Kind = SearchKey::Kind;
    static const char *const names[] = {
        "AND",     "OR",        "NOT",        "ALL",     "ANSWERED",  "DELETED",    "DRAFT",
        "FLAGGED", "NEW",       "OLD",        "RECENT",  "SEEN",      "UNANSWERED", "UNDELETED",
        "UNDRAFT", "UNFLAGGED", "UNSEEN",     "KEYWORD", "UNKEYWORD", "BCC",        "BODY",
        "CC",      "FROM",      "SUBJECT",    "TEXT",    "TO",        "HEADER",     "BEFORE",
        "ON",      "SINCE",     "SENTBEFORE", "SENTON",  "SENTSINCE", "LARGER",     "SMALLER",
        "UID",     "SEQ",
    };
    QByteArray out = names[int(key.kind)];
    switch (key.kind) {
    case Kind::And:
    case Kind::Or:
    case Kind::Not:
        out = '(' + out;
        for (const SearchKey &child : key.children)
            out += ' ' + searchKeyText(child);
        return out + ')';
    case Kind::Keyword:
    case Kind::Unkeyword:
    case Kind::Bcc:
    case Kind::Body:
    case Kind::Cc:
    case Kind::From:
    case Kind::Subject:
    case Kind::Text:
    case Kind::To:
        return out + ":" + key.text.toUtf8();
    case Kind::Header:
        return out + ":" + key.field + ":" + key.text.toUtf8();
    case Kind::Before:
    case Kind::On:
    case Kind::Since:
    case Kind::SentBefore:
    case Kind::SentOn:
    case Kind::SentSince:
        return out + ":" + key.date.toString(Qt::ISODate).toLatin1();
    case Kind::Larger:
    case Kind::Smaller:
        return out + ":" + QByteArray::number(key.number);
    case Kind::Uid:
    case Kind::SequenceNumbers:
        return out + ":" + setText(key.set);
    default:
        return out;
    }
}

inline QByteArray commandText(const ImapCommand &c)
{
    QByteArrayList out { c.tag, c.uid ? "UID " + c.name : c.name };
    const auto add = [&out](const char *name, const QByteArray &value) {
        out.append(QByteArray(name) + '=' + value);
    };
    const auto flag = [&out](const char *name, bool on) {
        if (on)
            out.append(name);
    };
    if (!c.user.isEmpty() || !c.password.isEmpty()) {
        add("user", c.user);
        add("password", c.password);
    }
    if (!c.mechanism.isEmpty())
        add("mechanism", c.mechanism);
    if (c.initialResponse)
        add("ir", *c.initialResponse);
    if (!c.mailbox.isNull())
        add("mailbox", c.mailbox.toUtf8());
    if (!c.newMailbox.isNull())
        add("new", c.newMailbox.toUtf8());
    if (!c.reference.isNull())
        add("reference", c.reference.toUtf8());
    if (!c.patterns.isEmpty())
        add("patterns", c.patterns.join(u'|').toUtf8());
    flag("select-subscribed", c.selectSubscribed);
    flag("select-special-use", c.selectSpecialUse);
    flag("select-recursivematch", c.selectRecursiveMatch);
    flag("return-subscribed", c.returnSubscribed);
    flag("return-children", c.returnChildren);
    flag("return-special-use", c.returnSpecialUse);
    if (!c.statusItems.isEmpty())
        add("status", c.statusItems.join(','));
    if (!c.capabilities.isEmpty())
        add("enable", c.capabilities.join(','));
    for (const auto &[field, value] : c.idParameters)
        add("id", field + ':' + (value.isNull() ? QByteArray("NIL") : value));
    if (!c.set.isEmpty())
        add("set", setText(c.set));
    if (!c.fetchItems.isEmpty()) {
        QByteArrayList items;
        for (const FetchItem &item : c.fetchItems)
            items.append(fetchItemText(item));
        add("items", items.join(','));
    }
    flag("condstore", c.condstore);
    if (c.changedSince)
        add("changedsince", QByteArray::number(c.changedSince));
    if (c.storeMode != ImapCommand::StoreMode::Replace)
        add("store", c.storeMode == ImapCommand::StoreMode::Add ? "add" : "remove");
    flag("silent", c.silent);
    if (!c.flags.isEmpty() || (c.name == "STORE" || c.name == "APPEND"))
        add("flags", '(' + c.flags.join(' ') + ')');
    if (!c.charset.isEmpty())
        add("charset", c.charset);
    if (!c.searchReturn.isEmpty())
        add("return", c.searchReturn.join(','));
    if (c.name == "SEARCH")
        add("keys", searchKeyText(c.search));
    if (c.appendDate)
        add("date", c.appendDate->toString(Qt::ISODate).toLatin1());
    if (c.name == "APPEND")
        add("message", c.message);
    return out.join(' ');
}

} // namespace magpie::server::testing
