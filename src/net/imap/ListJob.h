// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"
#include "net/imap/StatusJob.h"

#include <QByteArrayList>
#include <QChar>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::imap {

// One mailbox of a LIST response (RFC 3501 s7.2.2, RFC 9051 s7.3.1).
struct ListEntry
{
    // What a mailbox is for (RFC 6154 s2), from its SPECIAL-USE attribute.
    enum class SpecialUse { None, All, Archive, Drafts, Flagged, Junk, Sent, Trash };

    QString name; // decoded: modified UTF-7 (RFC 3501 s5.1.3) or UTF-8 (RFC 6855)
    QByteArray rawName; // as the server sent it, for commands that must name it exactly
    QChar delimiter; // null when NIL (a flat name)
    QByteArrayList attributes; // as sent: "\\HasNoChildren", "\\Sent", "\\Noselect"
    SpecialUse specialUse = SpecialUse::None;
    // RFC 3348 / RFC 5258 s3.4: \HasChildren -> true, \HasNoChildren -> false, neither: unknown.
    std::optional<bool> hasChildren;

    bool hasAttribute(QByteArrayView attribute) const; // case-insensitive
    bool isSelectable() const; // not \Noselect nor \NonExistent (RFC 5258 s3)
};

// LIST (RFC 3501 s6.3.8). With LIST-EXTENDED (RFC 5258) and SPECIAL-USE / CHILDREN offered it
// asks for them with RETURN (SPECIAL-USE CHILDREN) (RFC 6154 s5.1, RFC 5258 s4); otherwise a
// plain LIST, and servers that offer SPECIAL-USE send the attributes anyway. Names the server
// sent in invalid modified UTF-7 are shown as sent. With askStatus() and LIST-STATUS offered
// it also asks for every mailbox's STATUS in the same command (RFC 5819): one round trip
// instead of a STATUS per folder.
class ListJob : public ImapJob
{
    Q_OBJECT
public:
    // reference "" and pattern "*": every mailbox (RFC 3501 s6.3.8).
    explicit ListJob(ImapSession *session, const QString &reference = {},
                     const QString &pattern = QStringLiteral("*"));
    ~ListJob() override;

    QList<ListEntry> entries() const { return m_entries; }
    // RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY [HIGHESTMODSEQ])) when the server offers
    // LIST-STATUS (and CONDSTORE for HIGHESTMODSEQ, RFC 7162 s3.1.7). Call before start().
    void askStatus() { m_askStatus = true; }
    // The STATUS responses that came with the LIST (none unless asked and offered; a server
    // may leave out mailboxes it could not open, RFC 5819 s2).
    QList<MailboxStatus> statuses() const { return m_statuses; }

protected:
    void doStart() override;
    bool handleUntagged(const ImapResponse &response) override;
    void handleTagged(const ImapResponse &response) override;

private:
    QString m_reference;
    QString m_pattern;
    QList<ListEntry> m_entries;
    QList<MailboxStatus> m_statuses;
    QString m_error;
    bool m_askStatus = false;
};

} // namespace magpie::imap
