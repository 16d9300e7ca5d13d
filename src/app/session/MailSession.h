// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"
#include "store/SecretStore.h"
#include "store/StoreError.h"
#include "sync/AccountConfig.h"
#include "sync/AccountRuntime.h"
#include "sync/SyncStatus.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace magpie::store {
class MailCache;
class Profile;
} // namespace magpie::store
namespace magpie::sync {
class LocalOperations;
} // namespace magpie::sync
namespace magpie::models {
class AccountModel;
class FolderModel;
} // namespace magpie::models

namespace magpie::app {

class DemoMailbox;

// Everything the windows of one running Magpie share (DESIGN.md, App): the profile, its mail
// cache, the accounts and their runtimes, the preferences, the keychain, and the demo
// mailbox when the profile uses it. Widgets reach mail only through this object, the models
// and the runtimes; none of them speaks a protocol or SQL.
//
// Passwords: a runtime that needs one asks the session; the session reads the keychain
// (SecretStore, "<account id>/incoming" and "<account id>/smtp"), and when the keychain has
// none or there is no keychain, asks the person through the PasswordPrompt the app installed
// (once per session: the answer is kept in memory only, never written anywhere but the
// keychain, and then only when the person asked for it to be remembered).
class MailSession : public QObject
{
    Q_OBJECT
public:
    explicit MailSession(const QString &profileDirectory, QObject *parent = nullptr);
    ~MailSession() override;

    // Creates the profile directory if needed, opens the cache, reads accounts and
    // preferences, and makes a (stopped) runtime per account. Nothing touches the network.
    store::StoreError open();
    // Starts every account's runtime: connect, sync, watch (the app does this once its window
    // is shown). stopAccounts() logs every account out.
    void startAccounts();
    void stopAccounts();
    bool accountsStarted() const;

    const store::Profile &profile() const;
    store::MailCache &cache();
    store::SecretStore &secrets();
    sync::LocalOperations &operations();
    models::AccountModel &accountModel();
    models::FolderModel &folderModel();

    QList<sync::AccountConfig> accounts() const;
    std::optional<sync::AccountConfig> account(const QString &accountId) const;
    sync::AccountRuntime *runtime(const QString &accountId) const;
    // Every address the person sends from (Reply must never reply to them).
    QStringList ownAddresses() const;

    // Adds the account or replaces the one with its id: writes magpie.ini, updates the models
    // and (re)makes its runtime, started when the others are. Returns an empty string or a
    // sentence saying why the account could not be saved.
    QString saveAccount(const sync::AccountConfig &account);
    // Removes the account from magpie.ini, stops its runtime, drops its cached mail and its
    // keychain entries.
    QString removeAccount(const QString &accountId);

    // Stores the password in the keychain (when `remember`) and hands it to the runtime at
    // once. `done` gets the keychain's answer (Ok when not remembered).
    void setPassword(const QString &accountId, sync::AccountRuntime::Secret which,
                     const QString &password, bool remember,
                     std::function<void(const store::SecretResult &)> done = {});

    // The prompt for a password the keychain does not have. `reason` is a sentence ("The
    // server refused the password." / "No keychain is available."). `answer` gets the
    // password and whether to remember it, or std::nullopt when the person cancelled.
    struct PasswordAnswer
    {
        QString password;
        bool remember = false;
    };
    using PasswordPrompt = std::function<void(
        const sync::AccountConfig &account, sync::AccountRuntime::Secret which,
        const QString &reason, std::function<void(std::optional<PasswordAnswer>)> answer)>;
    void setPasswordPrompt(PasswordPrompt prompt);
    // False once the keychain said there is none (Settings shows it).
    bool keychainAvailable() const;

    const Preferences &preferences() const;
    // Saves to magpie.ini and applies (connection log, ...). Returns an error sentence or "".
    QString setPreferences(const Preferences &preferences);

    // The demo (README's run command): starts the embedded loopback server from the profile's
    // demo folder on free ports, seeded on first use, and adds the demo account when missing.
    // Returns an empty string or a sentence saying what went wrong.
    QString startDemo();
    DemoMailbox *demo() const; // nullptr until startDemo() succeeded

    // A message's whole RFC 5322 source when the cache has it. Otherwise std::nullopt, the
    // account's runtime is asked for it first of all its work, and bodyReady() follows.
    std::optional<QByteArray> messageSource(qint64 messageId);

    // Puts a built message into the outbox of `accountId` (committed before any network,
    // DESIGN.md "The path of a message") and wakes the runtime to send it. Returns the outbox
    // id, or -1 with `error` set to a sentence.
    qint64 queueForSending(const QString &accountId, const QByteArray &rfc5322,
                           const QString &envelopeFrom, const QStringList &recipients,
                           QString *error);

    // The account's recent connection log, redacted (net::ProtocolLog: no password, no mail
    // content), as text for the status bar's "Details". Kept only while
    // Preferences::connectionLog is on; otherwise the last error's context only.
    QString connectionLog(const QString &accountId) const;

Q_SIGNALS:
    void accountsChanged();
    void preferencesChanged(const magpie::app::Preferences &preferences);
    void accountStateChanged(const QString &accountId, magpie::sync::AccountRuntime::State state);
    void accountProgress(const magpie::sync::SyncProgress &progress);
    void accountProblem(const magpie::sync::SyncProblem &problem);
    void accountSyncFinished(const QString &accountId, bool ok);
    void newMail(const QString &accountId, qint64 folderId, int count);
    void bodyReady(qint64 messageId, bool ok);

private:
    // A runtime for the account (replacing the one it had), wired to the session's signals.
    void makeRuntime(const sync::AccountConfig &account);
    // Stops the account's runtime and deletes it soon (never under its own signal).
    void retireRuntime(const QString &accountId);
    // The runtime asked for a password: the demo's own, the session's memory, the keychain,
    // or the person (PasswordKeeper).
    void answerCredentialRequest(const QString &accountId, sync::AccountRuntime::Secret which);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
