// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

namespace magpie::server {

// A message file's name in a Maildir (https://cr.yp.to/proto/maildir.html): a unique base,
// then for files in cur/ the info ":2," and one letter per flag, in ASCII order: D (\Draft),
// F (\Flagged), P (passed: $Forwarded), R (replied: \Answered), S (\Seen), T (trashed:
// \Deleted). Keywords have no letter; the folder's UidList keeps them.
class MaildirFlags
{
public:
    // The info letters for canonical `flags`.
    static QByteArray lettersOf(const QList<QByteArray> &flags);
    // The flags (system flags and $Forwarded, canonical order) that `letters` stand for;
    // letters this store does not know (Dovecot's keyword letters a-z) are passed over.
    static QList<QByteArray> flagsOf(QStringView letters);
    // The flags among canonical `flags` that no letter stands for: what the UidList keeps.
    static QList<QByteArray> keywordsWithoutLetter(const QList<QByteArray> &flags);

    // The base of a file name: everything before ":2," (the whole name in new/).
    static QStringView baseOf(QStringView fileName);
    // The letters after ":2,", or an empty view when there is no info.
    static QStringView lettersIn(QStringView fileName);

    // Where a message file goes below its folder: "new/BASE" while it has no flags, else
    // "cur/BASE:2,LETTERS".
    static QString location(const QString &base, const QList<QByteArray> &flags);
    // A new base, unique among all processes on this host: time, microseconds, process ID and
    // a counter, the host name, and (as Dovecot does) ",S=" with the message size.
    static QString uniqueBase(qint64 size);
    // `base` with ",U=<uid>" added, as mbsync names its files: a delivery's UID is part of
    // the file name, so the directory fsync that makes the file durable makes the UID durable
    // with it, and the UID list needs no sync of its own for it.
    static QString withUid(const QString &base, Uid uid);
    // The UID a base carries in ",U=<uid>", or 0.
    static Uid uidIn(QStringView base);
};

} // namespace magpie::server
