// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace magpie::server {

// One Maildir folder's UIDs, kept beside its cur/ new/ tmp/ so they survive restarts and are
// never reused (RFC 3501 s2.3.1.1): UIDVALIDITY, UIDNEXT, the special-use attribute, and for
// each UID the base of its file's name and its keywords.
//
// Two files: "magpie-uidlist", the whole list, only ever replaced atomically (written beside,
// fsync'd, renamed); and "magpie-uidlist.log", to which every change is appended and synced
// (a delivery's record excepted: its file name carries its UID, ",U=n", see MaildirScan),
// so a delivery costs a few bytes instead of a rewrite of a list that may hold 100,000
// messages. Reading replays the log over the list. Every log record sets a value outright
// ("UID 7 is file X with keywords K", "UID 7 is gone"), so replaying a log that the list
// already contains changes nothing; a torn last record (a crash while appending) is ignored.
// When the log has grown, the list is rewritten and the log emptied.
class UidList
{
public:
    struct Entry
    {
        Uid uid = 0;
        QString base;
        QList<QByteArray> keywords;
    };

    quint32 uidValidity = 0; // 0: the folder had no list (new, or made by another program)
    Uid uidNext = 1;
    SpecialUse specialUse = SpecialUse::None;
    QList<Entry> entries; // ascending UIDs

    static inline const QString kListFile = QStringLiteral("magpie-uidlist");
    static inline const QString kLogFile = QStringLiteral("magpie-uidlist.log");

    // Reads the folder's list and log. A missing or unreadable list gives uidValidity 0.
    static UidList read(const QString &folder);
    // Writes the list atomically, then empties the log.
    StoreError write(const QString &folder) const;
    // Writes the list of a folder being built aside (no list there yet), synced; the caller
    // syncs the directory before making the folder visible.
    StoreError create(const QString &folder) const;

    // Log records, to append with appendToLog().
    static QByteArray addedRecord(Uid uid, const QString &base, const QList<QByteArray> &keywords);
    static QByteArray keywordsRecord(Uid uid, const QList<QByteArray> &keywords);
    static QByteArray removedRecord(Uid uid);
    // Appends and (when `sync`) syncs; `*logSize` is the log's size afterwards.
    static StoreError appendToLog(const QString &folder, const QByteArray &records,
                                  qint64 *logSize, bool sync = true);

private:
    QByteArray text() const;
    void apply(const QList<QByteArray> &record);
};

} // namespace magpie::server
