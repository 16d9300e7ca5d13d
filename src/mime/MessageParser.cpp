// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessageParser.h"

#include <QCoreApplication>

namespace magpie::mime {

namespace {

class Messages
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::MessageParser)
public:
    static QString noBoundary(const QByteArray &type)
    {
        return tr("A %1 part has no boundary parameter; it is shown as a single part.")
            .arg(QString::fromLatin1(type));
    }
    static QString missingCloseBoundary(const QByteArray &type)
    {
        return tr("A %1 part ends without its closing boundary; the message may be truncated.")
            .arg(QString::fromLatin1(type));
    }
    static QString tooDeep()
    {
        return tr("The message has parts nested too deeply; the innermost ones are not shown.");
    }
    static QString tooLarge()
    {
        return tr("An enclosed message is encoded too many times over; it is kept as a file "
                  "and not opened (too deeply nested).");
    }
    static QString unknownEncoding(const QByteArray &name)
    {
        return tr("A part uses the unknown transfer encoding \"%1\"; it is kept as a file "
                  "(application/octet-stream, RFC 2045 s6.4).")
            .arg(QString::fromLatin1(name));
    }
    static QString parameterRepaired(const QString &what)
    {
        return tr("A header parameter was repaired: %1").arg(what);
    }
};

// RFC 2046 s5.1.1: a delimiter line is "--" boundary, optionally "--" (the close delimiter),
// then only linear whitespace up to the line end. The line must start at `pos`.
enum class Delimiter { None, Part, Close };

Delimiter delimiterAt(const QByteArray &data, qsizetype pos, qsizetype lineEnd,
                      QByteArrayView boundary)
{
    const qsizetype length = lineEnd - pos;
    if (length < boundary.size() + 2 || data[pos] != '-' || data[pos + 1] != '-')
        return Delimiter::None;
    if (QByteArrayView(data.constData() + pos + 2, boundary.size()) != boundary)
        return Delimiter::None;
    qsizetype rest = pos + 2 + boundary.size();
    Delimiter kind = Delimiter::Part;
    if (rest + 1 < lineEnd && data[rest] == '-' && data[rest + 1] == '-') {
        kind = Delimiter::Close;
        rest += 2;
    }
    for (; rest < lineEnd; ++rest) {
        const char c = data[rest];
        if (c != ' ' && c != '\t' && c != '\r')
            return Delimiter::None; // "--boundaryX" is body text, not a delimiter
    }
    return kind;
}

// The offset just before the line break that precedes `lineStart`: RFC 2046 s5.1.1 says that
// CRLF belongs to the delimiter, not to the part before it.
qsizetype endBeforeDelimiter(const QByteArray &data, qsizetype partStart, qsizetype lineStart)
{
    qsizetype end = lineStart;
    if (end > partStart && data[end - 1] == '\n')
        --end;
    if (end > partStart && data[end - 1] == '\r')
        --end;
    return end;
}

} // namespace

std::unique_ptr<MessagePart> MessageParser::parse(const QByteArray &data)
{
    Budget budget { 4 * data.size() + 1024 * 1024 };
    auto root = parsePart(data, 0, data.size(), false, 0, nullptr, budget);
    assignPaths(*root, QString());
    return root;
}

std::unique_ptr<MessagePart> MessageParser::parsePart(const QByteArray &data, qsizetype from,
                                                      qsizetype to, bool digestDefault,
                                                      int depth, const MessagePart *parent,
                                                      Budget &budget)
{
    auto part = std::make_unique<MessagePart>();
    part->m_parent = parent;
    part->m_data = data;
    part->m_bodyStart = part->m_headers.parse(data, from, to);
    part->m_bodyEnd = to;
    part->m_warnings = part->m_headers.warnings();

    const QByteArray contentType = part->m_headers.value("Content-Type");
    part->m_contentType = HeaderParameters::parse(contentType);
    // RFC 2045 s5.2: no (or an unusable) Content-Type means text/plain; us-ascii; inside a
    // multipart/digest it means message/rfc822 (RFC 2046 s5.1.5).
    const QByteArray &type = part->m_contentType.value;
    const qsizetype slash = type.indexOf('/');
    if (contentType.isNull() || slash <= 0 || slash == type.size() - 1) {
        part->m_contentType.value = digestDefault ? QByteArray("message/rfc822") : QByteArray("text/plain");
    }
    part->m_disposition = HeaderParameters::parse(part->m_headers.value("Content-Disposition"));
    const QByteArray encoding = part->m_headers.value("Content-Transfer-Encoding").trimmed();
    part->m_encoding = TransferEncoding::fromName(encoding);
    if (part->m_encoding == TransferEncoding::Unknown) {
        // RFC 2045 s6.4: an unknown encoding makes the part application/octet-stream.
        part->m_contentType.value = "application/octet-stream";
        part->m_warnings << Messages::unknownEncoding(encoding);
    }
    if (!contentType.isNull()) {
        for (const QString &repair : std::as_const(part->m_contentType.warnings))
            part->m_warnings << Messages::parameterRepaired(repair);
    }
    if (part->m_headers.contains("Content-Disposition")) {
        for (const QString &repair : std::as_const(part->m_disposition.warnings))
            part->m_warnings << Messages::parameterRepaired(repair);
    }

    const bool container = part->m_contentType.value.startsWith("multipart/")
        || part->m_contentType.value == "message/rfc822" || part->m_contentType.value == "message/global";
    if (container && depth >= kMaxDepth) {
        part->m_warnings << Messages::tooDeep();
        return part;
    }
    if (part->m_contentType.value.startsWith("multipart/"))
        splitMultipart(*part, depth, budget);
    else if (container)
        parseEnclosed(*part, depth, budget);
    return part;
}

void MessageParser::splitMultipart(MessagePart &part, int depth, Budget &budget)
{
    const QByteArray boundary = part.m_contentType.parameter("boundary").toUtf8();
    if (boundary.isEmpty()) {
        part.m_warnings << Messages::noBoundary(part.m_contentType.value);
        return; // stays a leaf: its body is shown as it is
    }
    const QByteArray &data = part.m_data;
    const bool digest = part.m_contentType.value == "multipart/digest";
    qsizetype pos = part.m_bodyStart;
    const qsizetype end = part.m_bodyEnd;
    qsizetype partStart = -1; // start of the current child, -1 while in the preamble
    bool closed = false;
    std::vector<std::pair<qsizetype, qsizetype>> ranges;
    while (pos < end) {
        qsizetype lineEnd = data.indexOf('\n', pos);
        if (lineEnd < 0 || lineEnd > end)
            lineEnd = end;
        const Delimiter delimiter = delimiterAt(data, pos, lineEnd, boundary);
        if (delimiter != Delimiter::None) {
            if (partStart >= 0)
                ranges.emplace_back(partStart, endBeforeDelimiter(data, partStart, pos));
            if (delimiter == Delimiter::Close) {
                closed = true;
                break; // what follows is the epilogue (RFC 2046 s5.1.1)
            }
            partStart = lineEnd < end ? lineEnd + 1 : end;
        }
        pos = lineEnd + 1;
    }
    if (!closed) {
        if (partStart >= 0)
            ranges.emplace_back(partStart, end);
        part.m_warnings << Messages::missingCloseBoundary(part.m_contentType.value);
    }
    if (ranges.empty())
        return; // no delimiter at all: keep the body as a leaf, the warning says why
    part.m_kind = MessagePart::Kind::Multipart;
    for (const auto &[from, to] : ranges)
        part.m_children.push_back(parsePart(data, from, to, digest, depth + 1, &part, budget));
}

void MessageParser::parseEnclosed(MessagePart &part, int depth, Budget &budget)
{
    // message/rfc822 should only be 7bit, 8bit or binary (RFC 2046 s5.2.1); some mailers
    // base64 it anyway, so decode first and parse the enclosed message from its own bytes.
    QByteArray enclosed;
    qsizetype from = part.m_bodyStart;
    qsizetype to = part.m_bodyEnd;
    if (part.m_encoding == TransferEncoding::Base64 || part.m_encoding == TransferEncoding::QuotedPrintable) {
        enclosed = part.decodedBody();
        budget.decodedBytesLeft -= enclosed.size();
        if (budget.decodedBytesLeft < 0) {
            part.m_warnings << Messages::tooLarge();
            return; // stays a leaf: saved as a file, never opened
        }
        from = 0;
        to = enclosed.size();
    } else {
        enclosed = part.m_data;
    }
    part.m_kind = MessagePart::Kind::Message;
    part.m_children.push_back(parsePart(enclosed, from, to, false, depth + 1, &part, budget));
}

void MessageParser::assignPaths(MessagePart &part, const QString &path)
{
    switch (part.m_kind) {
    case MessagePart::Kind::Leaf:
        part.m_path = path.isEmpty() ? QStringLiteral("1") : path;
        return;
    case MessagePart::Kind::Multipart: {
        part.m_path = path;
        int number = 1;
        for (auto &child : part.m_children) {
            const QString childNumber = QString::number(number++);
            assignPaths(*child, path.isEmpty() ? childNumber : path + u'.' + childNumber);
        }
        return;
    }
    case MessagePart::Kind::Message: {
        // RFC 3501 s6.4.5: the enclosed message's parts are numbered under this part; when it
        // is not multipart its only body is "<path>.1".
        part.m_path = path.isEmpty() ? QStringLiteral("1") : path;
        MessagePart &enclosed = *part.m_children.front();
        if (enclosed.isMultipart())
            assignPaths(enclosed, part.m_path);
        else
            assignPaths(enclosed, part.m_path + QStringLiteral(".1"));
        return;
    }
    }
}

} // namespace magpie::mime
