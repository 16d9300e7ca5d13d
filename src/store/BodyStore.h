// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/StoreError.h"

#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace magpie::store {

class MailCache;

// The raw RFC 5322 bytes of messages, fetched on demand or prefetched (schema: bodies).
// Saving a body also parses it once (src/mime) to fill the summary's preview and attachment
// flag and the search index's body text, in the same transaction.
class BodyStore
{
public:
    explicit BodyStore(MailCache &cache);

    StoreError save(qint64 messageId, const QByteArray &raw);
    std::optional<QByteArray> body(qint64 messageId) const;
    bool hasBody(qint64 messageId) const;
    StoreError remove(qint64 messageId);
    // Total bytes of cached bodies (Settings > Advanced shows it) and dropping them all.
    qint64 totalBytes() const;
    StoreError clearAll();

private:
    MailCache &m_cache;
};

} // namespace magpie::store
