// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

namespace magpie::bench {

// A deterministic mix of mail as it arrives in a real inbox: short plain notes in several
// charsets, HTML newsletters with a plain alternative, replies with quoted text, messages
// with attachments from a few KB to a few MB, forwarded messages. Same seed, same bytes.
class MailCorpus
{
public:
    static QList<QByteArray> generate(int count, quint32 seed = 20261122);
};

} // namespace magpie::bench
