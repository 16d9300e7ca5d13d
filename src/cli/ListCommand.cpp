// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/ListCommand.h"

#include "cli/MessageLine.h"
#include "cli/ProfileOption.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageListQuery.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
class Messages
{
public:
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::ListCommand)
public:
    static QString noFolderOption() { return tr("list needs --folder NAME (INBOX, Sent, ...)."); }
    static QString badLimit(const QString &value)
    {
        return tr("--limit needs a whole number of messages above 0, not “%1”.").arg(value);
    }
    static QString noSuchFolder(const QString &name, const QStringList &known)
    {
        if (known.isEmpty())
            return tr("There is no folder “%1” in the cache, and no folder at all: run "
                      "magpie-cli sync first.")
                .arg(name);
        return tr("There is no folder “%1” in the cache. Cached folders: %2.")
            .arg(name, known.join(u", "_s));
    }
    static QString ambiguous(const QString &name, const QStringList &accounts)
    {
        return tr("Several accounts have a folder “%1”: %2. Say which with --account ID.")
            .arg(name, accounts.join(u", "_s));
    }
};
} // namespace

int runList(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli",
        "List the cached messages of a folder, newest first: date (UTC), sender address, "
        "subject and flags, separated by tabs. Reads the profile's cache only; run "
        "magpie-cli sync to bring it up to date."));
    parser.addHelpOption();
    const ProfileOption profileOption;
    profileOption.addTo(parser);
    const QCommandLineOption folderOption(
        u"folder"_s, QCoreApplication::translate("magpie-cli", "The folder: INBOX, Lists/Qt, ..."),
        QCoreApplication::translate("magpie-cli", "name"));
    const QCommandLineOption accountOption(
        u"account"_s,
        QCoreApplication::translate("magpie-cli",
                                    "The account, when several have the folder (the id "
                                    "magpie-cli sync printed, e.g. imap:alice@host:993)."),
        QCoreApplication::translate("magpie-cli", "id"));
    const QCommandLineOption limitOption(
        u"limit"_s, QCoreApplication::translate("magpie-cli", "At most this many messages."),
        QCoreApplication::translate("magpie-cli", "n"));
    parser.addOption(folderOption);
    parser.addOption(accountOption);
    parser.addOption(limitOption);
    parser.process(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.positionalArguments().isEmpty()) {
        err << parser.helpText();
        return 2;
    }
    if (!parser.isSet(folderOption) || parser.value(folderOption).isEmpty()) {
        err << "magpie-cli list: " << Messages::noFolderOption() << '\n';
        return 2;
    }
    int limit = 0;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit <= 0) {
            err << "magpie-cli list: " << Messages::badLimit(parser.value(limitOption)) << '\n';
            return 2;
        }
    }

    QString error;
    store::MailCache cache;
    if (!ProfileOption::openExisting(profileOption.profile(parser), cache, &error)) {
        err << "magpie-cli list: " << error << '\n';
        return 1;
    }
    const QString name = parser.value(folderOption);
    const store::FolderStore folderStore(cache);
    QStringList accounts = folderStore.accountIds();
    if (parser.isSet(accountOption))
        accounts = QStringList { parser.value(accountOption) };
    QList<store::FolderRecord> matches;
    QStringList known;
    for (const QString &account : std::as_const(accounts)) {
        if (const auto folder = folderStore.folderByPath(account, name))
            matches.append(*folder);
        const QList<store::FolderRecord> folders = folderStore.folders(account);
        for (const store::FolderRecord &folder : folders) {
            if (!known.contains(folder.path))
                known.append(folder.path);
        }
    }
    if (matches.isEmpty()) {
        err << "magpie-cli list: " << Messages::noSuchFolder(name, known) << '\n';
        return 1;
    }
    if (matches.size() > 1) {
        QStringList ids;
        for (const store::FolderRecord &folder : std::as_const(matches))
            ids.append(folder.accountId);
        err << "magpie-cli list: " << Messages::ambiguous(name, ids) << '\n';
        return 2;
    }

    // Sorted and limited in SQL (the list's own query), so a 100,000-message folder is never
    // loaded whole; rows pending removal (deleted or moved offline) are not listed.
    const store::MessageListQuery query(cache);
    store::StoreError readError;
    QList<qint64> ids = query.ids({ matches.first().id }, store::MessageListFilter {},
                                  store::MessageListOrder {}, &readError);
    if (limit > 0 && ids.size() > limit)
        ids.resize(limit);
    const QList<store::MessageSummary> messages =
        readError ? QList<store::MessageSummary> {} : query.rows(ids, &readError);
    if (readError) {
        err << "magpie-cli list: " << readError.message << '\n';
        return 1;
    }
    for (const store::MessageSummary &message : std::as_const(messages))
        out << MessageLine::format(message) << '\n';
    return 0;
}

} // namespace magpie::cli
