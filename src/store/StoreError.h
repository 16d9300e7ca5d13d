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
    };
    Code code = None;
    QString message;

    explicit operator bool() const { return code != None; }
};

} // namespace magpie::store
