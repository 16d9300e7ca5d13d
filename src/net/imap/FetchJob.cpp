// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/FetchJob.h"

#include "net/imap/ImapSession.h"

#include <optional>

namespace magpie::imap {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A header field name as a FETCH section may list it: RFC 5322 s3.6.8 ftext (printable,
// no colon), narrowed to what can go unquoted in the command (RFC 3501 s9 ATOM-CHAR).
bool isFieldName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const auto u = uchar(c);
        if (u <= 0x20 || u >= 0x7f || c == ':' || c == '(' || c == ')' || c == '{' || c == '%'
            || c == '*' || c == '"' || c == '\\' || c == ']' || c == '[')
            return false;
    }
    return true;
}

// section-spec (RFC 3501 s9): section-msgtext / (section-part ["." section-text]), where
// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT" and
// section-text adds "MIME". Returns the section upper-cased (as FetchedMessage keys it), or
// nothing when it is not one.
std::optional<QByteArray> normalizedSection(const QByteArray &section)
{
    const QByteArray text = section.toUpper();
    qsizetype pos = 0;
    bool hasPart = false;
    while (pos < text.size() && isDigit(text.at(pos))) {
        const qsizetype start = pos;
        while (pos < text.size() && isDigit(text.at(pos)))
            ++pos;
        if (text.at(start) == '0' || pos - start > 9) // nz-number
            return std::nullopt;
        hasPart = true;
        if (pos == text.size())
            return text;
        if (text.at(pos) != '.' || pos + 1 == text.size())
            return std::nullopt;
        ++pos;
    }
    const QByteArray rest = text.mid(pos);
    if (rest.isEmpty() || rest == "HEADER" || rest == "TEXT" || (hasPart && rest == "MIME"))
        return text;
    for (const QByteArrayView keyword :
         { QByteArrayView("HEADER.FIELDS ("), QByteArrayView("HEADER.FIELDS.NOT (") }) {
        if (!rest.startsWith(keyword) || !rest.endsWith(')'))
            continue;
        const QByteArray names = rest.sliced(keyword.size(), rest.size() - keyword.size() - 1);
        for (const QByteArrayView name : names.split(' ')) {
            if (!isFieldName(name))
                return std::nullopt;
        }
        return text;
    }
    return std::nullopt;
}

// The later response wins for the items it carries (RFC 3501 s7.4.2: a server may send a
// message's data items in several FETCH responses).
void merge(FetchedMessage &into, const FetchedMessage &from)
{
    if (from.sequenceNumber)
        into.sequenceNumber = from.sequenceNumber;
    if (from.uid)
        into.uid = from.uid;
    if (from.flags)
        into.flags = from.flags;
    if (from.internalDate)
        into.internalDate = from.internalDate;
    if (from.size)
        into.size = from.size;
    if (from.modSeq)
        into.modSeq = from.modSeq;
    if (from.envelope)
        into.envelope = from.envelope;
    if (from.bodyStructure)
        into.bodyStructure = from.bodyStructure;
    for (auto it = from.sections.cbegin(); it != from.sections.cend(); ++it)
        into.sections.insert(it.key(), it.value());
    for (auto it = from.sectionOrigins.cbegin(); it != from.sectionOrigins.cend(); ++it)
        into.sectionOrigins.insert(it.key(), it.value());
}

} // namespace

FetchJob::FetchJob(ImapSession *session)
    : ImapJob(session)
{ }

FetchJob::~FetchJob() = default;

void FetchJob::setUids(const UidSet &uids)
{
    m_set = uids;
    m_from = 0;
    m_byUid = true;
}

void FetchJob::setUidsFrom(quint32 firstUid)
{
    m_set = {};
    m_from = qMax<quint32>(firstUid, 1);
    m_byUid = true;
}

void FetchJob::setSequenceNumbers(const UidSet &numbers)
{
    m_set = numbers;
    m_from = 0;
    m_byUid = false;
}

void FetchJob::setItems(Items items)
{
    m_items = items;
}

void FetchJob::addBodySection(const QByteArray &section, quint64 origin, quint64 length)
{
    const auto normalized = normalizedSection(section);
    if (!normalized) {
        if (m_invalidSection.isEmpty())
            m_invalidSection = QString::fromUtf8(section);
        return;
    }
    m_sections.append({ *normalized, origin, length });
}

void FetchJob::setChangedSince(quint64 modSeq)
{
    m_changedSince = modSeq;
}

void FetchJob::setVanished(bool vanished)
{
    m_vanishedModifier = vanished;
}

void FetchJob::setCollectMessages(bool collect)
{
    m_collect = collect;
}

QString FetchJob::what() const
{
    const QString mailbox = session()->selectedMailbox();
    return mailbox.isEmpty() ? tr("Fetching messages")
                             : tr("Fetching messages from %1").arg(mailbox);
}

QByteArray FetchJob::itemList() const
{
    QByteArrayList items;
    if (m_byUid || m_items.testFlag(Item::Uid))
        items << "UID";
    if (m_items.testFlag(Item::Flags))
        items << "FLAGS";
    if (m_items.testFlag(Item::InternalDate))
        items << "INTERNALDATE";
    if (m_items.testFlag(Item::Size))
        items << "RFC822.SIZE";
    if (m_items.testFlag(Item::Envelope))
        items << "ENVELOPE";
    if (m_items.testFlag(Item::BodyStructure))
        items << "BODYSTRUCTURE";
    if (m_items.testFlag(Item::ModSeq))
        items << "MODSEQ";
    for (const BodySection &body : m_sections) {
        QByteArray item = "BODY.PEEK[" + body.section + ']';
        if (body.length > 0) // "<" number "." nz-number ">" (RFC 3501 s9)
            item +=
                '<' + QByteArray::number(body.origin) + '.' + QByteArray::number(body.length) + '>';
        items << item;
    }
    return '(' + items.join(' ') + ')';
}

void FetchJob::doStart()
{
    using net::NetError;
    const auto refuse = [this](const QString &why) {
        finishWithError(NetError::make(NetError::Code::InvalidArgument, why));
    };
    if (!m_invalidSection.isEmpty()) {
        return refuse(tr("%1: \"%2\" is not a part of a message that IMAP can fetch.")
                          .arg(what(), m_invalidSection));
    }
    if (!m_byUid && m_items == Items() && m_sections.isEmpty()) // UID FETCH always has UID
        return refuse(tr("%1: nothing to fetch was chosen.").arg(what()));
    // CHANGEDSINCE and MODSEQ are CONDSTORE's (RFC 7162 s3.1); QRESYNC implies it (s3.2).
    const bool condStore = hasCapability("CONDSTORE") || hasCapability("QRESYNC");
    if ((m_changedSince > 0 || m_items.testFlag(Item::ModSeq)) && !condStore) {
        return refuse(
            tr("%1 needs the server to keep modification sequences (CONDSTORE, RFC 7162), "
               "and it does not.")
                .arg(what()));
    }
    // VANISHED only with CHANGEDSINCE in a UID FETCH, once QRESYNC is enabled (RFC 7162 s3.2.6).
    if (m_vanishedModifier) {
        if (!isEnabled("QRESYNC"))
            return refuse(
                tr("%1: asking which messages vanished needs QRESYNC enabled first.").arg(what()));
        if (!m_byUid || m_changedSince == 0)
            return refuse(
                tr("%1: asking which messages vanished needs a UID fetch of changes since a "
                   "modification sequence.")
                    .arg(what()));
    }
    if (m_from == 0 && m_set.isEmpty())
        return finishWithSuccess(); // no message asked for: nothing to ask the server

    ImapCommand command(m_byUid ? QByteArrayView("UID FETCH") : QByteArrayView("FETCH"));
    if (m_from)
        command.raw(QByteArray(QByteArray::number(m_from) + ":*"));
    else
        command.sequence(m_set);
    command.raw(itemList());
    if (m_changedSince > 0) {
        QByteArray modifiers = "(CHANGEDSINCE " + QByteArray::number(m_changedSince);
        if (m_vanishedModifier)
            modifiers += " VANISHED";
        command.raw(QByteArray(modifiers + ')'));
    }
    send(command);
}

// UID FETCH after UID FETCH is unambiguous (RFC 3501 s5.5): BODY.PEEK sets no flag, and a
// UID names the same message whatever else runs. A FETCH by sequence number must not follow
// a UID command without waiting (same section), so it never pipelines.
bool FetchJob::pipelines() const
{
    return m_byUid;
}

bool FetchJob::isRequested(quint32 number) const
{
    if (number == 0)
        return false;
    // "first:*" with `first` above the highest UID means "*:first" and so returns the last
    // message (RFC 3501 s6.4.8, s9 seq-range): not one the caller asked for.
    return m_from ? number >= m_from : m_set.contains(number);
}

void FetchJob::noteBadResponse(const QString &why)
{
    if (m_badResponse.isEmpty())
        m_badResponse = why;
}

bool FetchJob::handleUntagged(const ImapResponse &response)
{
    if (response.kind == ImapResponse::Kind::Malformed) {
        noteBadResponse(response.errorText);
        return true;
    }
    if (response.name == "FETCH" && response.number) {
        QString error;
        const std::optional<FetchedMessage> message = decode::fetch(response, &error);
        if (!message) {
            noteBadResponse(error);
            return true;
        }
        // UID FETCH responses always carry the UID (RFC 3501 s6.4.8); one without it, or for
        // a message outside the set, is an unsolicited update (flags changed elsewhere) that
        // the session reports on its own.
        if (!isRequested(m_byUid ? message->uid : message->sequenceNumber))
            return false;
        ++m_fetchedCount;
        if (m_collect)
            collect(*message);
        Q_EMIT messageFetched(*message);
        return true;
    }
    // "* VANISHED (EARLIER) 41,43:116" answers the VANISHED modifier; one without EARLIER is
    // an ordinary expunge (RFC 7162 s3.2.10).
    if (response.name == "VANISHED" && m_vanishedModifier && response.data.size() == 2
        && response.data.at(0).isList() && response.data.at(0).list.size() == 1
        && response.data.at(0).list.at(0).isAtom("EARLIER")) {
        const std::optional<UidSet> uids = UidSet::parse(response.data.at(1).text());
        if (!uids) {
            noteBadResponse(tr("VANISHED with an invalid UID set"));
            return true;
        }
        for (const auto &range : uids->ranges())
            m_vanished.add(range.first, range.second);
        Q_EMIT vanished(*uids);
        return true;
    }
    return false;
}

void FetchJob::handleTagged(const ImapResponse &response)
{
    const net::NetError error = errorFrom(response, what());
    if (error.isError())
        return finishWithError(error);
    if (!m_badResponse.isEmpty()) {
        return finishWithError(
            net::NetError::make(net::NetError::Code::ProtocolViolation,
                                tr("%1 failed: the server sent a response Magpie cannot read (%2).")
                                    .arg(what(), m_badResponse)));
    }
    finishWithSuccess();
}

void FetchJob::collect(const FetchedMessage &message)
{
    const quint32 key = m_byUid ? message.uid : message.sequenceNumber;
    const auto it = m_collectedIndex.constFind(key);
    if (it != m_collectedIndex.constEnd())
        return merge(m_messages[*it], message);
    m_collectedIndex.insert(key, m_messages.size());
    m_messages.append(message);
}

} // namespace magpie::imap
