// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-server: the loopback mail server (SMTP, POP3, IMAP on 127.0.0.1).
//
// Exit status: 0 after a clean shutdown (SIGTERM, SIGINT) or --print-cert, 2 for a bad
// command line or users file, 1 when the server cannot run (a port in use, an unreadable
// certificate, a store that cannot be opened).
#include "Version.h"
#include "server/FaultPlan.h"
#include "server/Server.h"
#include "server/ServerConfig.h"
#include "server/TlsIdentity.h"
#include "server/UsersFile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <limits>
#include <optional>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace magpie::server;

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("magpie-server", source);
}

#ifdef Q_OS_UNIX
// SIGTERM and SIGINT end the event loop through a self-pipe: the handler only writes a byte,
// the only safe thing it can do, and the loop reads it like any other event. The server then
// stops in order: connections, then the store.
int g_signalPipe[2] = { -1, -1 };

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

bool quitOnTerminationSignals(QCoreApplication &app)
{
    if (::pipe(g_signalPipe) != 0)
        return false;
    for (int fd : g_signalPipe)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalPipe[1], F_SETFL, O_NONBLOCK);
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    // A client or a reader of our output that goes away must not kill the server.
    std::signal(SIGPIPE, SIG_IGN);
    return ::sigaction(SIGTERM, &action, nullptr) == 0
        && ::sigaction(SIGINT, &action, nullptr) == 0;
}
#else
// Windows: Ctrl+C ends the process without a clean shutdown. Every accepted message is already
// durable when it is acknowledged, so nothing is lost; a console handler could be added here.
bool quitOnTerminationSignals(QCoreApplication &)
{
    return true;
}
#endif

// The addresses magpie-server listens on: the loopback interface only, since it has test
// passwords and a certificate anyone can make.
QString loopbackAddress(const QString &value)
{
    if (value == u"127.0.0.1" || value.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return QStringLiteral("127.0.0.1");
    if (value == u"::1")
        return value;
    return {};
}

template<typename Number> std::optional<Number> parseNumber(const QString &value, qint64 minimum)
{
    bool isNumber = false;
    const qint64 number = value.toLongLong(&isNumber);
    if (!isNumber || number < minimum || number > std::numeric_limits<Number>::max())
        return std::nullopt;
    return static_cast<Number>(number);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("magpie-server"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(magpie::kOrganizationDomain));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        text("Magpie's loopback mail server: SMTP, POP3 and IMAP for local users, for offline use "
             "and testing. It prints one line per listening port, then \"ready\"."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOption(
        QStringLiteral("data"),
        text("Keep mail in Maildirs under <dir>; users are read from <dir>/users."),
        QStringLiteral("dir"));
    const QCommandLineOption memoryOption(QStringLiteral("memory"),
                                          text("Keep everything in memory."));
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        text("Serve <address:password> (repeatable)."),
                                        QStringLiteral("address:password"));
    const QCommandLineOption catchAllOption(QStringLiteral("catch-all"),
                                            text("Deliver mail for unknown recipients to <user>."),
                                            QStringLiteral("user"));
    const QCommandLineOption portBaseOption(
        QStringLiteral("port-base"),
        text("Move every port: SMTP is <n>+525, submissions <n>+465, POP3 <n>+110, POP3S "
             "<n>+995, IMAP <n>+143, IMAPS <n>+993."),
        QStringLiteral("n"), QString::number(ServerPorts::kDefaultBase));
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          text("Listen on <address>: 127.0.0.1, ::1 or localhost."),
                                          QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption certOption(
        QStringLiteral("tls-cert"),
        text("Show the PEM certificate in <file> (default: a self-signed one kept in <dir>/tls)."),
        QStringLiteral("file"));
    const QCommandLineOption keyOption(QStringLiteral("tls-key"),
                                       text("The unencrypted PEM private key of --tls-cert."),
                                       QStringLiteral("file"));
    const QCommandLineOption printCertOption(QStringLiteral("print-cert"),
                                             text("Print the certificate's path and SHA-256 "
                                                  "fingerprint (making it if needed), then exit."));
    const QCommandLineOption plaintextAuthOption(
        QStringLiteral("allow-plaintext-auth"),
        text("Accept passwords on connections without TLS."));
    const QCommandLineOption faultOption(
        QStringLiteral("fault"),
        text(
            "Inject a fault, PROTOCOL:COMMAND:ACTION[:ARGUMENT] (repeatable; see docs/server.md)."),
        QStringLiteral("spec"));
    const ServerLimits defaults;
    const QCommandLineOption maxMessageOption(
        QStringLiteral("max-message-size"), text("Refuse messages larger than <bytes>."),
        QStringLiteral("bytes"), QString::number(defaults.maxMessageSize));
    const QCommandLineOption maxConnectionsOption(
        QStringLiteral("max-connections"), text("Serve at most <n> connections at once."),
        QStringLiteral("n"), QString::number(defaults.maxConnections));
    const QCommandLineOption authDelayOption(
        QStringLiteral("auth-failure-delay"),
        text("Wait <ms> milliseconds before answering a failed login."), QStringLiteral("ms"),
        QString::number(defaults.authFailureDelayMs));
    parser.addOptions({ dataOption, memoryOption, userOption, catchAllOption, portBaseOption,
                        listenOption, certOption, keyOption, printCertOption, plaintextAuthOption,
                        faultOption, maxMessageOption, maxConnectionsOption, authDelayOption });
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    ServerConfig config;
    QStringList problems;
    config.dataDir = parser.value(dataOption);
    config.inMemory = parser.isSet(memoryOption);
    config.catchAll = parser.value(catchAllOption);
    config.allowPlaintextAuth = parser.isSet(plaintextAuthOption);
    config.tlsCertFile = parser.value(certOption);
    config.tlsKeyFile = parser.value(keyOption);
    const bool printCert = parser.isSet(printCertOption);

    if (!config.dataDir.isEmpty()) {
        QStringList errors;
        if (const auto users = UsersFile::read(UsersFile::path(config.dataDir), &errors))
            config.users << *users;
        problems << errors;
    }
    for (const QString &spec : parser.values(userOption)) {
        QString why;
        if (auto user = LocalUser::parse(spec, &why))
            config.users << *user;
        else
            problems << why;
    }
    QString why;
    const auto base = parseNumber<int>(parser.value(portBaseOption), 0);
    if (auto ports = ServerPorts::fromBase(base ? *base : -1, &why))
        config.ports = *ports;
    else
        problems << why;
    config.listenAddress = loopbackAddress(parser.value(listenOption));
    if (config.listenAddress.isEmpty())
        problems << text("The server listens on the loopback interface only: use --listen "
                         "127.0.0.1, ::1 or localhost, not \"%1\".")
                        .arg(parser.value(listenOption));
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty())
        problems << text("A TLS certificate needs its key: give both --tls-cert and --tls-key.");
    for (const QString &spec : parser.values(faultOption)) {
        if (auto rule = FaultRule::parse(spec, &why))
            config.faults << *rule;
        else
            problems << why;
    }
    if (auto size = parseNumber<qint64>(parser.value(maxMessageOption), 1))
        config.limits.maxMessageSize = *size;
    else
        problems << text("--max-message-size needs a number of bytes, at least 1.");
    if (auto count = parseNumber<int>(parser.value(maxConnectionsOption), 1))
        config.limits.maxConnections = *count;
    else
        problems << text("--max-connections needs a number, at least 1.");
    if (auto delay = parseNumber<int>(parser.value(authDelayOption), 0))
        config.limits.authFailureDelayMs = *delay;
    else
        problems << text("--auth-failure-delay needs a number of milliseconds, 0 or more.");
    if (printCert && config.tlsCertFile.isEmpty() && config.dataDir.isEmpty())
        problems << text("--print-cert needs --data DIR (where the certificate is kept) or "
                         "--tls-cert; with --memory the certificate lives only as long as the "
                         "server.");
    else if (!printCert)
        problems << config.problems();
    if (!problems.isEmpty()) {
        for (const QString &problem : std::as_const(problems))
            err << "magpie-server: " << problem << '\n';
        return 2;
    }

    if (printCert) {
        const std::optional<TlsIdentity> identity = config.tlsCertFile.isEmpty()
            ? TlsIdentity::loadOrCreate(config.dataDir, &why)
            : TlsIdentity::load(config.tlsCertFile, config.tlsKeyFile, &why);
        if (!identity) {
            err << "magpie-server: " << why << '\n';
            return 1;
        }
        out << "certificate " << identity->certificateFile() << '\n'
            << "sha256 " << identity->fingerprint() << '\n';
        return 0;
    }

    if (!quitOnTerminationSignals(app)) {
        err << "magpie-server: " << text("Cannot watch for termination signals.") << '\n';
        return 1;
    }
    Server server(config);
    QObject::connect(&server, &Server::logged, &app,
                     [&err](const QString &line) { err << line << Qt::endl; });
    if (!server.start(&why)) {
        err << "magpie-server: " << why << '\n';
        return 1;
    }
    if (config.users.isEmpty())
        err << "magpie-server: "
            << (config.dataDir.isEmpty()
                    ? text("no users: add some with --user address:password.")
                    : text("no users: add address:password lines to %1 or use --user.")
                          .arg(UsersFile::path(config.dataDir)))
            << Qt::endl;
    const TlsIdentity &identity = *server.tlsIdentity();
    err << "magpie-server: "
        << text("TLS certificate %1, SHA-256 %2")
               .arg(identity.certificateFile().isEmpty() ? text("(in memory)")
                                                         : identity.certificateFile(),
                    identity.fingerprint())
        << Qt::endl;
    // Tests and scripts wait for "ready"; everything before it names a port.
    for (const Server::Endpoint &endpoint : server.endpoints())
        out << endpoint.service << ' ' << endpoint.address << '\n';
    out << "ready" << Qt::endl;

    const int status = QCoreApplication::exec();
    server.stop();
    err << "magpie-server: " << text("stopped") << Qt::endl;
    return status;
}
