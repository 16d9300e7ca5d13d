// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-server: the loopback mail server (SMTP, POP3, IMAP on 127.0.0.1).
#include "Version.h"
#include "server/ServerConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace magpie::server;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("magpie-server"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(magpie::kOrganizationDomain));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-server", "Magpie's loopback mail server: SMTP, POP3 and IMAP for local users, for "
                "offline use and testing."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOption(
        QStringLiteral("data"), QCoreApplication::translate("magpie-server", "Keep mail in Maildirs under <dir>."),
        QStringLiteral("dir"));
    const QCommandLineOption memoryOption(
        QStringLiteral("memory"), QCoreApplication::translate("magpie-server", "Keep everything in memory."));
    const QCommandLineOption userOption(
        QStringLiteral("user"),
        QCoreApplication::translate("magpie-server", "Serve <address:password> (repeatable)."),
        QStringLiteral("address:password"));
    const QCommandLineOption catchAllOption(
        QStringLiteral("catch-all"),
        QCoreApplication::translate("magpie-server", "Deliver mail for unknown recipients to <user>."),
        QStringLiteral("user"));
    const QCommandLineOption portBaseOption(
        QStringLiteral("port-base"),
        QCoreApplication::translate("magpie-server", "Move every port: SMTP is <n>+525, IMAP <n>+143, ..."),
        QStringLiteral("n"), QString::number(ServerPorts::kDefaultBase));
    parser.addOptions({ dataOption, memoryOption, userOption, catchAllOption, portBaseOption });
    parser.process(app);

    QTextStream err(stderr);
    ServerConfig config;
    config.dataDir = parser.value(dataOption);
    config.inMemory = parser.isSet(memoryOption);
    config.catchAll = parser.value(catchAllOption);
    QStringList problems;
    for (const QString &spec : parser.values(userOption)) {
        QString why;
        if (auto user = LocalUser::parse(spec, &why))
            config.users << *user;
        else
            problems << why;
    }
    bool isNumber = false;
    QString why;
    const int base = parser.value(portBaseOption).toInt(&isNumber);
    if (auto ports = ServerPorts::fromBase(isNumber ? base : -1, &why))
        config.ports = *ports;
    else
        problems << why;
    problems << config.problems();
    if (!problems.isEmpty()) {
        for (const QString &problem : problems)
            err << "magpie-server: " << problem << '\n';
        return 2;
    }

    // The protocol services arrive with the server's own issue; until then this build can
    // only check its configuration, and says so instead of pretending to listen.
    err << "magpie-server: configuration is valid, but this build does not include the SMTP, "
           "POP3 and IMAP services yet.\n";
    return 3;
}
