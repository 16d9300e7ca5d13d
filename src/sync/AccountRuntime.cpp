// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: replaced by its owner in issue 6; never lands like this.
#include "sync/AccountRuntime.h"

namespace magpie::sync {

struct AccountRuntime::Private
{
    AccountConfig account;
};

AccountRuntime::AccountRuntime(const AccountConfig &account, store::MailCache &, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->account = account;
}

AccountRuntime::~AccountRuntime() = default;

const AccountConfig &AccountRuntime::account() const { return d->account; }
AccountRuntime::State AccountRuntime::state() const { return State::Stopped; }
void AccountRuntime::setCredentialRequest(CredentialRequest) {}
void AccountRuntime::setCredentials(Secret, const net::Credentials &) {}
void AccountRuntime::start() {}
void AccountRuntime::stop() {}
void AccountRuntime::syncNow(const QString &) {}
void AccountRuntime::setSelectedFolder(qint64) {}
void AccountRuntime::fetchBody(qint64) {}
void AccountRuntime::operationsRecorded() {}
void AccountRuntime::outboxChanged() {}

} // namespace magpie::sync
