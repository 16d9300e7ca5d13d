// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::cli {

// Where magpie-cli gets a password: the MAGPIE_PASSWORD environment variable when it is set
// and not empty (for scripts and tests), else a question on the terminal with echo turned
// off. Never from the command line (shell histories, process lists), never printed or logged.
class PasswordPrompt
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::PasswordPrompt)
public:
    static constexpr const char *kEnvironmentVariable = "MAGPIE_PASSWORD";

    // The password for `account` (shown in the question), or nothing with a sentence in
    // `error`: no MAGPIE_PASSWORD and no terminal to ask on, or the question was not answered.
    static std::optional<QString> ask(const QString &account, QString *error);

private:
    // Reads one line from the controlling terminal (the console on Windows) without echo.
    static std::optional<QString> readFromTerminal(const QString &question, QString *error);
};

} // namespace magpie::cli
