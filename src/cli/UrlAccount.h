// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/MailUrl.h"
#include "sync/AccountConfig.h"

#include <QString>

#include <optional>

namespace magpie::cli {

// The account `magpie-cli sync URL` works on. Its id is derived from the URL so that every
// run with the same server and user reaches the same cached account: "imap:USER@HOST:PORT"
// or "pop3:USER@HOST:PORT" (the user percent-encoded as in the URL, host lower-case). TLS or
// STARTTLS do not change it: the mailbox is the same.
class UrlAccount
{
public:
    static QString idFor(const MailUrl &url);
    // The account for `url` reached through `endpoint` (with --cafile/--pin/--timeout),
    // keeping what `existing` (the same id in magpie.ini) has besides the incoming server.
    static sync::AccountConfig make(const MailUrl &url, const net::ServerEndpoint &endpoint,
                                    const std::optional<sync::AccountConfig> &existing);
};

} // namespace magpie::cli
