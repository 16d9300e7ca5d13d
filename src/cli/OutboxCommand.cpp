// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/OutboxCommand.h"

#include "cli/ProfileOption.h"
#include "store/MailCache.h"
#include "store/OutboxEntry.h"
#include "store/OutboxQueue.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
class Messages
{
public:
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::OutboxCommand)
public:
    static QString badId(const QString &option, const QString &value)
    {
        return tr("--%1 needs the number of an outbox entry (the first column), not “%2”.")
            .arg(option, value);
    }
    static QString both() { return tr("Give --retry or --discard, not both."); }
    static QString retried(qint64 id)
    {
        return tr("Entry %1 is queued again; it goes out with the account's next sync.").arg(id);
    }
    static QString discarded(qint64 id) { return tr("Entry %1 was removed from the outbox.").arg(id); }
};

QString stateName(store::OutboxEntry::State state)
{
    switch (state) {
    case store::OutboxEntry::State::Queued:
        return u"queued"_s;
    case store::OutboxEntry::State::Sending:
        return u"sending"_s;
    case store::OutboxEntry::State::Unconfirmed:
        return u"unconfirmed"_s;
    case store::OutboxEntry::State::Failed:
        return u"failed"_s;
    case store::OutboxEntry::State::Sent:
        return u"sent"_s;
    }
    return u"queued"_s;
}

QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\r' || c == u'\n')
            c = u' ';
    }
    return text.isEmpty() ? u"-"_s : text;
}

std::optional<qint64> entryId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}
} // namespace

int runOutbox(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli",
        "Show the outbox: the messages waiting to be sent, one per line, separated by tabs: "
        "number, account, state, failed attempts, next attempt (UTC), subject, last error. "
        "Nothing is sent from here; the account's sync sends."));
    parser.addHelpOption();
    const ProfileOption profileOption;
    profileOption.addTo(parser);
    const QCommandLineOption accountOption(
        u"account"_s, QCoreApplication::translate("magpie-cli", "Only this account's messages."),
        QCoreApplication::translate("magpie-cli", "id"));
    const QCommandLineOption retryOption(
        u"retry"_s,
        QCoreApplication::translate("magpie-cli",
                                    "Queue this failed or unconfirmed message again. An "
                                    "unconfirmed one may have reached its recipients already."),
        QCoreApplication::translate("magpie-cli", "number"));
    const QCommandLineOption discardOption(
        u"discard"_s,
        QCoreApplication::translate("magpie-cli", "Remove this message from the outbox."),
        QCoreApplication::translate("magpie-cli", "number"));
    parser.addOption(accountOption);
    parser.addOption(retryOption);
    parser.addOption(discardOption);
    parser.process(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.positionalArguments().isEmpty()) {
        err << parser.helpText();
        return 2;
    }
    if (parser.isSet(retryOption) && parser.isSet(discardOption)) {
        err << "magpie-cli outbox: " << Messages::both() << '\n';
        return 2;
    }
    std::optional<qint64> retry;
    std::optional<qint64> discard;
    if (parser.isSet(retryOption) && !(retry = entryId(parser.value(retryOption)))) {
        err << "magpie-cli outbox: " << Messages::badId(u"retry"_s, parser.value(retryOption)) << '\n';
        return 2;
    }
    if (parser.isSet(discardOption) && !(discard = entryId(parser.value(discardOption)))) {
        err << "magpie-cli outbox: "
            << Messages::badId(u"discard"_s, parser.value(discardOption)) << '\n';
        return 2;
    }

    QString error;
    store::MailCache cache;
    if (!ProfileOption::openExisting(profileOption.profile(parser), cache, &error)) {
        err << "magpie-cli outbox: " << error << '\n';
        return 1;
    }
    store::OutboxQueue queue(cache);
    if (retry || discard) {
        const store::StoreError changed = retry
            ? queue.retryNow(*retry, QDateTime::currentDateTimeUtc())
            : queue.discard(*discard);
        if (changed) {
            err << "magpie-cli outbox: " << changed.message << '\n';
            return 1;
        }
        out << (retry ? Messages::retried(*retry) : Messages::discarded(*discard)) << '\n';
        return 0;
    }
    const QList<store::OutboxEntry> entries = queue.entries(parser.value(accountOption));
    for (const store::OutboxEntry &entry : entries) {
        const QString next = entry.state == store::OutboxEntry::State::Queued && entry.nextAttempt.isValid()
            ? entry.nextAttempt.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s)
            : u"-"_s;
        out << entry.id << '\t' << entry.accountId << '\t' << stateName(entry.state) << '\t'
            << entry.attempts << '\t' << next << '\t' << oneLine(entry.subject) << '\t'
            << oneLine(entry.lastError) << '\n';
    }
    return 0;
}

} // namespace magpie::cli
