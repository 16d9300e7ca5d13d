// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapSummaryReader.h"

#include "mime/MessageIds.h"
#include "net/imap/FetchedMessage.h"

namespace magpie::sync {

namespace {
// mime::HeaderField::unfold() (RFC 5322 s2.2.3: a line break followed by white space is
// removed), copying the runs between folds rather than byte by byte: every message of a first
// sync has its References section unfolded.
QByteArray unfolded(QByteArrayView folded)
{
    QByteArray out;
    out.reserve(folded.size());
    const qsizetype n = folded.size();
    qsizetype from = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = folded[i];
        if (c == '\r' && i + 2 < n && folded[i + 1] == '\n'
            && (folded[i + 2] == ' ' || folded[i + 2] == '\t')) {
            out.append(folded.sliced(from, i - from));
            from = i + 2;
            ++i;
        } else if (c == '\n' && i + 1 < n && (folded[i + 1] == ' ' || folded[i + 1] == '\t')) {
            out.append(folded.sliced(from, i - from));
            from = i + 1;
        }
    }
    out.append(folded.sliced(from));
    return out;
}
} // namespace

const QByteArray &ImapSummaryReader::referencesSection()
{
    static const QByteArray section = QByteArrayLiteral("HEADER.FIELDS (REFERENCES)");
    return section;
}

store::MessageSummary ImapSummaryReader::read(const imap::FetchedMessage &message, qint64 folderId)
{
    store::MessageSummary summary;
    summary.folderId = folderId;
    summary.uid = message.uid;
    if (message.flags)
        summary.flags = store::MessageFlags::fromImap(*message.flags);
    if (message.modSeq)
        summary.modSeq = *message.modSeq;
    if (message.internalDate)
        summary.receivedAt = message.internalDate->toUTC();
    if (message.size)
        summary.size = *message.size;
    if (message.envelope) {
        const imap::Envelope &envelope = *message.envelope;
        if (envelope.date.isValid())
            summary.date = envelope.date.toUTC();
        if (!envelope.from.isEmpty())
            summary.from = envelope.from.constFirst();
        else if (!envelope.sender.isEmpty())
            summary.from = envelope.sender.constFirst();
        summary.to = envelope.to;
        summary.cc = envelope.cc;
        summary.subject = envelope.subject;
        summary.messageId = envelope.messageId;
        summary.inReplyTo = envelope.inReplyTo;
    }
    // A message without a (readable) Date: field sorts by when the server got it.
    if (!summary.date.isValid())
        summary.date = summary.receivedAt;
    if (message.bodyStructure)
        summary.hasAttachments = hasAttachments(*message.bodyStructure);
    const auto section = message.sections.constFind(referencesSection());
    if (section != message.sections.constEnd())
        summary.references = references(*section);
    return summary;
}

QList<QByteArray> ImapSummaryReader::references(const QByteArray &headerSection)
{
    // The server sends "References: <a@x>\r\n <b@y>\r\n\r\n", or just "\r\n" when the
    // message has no such field (RFC 3501 s6.4.5 HEADER.FIELDS).
    const qsizetype colon = headerSection.indexOf(':');
    if (colon < 0)
        return {};
    const QList<QByteArray> ids =
        mime::MessageIds::parse(unfolded(QByteArrayView(headerSection).sliced(colon + 1)));
    QList<QByteArray> bracketed;
    bracketed.reserve(ids.size());
    for (const QByteArray &id : ids)
        bracketed.append('<' + id + '>');
    return bracketed;
}

bool ImapSummaryReader::hasAttachments(const imap::BodyStructure &structure)
{
    if (structure.isAttachment())
        return true;
    for (const imap::BodyStructure &child : structure.children) {
        if (hasAttachments(child))
            return true;
    }
    return false;
}

} // namespace magpie::sync
