// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SecretStore.h"

#include <qt6keychain/keychain.h>

namespace magpie::store {

namespace {

class Messages
{
    Q_DECLARE_TR_FUNCTIONS(magpie::store::SecretStore)
public:
    static QString describe(QKeychain::Error error, const QString &key, const QString &detail)
    {
        switch (error) {
        case QKeychain::EntryNotFound:
            return tr("No password is saved for %1 yet.").arg(key);
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            return tr("No keychain is available (on Linux, a Secret Service such as GNOME "
                      "Keyring or KWallet must be running), so Magpie cannot save passwords. "
                      "It will ask for them once per session instead.");
        case QKeychain::AccessDeniedByUser:
        case QKeychain::AccessDenied:
            return tr("The keychain refused access to the password for %1. Unlock the "
                      "keychain or allow Magpie to use it, then try again.")
                .arg(key);
        default:
            return tr("The keychain could not handle the password for %1: %2").arg(key, detail);
        }
    }
};

SecretResult::Code codeOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretResult::Ok;
    case QKeychain::EntryNotFound:
        return SecretResult::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretResult::NoKeychain;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return SecretResult::AccessDenied;
    default:
        return SecretResult::Failed;
    }
}

// Runs `job` (already given its key and data) and reports through `done`. The job deletes
// itself after finished(); the result is read inside the slot, before that.
template<typename JobType, typename Extract>
void run(JobType *job, const QString &key, SecretStore::Done done, Extract extractSecret)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a secret never lands in a plain file
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [job, key, done = std::move(done), extractSecret](QKeychain::Job *) {
                         SecretResult result;
                         result.code = codeOf(job->error());
                         if (result.ok())
                             result.secret = extractSecret(job);
                         else
                             result.message = Messages::describe(job->error(), key, job->errorString());
                         if (done)
                             done(result);
                     });
    job->start();
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

void SecretStore::write(const QString &key, const QString &secret, Done done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setTextData(secret);
    run(job, key, std::move(done), [](QKeychain::WritePasswordJob *) { return QString(); });
}

void SecretStore::read(const QString &key, Done done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    run(job, key, std::move(done), [](QKeychain::ReadPasswordJob *j) { return j->textData(); });
}

void SecretStore::remove(const QString &key, Done done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    run(job, key, std::move(done), [](QKeychain::DeletePasswordJob *) { return QString(); });
}

} // namespace magpie::store
