// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli: Magpie's engines without the windows, for scripts and diagnosis.
#include "Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Magpie"));
    QCoreApplication::setApplicationName(QStringLiteral("magpie-cli"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("magpie-cli", "Magpie's mail engines on the command line."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QCoreApplication::translate("magpie-cli", "What to do."));
    parser.process(app);

    const QStringList arguments = parser.positionalArguments();
    QTextStream err(stderr);
    if (arguments.isEmpty()) {
        err << parser.helpText();
        return 2;
    }
    err << "magpie-cli: unknown command \"" << arguments.first()
        << "\". Run magpie-cli --help for the commands this build has.\n";
    return 2;
}
