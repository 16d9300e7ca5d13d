// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"

namespace magpie::store {

class MailCache;

// Fills the search index (message_text, SearchKey.h) for the messages MessageStore::add wrote
// without an entry, in bulk after the sync rather than one entry per inserted row: that is
// how Thunderbird's global search (Gloda) works, indexing a folder in the background once it
// is synced. Per row an entry plus its key probe cost more than the row itself (issue 6).
// Until a row is indexed a search does not find it, so whoever searches either indexes first
// (magpie-cli) or says how many messages are still pending (the desktop client, which indexes
// in slices between events).
class SearchIndexer
{
public:
    explicit SearchIndexer(MailCache &cache);

    // Indexes up to `maxRows` of the rows without an entry (oldest cached first), in one
    // transaction: subject and addresses as SummaryColumns::addressText builds them, keys
    // allocated as SearchKey says and written in ascending order (FTS5 starts a new segment
    // whenever a rowid is lower than the last one written). Returns how many it indexed: 0 on
    // an error, which `error` then describes, and then nothing was written.
    int indexPending(int maxRows, StoreError *error = nullptr);
    // Indexes everything pending, in transactions of `sliceRows` rows; returns how many.
    int indexAll(StoreError *error = nullptr, int sliceRows = 5000);
    // How many rows still have no entry (-1 on an error).
    int pendingCount(StoreError *error = nullptr) const;

private:
    MailCache &m_cache;
};

} // namespace magpie::store
