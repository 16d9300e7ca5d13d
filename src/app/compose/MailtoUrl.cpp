// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/MailtoUrl.h"

#include "mime/Mailbox.h"

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// RFC 6068 s2: every octet may be percent-encoded; the octets are UTF-8. A malformed escape
// ("%zz") is left as it is rather than rejecting the whole URL, as browsers do. '+' is a
// literal plus sign in mailto: (it is not a form encoding).
QString decode(QStringView encoded)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(encoded.toUtf8()));
}

// A header value must stay on one line.
QString oneLine(QString value)
{
    for (QChar &c : value) {
        if (c == u'\r' || c == u'\n' || c == u'\0')
            c = u' ';
    }
    return value.simplified();
}

// "a@x, Bob <b@y>": the addresses of one to/cc/bcc value, split where a comma is outside
// quotes and angle brackets (an RFC 5322 display name may hold a comma when quoted). Each is
// checked by the mailbox parser and written back in its display form.
QStringList addresses(const QString &value)
{
    QStringList result;
    const QList<mime::Mailbox> parsed = mime::AddressList::parse(oneLine(value).toUtf8());
    for (const mime::Mailbox &mailbox : parsed) {
        if (!mailbox.address.isEmpty())
            result.append(mailbox.toDisplayString());
    }
    return result;
}

// RFC 6068 s5: a body's line breaks are encoded "%0D%0A"; lone CR or LF are tolerated.
QString bodyText(QString body)
{
    body.replace(u"\r\n"_s, u"\n"_s);
    body.replace(u'\r', u'\n');
    body.remove(u'\0');
    return body;
}

} // namespace

std::optional<MailtoUrl> MailtoUrl::parse(const QUrl &url)
{
    if (url.scheme().compare(u"mailto"_s, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return parse(url.toString(QUrl::FullyEncoded));
}

std::optional<MailtoUrl> MailtoUrl::parse(const QString &url)
{
    const QString scheme = u"mailto:"_s;
    if (!url.startsWith(scheme, Qt::CaseInsensitive))
        return std::nullopt;
    QStringView rest = QStringView(url).mid(scheme.size());
    // A fragment has no meaning in mailto: (s2: "mailtoURI = "mailto:" [ to ] [ hfields ]").
    if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0)
        rest = rest.left(hash);

    MailtoUrl result;
    const qsizetype question = rest.indexOf(u'?');
    const QStringView path = question >= 0 ? rest.left(question) : rest;
    result.to = addresses(decode(path));
    if (question < 0)
        return result;

    bool haveSubject = false;
    bool haveBody = false;
    const QList<QStringView> fields = rest.mid(question + 1).split(u'&', Qt::SkipEmptyParts);
    for (const QStringView field : fields) {
        const qsizetype equals = field.indexOf(u'=');
        const QString name = decode(equals >= 0 ? field.left(equals) : field).toLower();
        const QString value = equals >= 0 ? decode(field.mid(equals + 1)) : QString();
        // s2: "to" in the path and in hfields add up; subject and body keep the first.
        if (name == u"to"_s) {
            result.to += addresses(value);
        } else if (name == u"cc"_s) {
            result.cc += addresses(value);
        } else if (name == u"bcc"_s) {
            result.bcc += addresses(value);
        } else if (name == u"subject"_s) {
            if (!haveSubject)
                result.subject = oneLine(value);
            haveSubject = true;
        } else if (name == u"body"_s) {
            if (!haveBody)
                result.body = bodyText(value);
            haveBody = true;
        } else {
            const QString shown = oneLine(name);
            if (!shown.isEmpty() && !result.ignoredFields.contains(shown))
                result.ignoredFields.append(shown);
        }
    }
    return result;
}

} // namespace magpie::app
