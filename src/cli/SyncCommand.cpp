// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/SyncCommand.h"

#include "cli/ConnectionOptions.h"
#include "cli/MailUrl.h"
#include "cli/ProfileOption.h"
#include "cli/RunLoop.h"
#include "cli/UrlAccount.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/SearchIndexer.h"
#include "sync/AccountRuntime.h"
#include "sync/AccountSettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <memory>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
class Messages
{
public:
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::SyncCommand)
public:
    static QString notIncoming(const QString &url)
    {
        return tr("%1 is not a mailbox: sync takes an imap://, imaps://, pop3:// or pop3s:// "
                  "URL.")
            .arg(url);
    }
    static QString noUser(const QString &url)
    {
        return tr("%1 names no user; sync needs one to log in, as in "
                  "imaps://alice%40example.com@imap.example.com.")
            .arg(url);
    }
    static QString logFile(const QString &path, const QString &why)
    {
        return tr("Cannot write the log file %1: %2").arg(path, why);
    }
    static QString settings(const QString &why) { return tr("The account was not saved: %1").arg(why); }
    static QString messages(qint64 added, qint64 changed, qint64 removed)
    {
        return tr("Messages: %1 new, %2 with changed flags, %3 removed")
            .arg(added)
            .arg(changed)
            .arg(removed);
    }
    static QString folder(const QString &path, int total, int unread)
    {
        return tr("%1  %2 messages, %3 unread")
            .arg(path, QString::number(total), QString::number(unread));
    }
};

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}
} // namespace

int runSync(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli",
        "Sync an IMAP or POP3 account into the profile's mail cache, as Magpie does in the "
        "background, and say what it did. The password comes from MAGPIE_PASSWORD or a "
        "prompt; the account is saved in the profile's magpie.ini (without the password)."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        u"url"_s,
        QCoreApplication::translate("magpie-cli",
                                    "imap://, imaps://, pop3:// or pop3s://, as user@host:port; "
                                    "?starttls=required for STARTTLS."));
    const ProfileOption profileOption;
    profileOption.addTo(parser);
    const QCommandLineOption folderOption(
        u"folder"_s,
        QCoreApplication::translate("magpie-cli", "Sync only this IMAP folder (INBOX, Lists/Qt)."),
        QCoreApplication::translate("magpie-cli", "name"));
    parser.addOption(folderOption);
    const QCommandLineOption logOption(
        u"log"_s,
        QCoreApplication::translate("magpie-cli",
                                    "Append what the sync did, step by step, to this file (no "
                                    "passwords, no message contents)."),
        QCoreApplication::translate("magpie-cli", "file"));
    parser.addOption(logOption);
    const ConnectionOptions options;
    options.addTrustOptionsTo(parser);
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
        err << "magpie-cli sync: " << error << '\n';
        return 2;
    }
    if (url->protocol() == MailUrl::Protocol::Smtp) {
        err << "magpie-cli sync: " << Messages::notIncoming(url->toString()) << '\n';
        return 2;
    }
    if (!url->hasUser()) {
        err << "magpie-cli sync: " << Messages::noUser(url->toString()) << '\n';
        return 2;
    }
    const auto endpoint = options.endpoint(parser, *url, &error);
    if (!endpoint) {
        err << "magpie-cli sync: " << error << '\n';
        return 2;
    }
    const QString onlyFolder = parser.value(folderOption);
    std::unique_ptr<QFile> logFile;
    if (parser.isSet(logOption)) {
        logFile = std::make_unique<QFile>(parser.value(logOption));
        if (!logFile->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            err << "magpie-cli sync: "
                << Messages::logFile(logFile->fileName(), logFile->errorString()) << '\n';
            return 2;
        }
    }

    const store::Profile profile = profileOption.profile(parser);
    store::MailCache cache;
    if (!ProfileOption::openForWriting(profile, cache, &error)) {
        err << "magpie-cli sync: " << error << '\n';
        return 1;
    }
    const sync::AccountSettings settings(profile.settingsPath());
    const sync::AccountConfig account =
        UrlAccount::make(*url, *endpoint, settings.account(UrlAccount::idFor(*url)));
    const QString saveError = settings.upsert(account);
    if (!saveError.isEmpty())
        err << "magpie-cli sync: " << Messages::settings(saveError) << '\n';

    const QString warning = ConnectionOptions::plaintextWarning(*url);
    if (!warning.isEmpty()) {
        err << "magpie-cli sync: " << warning << '\n';
        err.flush();
    }
    const auto credentials = options.credentials(parser, *url, &error);
    if (!credentials) {
        err << "magpie-cli sync: " << error << '\n';
        return 1;
    }

    sync::AccountRuntime runtime(account, cache);
    QTextStream log(logFile.get());
    auto note = [&](const QString &line) {
        if (logFile) {
            log << timestamp() << ' ' << line << '\n';
            log.flush();
        }
    };
    QObject::connect(&runtime, &sync::AccountRuntime::progress,
                     [&](const sync::SyncProgress &progress) {
                         QString line = progress.activity;
                         if (progress.total > 0)
                             line += u" (%1/%2)"_s.arg(progress.done).arg(progress.total);
                         note(line);
                     });
    QObject::connect(&runtime, &sync::AccountRuntime::problem,
                     [&](const sync::SyncProblem &problem) {
                         note(u"Problem: "_s + problem.message);
                         err << "magpie-cli sync: " << problem.message << '\n';
                         err.flush();
                     });
    RunLoop loop;
    std::optional<bool> finished;
    QObject::connect(&runtime, &sync::AccountRuntime::syncFinished, [&](bool ok) {
        if (!finished)
            finished = ok;
        loop.wake();
    });
    loop.wakeOn(&runtime, &sync::AccountRuntime::stateChanged);

    note(u"Sync of "_s + account.id + u" into "_s + profile.directory());
    QElapsedTimer clock;
    clock.start();
    runtime.setCredentials(sync::AccountRuntime::Secret::Incoming, *credentials);
    runtime.syncNow(onlyFolder);
    // One pass: the runtime logs out and stops on its own after it (or stops at a problem).
    loop.runUntil([&] {
        return finished.has_value()
            && (runtime.state() == sync::AccountRuntime::State::Stopped
                || runtime.state() == sync::AccountRuntime::State::NeedsAttention);
    });
    const double seconds = double(clock.elapsed()) / 1000.0;
    note(*finished ? u"Done"_s : u"Failed"_s);
    // The search index is filled after the messages are stored, as the desktop client does
    // once a sync finished (store::SearchIndexer); also after a failed pass, for what it
    // stored before the problem.
    QElapsedTimer indexClock;
    indexClock.start();
    store::StoreError indexError;
    const int indexed = store::SearchIndexer(cache).indexAll(&indexError);
    const double indexSeconds = double(indexClock.elapsed()) / 1000.0;
    if (indexError)
        err << "magpie-cli sync: " << indexError.message << '\n';
    if (!*finished)
        return 1;

    const sync::ImapSyncStats &stats = runtime.lastSyncStats();
    out << "Account: " << account.id << '\n';
    QList<store::FolderRecord> folders = store::FolderStore(cache).folders(account.id);
    if (!onlyFolder.isEmpty()) {
        folders.removeIf([&](const store::FolderRecord &folder) { return folder.path != onlyFolder; });
    }
    out << "Folders (" << folders.size() << "):\n";
    for (const store::FolderRecord &folder : folders)
        out << "  " << Messages::folder(folder.path, folder.total, folder.unread) << '\n';
    out << Messages::messages(stats.newMessages, stats.flagChanges, stats.removedMessages) << '\n';
    out << "Indexed: " << indexed << " messages in " << QString::number(indexSeconds, 'f', 2)
        << " seconds\n";
    out << "Bytes: " << stats.bytes << '\n';
    out << "Seconds: " << QString::number(seconds, 'f', 2) << '\n';
    return indexError ? 1 : 0;
}

} // namespace magpie::cli
