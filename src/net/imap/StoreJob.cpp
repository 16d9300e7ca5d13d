// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/StoreJob.h"

#include "net/imap/FlagList.h"
#include "net/imap/ImapSession.h"

namespace magpie::imap {

StoreJob::StoreJob(ImapSession *session)
    : ImapJob(session)
{ }

StoreJob::~StoreJob() = default;

void StoreJob::setUids(const UidSet &uids)
{
    m_uids = uids;
}

void StoreJob::setFlags(Mode mode, const QByteArrayList &flags)
{
    m_mode = mode;
    m_flags = flags;
}

void StoreJob::setSilent(bool silent)
{
    m_silent = silent;
}

void StoreJob::setUnchangedSince(quint64 modSeq)
{
    m_unchangedSince = modSeq;
}

QString StoreJob::what() const
{
    const quint64 count = m_uids.count();
    const QString mailbox = session()->selectedMailbox();
    if (count == 1)
        return tr("Changing the flags of 1 message in %1").arg(mailbox);
    return tr("Changing the flags of %n messages in %1", nullptr,
              int(qMin<quint64>(count, INT_MAX)))
        .arg(mailbox);
}

void StoreJob::doStart()
{
    using net::NetError;
    QString error;
    const std::optional<QByteArray> flags = FlagList::toImap(m_flags, &error);
    if (!flags)
        return finishWithError(NetError::make(NetError::Code::InvalidArgument, error));
    if (m_unchangedSince > 0 && !hasCapability("CONDSTORE") && !hasCapability("QRESYNC")) {
        return finishWithError(NetError::make(
            NetError::Code::InvalidArgument,
            tr("%1 only where nothing changed needs the server to keep modification sequences "
               "(CONDSTORE, RFC 7162), and it does not.")
                .arg(what())));
    }
    if (m_uids.isEmpty())
        return finishWithSuccess();

    // UID STORE set [(UNCHANGEDSINCE n)] +FLAGS.SILENT (flags) (RFC 3501 s9 store-att-flags,
    // RFC 7162 s3.1.3 store-modifier).
    ImapCommand command("UID STORE");
    command.sequence(m_uids);
    if (m_unchangedSince > 0)
        command.raw(QByteArray("(UNCHANGEDSINCE " + QByteArray::number(m_unchangedSince) + ')'));
    QByteArray item = m_mode == Mode::Add ? "+FLAGS" : m_mode == Mode::Remove ? "-FLAGS" : "FLAGS";
    if (m_silent)
        item += ".SILENT";
    command.raw(item).raw(*flags);
    send(command);
}

bool StoreJob::handleUntagged(const ImapResponse &response)
{
    if (response.name != "FETCH" || !response.number)
        return false;
    const std::optional<FetchedMessage> message = decode::fetch(response);
    if (!message || !m_uids.contains(message->uid))
        return false; // the session reports it (or its error) as unsolicited
    Q_EMIT messageUpdated(*message);
    return true;
}

void StoreJob::handleTagged(const ImapResponse &response)
{
    // "[MODIFIED 7,9]" comes with OK, or with NO when some messages are gone as well; the
    // others were stored either way (RFC 7162 s3.1.3 and its example 6, RFC 2180 s4.2.3). For
    // UID STORE the set holds UIDs.
    if (response.code && response.code->name == "MODIFIED") {
        if (const auto modified = UidSet::parse(response.code->rawArguments.trimmed()))
            m_modified = *modified;
    }
    if (response.status == ImapResponse::Status::No && !m_modified.isEmpty())
        return finishWithSuccess(); // modifiedUids() says which were left alone
    const net::NetError error = errorFrom(response, what());
    if (error.isError())
        return finishWithError(error);
    finishWithSuccess();
}

} // namespace magpie::imap
