// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/SearchCriteria.h"

#include <utility>

namespace magpie::imap {

namespace {

// date-text (RFC 3501 s9): "1-Feb-1994", English month names whatever the locale.
QByteArray imapDate(QDate date)
{
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    return QByteArray::number(date.day()) + '-' + months[date.month() - 1] + '-'
        + QByteArray::number(date.year());
}

bool isAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

} // namespace

SearchCriteria::SearchCriteria() = default;

SearchCriteria::SearchCriteria(Node node)
    : m_root(std::move(node))
{ }

SearchCriteria SearchCriteria::key(const char *name)
{
    Node node;
    node.kind = Node::Kind::Key;
    node.key = name;
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::textKey(const char *name, const QString &text)
{
    Node node;
    node.kind = Node::Kind::Text;
    node.key = name;
    node.text = text;
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::dateKey(const char *name, QDate date)
{
    Node node;
    node.kind = Node::Kind::Date;
    node.key = name;
    node.date = date;
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::all()
{
    return SearchCriteria();
}
SearchCriteria SearchCriteria::since(QDate date)
{
    return dateKey("SINCE", date);
}
SearchCriteria SearchCriteria::before(QDate date)
{
    return dateKey("BEFORE", date);
}
SearchCriteria SearchCriteria::from(const QString &text)
{
    return textKey("FROM", text);
}
SearchCriteria SearchCriteria::to(const QString &text)
{
    return textKey("TO", text);
}
SearchCriteria SearchCriteria::subject(const QString &text)
{
    return textKey("SUBJECT", text);
}
SearchCriteria SearchCriteria::body(const QString &text)
{
    return textKey("BODY", text);
}
SearchCriteria SearchCriteria::text(const QString &text)
{
    return textKey("TEXT", text);
}
SearchCriteria SearchCriteria::flagged()
{
    return key("FLAGGED");
}
SearchCriteria SearchCriteria::unseen()
{
    return key("UNSEEN");
}
SearchCriteria SearchCriteria::seen()
{
    return key("SEEN");
}
SearchCriteria SearchCriteria::deleted()
{
    return key("DELETED");
}

SearchCriteria SearchCriteria::uids(const UidSet &uids)
{
    Node node;
    node.kind = Node::Kind::Uids;
    node.uids = uids;
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::modSeqAtLeast(quint64 modSeq)
{
    Node node;
    node.kind = Node::Kind::ModSeq;
    node.modSeq = modSeq;
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::operator&&(const SearchCriteria &other) const
{
    Node node;
    node.kind = Node::Kind::And;
    node.children = { m_root, other.m_root };
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::operator||(const SearchCriteria &other) const
{
    Node node;
    node.kind = Node::Kind::Or;
    node.children = { m_root, other.m_root };
    return SearchCriteria(std::move(node));
}

SearchCriteria SearchCriteria::operator!() const
{
    Node node;
    node.kind = Node::Kind::Not;
    node.children = { m_root };
    return SearchCriteria(std::move(node));
}

bool SearchCriteria::anyNode(const Node &node, bool (*test)(const Node &))
{
    if (test(node))
        return true;
    for (const Node &child : node.children) {
        if (anyNode(child, test))
            return true;
    }
    return false;
}

bool SearchCriteria::needsUtf8() const
{
    return anyNode(m_root, [](const Node &node) {
        return node.kind == Node::Kind::Text && !isAscii(node.text);
    });
}

bool SearchCriteria::usesModSeq() const
{
    return anyNode(m_root, [](const Node &node) { return node.kind == Node::Kind::ModSeq; });
}

QString SearchCriteria::problemOf(const Node &node)
{
    if (node.kind == Node::Kind::Date
        && (!node.date.isValid() || node.date.year() < 1 || node.date.year() > 9999))
        return tr("A search by date needs a valid date.");
    if (node.kind == Node::Kind::Uids && node.uids.isEmpty())
        return tr("A search among chosen messages needs at least one message.");
    if (node.kind == Node::Kind::Text && node.text.contains(QChar(0)))
        return tr("Search text cannot contain a NUL character.");
    for (const Node &child : node.children) {
        const QString problem = problemOf(child);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

QString SearchCriteria::errorString() const
{
    return problemOf(m_root);
}

// Nested ANDs become one list of keys, ALL beside other keys goes, and NOT NOT a is a, so the
// command says the same thing with fewer parentheses.
SearchCriteria::Node SearchCriteria::flattened(const Node &node)
{
    switch (node.kind) {
    case Node::Kind::And: {
        Node out;
        out.kind = Node::Kind::And;
        for (const Node &child : node.children) {
            Node flat = flattened(child);
            if (flat.kind == Node::Kind::And) {
                for (Node &grandChild : flat.children)
                    out.children.push_back(std::move(grandChild));
            } else if (flat.kind != Node::Kind::All) {
                out.children.push_back(std::move(flat));
            }
        }
        if (out.children.empty())
            return Node(); // ALL
        if (out.children.size() == 1)
            return out.children.front();
        return out;
    }
    case Node::Kind::Not: {
        Node child = flattened(node.children.front());
        if (child.kind == Node::Kind::Not)
            return child.children.front();
        Node out;
        out.kind = Node::Kind::Not;
        out.children.push_back(std::move(child));
        return out;
    }
    case Node::Kind::Or: {
        Node out;
        out.kind = Node::Kind::Or;
        out.children.push_back(flattened(node.children.at(0)));
        out.children.push_back(flattened(node.children.at(1)));
        return out;
    }
    default:
        return node;
    }
}

// NOT and OR each take one search key (RFC 3501 s9: "NOT" SP search-key, "OR" SP search-key
// SP search-key); several keys that must hold together go in parentheses there.
void SearchCriteria::appendKey(const Node &node, ImapCommand &command)
{
    if (node.kind != Node::Kind::And)
        return append(node, command);
    command.openList();
    append(node, command);
    command.closeList();
}

void SearchCriteria::append(const Node &node, ImapCommand &command)
{
    switch (node.kind) {
    case Node::Kind::All:
        command.raw("ALL");
        break;
    case Node::Kind::Key:
        command.raw(node.key);
        break;
    case Node::Kind::Text:
        command.raw(node.key).string(node.text.toUtf8());
        break;
    case Node::Kind::Date:
        command.raw(node.key).raw(imapDate(node.date));
        break;
    case Node::Kind::ModSeq:
        command.raw("MODSEQ").number(node.modSeq);
        break;
    case Node::Kind::Uids:
        command.raw("UID").sequence(node.uids);
        break;
    case Node::Kind::Not:
        command.raw("NOT");
        appendKey(node.children.front(), command);
        break;
    case Node::Kind::Or:
        command.raw("OR");
        appendKey(node.children.at(0), command);
        appendKey(node.children.at(1), command);
        break;
    case Node::Kind::And:
        for (const Node &child : node.children)
            append(child, command);
        break;
    }
}

void SearchCriteria::appendTo(ImapCommand &command) const
{
    append(flattened(m_root), command);
}

} // namespace magpie::imap
