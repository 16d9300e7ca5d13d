// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession: the commands about messages of the selected mailbox, except FETCH
// (RFC 3501 s6.4, RFC 4315 UIDPLUS, RFC 6851 MOVE, RFC 4731 ESEARCH).
#include "server/imap/ImapSession.h"

#include "mime/Message.h"
#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/imap/ImapOutput.h"
#include "server/imap/ImapSearch.h"

#include <algorithm>

namespace magpie::server {

namespace {

const MessageRecord *findRecord(const QList<MessageRecord> &records, Uid uid)
{
    const auto it = std::lower_bound(records.cbegin(), records.cend(), uid,
                                     [](const MessageRecord &r, Uid u) { return r.uid < u; });
    return it != records.cend() && it->uid == uid ? &*it : nullptr;
}

FlagOperation flagOperation(ImapCommand::StoreMode mode)
{
    switch (mode) {
    case ImapCommand::StoreMode::Add:
        return FlagOperation::Add;
    case ImapCommand::StoreMode::Remove:
        return FlagOperation::Remove;
    case ImapCommand::StoreMode::Replace:
        break;
    }
    return FlagOperation::Replace;
}

const QByteArray kReadOnly = "NO The mailbox is read-only: SELECT it (not EXAMINE) to change it.";

} // namespace

std::optional<QList<QByteArray>> ImapSession::storableFlags(const QList<QByteArray> &flags,
                                                            QByteArray *error)
{
    static const QByteArray systemFlags[] = { "\\Seen", "\\Answered", "\\Flagged", "\\Deleted",
                                              "\\Draft" };
    QList<QByteArray> result;
    for (const QByteArray &flag : flags) {
        QByteArray spelled = flag;
        if (flag.startsWith('\\')) {
            const auto known = std::find_if(
                std::cbegin(systemFlags), std::cend(systemFlags),
                [&](const QByteArray &f) { return f.compare(flag, Qt::CaseInsensitive) == 0; });
            if (known == std::cend(systemFlags)) {
                // RFC 3501 s2.3.2: \Recent is the server's to set, never the client's.
                *error = flag.compare("\\Recent", Qt::CaseInsensitive) == 0
                    ? QByteArray("\\Recent cannot be set or cleared by a client.")
                    : flag.left(40) + " is not a system flag; keywords have no backslash.";
                return std::nullopt;
            }
            spelled = *known;
        }
        const bool duplicate =
            std::any_of(result.cbegin(), result.cend(), [&](const QByteArray &f) {
                return f.compare(spelled, Qt::CaseInsensitive) == 0;
            });
        if (!duplicate)
            result.append(spelled);
    }
    return result;
}

std::optional<QList<qsizetype>> ImapSession::resolveSet(const ImapCommand &command,
                                                        QByteArray *error) const
{
    QList<qsizetype> sequences;
    if (command.uid) {
        // RFC 3501 s6.4.8: UIDs that are not there are simply not selected.
        const QList<quint32> uids = command.set.select(m_view.uids());
        sequences.reserve(uids.size());
        for (quint32 uid : uids)
            sequences.append(m_view.sequenceOf(uid));
        return sequences;
    }
    // RFC 3501 s9 (seq-number): a number past the last message is an error, "*" is the last.
    const qint64 count = m_view.size();
    for (const SequenceSet::Range &range : command.set.ranges()) {
        qint64 first = range.first == 0 ? count : range.first;
        qint64 last = range.last == 0 ? count : range.last;
        if (first > last)
            std::swap(first, last);
        if (first < 1 || last > count) {
            *error = count == 0
                ? QByteArray("The mailbox is empty: no message has a sequence number.")
                : "There is no message " + QByteArray::number(last) + ": the mailbox has "
                    + QByteArray::number(count) + (count == 1 ? " message." : " messages.");
            return std::nullopt;
        }
        for (qint64 n = first; n <= last; ++n)
            sequences.append(n);
    }
    std::sort(sequences.begin(), sequences.end());
    sequences.erase(std::unique(sequences.begin(), sequences.end()), sequences.end());
    return sequences;
}

void ImapSession::storeFlags(const ImapCommand &command)
{
    if (m_readOnly) {
        finish(command, kReadOnly);
        return;
    }
    QByteArray why;
    const std::optional<QList<QByteArray>> flags = storableFlags(command.flags, &why);
    const std::optional<QList<qsizetype>> sequences =
        flags ? resolveSet(command, &why) : std::nullopt;
    if (!sequences) {
        reply(command.tag, "BAD " + why);
        return;
    }
    QList<Uid> uids;
    uids.reserve(sequences->size());
    for (qsizetype sequence : *sequences)
        uids.append(m_view.at(sequence).uid);
    MailStore &store = context().store();
    StoreError error;
    store.setFlags(m_user, m_mailbox, uids, flagOperation(command.storeMode), *flags, &error);
    if (error) {
        finish(command, storeFailure(error));
        return;
    }
    // RFC 3501 s6.4.6: the new flags come back as FETCH responses unless .SILENT; the view
    // takes them either way, so that they are not announced again as others' changes.
    const QList<MessageRecord> current = store.messages(m_user, m_mailbox);
    QByteArray out;
    for (qsizetype sequence : *sequences) {
        const Uid uid = m_view.at(sequence).uid;
        const MessageRecord *record = findRecord(current, uid);
        if (!record)
            continue; // expunged by another session: nothing to report
        out += m_view.updateFlags(uid, record->flags);
        if (command.silent)
            continue;
        out += "* " + QByteArray::number(sequence) + " FETCH (";
        if (command.uid)
            out += "UID " + QByteArray::number(uid) + ' ';
        out += "FLAGS " + ImapOutput::flagList(m_view.fetchFlags(sequence)) + ")\r\n";
        if (out.size() > 64 * 1024) {
            send(out);
            out.clear();
        }
    }
    if (!out.isEmpty())
        send(out);
    finish(command, "OK STORE completed");
}

void ImapSession::search(const ImapCommand &command)
{
    // An unknown CHARSET was refused by the parser (NO [BADCHARSET], RFC 3501 s6.4.4).
    MailStore &store = context().store();
    const qsizetype count = m_view.size();
    ImapSearch::Candidate candidate;
    candidate.largestSequenceNumber = quint32(count);
    candidate.largestUid = m_view.largestUid();
    std::unique_ptr<mime::Message> parsed;
    candidate.message = [&]() -> const mime::Message & {
        if (!parsed) {
            // A message another session expunged has no content left: it matches no text.
            parsed = std::make_unique<mime::Message>(
                store.content(m_user, m_mailbox, candidate.record->uid));
        }
        return *parsed;
    };
    QList<quint32> found;
    for (qsizetype sequence = 1; sequence <= count; ++sequence) {
        const MessageRecord &record = m_view.at(sequence);
        parsed.reset();
        candidate.sequenceNumber = quint32(sequence);
        candidate.record = &record;
        candidate.recent = m_view.isRecent(record.uid);
        if (ImapSearch::matches(command.search, candidate))
            found.append(command.uid ? record.uid : quint32(sequence));
    }

    if (command.searchReturn.isEmpty()) {
        QByteArray out = "* SEARCH";
        for (quint32 n : std::as_const(found))
            out += ' ' + QByteArray::number(n);
        send(out + "\r\n");
    } else {
        // RFC 4731 s3.1: only what was asked, MIN/MAX/ALL left out when nothing matched.
        QByteArray out = "* ESEARCH (TAG " + ImapOutput::string(command.tag) + ')';
        if (command.uid)
            out += " UID";
        for (const QByteArray &option : command.searchReturn) {
            if (option == "MIN" && !found.isEmpty())
                out += " MIN " + QByteArray::number(found.constFirst());
            else if (option == "MAX" && !found.isEmpty())
                out += " MAX " + QByteArray::number(found.constLast());
            else if (option == "COUNT")
                out += " COUNT " + QByteArray::number(found.size());
            else if (option == "ALL" && !found.isEmpty())
                out += " ALL " + SequenceSet::format(found);
        }
        send(out + "\r\n");
    }
    finish(command, "OK SEARCH completed");
}

void ImapSession::copy(const ImapCommand &command, bool move)
{
    const QByteArray verb = move ? "MOVE" : "COPY";
    if (move && m_readOnly) {
        finish(command, kReadOnly);
        return;
    }
    QByteArray why;
    const std::optional<QList<qsizetype>> sequences = resolveSet(command, &why);
    if (!sequences) {
        reply(command.tag, "BAD " + why);
        return;
    }
    MailStore &store = context().store();
    const std::optional<MailboxStatus> destination = store.status(m_user, command.mailbox);
    if (!destination) {
        // RFC 3501 s6.4.7: TRYCREATE when the destination does not exist.
        finish(command, "NO [TRYCREATE] There is no mailbox of that name.");
        return;
    }
    QList<Uid> uids;
    uids.reserve(sequences->size());
    for (qsizetype sequence : *sequences)
        uids.append(m_view.at(sequence).uid);
    QList<Uid> sourceUids;
    QList<Uid> newUids;
    if (!uids.isEmpty()) {
        const StoreError error = move
            ? store.move(m_user, m_mailbox, uids, destination->name, &sourceUids, &newUids)
            : store.copy(m_user, m_mailbox, uids, destination->name, &sourceUids, &newUids);
        if (error) {
            finish(command, storeFailure(error, true));
            return;
        }
    }
    if (sourceUids.isEmpty()) {
        finish(command, "OK No messages to " + verb.toLower());
        return;
    }
    // RFC 4315 s3: COPYUID uidvalidity source-uids destination-uids, in corresponding order.
    const QByteArray copyUid = "[COPYUID " + QByteArray::number(destination->uidValidity) + ' '
        + SequenceSet::format(sourceUids) + ' ' + SequenceSet::format(newUids) + ']';
    if (!move) {
        finish(command, "OK " + copyUid + " COPY completed");
        return;
    }
    // RFC 6851 s4.3: COPYUID in an untagged OK, then the EXPUNGEs, then the tagged OK.
    std::sort(sourceUids.begin(), sourceUids.end());
    send("* OK " + copyUid + " Moved UIDs.\r\n");
    const QByteArray expunges = m_view.remove(sourceUids);
    if (!expunges.isEmpty())
        send(expunges);
    log(QStringLiteral("move %1 messages to %2")
            .arg(QString::number(sourceUids.size()), destination->name));
    finish(command, "OK MOVE completed");
}

void ImapSession::expunge(const ImapCommand &command)
{
    if (m_readOnly) {
        finish(command, kReadOnly);
        return;
    }
    QByteArray why;
    std::optional<QList<qsizetype>> sequences;
    if (command.uid) {
        sequences = resolveSet(command, &why);
        if (!sequences) {
            reply(command.tag, "BAD " + why);
            return;
        }
    }
    // Whatever others did is told first, so that every message EXPUNGE removes is one the
    // client knows of (RFC 3501 s6.4.3: it removes every \Deleted message of the mailbox).
    announceChanges(true);
    if (isClosed())
        return;
    MailStore &store = context().store();
    const QList<MessageRecord> current = store.messages(m_user, m_mailbox);
    QList<Uid> deleted;
    auto consider = [&](Uid uid) {
        const MessageRecord *record = findRecord(current, uid);
        if (record && record->hasFlag("\\Deleted"))
            deleted.append(uid);
    };
    if (sequences) {
        // RFC 4315 s2.1: UID EXPUNGE removes only the \Deleted messages of its set.
        for (qsizetype sequence : std::as_const(*sequences))
            consider(m_view.at(sequence).uid);
    } else {
        for (Uid uid : m_view.uids())
            consider(uid);
    }
    StoreError error;
    QList<Uid> removed =
        deleted.isEmpty() ? QList<Uid>() : store.expunge(m_user, m_mailbox, deleted, &error);
    if (error && removed.isEmpty()) {
        finish(command, storeFailure(error));
        return;
    }
    std::sort(removed.begin(), removed.end());
    const QByteArray expunges = m_view.remove(removed);
    if (!expunges.isEmpty())
        send(expunges);
    if (!removed.isEmpty())
        log(QStringLiteral("expunged %1 messages from %2")
                .arg(QString::number(removed.size()), m_mailbox));
    finish(command, "OK EXPUNGE completed");
}

} // namespace magpie::server
