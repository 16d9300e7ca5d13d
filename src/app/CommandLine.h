// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/instance/OpenRequest.h"

#include <QCommandLineParser>

namespace magpie::app {

// The options of the `magpie` program:
//   magpie [--demo] [--profile DIR] [--screenshot FILE | --screenshots DIR]
//          [mailto:URL | FILE.eml]...
class CommandLine
{
public:
    CommandLine();

    // True when the arguments only ask for text (--help, --version): main() then answers
    // without a QApplication, so it works with no display at all.
    static bool asksOnlyForText(int argc, char *argv[]);

    QCommandLineParser &parser() { return m_parser; }

    // After parser().process(): what was asked for.
    // --demo: open straight into the demo account (made and started when missing).
    bool demo() const { return m_parser.isSet(m_demo); }
    // --profile DIR (empty when not given; store::Profile::directoryFor() then looks at
    // MAGPIE_PROFILE and the platform's data folder).
    QString profileDirectory() const { return m_parser.value(m_profile); }
    // --screenshot FILE: save a PNG of the main window once shown, then quit (for README and
    // for checking a start on a virtual display).
    QString screenshotPath() const { return m_parser.value(m_screenshot); }
    // --screenshots DIR: main-window.png, composer.png and settings.png into DIR, then quit.
    QString screenshotsDirectory() const { return m_parser.value(m_screenshots); }
    // The positional arguments, as desktops pass them: mailto: URLs (RFC 6068) open a
    // composer, message files (.eml or content the system calls message/rfc822, given as a
    // path or a file: URL) open in a message window. Anything else is refused, so that a stray
    // argument never opens an unrelated file: `error` then names it and the list is empty.
    OpenRequests openRequests(QString *error = nullptr) const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_demo;
    QCommandLineOption m_profile;
    QCommandLineOption m_screenshot;
    QCommandLineOption m_screenshots;
};

} // namespace magpie::app
