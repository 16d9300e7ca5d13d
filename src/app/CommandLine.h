// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>

namespace magpie::app {

// The options of the `magpie` program.
class CommandLine
{
public:
    CommandLine();

    // True when the arguments only ask for text (--help, --version): main() then answers
    // without a QApplication, so it works with no display at all.
    static bool asksOnlyForText(int argc, char *argv[]);

    QCommandLineParser &parser() { return m_parser; }

    // --screenshot FILE: save a PNG of the main window once shown, then quit (for README and
    // for checking a start on a virtual display).
    QString screenshotPath() const { return m_parser.value(m_screenshot); }

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_screenshot;
};

} // namespace magpie::app
