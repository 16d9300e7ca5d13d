// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapFolderListTask.h"

#include "net/imap/ImapSession.h"
#include "net/imap/ListJob.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"

#include <QPointer>

#include <algorithm>

namespace magpie::sync {

using store::FolderRecord;
using store::FolderRole;

namespace {

FolderRole roleOf(imap::ListEntry::SpecialUse use)
{
    using Use = imap::ListEntry::SpecialUse;
    switch (use) {
    case Use::All:
        return FolderRole::All;
    case Use::Archive:
        return FolderRole::Archive;
    case Use::Drafts:
        return FolderRole::Drafts;
    case Use::Flagged:
        return FolderRole::Flagged;
    case Use::Junk:
        return FolderRole::Junk;
    case Use::Sent:
        return FolderRole::Sent;
    case Use::Trash:
        return FolderRole::Trash;
    case Use::None:
        break;
    }
    return FolderRole::None;
}

} // namespace

struct ImapFolderListTask::Private
{
    QPointer<imap::ImapSession> session;
    store::MailCache *cache = nullptr;
    QList<FolderRecord> folders;
    QHash<QString, imap::MailboxStatus> statuses;
    bool askStatus = false;
};

ImapFolderListTask::ImapFolderListTask(const QString &accountId, imap::ImapSession *session,
                                       store::MailCache &cache, QObject *parent)
    : SyncTask(accountId, parent)
    , d(std::make_unique<Private>())
{
    d->session = session;
    d->cache = &cache;
}

ImapFolderListTask::~ImapFolderListTask() = default;

const QList<FolderRecord> &ImapFolderListTask::folders() const
{
    return d->folders;
}

void ImapFolderListTask::setAskStatus(bool ask)
{
    d->askStatus = ask;
}

const QHash<QString, imap::MailboxStatus> &ImapFolderListTask::statuses() const
{
    return d->statuses;
}

FolderRecord ImapFolderListTask::recordFor(const QString &accountId, const imap::ListEntry &entry)
{
    FolderRecord folder;
    folder.accountId = accountId;
    // ListJob decoded the name (MailboxName, RFC 3501 s5.1.3); rawName is what commands need.
    folder.path = entry.name;
    folder.serverName = entry.rawName;
    folder.delimiter = entry.delimiter;
    folder.selectable = entry.isSelectable();
    folder.role = roleOf(entry.specialUse);
    // RFC 3501 s5.1: INBOX is case-insensitive; the cache spells it one way.
    if (entry.name.compare(QLatin1StringView("INBOX"), Qt::CaseInsensitive) == 0) {
        folder.path = QStringLiteral("INBOX");
        folder.role = FolderRole::Inbox;
    }
    return folder;
}

void ImapFolderListTask::guessMissingRoles(QList<FolderRecord> &folders)
{
    struct Guess
    {
        FolderRole role;
        QList<QLatin1StringView> names;
    };
    using L = QLatin1StringView;
    static const Guess guesses[] = {
        { FolderRole::Sent, { L("Sent"), L("Sent Messages"), L("Sent Items") } },
        { FolderRole::Drafts, { L("Drafts"), L("Draft") } },
        { FolderRole::Trash, { L("Trash"), L("Deleted Messages"), L("Deleted Items") } },
        { FolderRole::Junk, { L("Junk"), L("Spam"), L("Junk E-mail") } },
        { FolderRole::Archive, { L("Archive"), L("Archives") } },
    };
    for (const Guess &guess : guesses) {
        const bool claimed =
            std::any_of(folders.cbegin(), folders.cend(),
                        [&guess](const FolderRecord &f) { return f.role == guess.role; });
        if (claimed)
            continue;
        // Top-level folders only, or INBOX's children on servers that keep everything there.
        for (const QLatin1StringView name : guess.names) {
            const auto found =
                std::find_if(folders.begin(), folders.end(), [name](const FolderRecord &f) {
                    if (f.role != FolderRole::None || !f.selectable)
                        return false;
                    QString last = f.path;
                    if (!f.delimiter.isNull()
                        && f.path.startsWith(QLatin1StringView("INBOX") + f.delimiter))
                        last = f.path.mid(6);
                    return last.compare(name, Qt::CaseInsensitive) == 0;
                });
            if (found != folders.end()) {
                found->role = guess.role;
                break;
            }
        }
    }
}

void ImapFolderListTask::doStart()
{
    if (!d->session || !d->session->isOpen())
        return finishWithNetError(net::NetError::make(
            net::NetError::Code::ConnectionLost,
            tr("Magpie is not connected to the mail server, so the folder list cannot be read.")));
    reportProgress(tr("Reading the folder list"));
    auto *list = new imap::ListJob(d->session);
    if (d->askStatus)
        list->askStatus();
    connect(list, &net::Job::finished, this, [this, list](net::Job *) {
        if (list->failed())
            return finishWithNetError(list->error());
        d->statuses.clear();
        for (const imap::MailboxStatus &status : list->statuses()) {
            // untagged::mailboxName spells INBOX "INBOX" already, as recordFor does.
            d->statuses.insert(status.mailbox, status);
        }
        QList<FolderRecord> records;
        const QList<imap::ListEntry> entries = list->entries();
        records.reserve(entries.size());
        bool inboxSeen = false;
        for (const imap::ListEntry &entry : entries) {
            FolderRecord record = recordFor(accountId(), entry);
            // Some servers list INBOX twice (as "INBOX" and as sent); keep one.
            if (record.role == FolderRole::Inbox) {
                if (inboxSeen)
                    continue;
                inboxSeen = true;
            }
            records.append(record);
        }
        guessMissingRoles(records);
        store::FolderStore folders(*d->cache);
        if (const store::StoreError error = folders.reconcile(accountId(), records))
            return finishWithStoreError(error);
        d->folders = folders.folders(accountId());
        finishWithSuccess();
    });
    list->start();
}

} // namespace magpie::sync
