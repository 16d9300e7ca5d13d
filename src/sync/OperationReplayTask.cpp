// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: replaced by its owner in issue 6; never lands like this.
#include "sync/OperationReplayTask.h"

namespace magpie::sync {

struct OperationReplayTask::Private
{
};

OperationReplayTask::OperationReplayTask(const QString &accountId, imap::ImapSession *, store::MailCache &, QObject *parent)
    : SyncTask(accountId, parent)
    , d(std::make_unique<Private>())
{
}

OperationReplayTask::~OperationReplayTask() = default;

void OperationReplayTask::doStart()
{
    finishWithProblem({});
}

} // namespace magpie::sync
