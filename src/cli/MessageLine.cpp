// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/MessageLine.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\r' || c == u'\n')
            c = u' ';
    }
    return text;
}
} // namespace

QString MessageLine::flags(const store::MessageFlags &flags)
{
    using Flag = store::MessageFlags::Flag;
    // Spelled here rather than with MessageFlags::toImap() so the output never depends on
    // the wire form's order: system flags first, then keywords as the server named them.
    static const QList<std::pair<Flag, QString>> names {
        { Flag::Seen, u"\\Seen"_s },         { Flag::Answered, u"\\Answered"_s },
        { Flag::Flagged, u"\\Flagged"_s },   { Flag::Deleted, u"\\Deleted"_s },
        { Flag::Draft, u"\\Draft"_s },       { Flag::Forwarded, u"$Forwarded"_s },
        { Flag::Junk, u"$Junk"_s },          { Flag::NotJunk, u"$NotJunk"_s },
        { Flag::MdnSent, u"$MDNSent"_s },
    };
    QStringList words;
    for (const auto &[flag, name] : names) {
        if (flags.has(flag))
            words.append(name);
    }
    for (const QByteArray &keyword : flags.keywords)
        words.append(QString::fromUtf8(keyword));
    return words.isEmpty() ? u"-"_s : words.join(u' ');
}

QString MessageLine::format(const store::MessageSummary &message)
{
    const QDateTime date = message.date.isValid() ? message.date : message.receivedAt;
    const QString when = date.isValid() ? date.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s) : u"-"_s;
    const QString sender = message.from.address.isEmpty() ? u"-"_s : message.from.address;
    return when + u'\t' + oneLine(sender) + u'\t' + oneLine(message.subject) + u'\t'
        + flags(message.flags);
}

} // namespace magpie::cli
