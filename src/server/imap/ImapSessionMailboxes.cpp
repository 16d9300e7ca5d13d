// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession: the commands about mailboxes (RFC 3501 s6.3, RFC 5258 LIST-EXTENDED,
// RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN, RFC 3691 UNSELECT, RFC 4315 APPENDUID).
#include "server/imap/ImapSession.h"

#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/imap/ImapOutput.h"

#include <QSet>

#include <algorithm>
#include <numeric>

namespace magpie::server {

namespace {

constexpr QChar kDelimiter = u'/';

// RFC 3501 s6.3.8: "*" matches anything, "%" anything but the hierarchy delimiter.
bool matchesPattern(QStringView pattern, QStringView name)
{
    // Dynamic programming over (pattern position, name position): no exponential
    // backtracking on patterns like "*a*a*a*b".
    const qsizetype n = name.size();
    QList<bool> row(n + 1, false);
    row[0] = true;
    for (const QChar p : pattern) {
        QList<bool> next(n + 1, false);
        if (p == u'*') {
            bool any = false;
            for (qsizetype j = 0; j <= n; ++j) {
                any = any || row[j];
                next[j] = any;
            }
        } else if (p == u'%') {
            for (qsizetype j = 0; j <= n; ++j) {
                next[j] = row[j] || (j > 0 && next[j - 1] && name[j - 1] != kDelimiter);
            }
        } else {
            for (qsizetype j = 1; j <= n; ++j)
                next[j] = row[j - 1] && name[j - 1] == p;
        }
        row = std::move(next);
    }
    return row[n];
}

// RFC 3501 s6.3.8: the reference and the pattern make one name. They are simply joined, as
// Dovecot joins them: LIST "INBOX" "%" matches INBOX, LIST "Work/" "%" the children of Work.
QString fullPattern(const QString &reference, const QString &pattern)
{
    QString result = reference + pattern;
    // INBOX is case-insensitive (RFC 3501 s5.1), and the store always spells it so.
    if (result.startsWith(u"INBOX", Qt::CaseInsensitive)
        && (result.size() == 5 || result.at(5) == kDelimiter))
        result.replace(0, 5, QStringLiteral("INBOX"));
    return result;
}

QByteArray specialUseAttribute(SpecialUse use)
{
    switch (use) {
    case SpecialUse::None:
        return {};
    case SpecialUse::Drafts:
        return "\\Drafts";
    case SpecialUse::Sent:
        return "\\Sent";
    case SpecialUse::Trash:
        return "\\Trash";
    case SpecialUse::Junk:
        return "\\Junk";
    case SpecialUse::Archive:
        return "\\Archive";
    }
    return {};
}

// Store errors end up in reply texts: one line, whatever the store said.
QByteArray oneLine(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    for (char &c : bytes) {
        if (c == '\r' || c == '\n')
            c = ' ';
    }
    return bytes;
}

// LF alone becomes CRLF: the store keeps messages with CRLF line ends (RFC 5322 s2.3).
QByteArray withCrlf(const QByteArray &message)
{
    bool bare = false;
    for (qsizetype i = message.indexOf('\n'); i >= 0; i = message.indexOf('\n', i + 1)) {
        if (i == 0 || message.at(i - 1) != '\r') {
            bare = true;
            break;
        }
    }
    if (!bare)
        return message;
    QByteArray result;
    result.reserve(message.size() + message.size() / 32);
    for (qsizetype i = 0; i < message.size(); ++i) {
        if (message.at(i) == '\n' && (i == 0 || message.at(i - 1) != '\r'))
            result += '\r';
        result += message.at(i);
    }
    return result;
}

} // namespace

QByteArray ImapSession::mailboxName(const QString &name) const
{
    return ImapOutput::mailbox(name, m_parserOptions.utf8Accept);
}

QByteArray ImapSession::storeFailure(const StoreError &error, bool tryCreate)
{
    // Response codes from RFC 5530 (and RFC 3501 s7.1 for TRYCREATE, RFC 4469 for TOOBIG).
    QByteArray code;
    switch (error.code) {
    case StoreError::None:
    case StoreError::Io:
    case StoreError::DiskFull:
        code = "UNAVAILABLE";
        break;
    case StoreError::NoSuchUser:
        code = "SERVERBUG";
        break;
    case StoreError::NoSuchMailbox:
        code = tryCreate ? "TRYCREATE" : "NONEXISTENT";
        break;
    case StoreError::AlreadyExists:
        code = "ALREADYEXISTS";
        break;
    case StoreError::InvalidName:
    case StoreError::Forbidden:
        code = "CANNOT";
        break;
    case StoreError::NoSuchMessage:
        code = "EXPUNGEISSUED";
        break;
    case StoreError::TooBig:
        code = "TOOBIG";
        break;
    }
    return "NO [" + code + "] " + oneLine(error.message);
}

void ImapSession::list(const ImapCommand &command)
{
    const bool lsub = command.name == "LSUB";
    const QByteArray response = "* " + command.name + ' ';

    // RFC 3501 s6.3.8: an empty pattern asks for the delimiter and the root of the reference.
    if (command.patterns.size() == 1 && command.patterns.constFirst().isEmpty()) {
        const qsizetype slash = command.reference.indexOf(kDelimiter);
        const QString root = slash < 0 ? command.reference : command.reference.left(slash + 1);
        send(response + "(\\Noselect) \"/\" " + mailboxName(root) + "\r\n");
        finish(command, "OK " + command.name + " completed");
        return;
    }

    QStringList patterns;
    for (const QString &pattern : command.patterns)
        patterns.append(fullPattern(command.reference, pattern));
    const QList<MailboxStatus> boxes = context().store().mailboxes(m_user);

    // Every name with its parents: a parent that is not a mailbox is still a level of the
    // hierarchy, listed as \Noselect (RFC 3501 s6.3.8, "%" at the end of a pattern).
    QHash<QString, const MailboxStatus *> byName;
    QSet<QString> parents;
    for (const MailboxStatus &box : boxes) {
        byName.insert(box.name, &box);
        for (qsizetype i = box.name.indexOf(kDelimiter); i > 0;
             i = box.name.indexOf(kDelimiter, i + 1))
            parents.insert(box.name.left(i));
    }
    QStringList names = byName.keys();
    for (const QString &parent : std::as_const(parents)) {
        if (!byName.contains(parent))
            names.append(parent);
    }
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const bool aInbox = a == u"INBOX";
        const bool bInbox = b == u"INBOX";
        return aInbox != bInbox ? aInbox : a < b;
    });

    // RFC 5258 s3.1: the SUBSCRIBED selection implies RETURN (SUBSCRIBED).
    const bool onlySubscribed = lsub || command.selectSubscribed;
    const bool showSubscribed = !lsub && (command.returnSubscribed || command.selectSubscribed);
    auto matchesPatterns = [&](const QString &name) {
        return std::any_of(patterns.cbegin(), patterns.cend(),
                           [&](const QString &p) { return matchesPattern(p, name); });
    };
    auto meetsSelection = [&](const MailboxStatus *box) {
        return (!onlySubscribed || (box && box->subscribed))
            && (!command.selectSpecialUse || (box && box->specialUse != SpecialUse::None));
    };
    // RFC 5258 s3.5 (RFC 9051 s6.3.9.6): with RECURSIVEMATCH, a name the pattern matches is
    // also listed, with CHILDINFO, when a mailbox below it meets the selection but is not
    // listed itself.
    const bool recursive = !lsub && command.selectRecursiveMatch
        && (command.selectSubscribed || command.selectSpecialUse);
    auto childMeetsSelection = [&](const QString &name) {
        const QString prefix = name + kDelimiter;
        for (const MailboxStatus &box : boxes) {
            if (box.name.startsWith(prefix) && meetsSelection(&box) && !matchesPatterns(box.name))
                return true;
        }
        return false;
    };
    QByteArray childInfo = command.selectSubscribed ? "\"SUBSCRIBED\"" : "";
    if (command.selectSpecialUse)
        childInfo += QByteArray(childInfo.isEmpty() ? "" : " ") + "\"SPECIAL-USE\"";

    QByteArray out;
    for (const QString &name : std::as_const(names)) {
        if (!matchesPatterns(name))
            continue;
        const MailboxStatus *box = byName.value(name);
        const bool meets = meetsSelection(box);
        const bool withChildInfo = recursive && childMeetsSelection(name);
        // RFC 3501 s6.3.9: LSUB shows an unsubscribed level above a subscribed mailbox that
        // "%" does not reach, as \Noselect.
        const bool lsubLevel = lsub && !meets && childMeetsSelection(name);
        if (!meets && !withChildInfo && !lsubLevel)
            continue;
        QList<QByteArray> attributes;
        if (lsubLevel)
            attributes.append("\\Noselect");
        if (!lsub) {
            if (!box)
                attributes.append("\\Noselect");
            if (showSubscribed && box && box->subscribed)
                attributes.append("\\Subscribed");
            // RFC 3348 / RFC 5258 s4: CHILDREN information, always given.
            attributes.append(parents.contains(name) ? "\\HasChildren" : "\\HasNoChildren");
            // RFC 6154 s2: special-use attributes in every LIST, as Dovecot gives them.
            if (box && box->specialUse != SpecialUse::None)
                attributes.append(specialUseAttribute(box->specialUse));
        }
        out += response + '(' + attributes.join(' ') + ") \"/\" " + mailboxName(name);
        if (withChildInfo)
            out += " (\"CHILDINFO\" (" + childInfo + "))";
        out += "\r\n";
        if (out.size() > 64 * 1024) {
            send(out);
            out.clear();
        }
    }
    if (!out.isEmpty())
        send(out);
    finish(command, "OK " + command.name + " completed");
}

void ImapSession::create(const ImapCommand &command)
{
    // RFC 3501 s6.3.3: a trailing delimiter only says that children are intended.
    QString name = command.mailbox;
    while (name.endsWith(kDelimiter))
        name.chop(1);
    const StoreError error = context().store().createMailbox(m_user, name);
    if (!error)
        log(QStringLiteral("create ") + name);
    finish(command, error ? storeFailure(error) : QByteArray("OK CREATE completed"));
}

void ImapSession::deleteMailbox(const ImapCommand &command)
{
    MailStore &store = context().store();
    StoreError error = store.deleteMailbox(m_user, command.mailbox);
    if (error.code == StoreError::Forbidden) {
        // RFC 9051 s6.3.5: a mailbox with children is refused with HASCHILDREN.
        const QString prefix = command.mailbox + kDelimiter;
        const QList<MailboxStatus> boxes = store.mailboxes(m_user);
        if (std::any_of(boxes.cbegin(), boxes.cend(),
                        [&](const MailboxStatus &box) { return box.name.startsWith(prefix); })) {
            finish(command, "NO [HASCHILDREN] " + oneLine(error.message));
            return;
        }
    }
    if (error) {
        finish(command, storeFailure(error));
        return;
    }
    // Deleting the selected mailbox closes it, as in Dovecot: the session goes back to the
    // authenticated state rather than showing messages that are gone.
    if (m_state == State::Selected && m_mailbox == command.mailbox)
        deselect();
    log(QStringLiteral("delete ") + command.mailbox);
    finish(command, "OK DELETE completed");
}

void ImapSession::rename(const ImapCommand &command)
{
    const StoreError error =
        context().store().renameMailbox(m_user, command.mailbox, command.newMailbox);
    if (error) {
        finish(command, storeFailure(error));
        return;
    }
    log(QStringLiteral("rename %1 to %2").arg(command.mailbox, command.newMailbox));
    // The selected mailbox (or one of its parents) may have been renamed by this very
    // command; the session follows it. Renaming INBOX leaves INBOX in place, emptied.
    if (m_state == State::Selected && command.mailbox != u"INBOX") {
        if (m_mailbox == command.mailbox)
            m_mailbox = command.newMailbox;
        else if (m_mailbox.startsWith(command.mailbox + kDelimiter))
            m_mailbox = command.newMailbox + m_mailbox.mid(command.mailbox.size());
    }
    finish(command, "OK RENAME completed");
}

void ImapSession::subscribe(const ImapCommand &command)
{
    const bool subscribe = command.name == "SUBSCRIBE";
    const StoreError error = context().store().setSubscribed(m_user, command.mailbox, subscribe);
    finish(command, error ? storeFailure(error) : QByteArray("OK " + command.name + " completed"));
}

void ImapSession::status(const ImapCommand &command)
{
    const std::optional<MailboxStatus> status = context().store().status(m_user, command.mailbox);
    if (!status) {
        finish(command, "NO [NONEXISTENT] There is no mailbox of that name.");
        return;
    }
    // DELETED and SIZE (RFC 9051 s6.3.11, RFC 8438) need a look at every message.
    QList<MessageRecord> records;
    if (command.statusItems.contains("DELETED") || command.statusItems.contains("SIZE"))
        records = context().store().messages(m_user, status->name);
    QList<QByteArray> items;
    for (const QByteArray &item : command.statusItems) {
        qint64 value = 0;
        if (item == "MESSAGES")
            value = status->messages;
        else if (item == "RECENT")
            value = status->recent;
        else if (item == "UIDNEXT")
            value = status->uidNext;
        else if (item == "UIDVALIDITY")
            value = status->uidValidity;
        else if (item == "UNSEEN")
            value = status->unseen;
        else if (item == "DELETED")
            value = std::count_if(records.cbegin(), records.cend(),
                                  [](const MessageRecord &r) { return r.hasFlag("\\Deleted"); });
        else if (item == "SIZE")
            value =
                std::accumulate(records.cbegin(), records.cend(), qint64(0),
                                [](qint64 sum, const MessageRecord &r) { return sum + r.size; });
        else {
            finish(command, "BAD The STATUS item " + item.left(40) + " is not supported.");
            return;
        }
        items.append(item + ' ' + QByteArray::number(value));
    }
    send("* STATUS " + mailboxName(status->name) + " (" + items.join(' ') + ")\r\n");
    finish(command, "OK STATUS completed");
}

void ImapSession::select(const ImapCommand &command)
{
    const bool readOnly = command.name == "EXAMINE";
    // RFC 3501 s6.3.1: selecting closes the mailbox selected before, even when it fails.
    if (m_state == State::Selected)
        deselect();
    if (command.condstore) {
        reply(command.tag, "BAD CONDSTORE is not supported by this server.");
        return;
    }
    MailStore &store = context().store();
    const std::optional<MailboxStatus> status = store.status(m_user, command.mailbox);
    if (!status) {
        reply(command.tag, "NO [NONEXISTENT] There is no mailbox of that name.");
        return;
    }
    // \Recent belongs to the first session that sees a message (RFC 3501 s2.3.2); EXAMINE
    // must not take it (s6.3.2), so a read-only session shows none.
    const QList<Uid> recent = readOnly ? QList<Uid>() : store.claimRecent(m_user, status->name);
    m_view.reset(store.messages(m_user, status->name), recent);
    m_state = State::Selected;
    m_mailbox = status->name;
    m_uidValidity = status->uidValidity;
    m_readOnly = readOnly;
    m_checkMailbox = false;

    // RFC 3501 s6.3.1, in the order Dovecot sends them.
    QByteArray out = m_view.flagsResponse();
    if (readOnly) {
        out += "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n";
    } else {
        QList<QByteArray> permanent = { "\\Answered", "\\Flagged", "\\Deleted", "\\Seen",
                                        "\\Draft" };
        permanent += m_view.keywords();
        permanent.append("\\*");
        out += "* OK [PERMANENTFLAGS " + ImapOutput::flagList(permanent) + "] Flags permitted.\r\n";
    }
    out += "* " + QByteArray::number(m_view.size()) + " EXISTS\r\n";
    out += "* " + QByteArray::number(m_view.recentCount()) + " RECENT\r\n";
    for (qsizetype sequence = 1; sequence <= m_view.size(); ++sequence) {
        if (!m_view.at(sequence).hasFlag("\\Seen")) {
            out += "* OK [UNSEEN " + QByteArray::number(sequence) + "] First unseen.\r\n";
            break;
        }
    }
    out += "* OK [UIDVALIDITY " + QByteArray::number(m_uidValidity) + "] UIDs valid\r\n";
    out += "* OK [UIDNEXT " + QByteArray::number(status->uidNext) + "] Predicted next UID\r\n";
    send(out);
    log((readOnly ? QStringLiteral("examine ") : QStringLiteral("select ")) + m_mailbox);
    finish(command,
           readOnly ? "OK [READ-ONLY] EXAMINE completed" : "OK [READ-WRITE] SELECT completed");
}

void ImapSession::deselect()
{
    m_state = State::Authenticated;
    m_mailbox.clear();
    m_uidValidity = 0;
    m_readOnly = false;
    m_checkMailbox = false;
    m_view.clear();
}

void ImapSession::close(const ImapCommand &command)
{
    // RFC 3501 s6.4.2: expunge \Deleted messages without EXPUNGE responses, unless read-only.
    if (!m_readOnly) {
        MailStore &store = context().store();
        QList<Uid> deleted;
        const QList<MessageRecord> records = store.messages(m_user, m_mailbox);
        for (const MessageRecord &record : records) {
            if (record.hasFlag("\\Deleted"))
                deleted.append(record.uid);
        }
        if (!deleted.isEmpty()) {
            StoreError error;
            const QList<Uid> removed = store.expunge(m_user, m_mailbox, deleted, &error);
            log(QStringLiteral("close: expunged %1 messages").arg(removed.size()));
        }
    }
    deselect();
    reply(command.tag, "OK CLOSE completed");
}

void ImapSession::unselect(const ImapCommand &command)
{
    // RFC 3691: like CLOSE, without expunging.
    deselect();
    reply(command.tag, "OK UNSELECT completed");
}

void ImapSession::append(const ImapCommand &command)
{
    QByteArray why;
    const std::optional<QList<QByteArray>> flags = storableFlags(command.flags, &why);
    if (!flags) {
        finish(command, "BAD " + why);
        return;
    }
    const qint64 limit = context().limits().maxMessageSize;
    if (command.message.size() > limit) {
        finish(command,
               "NO [TOOBIG] The message is larger than the server's limit of "
                   + QByteArray::number(limit) + " bytes.");
        return;
    }
    if (command.message.isEmpty()) {
        finish(command, "NO An empty message cannot be appended.");
        return;
    }
    MailStore &store = context().store();
    const std::optional<MailboxStatus> before = store.status(m_user, command.mailbox);
    if (!before) {
        // RFC 3501 s6.3.11: TRYCREATE tells the client that CREATE may help.
        finish(command, "NO [TRYCREATE] There is no mailbox of that name.");
        return;
    }
    StoreError error;
    const QByteArray message = withCrlf(command.message);
    const QDateTime date = command.appendDate.value_or(QDateTime::currentDateTimeUtc());
    const Uid uid = store.append(m_user, before->name, message, *flags, date, &error);
    if (uid == 0) {
        finish(command, storeFailure(error, true));
        return;
    }
    log(QStringLiteral("append to %1: %2 bytes")
            .arg(before->name, QString::number(message.size())));
    // RFC 4315 s3: APPENDUID uidvalidity uid. The selected mailbox's new message is announced
    // by finish() (RFC 3501 s6.3.11: EXISTS follows as usual).
    finish(command,
           "OK [APPENDUID " + QByteArray::number(before->uidValidity) + ' '
               + QByteArray::number(uid) + "] APPEND completed");
}

} // namespace magpie::server
