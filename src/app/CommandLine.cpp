// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommandLine.h"

#include <QCoreApplication>

#include <cstring>

using namespace Qt::StringLiterals;

namespace magpie::app {

CommandLine::CommandLine()
    : m_demo(u"demo"_s,
             QCoreApplication::translate("magpie::app::CommandLine",
                                         "Open the local demo mailbox (a small mail server inside "
                                         "Magpie, seeded with example messages); nothing leaves "
                                         "this computer."))
    , m_profile(u"profile"_s,
                QCoreApplication::translate("magpie::app::CommandLine",
                                            "Keep settings, the mail cache and the demo mailbox "
                                            "in <dir> instead of your user profile (also "
                                            "MAGPIE_PROFILE)."),
                u"dir"_s)
    , m_screenshot(u"screenshot"_s,
                   QCoreApplication::translate("magpie::app::CommandLine",
                                               "Save a picture of the main window to <file> "
                                               "and quit."),
                   u"file"_s)
    , m_screenshots(u"screenshots"_s,
                    QCoreApplication::translate("magpie::app::CommandLine",
                                                "Save pictures of the main window, the composer "
                                                "and the settings dialog into <dir> and quit."),
                    u"dir"_s)
{
    m_parser.setApplicationDescription(
        QCoreApplication::translate("magpie::app::CommandLine", "Magpie, a desktop mail client."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption(m_demo);
    m_parser.addOption(m_profile);
    m_parser.addOption(m_screenshot);
    m_parser.addOption(m_screenshots);
    m_parser.addPositionalArgument(
        u"links or files"_s,
        QCoreApplication::translate("magpie::app::CommandLine",
                                    "mailto: links (RFC 6068) to write a message to, or saved "
                                    "messages (.eml files) to read."),
        u"[mailto:...|file.eml...]"_s);
}

OpenRequests CommandLine::openRequests(QString *error) const
{
    OpenRequests requests;
    const QStringList arguments = m_parser.positionalArguments();
    for (const QString &argument : arguments) {
        if (const std::optional<OpenRequest> request = OpenRequest::fromArgument(argument)) {
            requests.append(*request);
            continue;
        }
        if (error)
            *error = QCoreApplication::translate("magpie::app::CommandLine",
                                                 "%1 is neither a mailto: link nor a saved "
                                                 "message (.eml) file; Magpie only opens those.")
                         .arg(argument);
        return {};
    }
    return requests;
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
