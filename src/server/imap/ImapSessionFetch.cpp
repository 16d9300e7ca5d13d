// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession: FETCH and UID FETCH (RFC 3501 s6.4.5, s7.4.2).
#include "server/imap/ImapSession.h"

#include "mime/Message.h"
#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/imap/ImapFetch.h"
#include "server/imap/ImapOutput.h"
#include "server/imap/ImapSessionCache.h"

#include <QSet>
#include <QTimer>

namespace magpie::server {

namespace {

// Output goes to the transport in pieces of about this size ...
constexpr qsizetype kChunkBytes = 64 * 1024;
// ... and after this much the event loop gets a turn, so the socket drains before more is
// made: a FETCH of every body of a large mailbox never sits in memory whole.
constexpr qint64 kBytesPerTurn = 1024 * 1024;
// Messages whose implicit \Seen is set in one store call.
constexpr qsizetype kBatch = 256;

// Content as a literal (RFC 3501 s4.3). A literal may hold any octet but NUL; a stored NUL
// goes out as 0x80, as Dovecot sends it, rather than break the client's parser.
void appendLiteral(QByteArray &out, const QByteArray &bytes)
{
    out += '{' + QByteArray::number(bytes.size()) + "}\r\n";
    if (!bytes.contains('\0')) {
        out += bytes;
        return;
    }
    QByteArray copy = bytes;
    copy.replace('\0', '\x80');
    out += copy;
}

bool setsSeen(const FetchItem &item)
{
    // RFC 3501 s6.4.5: BODY[...] (not BODY.PEEK), RFC822 and RFC822.TEXT set \Seen.
    return (item.kind == FetchItem::Kind::Section && !item.section.peek)
        || item.kind == FetchItem::Kind::Rfc822 || item.kind == FetchItem::Kind::Rfc822Text;
}

} // namespace

void ImapSession::fetch(const ImapCommand &command)
{
    QByteArray why;
    const std::optional<QList<qsizetype>> sequences = resolveSet(command, &why);
    if (!sequences) {
        reply(command.tag, "BAD " + why);
        return;
    }
    auto job = std::make_unique<FetchJob>();
    for (const FetchItem &item : command.fetchItems) {
        if (item.kind == FetchItem::Kind::ModSeq) {
            reply(command.tag, "BAD MODSEQ needs CONDSTORE, which this server does not offer.");
            return;
        }
        job->setsSeen = job->setsSeen || (setsSeen(item) && !m_readOnly);
    }
    job->command = command;
    job->sequences = *sequences;
    m_fetch = std::move(job);
    continueFetch();
}

void ImapSession::continueFetch()
{
    FetchJob &job = *m_fetch;
    MailStore &store = context().store();
    QByteArray out;
    qint64 sentThisTurn = 0;
    while (job.next < job.sequences.size()) {
        const qsizetype batchEnd = qMin(job.next + kBatch, job.sequences.size());
        QSet<Uid> seenNow;
        if (job.setsSeen) {
            QList<Uid> unseen;
            for (qsizetype i = job.next; i < batchEnd; ++i) {
                const MessageRecord &record = m_view.at(job.sequences.at(i));
                if (!record.hasFlag("\\Seen"))
                    unseen.append(record.uid);
            }
            if (!unseen.isEmpty()) {
                const QList<Uid> changed =
                    store.setFlags(m_user, m_mailbox, unseen, FlagOperation::Add, { "\\Seen" });
                for (Uid uid : changed) {
                    if (const std::optional<MessageRecord> record =
                            store.message(m_user, m_mailbox, uid)) {
                        out += m_view.updateFlags(uid, record->flags);
                        seenNow.insert(uid);
                    }
                }
            }
        }
        for (; job.next < batchEnd; ++job.next) {
            const qsizetype sequence = job.sequences.at(job.next);
            if (!renderFetch(job, sequence, seenNow.contains(m_view.at(sequence).uid), out))
                job.contentMissing = true;
            if (out.size() >= kChunkBytes) {
                sentThisTurn += out.size();
                send(std::exchange(out, {}));
                if (isClosed())
                    return;
            }
        }
        if (sentThisTurn >= kBytesPerTurn && job.next < job.sequences.size()) {
            if (!out.isEmpty())
                send(out);
            if (isClosed())
                return;
            pauseInput();
            QTimer::singleShot(0, this, [this] {
                if (m_fetch && !isClosed())
                    continueFetch();
            });
            return;
        }
    }
    if (!out.isEmpty())
        send(out);
    if (isClosed())
        return;
    const std::unique_ptr<FetchJob> done = std::move(m_fetch);
    // RFC 3501 s7.4.1 lets the server answer NO for messages expunged under the client;
    // everything that could be served from the session's view was (flags, dates, sizes and
    // cached structure), only content that is gone from the store is missing.
    finish(done->command,
           done->contentMissing ? QByteArray("NO [EXPUNGEISSUED] Some of the requested messages "
                                             "were expunged by another session.")
                                : QByteArray("OK FETCH completed"));
    if (m_inputPaused)
        resumeInput();
}

bool ImapSession::renderFetch(const FetchJob &job, qsizetype sequence, bool flagsChanged,
                              QByteArray &out)
{
    const ImapCommand &command = job.command;
    const MessageRecord &record = m_view.at(sequence);
    MailStore &store = context().store();
    const ImapSessionCache::Key key { m_user, m_mailbox, m_uidValidity, record.uid };

    // The content is read, and parsed, only when an item needs it.
    std::optional<QByteArray> content;
    std::unique_ptr<mime::Message> parsed;
    auto loadContent = [&]() -> bool {
        if (!content) {
            StoreError error;
            QByteArray bytes = store.content(m_user, m_mailbox, record.uid, &error);
            if (error)
                return false;
            content = std::move(bytes);
        }
        return true;
    };
    auto message = [&]() -> const mime::Message & {
        if (!parsed)
            parsed = std::make_unique<mime::Message>(*content);
        return *parsed;
    };

    QByteArray items;
    auto add = [&](const QByteArray &item) {
        if (!items.isEmpty())
            items += ' ';
        items += item;
    };
    bool hasFlags = false;
    for (const FetchItem &item : command.fetchItems)
        hasFlags = hasFlags || item.kind == FetchItem::Kind::Flags;
    // RFC 3501 s6.4.8: UID FETCH always includes the UID; first, as Dovecot puts it.
    if (command.uid)
        add("UID " + QByteArray::number(record.uid));

    for (const FetchItem &item : command.fetchItems) {
        switch (item.kind) {
        case FetchItem::Kind::Flags:
            add("FLAGS " + ImapOutput::flagList(m_view.fetchFlags(sequence)));
            break;
        case FetchItem::Kind::Uid:
            if (!command.uid)
                add("UID " + QByteArray::number(record.uid));
            break;
        case FetchItem::Kind::InternalDate:
            add("INTERNALDATE " + ImapOutput::dateTime(record.internalDate));
            break;
        case FetchItem::Kind::Rfc822Size:
            add("RFC822.SIZE " + QByteArray::number(record.size));
            break;
        case FetchItem::Kind::Envelope:
        case FetchItem::Kind::BodyStructure:
        case FetchItem::Kind::Body: {
            const auto cached = item.kind == FetchItem::Kind::Envelope
                ? ImapSessionCache::Item::Envelope
                : item.kind == FetchItem::Kind::BodyStructure
                ? ImapSessionCache::Item::BodyStructure
                : ImapSessionCache::Item::Body;
            QByteArray value = m_cache.find(key, cached);
            if (value.isNull()) {
                if (!loadContent())
                    return false;
                value = item.kind == FetchItem::Kind::Envelope
                    ? ImapFetch::envelope(message())
                    : ImapFetch::bodyStructure(message(),
                                               item.kind == FetchItem::Kind::BodyStructure);
                m_cache.insert(key, cached, value);
            }
            const char *name = item.kind == FetchItem::Kind::Envelope ? "ENVELOPE "
                : item.kind == FetchItem::Kind::BodyStructure         ? "BODYSTRUCTURE "
                                                                      : "BODY ";
            add(name + value);
            break;
        }
        case FetchItem::Kind::Section: {
            if (!loadContent())
                return false;
            const BodySection &section = item.section;
            QByteArray bytes;
            bool exists = true;
            if (section.part.isEmpty() && section.text == BodySection::Text::Whole)
                bytes = *content; // BODY[]: no parse needed
            else
                bytes = ImapFetch::section(message(), section, &exists);
            add(section.responseName() + ' ');
            if (exists)
                appendLiteral(items, ImapFetch::partial(bytes, section));
            else
                items += "\"\"";
            break;
        }
        case FetchItem::Kind::Rfc822:
        case FetchItem::Kind::Rfc822Header:
        case FetchItem::Kind::Rfc822Text: {
            // RFC 3501 s6.4.5: RFC822 is BODY[], RFC822.HEADER is BODY.PEEK[HEADER],
            // RFC822.TEXT is BODY[TEXT], each under its own name.
            if (!loadContent())
                return false;
            BodySection section;
            QByteArray bytes;
            if (item.kind == FetchItem::Kind::Rfc822) {
                add("RFC822 ");
                bytes = *content;
            } else {
                const bool header = item.kind == FetchItem::Kind::Rfc822Header;
                section.text = header ? BodySection::Text::Header : BodySection::Text::Text;
                add(header ? "RFC822.HEADER " : "RFC822.TEXT ");
                bytes = ImapFetch::section(message(), section);
            }
            appendLiteral(items, bytes);
            break;
        }
        case FetchItem::Kind::ModSeq:
            break; // refused before the first message
        }
    }
    // RFC 3501 s6.4.5: when the fetch set \Seen, the new flags come with it.
    if (flagsChanged && !hasFlags)
        add("FLAGS " + ImapOutput::flagList(m_view.fetchFlags(sequence)));
    out += "* " + QByteArray::number(sequence) + " FETCH (" + items + ")\r\n";
    return true;
}

} // namespace magpie::server
