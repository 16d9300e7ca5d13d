// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QString>

#include <functional>

namespace magpie::store {

// The outcome of one keychain operation: a code for the program, a sentence for a person.
struct SecretResult
{
    enum Code {
        Ok,
        NotFound,     // nothing stored under that key (not an error for a first login)
        NoKeychain,   // no Secret Service / Keychain / Credential Manager is running
        AccessDenied, // the user or the system refused
        Failed,
    };
    Code code = Failed;
    QString secret;  // the password, for a successful read only
    QString message; // empty on success

    bool ok() const { return code == Ok; }
};

// Passwords and tokens, kept only in the operating system's keychain through QtKeychain
// (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows). Never in
// QSettings, never in the cache, never in a log (DESIGN.md, Store). There is deliberately no
// plaintext fallback: without a keychain the caller asks the user once per session instead.
// Every call is asynchronous; `done` runs on this object's thread once the keychain answered.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const SecretResult &)>;

    // `service` names Magpie's entries in the keychain; tests use their own.
    explicit SecretStore(const QString &service = QStringLiteral("org.magpiemail.Magpie"),
                         QObject *parent = nullptr);

    // `key` names one secret, e.g. "<account id>/imap".
    void write(const QString &key, const QString &secret, Done done);
    void read(const QString &key, Done done);
    void remove(const QString &key, Done done);

private:
    QString m_service;
};

} // namespace magpie::store
