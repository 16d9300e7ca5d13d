// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapSearch.h"

#include "mime/EncodedWords.h"
#include "mime/HeaderField.h"
#include "mime/Message.h"

#include <optional>

namespace magpie::server {

namespace {

using Kind = SearchKey::Kind;

// IMAP flags compare case-insensitively (RFC 3501 s2.3.2). MessageRecord::hasFlag says the
// same; this file keeps its own copy so that it does not depend on the store's code.
bool hasFlag(const MessageRecord &record, QByteArrayView flag)
{
    for (const QByteArray &stored : record.flags) {
        if (flag.compare(stored, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// RFC 3501 s9 sequence-set: "*" is the largest number in use, and "n:*" includes it even
// when n is larger (s6.4.8: "559:*" with 500 the last UID matches UID 500).
bool inSet(const SequenceSet &set, quint32 number, quint32 largest)
{
    if (number == 0)
        return false;
    for (const SequenceSet::Range &range : set.ranges()) {
        const quint32 first = range.first == 0 ? largest : range.first;
        const quint32 last = range.last == 0 ? largest : range.last;
        if (number >= qMin(first, last) && number <= qMax(first, last))
            return true;
    }
    return false;
}

// One candidate's evaluation: parses the message at most once, and decodes the header and
// body text at most once, however many keys look at them.
class Evaluation
{
public:
    explicit Evaluation(const ImapSearch::Candidate &candidate)
        : m_candidate(candidate)
    { }

    bool matches(const SearchKey &key)
    {
        const MessageRecord &record = *m_candidate.record;
        switch (key.kind) {
        case Kind::And:
            for (const SearchKey &child : key.children) {
                if (!matches(child))
                    return false;
            }
            return true;
        case Kind::Or:
            for (const SearchKey &child : key.children) {
                if (matches(child))
                    return true;
            }
            return false;
        case Kind::Not:
            return key.children.empty() || !matches(key.children.front());
        case Kind::All:
            return true;
        case Kind::Answered:
            return hasFlag(record, "\\Answered");
        case Kind::Deleted:
            return hasFlag(record, "\\Deleted");
        case Kind::Draft:
            return hasFlag(record, "\\Draft");
        case Kind::Flagged:
            return hasFlag(record, "\\Flagged");
        case Kind::Seen:
            return hasFlag(record, "\\Seen");
        case Kind::Unanswered:
            return !hasFlag(record, "\\Answered");
        case Kind::Undeleted:
            return !hasFlag(record, "\\Deleted");
        case Kind::Undraft:
            return !hasFlag(record, "\\Draft");
        case Kind::Unflagged:
            return !hasFlag(record, "\\Flagged");
        case Kind::Unseen:
            return !hasFlag(record, "\\Seen");
        // RFC 3501 s6.4.4: NEW is RECENT UNSEEN; OLD is NOT RECENT.
        case Kind::New:
            return m_candidate.recent && !hasFlag(record, "\\Seen");
        case Kind::Old:
            return !m_candidate.recent;
        case Kind::Recent:
            return m_candidate.recent;
        case Kind::Keyword:
            return hasFlag(record, key.text.toUtf8());
        case Kind::Unkeyword:
            return !hasFlag(record, key.text.toUtf8());
        case Kind::Bcc:
            return fieldContains("Bcc", key.text, true);
        case Kind::Cc:
            return fieldContains("Cc", key.text, true);
        case Kind::From:
            return fieldContains("From", key.text, true);
        case Kind::To:
            return fieldContains("To", key.text, true);
        case Kind::Subject:
            return fieldContains("Subject", key.text, false);
        case Kind::Header:
            return headerContains(key.field, key.text);
        case Kind::Body:
            return key.text.isEmpty() || bodyText().contains(key.text, Qt::CaseInsensitive);
        case Kind::Text:
            return key.text.isEmpty() || headerText().contains(key.text, Qt::CaseInsensitive)
                || bodyText().contains(key.text, Qt::CaseInsensitive);
        // RFC 3501 s6.4.4: the internal date's date, "disregarding time and timezone". Clients
        // are shown the internal date in UTC (ImapOutput::dateTime), so that is its date.
        case Kind::Before:
            return internalDay() < key.date;
        case Kind::On:
            return internalDay() == key.date;
        case Kind::Since:
            return internalDay() >= key.date;
        case Kind::SentBefore:
            return sentDay() < key.date;
        case Kind::SentOn:
            return sentDay() == key.date;
        case Kind::SentSince:
            return sentDay() >= key.date;
        case Kind::Larger:
            return record.size > key.number;
        case Kind::Smaller:
            return record.size < key.number;
        case Kind::Uid:
            return inSet(key.set, record.uid, m_candidate.largestUid);
        case Kind::SequenceNumbers:
            return inSet(key.set, m_candidate.sequenceNumber, m_candidate.largestSequenceNumber);
        }
        return false;
    }

private:
    const mime::Message &message()
    {
        if (!m_message) {
            // A caller that gives no way to read the message has an empty one searched.
            static const mime::Message kNoMessage { QByteArray() };
            m_message = m_candidate.message ? &m_candidate.message() : &kNoMessage;
        }
        return *m_message;
    }

    QDate internalDay() const { return m_candidate.record->internalDate.toUTC().date(); }

    // The Date: field's date in its own timezone (RFC 3501 s6.4.4 SENTBEFORE ...). A message
    // without a readable Date: is taken as sent when it arrived, the date clients show then.
    QDate sentDay()
    {
        if (!m_sentDay) {
            const std::optional<QDateTime> sent = message().date();
            m_sentDay = sent && sent->isValid() ? sent->date() : internalDay();
        }
        return *m_sentDay;
    }

    // A header field's decoded text (RFC 2047) contains `text`, case-insensitively (RFC 3501
    // s6.4.4 FROM, TO, CC, BCC, SUBJECT: "the string is a substring of the field"). Every
    // field of that name counts. Address fields also match on the addresses as src/mime
    // reads them, so an IDN domain matches in Unicode as well as in its xn-- form.
    bool fieldContains(QByteArrayView field, const QString &text, bool addresses)
    {
        if (text.isEmpty())
            return true;
        const QList<QByteArray> values = message().headers().values(field);
        for (const QByteArray &value : values) {
            if (mime::EncodedWords::decode(value).contains(text, Qt::CaseInsensitive))
                return true;
        }
        if (!addresses || values.isEmpty())
            return false;
        for (const mime::Mailbox &mailbox : message().addresses(field)) {
            if (mailbox.name.contains(text, Qt::CaseInsensitive)
                || mailbox.address.contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

    // RFC 3501 s6.4.4 HEADER: the field must be there; an empty string then matches it.
    bool headerContains(QByteArrayView field, const QString &text)
    {
        const QList<QByteArray> values = message().headers().values(field);
        for (const QByteArray &value : values) {
            if (text.isEmpty()
                || mime::EncodedWords::decode(value).contains(text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

    // The message's header as text: every field, "Name: decoded value", one a line.
    const QString &headerText()
    {
        if (!m_headerText) {
            QString text;
            for (const mime::HeaderBlock::Field &field : message().headers().fields()) {
                text += QString::fromLatin1(field.name);
                text += u": ";
                text += mime::EncodedWords::decode(mime::HeaderField::unfold(field.folded));
                text += u'\n';
            }
            m_headerText = text;
        }
        return *m_headerText;
    }

    // The text of every text/* part, enclosed messages' included, decoded from its transfer
    // encoding and charset (RFC 3501 s6.4.4 BODY). Other parts (images, archives) hold no
    // text to search.
    const QString &bodyText()
    {
        if (!m_bodyText) {
            QString text;
            for (const mime::MessagePart *part : message().leafParts()) {
                if (!part->isText())
                    continue;
                text += part->text().text;
                text += u'\n';
            }
            m_bodyText = text;
        }
        return *m_bodyText;
    }

    const ImapSearch::Candidate &m_candidate;
    const mime::Message *m_message = nullptr;
    std::optional<QDate> m_sentDay;
    std::optional<QString> m_headerText;
    std::optional<QString> m_bodyText;
};

} // namespace

bool ImapSearch::matches(const SearchKey &key, const Candidate &candidate)
{
    if (!candidate.record)
        return false;
    return Evaluation(candidate).matches(key);
}

bool ImapSearch::needsContent(const SearchKey &key)
{
    switch (key.kind) {
    case Kind::And:
    case Kind::Or:
    case Kind::Not:
        for (const SearchKey &child : key.children) {
            if (needsContent(child))
                return true;
        }
        return false;
    case Kind::Bcc:
    case Kind::Body:
    case Kind::Cc:
    case Kind::From:
    case Kind::Subject:
    case Kind::Text:
    case Kind::To:
    case Kind::Header:
    case Kind::SentBefore:
    case Kind::SentOn:
    case Kind::SentSince:
        return true;
    default:
        return false;
    }
}

} // namespace magpie::server
