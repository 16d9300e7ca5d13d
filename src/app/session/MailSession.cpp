// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the interface is fixed; the session helper replaces this with the real session.
#include "app/session/MailSession.h"

#include "app/demo/DemoMailbox.h"
#include "models/AccountModel.h"
#include "models/FolderModel.h"
#include "store/MailCache.h"
#include "store/Profile.h"
#include "sync/AccountSettings.h"
#include "sync/LocalOperations.h"

namespace magpie::app {

struct MailSession::Private
{
    explicit Private(const QString &directory)
        : profile(directory)
        , operations(cache)
        , folders(cache)
    {
    }
    store::Profile profile;
    store::MailCache cache;
    store::SecretStore secrets;
    sync::LocalOperations operations;
    models::AccountModel accountModel;
    models::FolderModel folders;
    Preferences preferences;
    QList<sync::AccountConfig> accounts;
};

MailSession::MailSession(const QString &profileDirectory, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(profileDirectory))
{
}

MailSession::~MailSession() = default;

store::StoreError MailSession::open()
{
    return d->cache.open(d->profile);
}

void MailSession::startAccounts() { }
void MailSession::stopAccounts() { }
bool MailSession::accountsStarted() const { return false; }
const store::Profile &MailSession::profile() const { return d->profile; }
store::MailCache &MailSession::cache() { return d->cache; }
store::SecretStore &MailSession::secrets() { return d->secrets; }
sync::LocalOperations &MailSession::operations() { return d->operations; }
models::AccountModel &MailSession::accountModel() { return d->accountModel; }
models::FolderModel &MailSession::folderModel() { return d->folders; }
QList<sync::AccountConfig> MailSession::accounts() const { return d->accounts; }
std::optional<sync::AccountConfig> MailSession::account(const QString &) const { return {}; }
sync::AccountRuntime *MailSession::runtime(const QString &) const { return nullptr; }
QStringList MailSession::ownAddresses() const { return {}; }
QString MailSession::saveAccount(const sync::AccountConfig &) { return QStringLiteral("SCAFFOLD"); }
QString MailSession::removeAccount(const QString &) { return QStringLiteral("SCAFFOLD"); }
void MailSession::setPassword(const QString &, sync::AccountRuntime::Secret, const QString &, bool,
                              std::function<void(const store::SecretResult &)>)
{
}
void MailSession::setPasswordPrompt(PasswordPrompt) { }
bool MailSession::keychainAvailable() const { return true; }
const Preferences &MailSession::preferences() const { return d->preferences; }
QString MailSession::setPreferences(const Preferences &preferences)
{
    d->preferences = preferences;
    return {};
}
QString MailSession::startDemo() { return QStringLiteral("SCAFFOLD"); }
DemoMailbox *MailSession::demo() const { return nullptr; }
QString MailSession::connectionLog(const QString &) const { return {}; }
std::optional<QByteArray> MailSession::messageSource(qint64) { return {}; }
qint64 MailSession::queueForSending(const QString &, const QByteArray &, const QString &,
                                    const QStringList &, QString *error)
{
    if (error)
        *error = QStringLiteral("SCAFFOLD");
    return -1;
}

} // namespace magpie::app
