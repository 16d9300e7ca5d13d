// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/SearchCommand.h"

#include "cli/MessageLine.h"
#include "cli/ProfileOption.h"
#include "store/MailCache.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
class Messages
{
public:
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::SearchCommand)
public:
    static QString noQuery() { return tr("search needs something to look for, e.g. search invoice."); }
    static QString badLimit(const QString &value)
    {
        return tr("--limit needs a whole number of hits above 0, not “%1”.").arg(value);
    }
};
} // namespace

int runSearch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli",
        "Search the cached mail: every word must match (as a prefix) the subject, an "
        "address or the text; \"quoted phrases\" and from:, to:, subject: work as in "
        "Magpie's search field. One line per hit, newest first: date (UTC), sender "
        "address, subject, flags and folder, separated by tabs."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        u"query"_s, QCoreApplication::translate("magpie-cli", "What to look for."));
    const ProfileOption profileOption;
    profileOption.addTo(parser);
    const QCommandLineOption accountOption(
        u"account"_s, QCoreApplication::translate("magpie-cli", "Only this account's mail."),
        QCoreApplication::translate("magpie-cli", "id"));
    const QCommandLineOption limitOption(
        u"limit"_s,
        QCoreApplication::translate("magpie-cli", "At most this many hits. Default: 200."),
        QCoreApplication::translate("magpie-cli", "n"));
    parser.addOption(accountOption);
    parser.addOption(limitOption);
    parser.process(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString query = parser.positionalArguments().join(u' ').trimmed();
    if (query.isEmpty()) {
        err << "magpie-cli search: " << Messages::noQuery() << '\n';
        return 2;
    }
    int limit = 200;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit <= 0) {
            err << "magpie-cli search: " << Messages::badLimit(parser.value(limitOption)) << '\n';
            return 2;
        }
    }
    QString error;
    store::MailCache cache;
    if (!ProfileOption::openExisting(profileOption.profile(parser), cache, &error)) {
        err << "magpie-cli search: " << error << '\n';
        return 1;
    }
    // Messages a sync stored but did not index yet (the desktop client indexes them in the
    // background; a sync interrupted before its indexing leaves some) are indexed first, so
    // the answer is never silently missing them.
    store::StoreError storeError;
    store::SearchIndexer(cache).indexAll(&storeError);
    if (storeError) {
        err << "magpie-cli search: " << storeError.message << '\n';
        return 1;
    }
    const QList<store::SearchHit> hits = store::SearchIndex(cache).search(
        query, limit, parser.value(accountOption), &storeError);
    if (storeError) {
        err << "magpie-cli search: " << storeError.message << '\n';
        return 1;
    }
    for (const store::SearchHit &hit : hits)
        out << MessageLine::format(hit.message) << '\t' << hit.folderPath << '\n';
    return 0;
}

} // namespace magpie::cli
