// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/PasswordPrompt.h"

#include <QByteArray>

#ifdef Q_OS_WIN
#include <qt_windows.h>
#else
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
// A typed password is a line; anything longer is not one.
constexpr qsizetype kMaximumLength = 4096;

#ifndef Q_OS_WIN
// The terminal's settings while echo is off, so that Ctrl+C (or a kill) at the question does
// not leave the user's shell without echo. Only async-signal-safe calls in the handler.
int g_terminal = -1;
struct termios g_savedTerminal;
struct sigaction g_savedActions[3];
constexpr int kSignals[3] = { SIGINT, SIGTERM, SIGHUP };

void restoreTerminalAndRaise(int signalNumber)
{
    if (g_terminal >= 0)
        tcsetattr(g_terminal, TCSAFLUSH, &g_savedTerminal);
    signal(signalNumber, SIG_DFL);
    raise(signalNumber);
}

// Writes all of `bytes` to the terminal; a prompt that cannot be shown is not fatal.
void writeToTerminal(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t written = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        done += written;
    }
}
#endif
} // namespace

std::optional<QString> PasswordPrompt::ask(const QString &account, QString *error)
{
    const QString fromEnvironment = qEnvironmentVariable(kEnvironmentVariable);
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return readFromTerminal(tr("Password for %1: ").arg(account), error);
}

#ifndef Q_OS_WIN
std::optional<QString> PasswordPrompt::readFromTerminal(const QString &question, QString *error)
{
    // The controlling terminal, not standard input: the password is asked of the person even
    // when standard input is a file or a pipe (as ssh and sudo do).
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *error = tr("No password: set MAGPIE_PASSWORD, or run magpie-cli in a terminal so that "
                    "it can ask for one.");
        return std::nullopt;
    }
    struct termios original;
    const bool isTerminal = tcgetattr(fd, &original) == 0;
    if (isTerminal) {
        g_savedTerminal = original;
        g_terminal = fd;
        struct sigaction action;
        std::memset(&action, 0, sizeof action);
        action.sa_handler = restoreTerminalAndRaise;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < 3; ++i)
            sigaction(kSignals[i], &action, &g_savedActions[i]);
        struct termios silent = original;
        silent.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL);
        silent.c_lflag |= ICANON;
        tcsetattr(fd, TCSAFLUSH, &silent);
    }
    writeToTerminal(fd, question.toLocal8Bit());

    QByteArray line;
    bool ended = false;
    while (!ended && line.size() <= kMaximumLength) {
        char c = 0;
        const ssize_t got = ::read(fd, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; // end of input: Ctrl+D
        if (c == '\n')
            ended = true;
        else
            line.append(c);
    }

    if (isTerminal) {
        tcsetattr(fd, TCSAFLUSH, &original);
        for (int i = 0; i < 3; ++i)
            sigaction(kSignals[i], &g_savedActions[i], nullptr);
        g_terminal = -1;
    }
    // The user's Enter was not echoed: end the question's line ourselves.
    writeToTerminal(fd, QByteArrayLiteral("\n"));
    ::close(fd);

    if (line.endsWith('\r'))
        line.chop(1);
    QString password = QString::fromLocal8Bit(line);
    line.fill('\0'); // no copy of the secret left in a buffer we are done with
    if (!ended) {
        *error = tr("No password was entered.");
        return std::nullopt;
    }
    return password;
}
#else
std::optional<QString> PasswordPrompt::readFromTerminal(const QString &question, QString *error)
{
    // The console itself (CONIN$/CONOUT$), not the standard handles, which may be redirected.
    HANDLE input =
        CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_EXISTING, 0, nullptr);
    HANDLE output =
        CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_EXISTING, 0, nullptr);
    DWORD mode = 0;
    if (input == INVALID_HANDLE_VALUE || output == INVALID_HANDLE_VALUE
        || !GetConsoleMode(input, &mode)) {
        if (input != INVALID_HANDLE_VALUE)
            CloseHandle(input);
        if (output != INVALID_HANDLE_VALUE)
            CloseHandle(output);
        *error = tr("No password: set MAGPIE_PASSWORD, or run magpie-cli in a console so that "
                    "it can ask for one.");
        return std::nullopt;
    }
    SetConsoleMode(input, (mode & ~DWORD(ENABLE_ECHO_INPUT)) | ENABLE_LINE_INPUT);
    DWORD written = 0;
    WriteConsoleW(output, reinterpret_cast<const wchar_t *>(question.utf16()),
                  DWORD(question.size()), &written, nullptr);

    QString line;
    bool ended = false;
    while (!ended && line.size() <= kMaximumLength) {
        wchar_t c = 0;
        DWORD got = 0;
        if (!ReadConsoleW(input, &c, 1, &got, nullptr) || got == 0)
            break;
        if (c == L'\n')
            ended = true;
        else if (c != L'\r')
            line.append(QChar(c));
    }
    SetConsoleMode(input, mode);
    WriteConsoleW(output, L"\r\n", 2, &written, nullptr);
    CloseHandle(input);
    CloseHandle(output);
    if (!ended) {
        *error = tr("No password was entered.");
        return std::nullopt;
    }
    return line;
}
#endif

} // namespace magpie::cli
