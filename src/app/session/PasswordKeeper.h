// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/session/MailSession.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

namespace magpie::app {

// Where a runtime's password comes from (DESIGN.md, Store: "secrets only in the OS keychain;
// with no keychain, Magpie asks once per session and says why"): this session's memory, then
// the keychain ("<account id>/incoming", "<account id>/smtp"), then the person through the
// MailSession's PasswordPrompt. A password the server refused is never offered again: the
// person is asked, with the reason. Only one question per secret is open at a time.
class PasswordKeeper : public QObject
{
    Q_OBJECT
public:
    PasswordKeeper(MailSession *session, store::SecretStore &secrets);

    static QString keyFor(const QString &accountId, sync::AccountRuntime::Secret which);

    void setPrompt(MailSession::PasswordPrompt prompt);
    bool keychainAvailable() const { return m_keychainAvailable; }

    // The account's runtime needs the password: it gets it through setCredentials(), now or
    // once the keychain or the person answered.
    void provide(const sync::AccountConfig &account, sync::AccountRuntime::Secret which);
    // The person gave the password (Settings, setup, the prompt): kept for the session, handed
    // to the runtime, and written to the keychain when `remember` (removed from it when not).
    void set(const QString &accountId, sync::AccountRuntime::Secret which,
             const QString &password, bool remember,
             std::function<void(const store::SecretResult &)> done);
    // The server refused the password the runtime had.
    void refused(const QString &accountId, sync::AccountRuntime::Secret which);
    // The account was removed: its passwords go, from memory and from the keychain.
    void forget(const QString &accountId);

private:
    void ask(const sync::AccountConfig &account, sync::AccountRuntime::Secret which,
             const QString &reason);
    void deliver(const QString &accountId, sync::AccountRuntime::Secret which);

    MailSession *m_session;
    store::SecretStore &m_secrets;
    MailSession::PasswordPrompt m_prompt;
    QHash<QString, QString> m_known; // key -> password, this session only
    QSet<QString> m_refused;         // keys whose password the server refused
    QSet<QString> m_pending;         // keys being read from the keychain or asked for
    bool m_keychainAvailable = true;
};

} // namespace magpie::app
