// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/ResponsePrefixes.h"

#include <QStringList>

namespace magpie::mime {

namespace {

// What widespread mailers write. Reply: English and French "RE", German "AW"/"Antw",
// Nordic "SV"/"VS", Italian "RIF", Polish "Odp", Turkish "YNT". Forward: "Fwd"/"Fw", German
// "WG", French "TR", Dutch "Doorst", Swedish "VB". Words that are also ordinary subject words
// ("Ref: PO 4411") are deliberately absent.
const QStringList &prefixes(ResponsePrefixes::Kind kind)
{
    static const QStringList reply = { QStringLiteral("re"),  QStringLiteral("aw"),
                                       QStringLiteral("antw"), QStringLiteral("sv"),
                                       QStringLiteral("vs"),  QStringLiteral("rif"),
                                       QStringLiteral("odp"), QStringLiteral("ynt") };
    static const QStringList forward = { QStringLiteral("fwd"), QStringLiteral("fw"),
                                         QStringLiteral("wg"),  QStringLiteral("tr"),
                                         QStringLiteral("doorst"), QStringLiteral("vb") };
    return kind == ResponsePrefixes::Reply ? reply : forward;
}

// The length of one prefix at the start of `text` ("Re:", "Re[2]:", "Re^2 :", "Réf. :"), or 0.
qsizetype prefixLength(QStringView text, ResponsePrefixes::Kind kind)
{
    for (const QString &word : prefixes(kind)) {
        if (!text.startsWith(word, Qt::CaseInsensitive))
            continue;
        qsizetype i = word.size();
        if (i < text.size() && text[i] == u'.')
            ++i;
        if (i < text.size() && (text[i] == u'[' || text[i] == u'^')) {
            const bool bracket = text[i] == u'[';
            ++i;
            while (i < text.size() && text[i].isDigit())
                ++i;
            if (bracket) {
                if (i >= text.size() || text[i] != u']')
                    continue;
                ++i;
            }
        }
        while (i < text.size() && text[i] == u' ')
            ++i;
        if (i < text.size() && (text[i] == u':' || text[i] == u'\uff1a')) // full-width colon
            return i + 1;
    }
    return 0;
}

} // namespace

QString ResponsePrefixes::strip(const QString &subject, Kind kind)
{
    QStringView rest = QStringView(subject).trimmed();
    for (;;) {
        const qsizetype length = prefixLength(rest, kind);
        if (length == 0)
            break;
        rest = rest.mid(length).trimmed();
    }
    return rest.toString();
}

} // namespace magpie::mime
