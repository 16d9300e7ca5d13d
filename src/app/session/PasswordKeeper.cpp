// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/PasswordKeeper.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {
using Secret = sync::AccountRuntime::Secret;

QString accountName(const sync::AccountConfig &account)
{
    if (!account.displayName.isEmpty())
        return account.displayName;
    return account.address.isEmpty() ? account.id : account.address;
}
} // namespace

PasswordKeeper::PasswordKeeper(MailSession *session, store::SecretStore &secrets)
    : m_session(session)
    , m_secrets(secrets)
{
}

QString PasswordKeeper::keyFor(const QString &accountId, Secret which)
{
    return accountId + (which == Secret::Smtp ? u"/smtp"_s : u"/incoming"_s);
}

void PasswordKeeper::setPrompt(MailSession::PasswordPrompt prompt)
{
    m_prompt = std::move(prompt);
}

void PasswordKeeper::provide(const sync::AccountConfig &account, Secret which)
{
    const QString key = keyFor(account.id, which);
    if (m_pending.contains(key))
        return; // already being read or asked for; the answer serves this request too
    if (m_refused.contains(key)) {
        ask(account, which,
            which == Secret::Smtp
                ? tr("The outgoing server of %1 refused the password.").arg(accountName(account))
                : tr("The server of %1 refused the password.").arg(accountName(account)));
        return;
    }
    if (m_known.contains(key)) {
        deliver(account.id, which);
        return;
    }
    if (!m_keychainAvailable) {
        ask(account, which,
            tr("No keychain is available, so Magpie cannot remember passwords; it asks once "
               "per session."));
        return;
    }
    m_pending.insert(key);
    QPointer<PasswordKeeper> guard(this);
    m_secrets.read(key, [guard, key, account, which](const store::SecretResult &result) {
        if (!guard)
            return;
        guard->m_pending.remove(key);
        switch (result.code) {
        case store::SecretResult::Ok:
            guard->m_known.insert(key, result.secret);
            guard->deliver(account.id, which);
            return;
        case store::SecretResult::NoKeychain:
            guard->m_keychainAvailable = false;
            guard->ask(account, which,
                       tr("No keychain is available, so Magpie cannot remember passwords; it "
                          "asks once per session."));
            return;
        case store::SecretResult::NotFound:
            guard->ask(account, which,
                       which == Secret::Smtp
                           ? tr("Magpie has no password for the outgoing server of %1 yet.")
                                 .arg(accountName(account))
                           : tr("Magpie has no password for %1 yet.").arg(accountName(account)));
            return;
        default:
            guard->ask(account, which, result.message);
            return;
        }
    });
}

void PasswordKeeper::ask(const sync::AccountConfig &account, Secret which, const QString &reason)
{
    if (!m_prompt)
        return; // no one to ask (tests, magpie started without a window): the runtime waits
    const QString key = keyFor(account.id, which);
    m_pending.insert(key);
    QPointer<PasswordKeeper> guard(this);
    const QString accountId = account.id;
    m_prompt(account, which, reason,
             [guard, key, accountId, which](std::optional<MailSession::PasswordAnswer> answer) {
                 if (!guard)
                     return;
                 guard->m_pending.remove(key);
                 if (answer)
                     guard->set(accountId, which, answer->password, answer->remember, {});
             });
}

void PasswordKeeper::set(const QString &accountId, Secret which, const QString &password,
                         bool remember, std::function<void(const store::SecretResult &)> done)
{
    const QString key = keyFor(accountId, which);
    m_known.insert(key, password);
    m_refused.remove(key);
    deliver(accountId, which);

    QPointer<PasswordKeeper> guard(this);
    auto finished = [guard, done](const store::SecretResult &result) {
        if (guard && result.code == store::SecretResult::NoKeychain)
            guard->m_keychainAvailable = false;
        if (done)
            done(result);
    };
    if (remember && m_keychainAvailable) {
        m_secrets.write(key, password, finished);
        return;
    }
    store::SecretResult ok;
    ok.code = store::SecretResult::Ok;
    if (!remember && m_keychainAvailable) {
        // Not to be remembered: a copy an earlier session kept must not outlive the choice.
        m_secrets.remove(key, [finished, ok](const store::SecretResult &) { finished(ok); });
        return;
    }
    if (done)
        done(ok);
}

void PasswordKeeper::refused(const QString &accountId, Secret which)
{
    const QString key = keyFor(accountId, which);
    m_known.remove(key);
    m_refused.insert(key);
}

void PasswordKeeper::forget(const QString &accountId)
{
    for (const Secret which : { Secret::Incoming, Secret::Smtp }) {
        const QString key = keyFor(accountId, which);
        m_known.remove(key);
        m_refused.remove(key);
        m_pending.remove(key);
        if (m_keychainAvailable)
            m_secrets.remove(key, [](const store::SecretResult &) {});
    }
}

void PasswordKeeper::deliver(const QString &accountId, Secret which)
{
    sync::AccountRuntime *runtime = m_session->runtime(accountId);
    const QString key = keyFor(accountId, which);
    if (!runtime || !m_known.contains(key))
        return;
    const sync::AccountConfig &account = runtime->account();
    QString user = which == Secret::Smtp ? account.smtpUser : account.incomingUser;
    if (user.isEmpty())
        user = account.address;
    runtime->setCredentials(which, { user, m_known.value(key), {}, {} });
}

} // namespace magpie::app
