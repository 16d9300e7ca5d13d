// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"
#include "server/imap/ImapCommand.h"

#include <functional>

namespace magpie::mime {
class Message;
}

namespace magpie::server {

// Evaluates SEARCH keys (RFC 3501 s6.4.4) against one message.
class ImapSearch
{
public:
    struct Candidate
    {
        quint32 sequenceNumber = 0;
        quint32 largestSequenceNumber = 0; // what "*" means in a sequence set
        Uid largestUid = 0;
        const MessageRecord *record = nullptr;
        bool recent = false;
        // Parses the message when a key needs its header or body; called at most once
        // per candidate by matches().
        std::function<const mime::Message &()> message;
    };

    static bool matches(const SearchKey &key, const Candidate &candidate);
    // Whether any key looks at the message's header or body (else flags, sizes and dates
    // from the record suffice and nothing is read from disk).
    static bool needsContent(const SearchKey &key);
};

} // namespace magpie::server
