// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ListJob.h"

#include "net/imap/MailboxName.h"
#include "net/imap/UntaggedData.h"

#include <algorithm>

namespace magpie::imap {

using net::NetError;

namespace {

ListEntry::SpecialUse specialUseOf(const QByteArrayList &attributes)
{
    // RFC 6154 s2
    static const std::pair<const char *, ListEntry::SpecialUse> uses[] = {
        { "\\All", ListEntry::SpecialUse::All },
        { "\\Archive", ListEntry::SpecialUse::Archive },
        { "\\Drafts", ListEntry::SpecialUse::Drafts },
        { "\\Flagged", ListEntry::SpecialUse::Flagged },
        { "\\Junk", ListEntry::SpecialUse::Junk },
        { "\\Sent", ListEntry::SpecialUse::Sent },
        { "\\Trash", ListEntry::SpecialUse::Trash },
    };
    for (const QByteArray &attribute : attributes) {
        for (const auto &[name, use] : uses) {
            if (attribute.compare(name, Qt::CaseInsensitive) == 0)
                return use;
        }
    }
    return ListEntry::SpecialUse::None;
}

// list-mailbox (RFC 3501 s9): atom characters plus the wildcards; sent bare when it is one.
bool isListMailboxAtom(QByteArrayView pattern)
{
    if (pattern.isEmpty())
        return false;
    return std::all_of(pattern.begin(), pattern.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '"' && c != '\\';
    });
}

} // namespace

bool ListEntry::hasAttribute(QByteArrayView attribute) const
{
    return std::any_of(attributes.cbegin(), attributes.cend(), [attribute](const QByteArray &a) {
        return QByteArrayView(a).compare(attribute, Qt::CaseInsensitive) == 0;
    });
}

bool ListEntry::isSelectable() const
{
    return !hasAttribute("\\Noselect") && !hasAttribute("\\NonExistent");
}

ListJob::ListJob(ImapSession *session, const QString &reference, const QString &pattern)
    : ImapJob(session)
    , m_reference(reference)
    , m_pattern(pattern)
{ }

ListJob::~ListJob() = default;

void ListJob::doStart()
{
    const bool utf8 = utf8Accepted();
    ImapCommand command("LIST");
    if (m_reference.isEmpty())
        command.string("");
    else
        command.mailbox(m_reference, utf8);
    const QByteArray pattern = utf8 ? m_pattern.toUtf8() : MailboxName::encode(m_pattern);
    if (isListMailboxAtom(pattern))
        command.raw(pattern);
    else
        command.string(pattern);
    // RFC 5258 s4 (CHILDREN is part of LIST-EXTENDED), RFC 6154 s5.1 (SPECIAL-USE), RFC 5819
    // s2 (STATUS).
    if (hasCapability("LIST-EXTENDED")) {
        QByteArray options = hasCapability("SPECIAL-USE") ? QByteArrayLiteral("SPECIAL-USE CHILDREN")
                                                          : QByteArrayLiteral("CHILDREN");
        if (m_askStatus && hasCapability("LIST-STATUS")) {
            options += hasCapability("CONDSTORE")
                ? QByteArrayLiteral(" STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
                : QByteArrayLiteral(" STATUS (MESSAGES UIDNEXT UIDVALIDITY)");
        }
        command.raw(QByteArray("RETURN (" + options + ')'));
    }
    send(command);
}

bool ListJob::handleUntagged(const ImapResponse &response)
{
    if (response.name == "STATUS" && m_askStatus) {
        if (std::optional<MailboxStatus> status = mailboxStatusFrom(response, utf8Accepted()))
            m_statuses.append(*status);
        return true;
    }
    if (response.name != "LIST")
        return false;
    // RFC 3501 s7.2.2: (attributes) delimiter name [extended items, RFC 5258 s9]
    if (response.data.size() < 3 || !response.data.at(0).isList() || response.data.at(1).isList()
        || response.data.at(2).isList()) {
        m_error = tr("a LIST response does not have attributes, delimiter and name");
        return true;
    }
    ListEntry entry;
    entry.attributes = untagged::flagList(response.data.at(0));
    const QByteArray delimiter = response.data.at(1).text();
    if (!delimiter.isEmpty())
        entry.delimiter = QChar::fromLatin1(delimiter.at(0));
    entry.rawName = response.data.at(2).text();
    entry.name = untagged::mailboxName(entry.rawName, utf8Accepted());
    entry.specialUse = specialUseOf(entry.attributes);
    // RFC 3348 s4, RFC 5258 s3.4: \Noinferiors implies there are no children.
    if (entry.hasAttribute("\\HasChildren"))
        entry.hasChildren = true;
    else if (entry.hasAttribute("\\HasNoChildren") || entry.hasAttribute("\\Noinferiors"))
        entry.hasChildren = false;
    m_entries.append(entry);
    return true;
}

void ListJob::handleTagged(const ImapResponse &response)
{
    if (response.status != ImapResponse::Status::Ok) {
        finishWithError(errorFrom(response, tr("Listing the folders on %1").arg(host())));
        return;
    }
    if (!m_error.isEmpty()) {
        finishWithError(NetError::make(
            NetError::Code::ProtocolViolation,
            tr("%1 sent a folder list Magpie could not read: %2.").arg(host(), m_error)));
        return;
    }
    finishWithSuccess();
}

} // namespace magpie::imap
