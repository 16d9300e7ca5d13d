// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommandLine.h"

#include <QCoreApplication>

#include <cstring>

namespace magpie::app {

CommandLine::CommandLine()
    : m_screenshot(QStringLiteral("screenshot"),
                   QCoreApplication::translate("magpie::app::CommandLine",
                                               "Save a picture of the main window to <file> "
                                               "and quit."),
                   QStringLiteral("file"))
{
    m_parser.setApplicationDescription(
        QCoreApplication::translate("magpie::app::CommandLine", "Magpie, a desktop mail client."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption(m_screenshot);
}

bool CommandLine::asksOnlyForText(int argc, char *argv[])
{
    static const char *const textOptions[] = { "--help", "-h", "-?", "--help-all", "--version",
                                               "-v" };
    for (int i = 1; i < argc; ++i) {
        for (const char *option : textOptions) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace magpie::app
