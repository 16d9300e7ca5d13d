// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/MailSession.h"

#include "app/demo/DemoMailbox.h"
#include "app/session/ConnectionLogBook.h"
#include "app/session/PasswordKeeper.h"
#include "mime/Message.h"
#include "mime/MessageIds.h"
#include "models/AccountModel.h"
#include "models/FolderModel.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/OutboxQueue.h"
#include "store/Profile.h"
#include "sync/AccountSettings.h"
#include "sync/LocalOperations.h"

#include <QDir>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <map>

using namespace Qt::StringLiterals;

namespace magpie::app {

struct MailSession::Private
{
    explicit Private(MailSession *q, const QString &directory)
        : profile(directory)
        , operations(cache)
        , folders(cache)
        , passwords(q, secrets)
    {
    }

    models::AccountEntry entryFor(const sync::AccountConfig &account) const
    {
        return { account.id, account.displayName.isEmpty() ? account.address : account.displayName,
                 account.address };
    }

    // Declaration order is destruction order reversed: the runtimes go before the demo server
    // they talk to, and everything before the cache they write to.
    store::Profile profile;
    store::MailCache cache;
    store::SecretStore secrets;
    sync::LocalOperations operations;
    models::AccountModel accountModel;
    models::FolderModel folders;
    Preferences preferences;
    QList<sync::AccountConfig> accounts;
    ConnectionLogBook logs;
    std::unique_ptr<DemoMailbox> demo;
    PasswordKeeper passwords;
    std::map<QString, std::unique_ptr<sync::AccountRuntime>> runtimes;
    // Replaced or removed runtimes, deleted from the event loop (the change may come from a
    // slot of theirs) or, at the latest, with the session.
    QList<QPointer<sync::AccountRuntime>> retired;
    QSet<QString> authenticationFailed; // the next password asked for was refused
    bool started = false;
};

MailSession::MailSession(const QString &profileDirectory, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, profileDirectory))
{
    d->folders.setAccountModel(&d->accountModel);
}

MailSession::~MailSession()
{
    // Runtimes first (they use the cache, the keeper and the demo server), then the demo.
    d->runtimes.clear();
    for (const QPointer<sync::AccountRuntime> &old : std::as_const(d->retired))
        delete old.data();
    if (d->demo)
        d->demo->stop();
}

store::StoreError MailSession::open()
{
    if (!QDir().mkpath(d->profile.directory())) {
        return { store::StoreError::CannotOpen,
                 tr("Cannot create the profile folder %1. Check that it is writable, or start "
                    "Magpie with --profile and another folder.")
                     .arg(QDir::toNativeSeparators(d->profile.directory())) };
    }
    if (!d->cache.isOpen()) {
        if (const store::StoreError error = d->cache.open(d->profile))
            return error;
    }
    d->preferences = Preferences::load(d->profile.settingsPath());
    d->logs.setProtocolLogging(d->preferences.connectionLog);
    d->accounts = sync::AccountSettings(d->profile.settingsPath()).load();
    for (const sync::AccountConfig &account : std::as_const(d->accounts)) {
        d->accountModel.upsert(d->entryFor(account));
        makeRuntime(account);
    }
    return {};
}

void MailSession::makeRuntime(const sync::AccountConfig &account)
{
    retireRuntime(account.id);
    auto runtime = std::make_unique<sync::AccountRuntime>(account, d->cache);
    sync::AccountRuntime *r = runtime.get();
    const QString id = account.id;
    connect(r, &sync::AccountRuntime::stateChanged, this,
            [this, id](sync::AccountRuntime::State state) {
                d->logs.state(id, state);
                Q_EMIT accountStateChanged(id, state);
            });
    connect(r, &sync::AccountRuntime::progress, this, &MailSession::accountProgress);
    connect(r, &sync::AccountRuntime::problem, this, [this](const sync::SyncProblem &problem) {
        d->logs.problem(problem);
        // The runtime asks for the refused secret (IMAP/POP3 or SMTP) right after this.
        if (problem.kind == sync::SyncProblem::Kind::Authentication)
            d->authenticationFailed.insert(problem.accountId);
        Q_EMIT accountProblem(problem);
    });
    connect(r, &sync::AccountRuntime::syncFinished, this,
            [this, id](bool ok) { Q_EMIT accountSyncFinished(id, ok); });
    connect(r, &sync::AccountRuntime::newMail, this,
            [this, id](qint64 folderId, int count) { Q_EMIT newMail(id, folderId, count); });
    connect(r, &sync::AccountRuntime::bodyFetched, this, &MailSession::bodyReady);
    d->logs.attach(id, r);
    r->setCredentialRequest([this, id](sync::AccountRuntime::Secret which) {
        // Later, from the event loop: the runtime is in the middle of its own work.
        QTimer::singleShot(0, this, [this, id, which] { answerCredentialRequest(id, which); });
    });
    d->runtimes[id] = std::move(runtime);
}

void MailSession::retireRuntime(const QString &accountId)
{
    const auto it = d->runtimes.find(accountId);
    if (it == d->runtimes.end())
        return;
    sync::AccountRuntime *old = it->second.release();
    d->runtimes.erase(it);
    old->disconnect(this);
    old->setCredentialRequest({});
    old->stop();
    d->retired.removeAll(nullptr);
    d->retired << old;
    old->deleteLater();
}

void MailSession::answerCredentialRequest(const QString &accountId,
                                          sync::AccountRuntime::Secret which)
{
    sync::AccountRuntime *r = runtime(accountId);
    if (!r)
        return;
    const sync::AccountConfig &account = r->account();
    if (d->authenticationFailed.remove(accountId))
        d->passwords.refused(accountId, which);
    if (accountId == QLatin1StringView(DemoMailbox::kAccountId) && d->demo
        && d->demo->isRunning()) {
        // The demo's password lives in memory only, made for this run (DemoMailbox).
        r->setCredentials(which, { account.address, d->demo->password(), {}, {} });
        return;
    }
    d->passwords.provide(account, which);
}

void MailSession::startAccounts()
{
    d->started = true;
    const bool hasDemo = account(QString::fromLatin1(DemoMailbox::kAccountId)).has_value();
    if (hasDemo && !(d->demo && d->demo->isRunning())) {
        const QString error = startDemo(); // restarts its runtime too
        if (!error.isEmpty()) {
            sync::SyncProblem problem;
            problem.accountId = QString::fromLatin1(DemoMailbox::kAccountId);
            problem.kind = sync::SyncProblem::Kind::Network;
            problem.message = error;
            d->logs.problem(problem);
            Q_EMIT accountProblem(problem);
        }
    }
    for (auto &[id, runtime] : d->runtimes)
        runtime->start();
}

void MailSession::stopAccounts()
{
    d->started = false;
    for (auto &[id, runtime] : d->runtimes)
        runtime->stop();
}

bool MailSession::accountsStarted() const
{
    return d->started;
}

const store::Profile &MailSession::profile() const
{
    return d->profile;
}

store::MailCache &MailSession::cache()
{
    return d->cache;
}

store::SecretStore &MailSession::secrets()
{
    return d->secrets;
}

sync::LocalOperations &MailSession::operations()
{
    return d->operations;
}

models::AccountModel &MailSession::accountModel()
{
    return d->accountModel;
}

models::FolderModel &MailSession::folderModel()
{
    return d->folders;
}

QList<sync::AccountConfig> MailSession::accounts() const
{
    return d->accounts;
}

std::optional<sync::AccountConfig> MailSession::account(const QString &accountId) const
{
    for (const sync::AccountConfig &account : std::as_const(d->accounts)) {
        if (account.id == accountId)
            return account;
    }
    return std::nullopt;
}

sync::AccountRuntime *MailSession::runtime(const QString &accountId) const
{
    const auto it = d->runtimes.find(accountId);
    return it == d->runtimes.end() ? nullptr : it->second.get();
}

QStringList MailSession::ownAddresses() const
{
    QStringList addresses;
    for (const sync::AccountConfig &account : std::as_const(d->accounts)) {
        if (!account.address.isEmpty() && !addresses.contains(account.address, Qt::CaseInsensitive))
            addresses << account.address;
    }
    return addresses;
}

QString MailSession::saveAccount(const sync::AccountConfig &account)
{
    if (account.id.isEmpty())
        return tr("The account has no id; it cannot be saved.");
    if (account.incomingServer.host.isEmpty())
        return tr("The account needs an incoming mail server (IMAP or POP3).");
    const QString error = sync::AccountSettings(d->profile.settingsPath()).upsert(account);
    if (!error.isEmpty())
        return error;
    bool replaced = false;
    for (sync::AccountConfig &known : d->accounts) {
        if (known.id == account.id) {
            known = account;
            replaced = true;
        }
    }
    if (!replaced)
        d->accounts << account;
    d->accountModel.upsert(d->entryFor(account));
    // A new runtime with the new servers; passwords this session knows stay known.
    makeRuntime(account);
    if (d->started)
        runtime(account.id)->start();
    Q_EMIT accountsChanged();
    return {};
}

QString MailSession::removeAccount(const QString &accountId)
{
    if (!account(accountId))
        return tr("The account is not configured (any more).");
    const QString error = sync::AccountSettings(d->profile.settingsPath()).remove(accountId);
    if (!error.isEmpty())
        return error;
    retireRuntime(accountId);
    d->logs.forget(accountId);
    d->accounts.removeIf(
        [&accountId](const sync::AccountConfig &account) { return account.id == accountId; });
    d->accountModel.remove(accountId);

    // Its cached mail and waiting messages go with it: nothing of a removed account is kept.
    store::FolderStore folders(d->cache);
    const QList<store::FolderRecord> records = folders.folders(accountId);
    for (const store::FolderRecord &folder : records)
        folders.remove(folder.id);
    store::OutboxQueue outbox(d->cache);
    const QList<store::OutboxEntry> waiting = outbox.entries(accountId);
    for (const store::OutboxEntry &entry : waiting)
        outbox.remove(entry.id);
    d->passwords.forget(accountId);
    if (accountId == QLatin1StringView(DemoMailbox::kAccountId) && d->demo) {
        d->demo->stop();
        d->demo.reset();
    }
    Q_EMIT accountsChanged();
    return {};
}

void MailSession::setPassword(const QString &accountId, sync::AccountRuntime::Secret which,
                              const QString &password, bool remember,
                              std::function<void(const store::SecretResult &)> done)
{
    d->passwords.set(accountId, which, password, remember, std::move(done));
}

void MailSession::setPasswordPrompt(PasswordPrompt prompt)
{
    d->passwords.setPrompt(std::move(prompt));
}

bool MailSession::keychainAvailable() const
{
    return d->passwords.keychainAvailable();
}

const Preferences &MailSession::preferences() const
{
    return d->preferences;
}

QString MailSession::setPreferences(const Preferences &preferences)
{
    const QString error = preferences.save(d->profile.settingsPath());
    if (!error.isEmpty())
        return error;
    d->preferences = preferences;
    d->logs.setProtocolLogging(preferences.connectionLog);
    Q_EMIT preferencesChanged(d->preferences);
    return {};
}

QString MailSession::startDemo()
{
    if (!d->demo)
        d->demo = std::make_unique<DemoMailbox>(d->profile.directory());
    if (!d->demo->isRunning()) {
        const QString error = d->demo->start();
        if (!error.isEmpty()) {
            d->demo.reset();
            return error;
        }
    }
    // The ports and the certificate change from run to run: the account follows them.
    sync::AccountConfig demoAccount = d->demo->account();
    if (const auto known = account(demoAccount.id)) {
        // Keep what the person changed (names, intervals); take the servers of this run.
        sync::AccountConfig merged = *known;
        merged.incoming = demoAccount.incoming;
        merged.incomingServer = demoAccount.incomingServer;
        merged.smtpServer = demoAccount.smtpServer;
        merged.incomingUser = demoAccount.incomingUser;
        merged.smtpUser = demoAccount.smtpUser;
        demoAccount = merged;
    }
    return saveAccount(demoAccount);
}

DemoMailbox *MailSession::demo() const
{
    return d->demo && d->demo->isRunning() ? d->demo.get() : nullptr;
}

QString MailSession::connectionLog(const QString &accountId) const
{
    return d->logs.text(accountId);
}

std::optional<QByteArray> MailSession::messageSource(qint64 messageId)
{
    if (std::optional<QByteArray> body = store::BodyStore(d->cache).body(messageId))
        return body;
    sync::AccountRuntime *r = nullptr;
    if (const auto message = store::MessageStore(d->cache).message(messageId)) {
        if (const auto folder = store::FolderStore(d->cache).folderWithoutCounts(message->folderId))
            r = runtime(folder->accountId);
    }
    if (r) {
        r->fetchBody(messageId); // answers with bodyFetched -> bodyReady
    } else {
        // Not a message of a configured account (any more): say so, later, as promised.
        QTimer::singleShot(0, this, [this, messageId] { Q_EMIT bodyReady(messageId, false); });
    }
    return std::nullopt;
}

qint64 MailSession::queueForSending(const QString &accountId, const QByteArray &rfc5322,
                                    const QString &envelopeFrom, const QStringList &recipients,
                                    QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return qint64(-1);
    };
    const std::optional<sync::AccountConfig> known = account(accountId);
    if (!known)
        return fail(tr("The account to send from is not configured (any more)."));
    if (known->smtpServer.host.isEmpty())
        return fail(tr("The account %1 has no outgoing (SMTP) server. Add one in Settings > "
                       "Accounts to send from it.")
                        .arg(known->displayName.isEmpty() ? known->address : known->displayName));
    if (recipients.isEmpty())
        return fail(tr("The message has no recipient. Add at least one address in To, Cc or Bcc."));
    if (envelopeFrom.isEmpty())
        return fail(tr("The message has no sender address."));

    const mime::Message message(rfc5322);
    store::OutboxEntry entry;
    entry.accountId = accountId;
    entry.envelopeFrom = envelopeFrom.toUtf8();
    for (const QString &recipient : recipients)
        entry.recipients << recipient.trimmed().toUtf8();
    entry.raw = rfc5322;
    entry.messageId = mime::MessageIds::bracketed(message.messageId()); // as OutboxEntry keeps it
    entry.subject = message.subject();
    entry.createdAt = QDateTime::currentDateTimeUtc();
    store::StoreError storeError;
    const qint64 id = store::OutboxQueue(d->cache).enqueue(entry, &storeError);
    if (id == 0)
        return fail(storeError.message.isEmpty()
                        ? tr("The message could not be put into the outbox.")
                        : storeError.message);
    // Committed: now the network may try (DESIGN.md, "The path of a message").
    if (sync::AccountRuntime *r = runtime(accountId))
        r->outboxChanged();
    return id;
}

} // namespace magpie::app
