// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CheckCommand.h"

#include "cli/CheckReport.h"
#include "cli/CheckTarget.h"
#include "cli/ConnectionOptions.h"
#include "cli/ImapCheck.h"
#include "cli/MailUrl.h"
#include "cli/Pop3Check.h"
#include "cli/SmtpCheck.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace magpie::cli {

int runCheck(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli",
        "Connect to a mail server as Magpie would and show what it offers: TLS version, "
        "certificate and fingerprint, capabilities, whether the login works, and for IMAP "
        "the folders. The password comes from MAGPIE_PASSWORD or a prompt."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        u"url"_s,
        QCoreApplication::translate("magpie-cli",
                                    "imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://, "
                                    "as user@host:port; ?starttls=required for STARTTLS."));
    const ConnectionOptions options;
    options.addTo(parser);
    parser.process(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << parser.helpText();
        return 2;
    }
    QString error;
    const auto url = MailUrl::parse(parser.positionalArguments().first(), &error);
    if (!url) {
        err << "magpie-cli check: " << error << '\n';
        return 2;
    }
    auto endpoint = options.endpoint(parser, *url, &error);
    if (!endpoint) {
        err << "magpie-cli check: " << error << '\n';
        return 2;
    }
    CheckTarget target { *url, *endpoint, std::nullopt, options.printLog(parser) };

    const QString warning = ConnectionOptions::plaintextWarning(*url);
    if (!warning.isEmpty()) {
        err << "magpie-cli check: " << warning << '\n';
        err.flush();
    }
    if (url->hasUser()) {
        target.credentials = options.credentials(parser, *url, &error);
        if (!target.credentials) {
            err << "magpie-cli check: " << error << '\n';
            return 1;
        }
    }

    CheckReport report(out, err);
    QString log;
    bool ok = false;
    switch (url->protocol()) {
    case MailUrl::Protocol::Imap:
        ok = ImapCheck::run(target, report, &log);
        break;
    case MailUrl::Protocol::Pop3:
        ok = Pop3Check::run(target, report, &log);
        break;
    case MailUrl::Protocol::Smtp:
        ok = SmtpCheck::run(target, report, &log);
        break;
    }
    // Also after a failure: the log shows how far the conversation got.
    if (target.keepLog)
        report.protocolLog(log);
    return ok ? 0 : 1;
}

} // namespace magpie::cli
