// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The opening of the scripted IMAP dialogues the sync unit tests share: greeting and LOGIN
// (tag a1), optionally ENABLE QRESYNC (tag a2, RFC 7162 s3.2.3), and the client side that
// plays it.

#include "ImapDialogue.h"

#include "net/imap/EnableJob.h"

#include <QByteArrayList>

namespace magpie::test {

// Greeting and LOGIN, both announcing `capabilities` after IMAP4rev1.
inline QByteArrayList loggedIn(const QByteArray &capabilities)
{
    return { "S: * OK [CAPABILITY IMAP4rev1 " + capabilities + "] ready",
             "C: a1 LOGIN alice secret",
             "S: a1 OK [CAPABILITY IMAP4rev1 " + capabilities + "] Logged in" };
}

// loggedIn(capabilities), then ENABLE QRESYNC accepted.
inline QByteArrayList qresyncEnabled(const QByteArray &capabilities = "ENABLE CONDSTORE QRESYNC")
{
    return loggedIn(capabilities) << "C: a2 ENABLE QRESYNC"
                                  << "S: * ENABLED QRESYNC"
                                  << "S: a2 OK Enabled";
}

// Connects and logs in, and enables QRESYNC when asked, as the scripts above expect.
inline bool openAndLogIn(ImapDialogue &dialogue, bool enableQresync = false)
{
    if (!dialogue.open() || !dialogue.login())
        return false;
    if (enableQresync)
        return dialogue.run(dialogue.make<imap::EnableJob>(QByteArrayList { "QRESYNC" }));
    return true;
}

} // namespace magpie::test
