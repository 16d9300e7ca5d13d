// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

namespace magpie::mime {

class Message;

// A message summarised as JSON, field by field as docs/cli.md ("inspect") defines it. Used by
// `magpie-cli inspect` and by the corpus tests, so both read a message the same way.
class MessageReport
{
public:
    static QJsonObject toJson(const Message &message);
};

} // namespace magpie::mime
