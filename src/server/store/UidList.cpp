// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/UidList.h"

#include "server/store/DurableFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace magpie::server {

namespace {

constexpr QByteArrayView kMagic = "magpie-uidlist 1";

const struct
{
    SpecialUse use;
    const char *name;
} kSpecialUseNames[] = {
    { SpecialUse::Drafts, "Drafts" },   { SpecialUse::Sent, "Sent" },
    { SpecialUse::Trash, "Trash" },     { SpecialUse::Junk, "Junk" },
    { SpecialUse::Archive, "Archive" },
};

QString what(const QString &folder)
{
    return QCoreApplication::translate("magpie::server::UidList", "save the UID list of %1")
        .arg(folder);
}

// File bases are written percent-encoded, so that one written by another program with a
// space or a newline in it cannot break the line.
QByteArray encodeBase(const QString &base)
{
    return base.toUtf8().toPercentEncoding(",=:+");
}
QString decodeBase(const QByteArray &field)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(field));
}

Uid toUid(const QByteArray &field)
{
    bool ok = false;
    const uint value = field.toUInt(&ok);
    return ok ? value : 0;
}

QByteArray entryLine(QByteArrayView tag, Uid uid, const QString *base,
                     const QList<QByteArray> &keywords)
{
    QByteArray line = tag.toByteArray();
    if (!line.isEmpty())
        line.append(' ');
    line.append(QByteArray::number(uid));
    if (base)
        line.append(' ').append(encodeBase(*base));
    for (const QByteArray &keyword : keywords)
        line.append(' ').append(keyword);
    return line.append('\n');
}

} // namespace

UidList UidList::read(const QString &folder)
{
    UidList list;
    QFile file(folder + u'/' + kListFile);
    if (!file.open(QIODevice::ReadOnly))
        return list;
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.isEmpty() || lines.first() != kMagic)
        return list;
    quint32 validity = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).split(' ');
        const QByteArray &key = fields.first();
        if (key == "uidvalidity" && fields.size() == 2) {
            validity = fields.at(1).toUInt();
        } else if (key == "uidnext" && fields.size() == 2) {
            list.uidNext = std::max<Uid>(list.uidNext, toUid(fields.at(1)));
        } else if (key == "special-use" && fields.size() == 2) {
            for (const auto &special : kSpecialUseNames) {
                if (fields.at(1) == special.name)
                    list.specialUse = special.use;
            }
        } else if (fields.size() >= 2 && toUid(key) > 0) {
            Entry entry;
            entry.uid = toUid(key);
            entry.base = decodeBase(fields.at(1));
            entry.keywords = fields.mid(2);
            list.uidNext = std::max(list.uidNext, entry.uid + 1);
            list.entries.append(entry);
        }
    }
    if (validity == 0)
        return UidList();
    list.uidValidity = validity;
    std::sort(list.entries.begin(), list.entries.end(),
              [](const Entry &a, const Entry &b) { return a.uid < b.uid; });

    QFile log(folder + u'/' + kLogFile);
    if (log.open(QIODevice::ReadOnly)) {
        QList<QByteArray> records = log.readAll().split('\n');
        records.removeLast(); // after the last "\n": empty, or a record cut short by a crash
        for (const QByteArray &record : std::as_const(records))
            list.apply(record.split(' '));
    }
    return list;
}

void UidList::apply(const QList<QByteArray> &record)
{
    if (record.size() < 2)
        return;
    const Uid uid = toUid(record.at(1));
    if (uid == 0)
        return;
    const auto it = std::lower_bound(entries.begin(), entries.end(), uid,
                                     [](const Entry &e, Uid u) { return e.uid < u; });
    const bool present = it != entries.end() && it->uid == uid;
    const QByteArray &tag = record.first();
    if (tag == "+" && record.size() >= 3) {
        Entry entry { uid, decodeBase(record.at(2)), record.mid(3) };
        if (present)
            *it = entry;
        else
            entries.insert(it, entry);
        uidNext = std::max(uidNext, uid + 1);
    } else if (tag == "-" && present) {
        entries.erase(it);
    } else if (tag == "k" && present) {
        it->keywords = record.mid(2);
    }
}

QByteArray UidList::text() const
{
    QByteArray text = kMagic.toByteArray() + '\n';
    text += "uidvalidity " + QByteArray::number(uidValidity) + '\n';
    text += "uidnext " + QByteArray::number(uidNext) + '\n';
    for (const auto &special : kSpecialUseNames) {
        if (special.use == specialUse)
            text += QByteArray("special-use ") + special.name + '\n';
    }
    for (const Entry &entry : entries)
        text += entryLine({}, entry.uid, &entry.base, entry.keywords);
    return text;
}

StoreError UidList::create(const QString &folder) const
{
    return DurableFile::create(folder + u'/' + kListFile, text(), std::nullopt, what(folder));
}

StoreError UidList::write(const QString &folder) const
{
    if (StoreError error = DurableFile::replace(folder + u'/' + kListFile, text(), what(folder)))
        return error;
    // The list now holds everything the log said. Emptying the log can wait for the next
    // record if it fails: replaying it again changes nothing.
    QFile log(folder + u'/' + kLogFile);
    if (log.exists() && log.open(QIODevice::ReadWrite)) {
        log.resize(0);
        log.close();
    }
    return {};
}

QByteArray UidList::addedRecord(Uid uid, const QString &base, const QList<QByteArray> &keywords)
{
    return entryLine("+", uid, &base, keywords);
}

QByteArray UidList::keywordsRecord(Uid uid, const QList<QByteArray> &keywords)
{
    return entryLine("k", uid, nullptr, keywords);
}

QByteArray UidList::removedRecord(Uid uid)
{
    return entryLine("-", uid, nullptr, {});
}

StoreError UidList::appendToLog(const QString &folder, const QByteArray &records, qint64 *logSize,
                                bool sync)
{
    const QString path = folder + u'/' + kLogFile;
    if (StoreError error = DurableFile::append(path, records, what(folder), sync))
        return error;
    *logSize = QFileInfo(path).size();
    return {};
}

} // namespace magpie::server
