// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::sync {

// The accounts of a profile as magpie.ini keeps them (store::Profile::settingsPath(), INI
// format, group [accounts]). Everything in AccountConfig is kept, and nothing secret: the
// passwords live in the keychain under "<id>/incoming" and "<id>/smtp" (DESIGN.md, Store).
// A pinned certificate is kept as its SHA-256 in hex; certificates trusted besides the
// system's are kept as PEM text, not as a file path, so the account keeps working when the
// file is moved or deleted. Other groups of magpie.ini (window geometry, ...) are left alone.
class AccountSettings
{
    Q_DECLARE_TR_FUNCTIONS(magpie::sync::AccountSettings)
public:
    explicit AccountSettings(const QString &iniPath);

    // The accounts in the order they were saved. An entry without an id or a host is skipped
    // (a hand-edited file), so every returned account isValid().
    QList<AccountConfig> load() const;
    // Replaces the file's accounts with `accounts`. Returns an empty string, or a sentence
    // saying why the file could not be written.
    QString save(const QList<AccountConfig> &accounts) const;

    std::optional<AccountConfig> account(const QString &id) const;
    // Adds the account, or replaces the one with the same id in place (keeping its position).
    QString upsert(const AccountConfig &account) const;
    QString remove(const QString &id) const;

    // A new id for an account made in Settings: random, never reused.
    static QString newId();

private:
    QString m_path;
};

} // namespace magpie::sync
