// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace magpie::app {

// What the person chose in Settings (General, Reading, Composing, Privacy & Security,
// Advanced), kept in the profile's magpie.ini under [preferences]. Accounts are kept beside
// it by sync::AccountSettings; nothing here is secret. Defaults are what a new user of
// Thunderbird or KMail gets, except that remote content is blocked (DESIGN.md, App).
struct Preferences
{
    // General
    enum class StartUp { LastFolder, Inbox };
    StartUp startUp = StartUp::LastFolder;
    bool checkMailAtStartUp = true;
    bool notifyNewMail = true;    // system tray notification
    QString language;             // "de", "fr"; empty: the system's language
    enum class Layout { Wide, Classic }; // Wide: three columns; Classic: list above view
    Layout layout = Layout::Classic;

    // Reading
    bool preferHtml = true;          // false: the text/plain alternative when there is one
    bool blockRemoteContent = true;  // remote images, fonts, style sheets
    QStringList remoteContentSenders; // addresses (lower case) whose remote content is shown
    int markReadAfterSeconds = 0;    // 0: at once; -1: never (only by hand)

    // Composing
    bool composeHtml = false;
    enum class Quoting { ReplyBelowQuote, ReplyAboveQuote };
    Quoting quoting = Quoting::ReplyBelowQuote;
    QHash<QString, QString> signatures; // account id -> signature (plain text, no "-- ")
    QString spellCheckLanguage;         // empty: none (used only when a checker exists)
    int draftAutosaveSeconds = 5;

    // Privacy & Security
    bool confirmLinkTargets = true; // show the real target before opening a link
    bool addressCompletionFromSeen = true;

    // Advanced
    bool connectionLog = false; // redacted protocol log (net::ProtocolLog), off by default

    bool isRemoteContentAllowedFor(const QString &senderAddress) const;

    // Reads [preferences] of the INI file at `iniPath`; missing keys keep their defaults.
    static Preferences load(const QString &iniPath);
    // Writes every preference; returns an empty string, or a sentence saying why not.
    QString save(const QString &iniPath) const;

    bool operator==(const Preferences &other) const;
    bool operator!=(const Preferences &other) const { return !(*this == other); }
};

} // namespace magpie::app
