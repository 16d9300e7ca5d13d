// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/FetchedMessage.h"

#include "mime/EncodedWords.h"
#include "mime/HeaderField.h"
#include "mime/HeaderParameters.h"
#include "mime/MessageDate.h"
#include "net/imap/ImapValueReader.h"

#include <QCoreApplication>
#include <QDate>
#include <QTime>
#include <QUrl>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>

namespace magpie::imap {

namespace {


// lupdate files a free tr() under the enclosing namespace; calls through this struct are
// filed under the context the runtime looks them up in.
struct FetchText
{
    Q_DECLARE_TR_FUNCTIONS(magpie::imap::FetchedMessage)
};

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

// nstring (RFC 3501 s9): a string or NIL. Atoms and numbers are read as their bytes, for
// servers that leave things unquoted.
bool isNString(const ImapValue &value)
{
    return !value.isList();
}

// Printable ASCII and tabs only (nothing to unfold, no charset to guess), and no "=?" (no
// encoded word can start): one pass.
bool isPlainAsciiText(QByteArrayView bytes)
{
    char previous = 0;
    for (const char c : bytes) {
        if (!((uchar(c) >= 0x20 && uchar(c) < 0x7f) || c == '\t') || (c == '?' && previous == '='))
            return false;
        previous = c;
    }
    return true;
}

QString decodedText(const QByteArray &bytes)
{
    // Most names and subjects are plain ASCII without encoded words (RFC 2047): they read as
    // they are, which is what the full decoding below would make of them too.
    if (isPlainAsciiText(bytes))
        return QString::fromLatin1(bytes);
    // Servers unfold header values, but a literal may still carry the folds. Without a line
    // break there is nothing to unfold, and no copy to make.
    if (!bytes.contains('\n') && !bytes.contains('\r'))
        return mime::EncodedWords::decode(bytes);
    return mime::EncodedWords::decode(mime::HeaderField::unfold(bytes));
}

// What QString::simplified() would change: white space (QChar::isSpace) at either end, or
// inside other than as single spaces. Most names have none, and are kept as they are.
bool needsSimplifying(const QString &text)
{
    if (text.isEmpty())
        return false;
    if (text.front().isSpace() || text.back().isSpace())
        return true;
    bool afterSpace = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (space && (afterSpace || c != u' '))
            return true;
        afterSpace = space;
    }
    return false;
}

// A display name as shown: decoded, white space simplified.
QString nameText(const QByteArray &bytes)
{
    QString name = decodedText(bytes);
    if (needsSimplifying(name))
        return std::move(name).simplified();
    return name;
}

// A label of the host starts with "xn--" (any case): an internationalized name (RFC 5890).
bool hasAceLabel(QByteArrayView host)
{
    // Most hosts hold no "xn--" anywhere: one scan, then no label is looked at.
    bool candidate = false;
    for (qsizetype i = 0; i + 3 < host.size() && !candidate; ++i) {
        candidate = (host[i] | 0x20) == 'x' && (host[i + 1] | 0x20) == 'n' && host[i + 2] == '-'
            && host[i + 3] == '-';
    }
    if (!candidate)
        return false;
    for (qsizetype label = 0; label < host.size();) {
        if (host.size() - label >= 4 && host.sliced(label, 4).compare("xn--", Qt::CaseInsensitive) == 0)
            return true;
        const qsizetype dot = host.indexOf('.', label);
        if (dot < 0)
            break;
        label = dot + 1;
    }
    return false;
}

// A domain in xn-- form is shown in Unicode (as mime::AddressList does, RFC 6532).
QString domainText(const QByteArray &host)
{
    if (hasAceLabel(host)) {
        // The IDNA conversion is slow and the same few domains recur message after message:
        // the last ones converted are remembered (per thread, as decoding may run anywhere).
        struct Converted
        {
            QByteArray ace;
            QString unicode;
        };
        constexpr int remembered = 8;
        thread_local Converted recent[remembered];
        thread_local int next = 0;
        QString unicode;
        const auto known = std::find_if(std::begin(recent), std::end(recent),
                                        [&](const Converted &c) { return c.ace == host; });
        if (known != std::end(recent) && !known->ace.isNull()) {
            unicode = known->unicode;
        } else {
            unicode = QUrl::fromAce(host, QUrl::IgnoreIDNWhitelist);
            recent[next] = { host, unicode };
            next = (next + 1) % remembered;
        }
        if (!unicode.isEmpty())
            return unicode;
    }
    return QString::fromUtf8(host);
}

// env-from, env-to, ...: NIL or a list of addresses (RFC 3501 s7.4.2, s9 "address").
std::optional<QList<mime::Mailbox>> addressList(const ImapValue &value, QString *why)
{
    QList<mime::Mailbox> mailboxes;
    if (value.isNil())
        return mailboxes;
    mailboxes.reserve(value.list.size());
    if (!value.isList()) {
        *why = FetchText::tr("an address list is neither a list nor NIL");
        return std::nullopt;
    }
    for (const ImapValue &address : value.list) {
        // address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
        if (!address.isList() || address.list.size() < 4
            || !std::all_of(address.list.cbegin(), address.list.cbegin() + 4, isNString)) {
            *why = FetchText::tr("an address is not a list of four strings");
            return std::nullopt;
        }
        const ImapValue &mailbox = address.list[2];
        const ImapValue &host = address.list[3];
        // A NIL host marks a group (RFC 3501 s7.4.2): its start (the mailbox is the group's
        // name) or its end (NIL mailbox). The members between are ordinary addresses.
        if (host.isNil())
            continue;
        mime::Mailbox entry;
        entry.name = nameText(address.list[0].text());
        const QByteArray hostBytes = host.text();
        if (hostBytes.isEmpty()) {
            entry.address = QString::fromUtf8(mailbox.text());
        } else if (!hasAceLabel(hostBytes)) {
            // One conversion of "local@host" rather than two and a join, put together on the
            // stack when it is short (it nearly always is).
            const QByteArray local = mailbox.text();
            const qsizetype length = local.size() + 1 + hostBytes.size();
            char joined[256];
            if (length <= qsizetype(sizeof joined)) {
                std::memcpy(joined, local.constData(), size_t(local.size()));
                joined[local.size()] = '@';
                std::memcpy(joined + local.size() + 1, hostBytes.constData(), size_t(hostBytes.size()));
                entry.address = QString::fromUtf8(QByteArrayView(joined, length));
            } else {
                entry.address = QString::fromUtf8(QByteArray(local + '@' + hostBytes));
            }
        } else {
            const QString domain = domainText(hostBytes);
            const QString local = QString::fromUtf8(mailbox.text());
            entry.address = domain.isEmpty() ? local : local + u'@' + domain;
        }
        if (!entry.address.isEmpty() || !entry.name.isEmpty())
            mailboxes.append(std::move(entry));
    }
    return mailboxes;
}

// The same value, as sent (the same kind, bytes and members).
bool sameValue(const ImapValue &a, const ImapValue &b)
{
    if (a.kind != b.kind || a.binary != b.binary || a.bytes != b.bytes
        || a.list.size() != b.list.size())
        return false;
    for (qsizetype i = 0; i < a.list.size(); ++i) {
        if (!sameValue(a.list[i], b.list[i]))
            return false;
    }
    return true;
}

std::optional<Envelope> readEnvelope(const ImapValue &value, QString *why)
{
    // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
    //            env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    if (!value.isList() || value.list.size() < 10) {
        *why = FetchText::tr("it is not a list of ten fields");
        return std::nullopt;
    }
    const QList<ImapValue> &fields = value.list;
    for (const int i : { 0, 1, 8, 9 }) {
        if (!isNString(fields[i])) {
            *why = FetchText::tr("a list stands where a string belongs");
            return std::nullopt;
        }
    }
    Envelope envelope;
    envelope.rawDate = fields[0].text();
    if (!envelope.rawDate.isEmpty())
        envelope.date = mime::MessageDate::parse(envelope.rawDate).value_or(QDateTime());
    envelope.subject = decodedText(fields[1].text());
    QList<mime::Mailbox> *const lists[] = { &envelope.from, &envelope.sender, &envelope.replyTo,
                                            &envelope.to,   &envelope.cc,     &envelope.bcc };
    for (int i = 0; i < 6; ++i) {
        // RFC 3501 s7.4.2: the server fills in Sender and Reply-To from From when the message
        // has none, so nearly always all three are the same; the decoded From is shared.
        if ((i == 1 || i == 2) && sameValue(fields[2 + i], fields[2])) {
            *lists[i] = envelope.from;
            continue;
        }
        auto mailboxes = addressList(fields[2 + i], why);
        if (!mailboxes)
            return std::nullopt;
        *lists[i] = std::move(*mailboxes);
    }
    envelope.inReplyTo = fields[8].text();
    envelope.messageId = fields[9].text();
    return envelope;
}

// BODYSTRUCTURE (RFC 3501 s7.4.2 and s9 "body", RFC 9051 s7.5.2).

// Deeper than any real message; hand-built values could otherwise exhaust the stack.
constexpr int maximumBodyDepth = 100;

// Lower-cased; the MIME words every BODYSTRUCTURE repeats ("TEXT", "PLAIN", "CHARSET",
// "BASE64") come as one static copy each instead of a new allocation.
QByteArray lowerText(const ImapValue &value)
{
    static const QByteArray words[] = {
        QByteArrayLiteral("text"),        QByteArrayLiteral("plain"),
        QByteArrayLiteral("html"),        QByteArrayLiteral("multipart"),
        QByteArrayLiteral("mixed"),       QByteArrayLiteral("alternative"),
        QByteArrayLiteral("related"),     QByteArrayLiteral("application"),
        QByteArrayLiteral("image"),       QByteArrayLiteral("message"),
        QByteArrayLiteral("rfc822"),      QByteArrayLiteral("octet-stream"),
        QByteArrayLiteral("charset"),     QByteArrayLiteral("name"),
        QByteArrayLiteral("boundary"),    QByteArrayLiteral("filename"),
        QByteArrayLiteral("7bit"),        QByteArrayLiteral("8bit"),
        QByteArrayLiteral("base64"),      QByteArrayLiteral("quoted-printable"),
        QByteArrayLiteral("attachment"),  QByteArrayLiteral("inline"),
    };
    if (value.isList())
        return {};
    const QByteArrayView bytes(value.bytes);
    for (const QByteArray &word : words) {
        if (word.size() == bytes.size() && ImapValueReader::equalsIgnoringCase(bytes, word))
            return word;
    }
    return value.text().toLower();
}

quint64 numberOr0(const ImapValue &value)
{
    // Exchange has been seen sending NIL or "-1" for sizes: a size is a hint, not a reason to
    // drop the message.
    return value.isNumber() ? value.number : 0;
}

bool isMultipart(const ImapValue &value)
{
    return value.isList() && !value.list.isEmpty() && value.list.first().isList();
}

QByteArray childNumber(const QByteArray &parent, qsizetype index)
{
    const QByteArray number = QByteArray::number(index + 1);
    return parent.isEmpty() ? number : parent + '.' + number;
}

// The body of a message, the top one ("") or one inside a message/rfc822 part ("2"): a
// multipart has the message's number and its parts are "2.1", "2.2"; a single part is the
// message's part 1 (RFC 3501 s6.4.5).
QByteArray bodyNumber(const ImapValue &value, const QByteArray &messageNumber)
{
    return isMultipart(value) ? messageNumber : childNumber(messageNumber, 0);
}

// RFC 2045 s5.1 token
bool isToken(QByteArrayView text)
{
    static constexpr QByteArrayView specials = "()<>@,;:\\\"/[]?= ";
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return uchar(c) > 0x20 && uchar(c) < 0x7f && !specials.contains(c);
    });
}

// body-fld-param: ("name" "value" ...) or NIL. Values may use RFC 2231 (name*0*=, charset'')
// or encoded words, which mime::HeaderParameters decodes: the pairs are written back into a
// header value for it. Names lower-cased; the first of duplicates wins.
QMap<QByteArray, QString> parameters(const ImapValue &value)
{
    QMap<QByteArray, QString> decoded;
    if (!value.isList())
        return decoded;
    const QList<ImapValue> &list = value.list;
    bool plain = true;
    for (qsizetype i = 0; i + 1 < list.size() && plain; i += 2) {
        const QByteArray name = list[i].text();
        const QByteArray text = list[i + 1].text();
        plain = !name.contains('*') && !text.contains("=?")
            && std::all_of(text.begin(), text.end(),
                           [](char c) { return uchar(c) >= 0x20 && uchar(c) < 0x7f; });
    }
    if (plain) {
        for (qsizetype i = 0; i + 1 < list.size(); i += 2) {
            const QByteArray name = lowerText(list[i]);
            if (!name.isEmpty() && !decoded.contains(name))
                decoded.insert(name, QString::fromLatin1(list[i + 1].text()));
        }
        return decoded;
    }
    QByteArray header = "x";
    for (qsizetype i = 0; i + 1 < list.size(); i += 2) {
        const QByteArray name = list[i].text();
        if (!isToken(name) || list[i + 1].isList())
            continue;
        QByteArray text = mime::HeaderField::unfold(list[i + 1].text());
        text.replace('\r', ' ').replace('\n', ' ');
        header += "; " + name + '=';
        if (isToken(text)) {
            header += text;
        } else {
            header += '"' + text.replace('\\', "\\\\").replace('"', "\\\"") + '"';
        }
    }
    for (const auto &[name, text] : mime::HeaderParameters::parse(header).parameters) {
        if (!decoded.contains(name))
            decoded.insert(name, text);
    }
    return decoded;
}

// body-fld-dsp: ("attachment" ("filename" "a.pdf")) or NIL; a bare string is tolerated.
void readDisposition(const ImapValue &value, BodyStructure &part)
{
    if (value.isList() && !value.list.isEmpty()) {
        part.disposition = lowerText(value.list.first());
        if (value.list.size() > 1)
            part.dispositionParameters = parameters(value.list[1]);
    } else if (!value.isList()) {
        part.disposition = lowerText(value);
    }
}

std::optional<BodyStructure> readBody(const ImapValue &value, const QByteArray &number, int depth,
                                      QString *why)
{
    if (depth > maximumBodyDepth) {
        *why = FetchText::tr("its parts are nested too deeply");
        return std::nullopt;
    }
    if (!value.isList() || value.list.isEmpty()) {
        *why = FetchText::tr("a body part is not a list");
        return std::nullopt;
    }
    const QList<ImapValue> &fields = value.list;
    BodyStructure part;
    part.partNumber = number;

    if (isMultipart(value)) {
        // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
        qsizetype parts = 0;
        while (parts < fields.size() && fields[parts].isList())
            ++parts;
        part.children.reserve(parts);
        qsizetype i = 0;
        for (; i < parts; ++i) {
            auto child = readBody(fields[i], childNumber(number, i), depth + 1, why);
            if (!child)
                return std::nullopt;
            part.children.append(std::move(*child));
        }
        part.type = "multipart";
        part.subtype = i < fields.size() ? lowerText(fields[i]) : QByteArray();
        if (part.subtype.isEmpty())
            part.subtype = "mixed"; // RFC 2046 s5.1.3: what an unknown subtype is read as
        // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
        if (i + 1 < fields.size())
            part.parameters = parameters(fields[i + 1]);
        if (i + 2 < fields.size())
            readDisposition(fields[i + 2], part);
        return part;
    }

    // body-type-1part: type subtype params id description encoding size ...
    if (fields.size() < 7) {
        *why = FetchText::tr("a body part has fewer than seven fields");
        return std::nullopt;
    }
    for (const int i : { 0, 1, 3, 4, 5 }) {
        if (fields[i].isList()) {
            *why = FetchText::tr("a list stands where a string belongs");
            return std::nullopt;
        }
    }
    part.type = lowerText(fields[0]);
    part.subtype = lowerText(fields[1]);
    if (part.type.isEmpty()) {
        // RFC 2045 s5.2: no usable type is text/plain.
        part.type = "text";
        part.subtype = "plain";
    } else if (part.subtype.isEmpty()) {
        part.subtype = part.type == "text" ? "plain" : "octet-stream";
    }
    part.parameters = parameters(fields[2]);
    part.id = fields[3].text();
    part.description = fields[4].text();
    part.encoding = lowerText(fields[5]);
    part.size = numberOr0(fields[6]);
    qsizetype i = 7;
    const bool message = part.type == "message"
        && (part.subtype == "rfc822" || part.subtype == "global"); // RFC 6532 s3.7
    if (message && fields.size() >= 10 && fields[7].isList() && fields[8].isList()) {
        // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines.
        // Some servers leave the envelope and body out: then the part is read as a basic one.
        QString ignored;
        part.envelope = readEnvelope(fields[7], &ignored);
        auto body = readBody(fields[8], bodyNumber(fields[8], number), depth + 1, why);
        if (!body)
            return std::nullopt;
        part.children.append(std::move(*body));
        part.lines = numberOr0(fields[9]);
        i = 10;
    } else if (part.type == "text" && fields.size() > 7 && fields[7].isNumber()) {
        // body-type-text = media-text SP body-fields SP body-fld-lines (missing: tolerated)
        part.lines = fields[7].number;
        i = 8;
    }
    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
    if (i + 1 < fields.size())
        readDisposition(fields[i + 1], part);
    return part;
}

// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
// (RFC 3501 s9): "17-Jul-1996 02:44:25 -0700", the day possibly " 7" or "7".
std::optional<QDateTime> internalDate(QByteArrayView text)
{
    while (text.startsWith(' '))
        text = text.sliced(1);
    const qsizetype dash = text.indexOf('-');
    if (dash < 1 || dash > 2 || text.size() != dash + 24)
        return std::nullopt;
    const auto digits = [&](qsizetype from, qsizetype count) -> int {
        int n = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return -1;
            n = n * 10 + (text[i] - '0');
        }
        return n;
    };
    static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    const QByteArrayView month = text.sliced(dash + 1, 3);
    qsizetype monthIndex = -1;
    for (qsizetype m = 0; m < 12 && monthIndex < 0; ++m) {
        if (month.compare(QByteArrayView(months + m * 3, 3), Qt::CaseInsensitive) == 0)
            monthIndex = m * 3;
    }
    const QByteArrayView rest = text.sliced(dash + 4); // "-1996 02:44:25 -0700"
    if (monthIndex < 0 || monthIndex % 3 != 0 || rest[0] != '-' || rest[5] != ' ' || rest[8] != ':'
        || rest[11] != ':' || rest[14] != ' ' || (rest[15] != '+' && rest[15] != '-'))
        return std::nullopt;
    const int day = digits(0, dash);
    const int year = digits(dash + 5, 4);
    const int hour = digits(dash + 10, 2);
    const int minute = digits(dash + 13, 2);
    const int second = digits(dash + 16, 2);
    const int zoneHours = digits(dash + 20, 2);
    const int zoneMinutes = digits(dash + 22, 2);
    const QDate date(year, int(monthIndex / 3) + 1, day);
    const QTime time(hour, minute, second);
    if (day < 0 || year < 0 || zoneHours < 0 || zoneMinutes < 0 || zoneMinutes > 59
        || zoneHours > 23 || !date.isValid() || !time.isValid())
        return std::nullopt;
    const int offset = (zoneHours * 3600 + zoneMinutes * 60) * (rest[15] == '-' ? -1 : 1);
    return QDateTime(date, time, Qt::OffsetFromUTC, offset);
}

// The section inside BODY[...] as a key: upper-cased, quotes and extra spaces dropped, so
// that "header.fields (Subject  \"From\")" and "HEADER.FIELDS (SUBJECT FROM)" are one key.
QByteArray sectionKey(QByteArrayView section)
{
    // Usually it is written that way already ("HEADER.FIELDS (REFERENCES)"): one copy.
    bool normal = !section.startsWith(' ') && !section.endsWith(' ');
    for (qsizetype i = 0; i < section.size() && normal; ++i) {
        const char c = section[i];
        normal = !(c >= 'a' && c <= 'z') && c != '"'
            && !(c == ' ' && (section[i - 1] == ' ' || section[i - 1] == '(' || section[i + 1] == ')'));
    }
    if (normal)
        return section.toByteArray();
    QByteArray key;
    key.reserve(section.size());
    for (const char c : section) {
        if (c == '"')
            continue;
        if (c == ' ' && (key.isEmpty() || key.endsWith(' ') || key.endsWith('(')))
            continue;
        if (c == ')' && key.endsWith(' '))
            key.chop(1);
        key += c;
    }
    if (key.endsWith(' '))
        key.chop(1);
    return key.toUpper();
}

std::optional<quint32> uid(const ImapValue &value)
{
    if (!value.isNumber() || value.number == 0
        || value.number > std::numeric_limits<quint32>::max())
        return std::nullopt;
    return quint32(value.number);
}

// QByteArray::toUpper(), without its call when there is nothing to change (servers write item
// names in capitals).
QByteArray upperCased(const QByteArray &bytes)
{
    const bool lower = std::any_of(bytes.cbegin(), bytes.cend(), [](char c) { return c >= 'a' && c <= 'z'; });
    return lower ? bytes.toUpper() : bytes;
}

// `name` is the item `item` (already upper-cased): sizes compared first, no strlen().
template <qsizetype N>
bool isItem(const QByteArray &name, const char (&item)[N])
{
    return name.size() == N - 1 && std::memcmp(name.constData(), item, N - 1) == 0;
}

// One FETCH item; false with `why` when its value is not what RFC 3501 s7.4.2 allows.
bool readItem(const QByteArray &name, const ImapValue &value, FetchedMessage &message, QString *why)
{
    const auto bad = [&](const char *what) {
        *why = FetchText::tr(what).arg(QString::fromLatin1(name));
        return false;
    };
    if (isItem(name, "UID")) {
        const auto number = uid(value);
        if (!number)
            return bad(QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage",
                                         "the %1 is not a number from 1 to 4294967295"));
        message.uid = *number;
    } else if (isItem(name, "FLAGS")) {
        if (!value.isList() || !std::all_of(value.list.cbegin(), value.list.cend(), isNString))
            return bad(QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the %1 are not a list of flags"));
        QByteArrayList flags;
        for (const ImapValue &flag : value.list)
            flags.append(flag.text());
        message.flags = std::move(flags);
    } else if (isItem(name, "INTERNALDATE")) {
        const auto date = isNString(value) ? internalDate(value.text()) : std::nullopt;
        if (!date)
            return bad(QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the %1 is not a date and time"));
        message.internalDate = *date;
    } else if (isItem(name, "RFC822.SIZE")) {
        if (!value.isNumber())
            return bad(QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the %1 is not a number"));
        message.size = value.number;
    } else if (isItem(name, "MODSEQ")) {
        // RFC 7162 s3.1.4.1: "MODSEQ (624140003)"; a bare number is tolerated.
        const ImapValue &number =
            value.isList() && value.list.size() == 1 ? value.list.first() : value;
        if (!number.isNumber())
            return bad(
                QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the %1 is not a number in parentheses"));
        message.modSeq = number.number;
    } else if (isItem(name, "ENVELOPE")) {
        QString reason;
        auto envelope = readEnvelope(value, &reason);
        if (!envelope) {
            *why = FetchText::tr("the ENVELOPE cannot be read (%1)").arg(reason);
            return false;
        }
        message.envelope = std::move(*envelope);
    } else if (isItem(name, "BODYSTRUCTURE") || isItem(name, "BODY")) {
        // BODY without a section is the non-extensible BODYSTRUCTURE (RFC 3501 s7.4.2).
        QString reason;
        auto structure = readBody(value, bodyNumber(value, {}), 0, &reason);
        if (!structure) {
            *why = FetchText::tr("the %1 cannot be read (%2)").arg(QString::fromLatin1(name), reason);
            return false;
        }
        message.bodyStructure = std::move(*structure);
    } else if (isItem(name, "RFC822") || isItem(name, "RFC822.HEADER") || isItem(name, "RFC822.TEXT")
               || name.startsWith("BODY[") || name.startsWith("BINARY[")) {
        // RFC822, RFC822.HEADER and RFC822.TEXT are BODY[], BODY[HEADER] and BODY[TEXT]
        // (RFC 3501 s6.4.5). BINARY[1] (RFC 3516) is the same part with its transfer encoding
        // removed; it is kept under the same key, as a client asks for one or the other.
        QByteArray key;
        std::optional<quint64> origin;
        if (name.startsWith("RFC822")) {
            key = name.mid(7);
        } else {
            const qsizetype open = name.indexOf('[');
            const qsizetype close = name.indexOf(']', open);
            if (close < 0)
                return bad(
                    QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the item %1 has no closing bracket"));
            key = sectionKey(QByteArrayView(name).sliced(open + 1, close - open - 1));
            const QByteArrayView after = QByteArrayView(name).sliced(close + 1);
            if (!after.isEmpty()) {
                // "<origin>" of a partial fetch (RFC 3501 s7.4.2)
                bool ok = after.size() > 2 && after.startsWith('<') && after.endsWith('>');
                const qulonglong number =
                    ok ? after.sliced(1, after.size() - 2).toULongLong(&ok) : 0;
                if (!ok)
                    return bad(
                        QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the item %1 has a malformed origin"));
                origin = number;
            }
        }
        if (value.isList())
            return bad(QT_TRANSLATE_NOOP("magpie::imap::FetchedMessage", "the %1 is a list, not a string"));
        if (!value.isNil()) {
            message.sections.insert(key, value.text());
            if (origin)
                message.sectionOrigins.insert(key, *origin);
            else
                message.sectionOrigins.remove(key);
        }
    }
    // Anything else (X-GM-LABELS, PREVIEW, EMAILID, BINARY.SIZE ...) is not asked for by Magpie
    // and is let go.
    return true;
}

} // namespace

// A part a person would call an attachment: one sent as such, or a named part that is not
// text (a named text part is usually meant to be read inline, RFC 2183 s2.3).
bool BodyStructure::isAttachment() const
{
    if (type == "multipart")
        return false;
    if (disposition == "attachment")
        return true;
    const bool named = parameters.contains("name") || dispositionParameters.contains("filename");
    return named && type != "text";
}

namespace decode {

std::optional<Envelope> envelope(const ImapValue &value, QString *error)
{
    QString reason;
    auto decoded = readEnvelope(value, &reason);
    if (!decoded)
        setError(error, FetchText::tr("The server sent an ENVELOPE Magpie could not read: %1.").arg(reason));
    return decoded;
}

std::optional<BodyStructure> bodyStructure(const ImapValue &value, QString *error)
{
    QString reason;
    auto decoded = readBody(value, bodyNumber(value, {}), 0, &reason);
    if (!decoded)
        setError(error,
                 FetchText::tr("The server sent a BODYSTRUCTURE Magpie could not read: %1.").arg(reason));
    return decoded;
}

std::optional<FetchedMessage> fetch(const ImapResponse &response, QString *error)
{
    // message-data = nz-number SP "FETCH" SP msg-att (RFC 3501 s7.4.2)
    const auto fail = [&](const QString &reason) -> std::optional<FetchedMessage> {
        const QString number =
            response.number ? QString::number(*response.number) : QStringLiteral("?");
        setError(error,
                 FetchText::tr("The server sent a FETCH response for message %1 that Magpie could not "
                    "read: %2.")
                     .arg(number, reason));
        return std::nullopt;
    };
    if (response.kind != ImapResponse::Kind::Untagged || response.name != "FETCH"
        || !response.number || *response.number == 0)
        return fail(FetchText::tr("it is not a FETCH response with a message number"));
    if (response.data.size() != 1 || !response.data.first().isList())
        return fail(FetchText::tr("its data is not one parenthesized list"));
    const QList<ImapValue> &items = response.data.first().list;
    if (items.size() % 2 != 0)
        return fail(FetchText::tr("an item has no value"));
    FetchedMessage message;
    message.sequenceNumber = *response.number;
    for (qsizetype i = 0; i < items.size(); i += 2) {
        if (items[i].kind != ImapValue::Kind::Atom)
            return fail(FetchText::tr("an item name is not an atom"));
        QString why;
        if (!readItem(upperCased(items[i].bytes), items[i + 1], message, &why))
            return fail(why);
    }
    return message;
}

} // namespace decode

} // namespace magpie::imap
