// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo/DemoSeed.h"

#include "mime/MessageDate.h"
#include "server/MailStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace; magpie_app is a static library, so
// its resources are registered on first use.
static void initDemoResources()
{
    Q_INIT_RESOURCE(demo);
}

namespace magpie::app {

namespace {

QByteArray withCrlf(QByteArray bytes)
{
    bytes.replace("\r\n", "\n");
    bytes.replace("\n", "\r\n");
    return bytes;
}

// The value of the first Date field of the header block, unfolded.
QByteArray dateValue(const QByteArray &raw, qsizetype *fieldStart, qsizetype *fieldEnd)
{
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    qsizetype lineStart = 0;
    while (lineStart >= 0 && lineStart < headerEnd) {
        qsizetype lineEnd = raw.indexOf("\r\n", lineStart);
        // Folded continuation lines belong to the field (RFC 5322 s2.2.3).
        while (lineEnd >= 0 && lineEnd + 2 < raw.size()
               && (raw.at(lineEnd + 2) == ' ' || raw.at(lineEnd + 2) == '\t'))
            lineEnd = raw.indexOf("\r\n", lineEnd + 2);
        if (lineEnd < 0)
            break;
        const QByteArray line = raw.mid(lineStart, lineEnd - lineStart);
        if (line.size() > 5 && line.first(5).compare("date:", Qt::CaseInsensitive) == 0) {
            *fieldStart = lineStart;
            *fieldEnd = lineEnd;
            QByteArray value = line.mid(5);
            value.replace("\r\n", "");
            return value.trimmed();
        }
        lineStart = lineEnd + 2;
    }
    return {};
}

} // namespace

QByteArray DemoSeed::withDate(const QByteArray &raw, const QDateTime &date)
{
    qsizetype start = -1;
    qsizetype end = -1;
    if (dateValue(raw, &start, &end).isEmpty())
        return raw;
    QByteArray moved = raw;
    const QByteArray field = QByteArray("Date: ") + mime::MessageDate::format(date);
    moved.replace(start, end - start, field);
    return moved;
}

QList<DemoSeed::Entry> DemoSeed::bundled(const QDateTime &now, QString *error)
{
    initDemoResources();
    QList<Entry> entries;
    QFile manifest(u":/demo/mailbox.txt"_s);
    if (!manifest.open(QIODevice::ReadOnly)) {
        *error = tr("The demo messages are missing from this build of Magpie.");
        return {};
    }
    const QList<QByteArray> lines = manifest.readAll().split('\n');
    for (const QByteArray &rawLine : lines) {
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.split('|');
        if (fields.size() < 2)
            continue;
        Entry entry;
        entry.file = QString::fromUtf8(fields.at(0).trimmed());
        entry.mailbox = QString::fromUtf8(fields.at(1).trimmed());
        if (fields.size() > 2) {
            const QList<QByteArray> flags = fields.at(2).simplified().split(' ');
            for (const QByteArray &flag : flags) {
                if (!flag.isEmpty())
                    entry.flags << flag;
            }
        }
        QFile file(u":/demo/"_s + entry.file);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("The demo message %1 is missing from this build of Magpie.")
                         .arg(entry.file);
            return {};
        }
        entry.raw = withCrlf(file.readAll());
        entries << entry;
    }

    // Move every date by the same amount: the newest becomes 40 minutes before now.
    QList<std::optional<QDateTime>> dates;
    QDateTime newest;
    for (const Entry &entry : std::as_const(entries)) {
        qsizetype start = -1;
        qsizetype end = -1;
        const auto date = mime::MessageDate::parse(dateValue(entry.raw, &start, &end));
        dates << date;
        if (date && (!newest.isValid() || *date > newest))
            newest = *date;
    }
    const qint64 shift = newest.isValid() ? newest.secsTo(now.addSecs(-40 * 60)) : 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        Entry &entry = entries[i];
        if (dates.at(i)) {
            const QDateTime moved = dates.at(i)->addSecs(shift);
            entry.raw = withDate(entry.raw, moved);
            entry.date = moved.toUTC();
        } else {
            entry.date = now.toUTC();
        }
    }
    return entries;
}

QString DemoSeed::seedOnce(server::MailStore &store, const QString &user,
                           const QString &directory)
{
    const QString marker = QDir(directory).filePath(u"seeded"_s);
    if (QFile::exists(marker))
        return {};
    QString error;
    QList<Entry> entries = bundled(QDateTime::currentDateTimeUtc(), &error);
    if (!error.isEmpty())
        return error;
    // Oldest first, so UIDs follow the order the mail arrived in.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.date < b.date; });
    for (const Entry &entry : std::as_const(entries)) {
        if (!store.status(user, entry.mailbox)) {
            const server::StoreError created = store.createMailbox(user, entry.mailbox);
            if (created)
                return tr("The demo mailbox could not be filled: %1").arg(created.message);
            store.setSubscribed(user, entry.mailbox, true);
        }
        server::StoreError appendError;
        if (store.append(user, entry.mailbox, entry.raw, entry.flags, entry.date, &appendError)
            == 0)
            return tr("The demo mailbox could not be filled: %1").arg(appendError.message);
    }
    QSaveFile file(marker);
    if (!file.open(QIODevice::WriteOnly)
        || file.write("The demo messages were put into this mailbox once.\n") < 0
        || !file.commit())
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(marker), file.errorString());
    return {};
}

} // namespace magpie::app
