// SPDX-License-Identifier: GPL-3.0-or-later
// SMTP acceptance rate of magpie-server with durable writes: parallel senders each keep one
// SMTP session and send 10 KB messages back to back (MAIL, RCPT and DATA pipelined when the
// server offers PIPELINING, RFC 2920), each answered 250 only once it is on disk in the
// Maildir (tmp, fsync, rename). Prints messages per second; asserts nothing. The target in
// issue 4 is at least 1,000 messages/s with 8 senders.
//
//   bench_server_smtp [--senders 8] [--seconds 10 | --messages N] [--size 10240]
//                     [--server PATH] [--data DIR] [--no-pipelining]
//                     [--port P]   (a server already running: only its SMTP port is used)
//
// By default it starts the magpie-server built beside it with a temporary --data folder on
// the same disk as TMPDIR (set TMPDIR to measure another disk; the server's log goes to a file
// there, shown when something fails), and counts the message files in the Maildirs afterwards
// to check that every accepted message is there.
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeoutMs = 30000;
const QByteArray kUser = "bench@example.test";

struct Options
{
    int senders = 8;
    double seconds = 10;
    qint64 messages = 0; // total; 0: run for `seconds`
    int size = 10 * 1024;
    QString server = QStringLiteral(MAGPIE_SERVER_BIN);
    QString dataDir;
    QString logFile;
    bool pipelining = true;
    quint16 port = 0;
};

// One SMTP reply (RFC 5321 s4.2): lines "NNN-text" up to the last "NNN text".
struct Reply
{
    int code = 0;
    QByteArray text;
};

class SmtpSender
{
public:
    bool connect(quint16 port, QString *why)
    {
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        if (!m_socket.waitForConnected(kTimeoutMs)) {
            *why = u"cannot connect: "_s + m_socket.errorString();
            return false;
        }
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (read().code != 220) {
            *why = u"no 220 greeting"_s;
            return false;
        }
        m_socket.write("EHLO bench.test\r\n");
        const Reply ehlo = read();
        if (ehlo.code != 250) {
            *why = u"EHLO refused"_s;
            return false;
        }
        m_pipelining = ehlo.text.contains("PIPELINING");
        return true;
    }

    bool pipelining() const { return m_pipelining; }

    // One transaction; `message` is already dot-stuffed and ends in CRLF.
    bool send(const QByteArray &message, bool pipelined, QString *why)
    {
        const QByteArray mail = "MAIL FROM:<" + kUser + "> SIZE=" + QByteArray::number(message.size())
            + "\r\n";
        const QByteArray rcpt = "RCPT TO:<" + kUser + ">\r\n";
        int codes[3] = {};
        if (pipelined) {
            m_socket.write(mail + rcpt + "DATA\r\n");
            for (int &code : codes)
                code = read().code;
        } else {
            m_socket.write(mail);
            codes[0] = read().code;
            m_socket.write(rcpt);
            codes[1] = read().code;
            m_socket.write("DATA\r\n");
            codes[2] = read().code;
        }
        if (codes[0] != 250 || codes[1] != 250 || codes[2] != 354) {
            *why = u"MAIL/RCPT/DATA answered %1/%2/%3"_s.arg(codes[0]).arg(codes[1]).arg(codes[2]);
            return false;
        }
        m_socket.write(message);
        m_socket.write(".\r\n");
        const Reply accepted = read();
        if (accepted.code != 250) {
            *why = u"end of DATA answered %1 %2"_s.arg(accepted.code)
                       .arg(QString::fromLatin1(accepted.text.trimmed()));
            return false;
        }
        return true;
    }

    void quit()
    {
        m_socket.write("QUIT\r\n");
        read();
        m_socket.disconnectFromHost();
    }

private:
    Reply read()
    {
        Reply reply;
        while (true) {
            while (!m_socket.canReadLine()) {
                if (!m_socket.waitForReadyRead(kTimeoutMs))
                    return {};
            }
            const QByteArray line = m_socket.readLine();
            if (line.size() < 4)
                return {};
            reply.text += line.mid(4);
            if (line.at(3) != '-') {
                reply.code = line.left(3).toInt();
                return reply;
            }
        }
    }

    QTcpSocket m_socket;
    bool m_pipelining = false;
};

// A 10 KB-ish message: headers and 76-character lines, none starting with a dot.
QByteArray makeMessage(int sender, qint64 number, int size)
{
    QByteArray message = "From: Bench Sender <" + kUser + ">\r\nTo: <" + kUser + ">\r\n"
        "Subject: bench " + QByteArray::number(sender) + "/" + QByteArray::number(number)
        + "\r\nMessage-ID: <" + QByteArray::number(sender) + "." + QByteArray::number(number)
        + "@bench.test>\r\nDate: Mon, 02 Jan 2023 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
          "Content-Type: text/plain; charset=us-ascii\r\n\r\n";
    static const QByteArray line =
        "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs\r\n";
    while (message.size() + line.size() <= size)
        message += line;
    return message;
}

struct Server
{
    std::unique_ptr<QProcess> process;
    quint16 smtpPort = 0;
};

bool portsFree(int base)
{
    for (int offset : { 525, 465, 110, 995, 143, 993 }) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, static_cast<quint16>(base + offset)))
            return false;
    }
    return true;
}

// Starts magpie-server on a free port base; waits for its "ready" line.
Server startServer(const Options &options, QString *why)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int base = QRandomGenerator::global()->bounded(20000, 40000);
        if (!portsFree(base))
            continue;
        Server server;
        server.process = std::make_unique<QProcess>();
        // Its log (a line per delivery) would drown the figures; it is kept for a failure.
        server.process->setStandardErrorFile(options.logFile);
        server.process->start(options.server,
                              { u"--data"_s, options.dataDir, u"--user"_s,
                                QString::fromLatin1(kUser) + u":bench"_s, u"--port-base"_s,
                                QString::number(base) });
        QElapsedTimer waited;
        waited.start();
        bool ready = false;
        while (!ready && waited.elapsed() < kTimeoutMs
               && server.process->state() != QProcess::NotRunning) {
            if (!server.process->canReadLine() && !server.process->waitForReadyRead(1000))
                continue;
            while (server.process->canReadLine()) {
                const QByteArray line = server.process->readLine().trimmed();
                if (line == "ready")
                    ready = true;
                else if (line.startsWith("smtp "))
                    server.smtpPort = static_cast<quint16>(line.mid(line.lastIndexOf(':') + 1).toInt());
            }
        }
        if (ready && server.smtpPort != 0)
            return server;
        server.process->kill();
        server.process->waitForFinished();
        *why = u"magpie-server (%1) did not get ready"_s.arg(options.server);
    }
    return {};
}

qint64 countMessageFiles(const QString &dataDir)
{
    qint64 count = 0;
    QDirIterator files(dataDir, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString dir = QFileInfo(files.next()).dir().dirName();
        if (dir == u"new"_s || dir == u"cur"_s)
            ++count;
    }
    return count;
}

QString lastLines(const QString &path, int count = 20)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    return lines.mid(std::max<qsizetype>(0, lines.size() - count)).join(u'\n');
}

Options parseOptions(const QStringList &args)
{
    Options options;
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const QString value = i + 1 < args.size() ? args[i + 1] : QString();
        if (arg == u"--senders"_s)
            options.senders = value.toInt(), ++i;
        else if (arg == u"--seconds"_s)
            options.seconds = value.toDouble(), ++i;
        else if (arg == u"--messages"_s)
            options.messages = value.toLongLong(), ++i;
        else if (arg == u"--size"_s)
            options.size = value.toInt(), ++i;
        else if (arg == u"--server"_s)
            options.server = value, ++i;
        else if (arg == u"--data"_s)
            options.dataDir = value, ++i;
        else if (arg == u"--port"_s)
            options.port = static_cast<quint16>(value.toInt()), ++i;
        else if (arg == u"--no-pipelining"_s)
            options.pipelining = false;
    }
    options.senders = std::max(1, options.senders);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    Options options = parseOptions(app.arguments());

    QTemporaryDir temporary;
    Server server;
    quint16 port = options.port;
    if (port == 0) {
        if (options.dataDir.isEmpty())
            options.dataDir = temporary.filePath(u"data"_s);
        options.logFile = temporary.filePath(u"magpie-server.log"_s);
        QString why;
        server = startServer(options, &why);
        if (!server.process) {
            err << "bench_server_smtp: " << why << '\n' << lastLines(options.logFile);
            return 1;
        }
        port = server.smtpPort;
    }

    std::atomic<qint64> accepted { 0 };
    std::atomic<qint64> claimed { 0 };
    std::atomic<bool> failed { false };
    std::atomic<bool> pipelined { false };
    QElapsedTimer clock;
    const auto deadlineMs = static_cast<qint64>(options.seconds * 1000);
    std::vector<std::thread> senders;
    std::vector<QString> problems(static_cast<size_t>(options.senders));
    clock.start();
    for (int n = 0; n < options.senders; ++n) {
        senders.emplace_back([&, n] {
            SmtpSender sender;
            QString &why = problems[static_cast<size_t>(n)];
            if (!sender.connect(port, &why)) {
                failed = true;
                return;
            }
            const bool pipelining = options.pipelining && sender.pipelining();
            pipelined = pipelining;
            for (qint64 number = 0; !failed; ++number) {
                if (options.messages > 0 ? claimed.fetch_add(1) >= options.messages
                                         : clock.elapsed() >= deadlineMs)
                    break;
                if (!sender.send(makeMessage(n, number, options.size), pipelining, &why)) {
                    failed = true;
                    return;
                }
                ++accepted;
            }
            sender.quit();
        });
    }
    for (std::thread &sender : senders)
        sender.join();
    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;

    for (const QString &problem : problems) {
        if (!problem.isEmpty())
            err << "bench_server_smtp: a sender failed: " << problem << '\n';
    }
    out << "SMTP acceptance, durable writes: " << options.senders << " senders, "
        << options.size / 1024 << " KB messages, " << (pipelined ? "pipelined" : "not pipelined")
        << '\n';
    out << "  " << accepted.load() << " messages in " << QString::number(seconds, 'f', 2)
        << " s: " << QString::number(static_cast<double>(accepted.load()) / seconds, 'f', 0)
        << " messages/s (target: at least 1,000)\n";
    if (server.process) {
        server.process->terminate(); // SIGTERM: a clean stop
        server.process->waitForFinished(kTimeoutMs);
        const qint64 onDisk = countMessageFiles(options.dataDir);
        out << "  message files in the Maildirs under " << options.dataDir << ": " << onDisk
            << (onDisk == accepted.load() ? " (all accepted messages)" : " (MISMATCH)") << '\n';
    }
    out.flush();
    if (failed && server.process)
        err << "magpie-server's log ends:\n" << lastLines(options.logFile);
    return failed ? 1 : 0;
}
