// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Schema.h"

namespace magpie::store {

const QList<Migration> &Schema::migrations()
{
    // Version 1: the folder list of each account with the IMAP state that decides how to
    // resync it (RFC 3501 s2.3.1.1 UIDVALIDITY/UIDNEXT, RFC 7162 HIGHESTMODSEQ). Message
    // tables follow with the sync engine.
    static const QList<Migration> list = {
        { 1,
          { QStringLiteral("CREATE TABLE folders ("
                           " id INTEGER PRIMARY KEY,"
                           " account_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " delimiter TEXT,"
                           " special_use TEXT,"
                           " uid_validity INTEGER,"
                           " uid_next INTEGER,"
                           " highest_modseq INTEGER,"
                           " UNIQUE (account_id, name))") } },
    };
    return list;
}

int Schema::currentVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

} // namespace magpie::store
