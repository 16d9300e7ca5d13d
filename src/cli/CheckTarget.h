// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/MailUrl.h"
#include "net/Credentials.h"
#include "net/ServerEndpoint.h"

#include <optional>

namespace magpie::cli {

// What `magpie-cli check` was asked to look at, ready for a protocol's check.
struct CheckTarget
{
    MailUrl url;
    net::ServerEndpoint endpoint; // with --cafile, --pin, --timeout applied
    std::optional<net::Credentials> credentials; // when the URL names a user
    bool keepLog = false; // --log
};

} // namespace magpie::cli
