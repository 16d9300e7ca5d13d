// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/MoveJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

MoveJob::MoveJob(ImapSession *session)
    : ImapJob(session)
{ }

MoveJob::~MoveJob() = default;

void MoveJob::setUids(const UidSet &uids)
{
    m_uids = uids;
}

void MoveJob::setDestination(const QString &mailbox)
{
    m_destination = mailbox;
}

QString MoveJob::count() const
{
    const quint64 count = m_uids.count();
    if (count == 1)
        return tr("1 message");
    return tr("%n messages", nullptr, int(qMin<quint64>(count, INT_MAX)));
}

QString MoveJob::what() const
{
    return tr("Moving %1 to %2").arg(count(), m_destination);
}

void MoveJob::doStart()
{
    if (m_destination.isEmpty()) {
        return finishWithError(
            net::NetError::make(net::NetError::Code::InvalidArgument,
                                tr("Moving messages needs a destination folder.")));
    }
    if (m_uids.isEmpty())
        return finishWithSuccess();
    m_source = session()->selectedMailbox();
    sendStep(hasCapability("MOVE") ? Step::Move : Step::Copy);
}

void MoveJob::sendStep(Step step)
{
    m_step = step;
    const bool utf8 = utf8Accepted();
    switch (step) {
    case Step::Move: // RFC 6851 s3.2
        send(ImapCommand("UID MOVE").sequence(m_uids).mailbox(m_destination, utf8));
        break;
    case Step::Copy: // RFC 3501 s6.4.7
        send(ImapCommand("UID COPY").sequence(m_uids).mailbox(m_destination, utf8));
        break;
    case Step::MarkDeleted: // RFC 3501 s6.4.6
        send(ImapCommand("UID STORE").sequence(m_uids).raw("+FLAGS.SILENT (\\Deleted)"));
        break;
    case Step::Expunge: // RFC 4315 s2.1: only these UIDs, not every \Deleted message
        send(ImapCommand("UID EXPUNGE").sequence(m_uids));
        break;
    }
}

void MoveJob::readCopyUid(const ImapResponse &response)
{
    if (response.code && response.code->name == "COPYUID") {
        if (auto copyUid = CopyUid::fromCode(*response.code, m_uids.count()))
            m_copyUid = std::move(copyUid);
    }
}

bool MoveJob::handleUntagged(const ImapResponse &response)
{
    // MOVE sends COPYUID in an untagged OK before the expunges (RFC 6851 s4.3).
    if (m_step == Step::Move && response.status == ImapResponse::Status::Ok && response.code
        && response.code->name == "COPYUID") {
        readCopyUid(response);
        return true;
    }
    return false; // EXPUNGE / VANISHED: the session reports them
}

void MoveJob::handleTagged(const ImapResponse &response)
{
    using net::NetError;
    switch (m_step) {
    case Step::Move:
    case Step::Copy: {
        readCopyUid(response); // some servers put COPYUID in the tagged OK of MOVE too
        NetError error = errorFrom(response, what());
        if (error.isError()) {
            m_destinationMissing = response.code && response.code->name == "TRYCREATE";
            if (m_destinationMissing)
                error.message +=
                    u' ' + tr("The folder %1 does not exist on the server.").arg(m_destination);
            return finishWithError(error);
        }
        m_copied = true;
        if (m_step == Step::Move)
            return finishWithSuccess();
        // DESIGN.md "Store": only now that the copy is confirmed may the originals go.
        return sendStep(Step::MarkDeleted);
    }
    case Step::MarkDeleted: {
        const QString what = m_uids.count() == 1
            ? tr("Moving 1 message to %1: it was copied, but marking the original in %2 as deleted")
                  .arg(m_destination, m_source)
            : tr("Moving %1 to %2: they were copied, but marking the originals in %3 as deleted")
                  .arg(count(), m_destination, m_source);
        const NetError error = errorFrom(response, what);
        if (error.isError())
            return finishWithError(error);
        if (hasCapability("UIDPLUS"))
            return sendStep(Step::Expunge);
        // Without UIDPLUS only a bare EXPUNGE could remove them, and it would take every
        // message marked \Deleted in the folder, other clients' too. Leave them.
        m_leftDeleted = true;
        if (m_uids.count() == 1) {
            m_notice = tr("The message was copied to %1 and marked as deleted in %2. The server "
                          "cannot remove only this one (it lacks UIDPLUS), so it stays in %2, "
                          "marked as deleted, until the folder is expunged.")
                           .arg(m_destination, m_source);
        } else {
            m_notice = tr("%1 were copied to %2 and marked as deleted in %3. The server cannot "
                          "remove only these (it lacks UIDPLUS), so they stay in %3, marked as "
                          "deleted, until the folder is expunged.")
                           .arg(count(), m_destination, m_source);
        }
        return finishWithSuccess();
    }
    case Step::Expunge: {
        const QString what = m_uids.count() == 1
            ? tr("Moving 1 message to %1: it was copied and marked as deleted in %2, but removing "
                 "it "
                 "from there")
                  .arg(m_destination, m_source)
            : tr("Moving %1 to %2: they were copied and marked as deleted in %3, but removing them "
                 "from there")
                  .arg(count(), m_destination, m_source);
        const NetError error = errorFrom(response, what);
        if (error.isError()) {
            m_leftDeleted = true;
            return finishWithError(error);
        }
        return finishWithSuccess();
    }
    }
}

} // namespace magpie::imap
