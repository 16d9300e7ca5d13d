// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Mailbox.h"

#include "mime/AddressParser.h"
#include "mime/EncodedWords.h"

#include <QCoreApplication>
#include <QUrl>

#include <optional>

namespace magpie::mime {

using namespace Qt::StringLiterals;

namespace {

constexpr int maxLineLength = 78; // RFC 5322 s2.1.1

QString tr(const char *sentence)
{
    return QCoreApplication::translate("magpie::mime::AddressList", sentence);
}

bool isAscii(QByteArrayView text)
{
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// The addr-spec as written in a header: A-labels unless RFC 6532 is allowed; nothing that
// is not an addr-spec (s3.4.1) gets through.
std::optional<QByteArray> encodeAddress(const QString &address, bool utf8, QString *whyNot)
{
    auto refuse = [&](const char *sentence) -> std::optional<QByteArray> {
        if (whyNot)
            *whyNot = tr(sentence).arg(address);
        return std::nullopt;
    };
    const qsizetype at = address.lastIndexOf(u'@');
    if (at <= 0 || at == address.size() - 1)
        return refuse(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                        "\"%1\" is not an email address: it needs a name, an @ "
                                        "and a domain, like alice@example.com."));
    const QByteArray local = address.left(at).toUtf8();
    const QString domainText = address.mid(at + 1);

    bool localOk = AddressParser::isDotAtomText(local, true);
    if (!localOk && local.size() >= 2 && local.startsWith('"') && local.endsWith('"')) {
        // quoted-string (s3.2.4): qtext and quoted-pairs, nothing left unescaped.
        localOk = true;
        const qsizetype closing = local.size() - 1;
        for (qsizetype i = 1; i < closing && localOk; ++i) {
            if (local[i] == '\\')
                localOk = ++i < closing; // a quoted-pair may not escape the closing quote
            else if (local[i] == '"')
                localOk = false;
        }
    }
    if (!localOk)
        return refuse(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                        "\"%1\" is not an email address: the part before the @ "
                                        "has characters that are not allowed there."));
    if (!utf8 && !isAscii(local))
        return refuse(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                        "\"%1\" has non-ASCII characters before the @, which "
                                        "the mail server does not accept (it lacks SMTPUTF8)."));

    QByteArray domain = domainText.toUtf8();
    const bool literal = domain.startsWith('[') && domain.endsWith(']');
    if (literal) {
        for (qsizetype i = 1; i + 1 < domain.size(); ++i) {
            const auto u = static_cast<unsigned char>(domain[i]);
            if (u < 33 || u > 126 || u == '[' || u == ']' || u == '\\')
                return refuse(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                                "\"%1\" has an invalid domain literal."));
        }
    } else {
        // IDNA (RFC 5890): only a domain whose A-label reads back is a domain at all; Qt
        // encodes "-x" or "x-" labels that it then refuses to decode.
        if (!utf8 && !isAscii(domain)) {
            domain = QUrl::toAce(domainText, QUrl::IgnoreIDNWhitelist);
            const QString back = QUrl::fromAce(domain, QUrl::IgnoreIDNWhitelist);
            if (back.isEmpty() || back.contains(u"xn--"_s, Qt::CaseInsensitive))
                domain.clear();
        }
        if (!AddressParser::isDotAtomText(domain, utf8))
            return refuse(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                            "\"%1\" is not an email address: the domain after "
                                            "the @ is not valid."));
    }
    return QByteArray(local + '@' + domain);
}

// Splits an encoded phrase where folding may go: at spaces outside quoted strings.
QList<QByteArray> phraseChunks(const QByteArray &phrase)
{
    QList<QByteArray> chunks;
    QByteArray chunk;
    bool quoted = false;
    for (qsizetype i = 0; i < phrase.size(); ++i) {
        const char c = phrase[i];
        if (c == ' ' && !quoted && !chunk.isEmpty()) {
            chunks.append(chunk);
            chunk.clear();
            continue;
        }
        chunk += c;
        if (c == '\\' && quoted && i + 1 < phrase.size())
            chunk += phrase[++i];
        else if (c == '"')
            quoted = !quoted;
    }
    if (!chunk.isEmpty())
        chunks.append(chunk);
    return chunks;
}

bool hasLineBreakOrNul(const QString &text)
{
    return text.contains(u'\r') || text.contains(u'\n') || text.contains(QChar(u'\0'));
}

} // namespace

QString Mailbox::toDisplayString() const
{
    // Quoted when the name would otherwise read as address syntax, so that what is shown
    // can be pasted back into an address field and mean the same.
    QString shown = name;
    static constexpr QStringView needsQuotes = u",;:<>@\"()[]\\";
    bool quote = false;
    for (QChar c : name)
        quote = quote || needsQuotes.contains(c);
    if (quote) {
        shown.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        shown = u'"' + shown + u'"';
    }
    if (address.isEmpty())
        return name.isEmpty() ? QString() : QString(shown + u":;"_s);
    if (name.isEmpty())
        return address;
    return shown + u" <"_s + address + u'>';
}

QList<Mailbox> AddressList::parse(QByteArrayView fieldBody, QStringList *warnings)
{
    return AddressParser::parse(fieldBody, warnings);
}

QByteArray AddressList::format(const QList<Mailbox> &mailboxes, int usedOnFirstLine, bool utf8,
                               QString *whyNot)
{
    // Each mailbox becomes chunks that may be separated by a fold (RFC 5322 s2.2.3, s3.2.2):
    // the words of its name and its "<address>"; a comma ends every mailbox but the last.
    QList<QList<QByteArray>> pieces;
    for (const Mailbox &mailbox : mailboxes) {
        // A line break would end the header field and start another (header injection).
        if (hasLineBreakOrNul(mailbox.name) || hasLineBreakOrNul(mailbox.address)) {
            if (whyNot)
                *whyNot = tr(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                               "The address \"%1\" contains a line break or a "
                                               "NUL character. Remove it and try again."))
                              .arg(mailbox.toDisplayString().simplified());
            return {};
        }
        QList<QByteArray> chunks = mailbox.name.isEmpty()
            ? QList<QByteArray>()
            : phraseChunks(EncodedWords::encodePhrase(mailbox.name));
        if (mailbox.address.isEmpty()) {
            if (chunks.isEmpty()) {
                if (whyNot)
                    *whyNot = tr(QT_TRANSLATE_NOOP("magpie::mime::AddressList",
                                                   "An address is empty. Enter an address like "
                                                   "alice@example.com or remove it."));
                return {};
            }
            // The placeholder of an empty group (s3.4): "undisclosed-recipients:;". An
            // encoded word must be separated from a special by white space (RFC 2047 s5(3)).
            if (chunks.last().endsWith("?="))
                chunks.append(QByteArrayLiteral(":;"));
            else
                chunks.last() += ":;";
        } else {
            const std::optional<QByteArray> address = encodeAddress(mailbox.address, utf8, whyNot);
            if (!address)
                return {};
            chunks.append(chunks.isEmpty() ? *address : QByteArray('<' + *address + '>'));
        }
        pieces.append(chunks);
    }

    QByteArray out;
    qsizetype column = usedOnFirstLine;
    for (qsizetype m = 0; m < pieces.size(); ++m) {
        for (qsizetype c = 0; c < pieces[m].size(); ++c) {
            QByteArray chunk = pieces[m][c];
            if (c + 1 == pieces[m].size() && m + 1 < pieces.size())
                chunk += ',';
            if (out.isEmpty()) {
                column += chunk.size();
            } else if (column + 1 + chunk.size() > maxLineLength) {
                out += "\r\n ";
                column = 1 + chunk.size();
            } else {
                out += ' ';
                column += 1 + chunk.size();
            }
            out += chunk;
        }
    }
    return out;
}

} // namespace magpie::mime
