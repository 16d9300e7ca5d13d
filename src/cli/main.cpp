// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli: Magpie's engines without the windows, for scripts and diagnosis (docs/cli.md).
#include "Version.h"
#include "cli/CheckCommand.h"
#include "cli/InspectCommand.h"
#include "cli/ListCommand.h"
#include "cli/OutboxCommand.h"
#include "cli/SearchCommand.h"
#include "cli/SendCommand.h"
#include "cli/SyncCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <functional>
#include <map>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Magpie"));
    QCoreApplication::setApplicationName(QStringLiteral("magpie-cli"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));

    const std::map<QString, std::function<int(const QStringList &)>> commands {
        { QStringLiteral("check"), magpie::cli::runCheck },
        { QStringLiteral("inspect"), magpie::cli::runInspect },
        { QStringLiteral("list"), magpie::cli::runList },
        { QStringLiteral("outbox"), magpie::cli::runOutbox },
        { QStringLiteral("search"), magpie::cli::runSearch },
        { QStringLiteral("send"), magpie::cli::runSend },
        { QStringLiteral("sync"), magpie::cli::runSync },
    };

    // `magpie-cli COMMAND ...`: the command parses its own options.
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 1) {
        const auto command = commands.find(arguments.at(1));
        if (command != commands.end()) {
            QStringList rest = arguments.mid(2);
            rest.prepend(arguments.at(0) + u' ' + arguments.at(1));
            return command->second(rest);
        }
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli", "Magpie's mail engines on the command line.\n\nCommands:\n"
                      "  check URL      connect to an IMAP, POP3 or SMTP server and show its TLS,\n"
                      "                 certificate, capabilities, login result and folders\n"
                      "  inspect FILE   print a message's structure and text as JSON\n"
                      "  send --smtp URL --from ADDR --to ADDR ...\n"
                      "                 write a message (text, attachments) and submit it\n"
                      "  sync URL       sync an IMAP or POP3 account into the profile's cache\n"
                      "  list --folder NAME\n"
                      "                 the cached messages of a folder, newest first\n"
                      "  search QUERY   full-text search of the cached mail\n"
                      "  outbox         the messages waiting to be sent, and why\n\n"
                      "Run magpie-cli COMMAND --help for a command's options."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QCoreApplication::translate("magpie-cli", "What to do."));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    QTextStream err(stderr);
    if (positional.isEmpty()) {
        err << parser.helpText();
        return 2;
    }
    err << "magpie-cli: unknown command \"" << positional.first()
        << "\". Run magpie-cli --help for the commands this build has.\n";
    return 2;
}
