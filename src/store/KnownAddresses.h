// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"

#include <QList>
#include <QStringList>

namespace magpie::store {

class MailCache;

// The addresses the composer completes from ("completion from addresses seen and
// sent"): those the person wrote to (the Sent folders and the outbox) and, when the
// preference allows, the senders of cached mail outside Junk. The query class behind
// AddressLineEdit, so the widget holds no SQL. Ordered by use: an address written to counts
// more than one only seen.
class KnownAddresses
{
public:
    explicit KnownAddresses(store::MailCache &cache);

    QList<mime::Mailbox> load(bool includeSeen, int limit = 5000) const;
    // The same as "Name <address>" strings for a completer.
    QStringList completions(bool includeSeen, int limit = 5000) const;

private:
    store::MailCache &m_cache;
};

} // namespace magpie::store
