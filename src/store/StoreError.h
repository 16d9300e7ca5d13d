// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::store {

// What went wrong in the cache: a code for the program, a sentence for a person.
struct StoreError
{
    enum Code {
        None,
        CannotOpen,      // the file or its folder cannot be opened or created
        NewerSchema,     // written by a newer Magpie; we must not touch it
        MigrationFailed, // an upgrade step failed; the database is left as it was
        DiskFull,        // SQLITE_FULL / ENOSPC: nothing was written, the last state stands
        Corrupt,         // SQLITE_CORRUPT / NOTADB: the file is damaged; it is kept as it is
        ReadOnly,        // the file or its folder may not be written
        NotFound,        // the row asked for is not (or no longer) in the cache
        Failed,          // any other SQLite error; the message says which
    };
    Code code = None;
    QString message;

    explicit operator bool() const { return code != None; }
};

} // namespace magpie::store
