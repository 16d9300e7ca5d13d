// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MaildirFlags.h"

#include "server/store/MessageFlags.h"

#include <QSysInfo>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <unistd.h>

namespace magpie::server {

namespace {

struct Letter
{
    char letter;
    const char *flag;
};
// ASCII order, as the Maildir specification wants the letters written.
constexpr Letter kLetters[] = {
    { 'D', "\\Draft" },    { 'F', "\\Flagged" }, { 'P', "$Forwarded" },
    { 'R', "\\Answered" }, { 'S', "\\Seen" },    { 'T', "\\Deleted" },
};

QString hostPart()
{
    // "/" and ":" cannot appear in a base; keep the name to plain letters and digits.
    QString host = QSysInfo::machineHostName();
    for (QChar &c : host) {
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'-')
            c = u'_';
    }
    return host.isEmpty() ? QStringLiteral("localhost") : host;
}

} // namespace

QByteArray MaildirFlags::lettersOf(const QList<QByteArray> &flags)
{
    QByteArray letters;
    for (const Letter &l : kLetters) {
        if (MessageFlags::contains(flags, l.flag))
            letters.append(l.letter);
    }
    return letters;
}

QList<QByteArray> MaildirFlags::flagsOf(QStringView letters)
{
    QList<QByteArray> flags;
    for (const Letter &l : kLetters) {
        if (letters.contains(QChar::fromLatin1(l.letter)))
            flags.append(QByteArray(l.flag));
    }
    return MessageFlags::canonical(flags);
}

QList<QByteArray> MaildirFlags::keywordsWithoutLetter(const QList<QByteArray> &flags)
{
    QList<QByteArray> keywords;
    for (const QByteArray &flag : flags) {
        const bool lettered = std::any_of(std::begin(kLetters), std::end(kLetters),
                                          [&flag](const Letter &l) { return flag == l.flag; });
        if (!lettered)
            keywords.append(flag);
    }
    return keywords;
}

QStringView MaildirFlags::baseOf(QStringView fileName)
{
    const qsizetype colon = fileName.indexOf(u':');
    return colon < 0 ? fileName : fileName.left(colon);
}

QStringView MaildirFlags::lettersIn(QStringView fileName)
{
    const qsizetype info = fileName.indexOf(u":2,");
    return info < 0 ? QStringView() : fileName.mid(info + 3);
}

QString MaildirFlags::location(const QString &base, const QList<QByteArray> &flags)
{
    const QByteArray letters = lettersOf(flags);
    if (letters.isEmpty())
        return QStringLiteral("new/") + base;
    return QStringLiteral("cur/") + base + QStringLiteral(":2,") + QString::fromLatin1(letters);
}

QString MaildirFlags::uniqueBase(qint64 size)
{
    static const QString host = hostPart();
    static const QString pid = QString::number(::getpid());
    static std::atomic<quint64> counter { 0 };
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    // Microseconds zero-padded, so that within a second name order is creation order.
    return QString::number(now / 1000000) + QStringLiteral(".M")
        + QStringLiteral("%1").arg(now % 1000000, 6, 10, QLatin1Char('0')) + u'P' + pid + u'Q'
        + QString::number(++counter) + u'.' + host + QStringLiteral(",S=") + QString::number(size);
}

QString MaildirFlags::withUid(const QString &base, Uid uid)
{
    return base + QStringLiteral(",U=") + QString::number(uid);
}

Uid MaildirFlags::uidIn(QStringView base)
{
    // Fields after the first "," are "KEY=VALUE" (Dovecot's S= and W=, mbsync's U=).
    const qsizetype comma = base.indexOf(u',');
    if (comma < 0)
        return 0;
    for (QStringView field : base.mid(comma + 1).split(u',')) {
        if (!field.startsWith(u"U="))
            continue;
        bool ok = false;
        const Uid uid = field.mid(2).toUInt(&ok);
        return ok ? uid : 0;
    }
    return 0;
}

} // namespace magpie::server
