// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/SelectJob.h"

#include "net/imap/UntaggedData.h"

namespace magpie::imap {

SelectJob::SelectJob(ImapSession *session, const QString &mailbox)
    : ImapJob(session)
{
    m_result.name = mailbox;
}

SelectJob::~SelectJob() = default;

void SelectJob::setQResync(quint32 uidValidity, quint64 modSeq, const UidSet &knownUids)
{
    m_knownUidValidity = uidValidity;
    m_knownModSeq = modSeq;
    m_knownUids = knownUids;
}

void SelectJob::doStart()
{
    // RFC 3501 s6.3.1: a SELECT deselects the current mailbox even when it fails.
    markDeselected();
    m_result.readOnly = m_examine;
    ImapCommand command(m_examine ? "EXAMINE" : "SELECT");
    command.mailbox(m_result.name, utf8Accepted());
    if (isEnabled("QRESYNC") && m_knownUidValidity && *m_knownUidValidity > 0
        && m_knownModSeq > 0) {
        // RFC 7162 s3.2.5: (QRESYNC (uidvalidity modseq [known-uids]))
        QByteArray parameter = "(QRESYNC (" + QByteArray::number(*m_knownUidValidity) + ' '
            + QByteArray::number(m_knownModSeq);
        if (!m_knownUids.isEmpty())
            parameter += ' ' + m_knownUids.toImap();
        parameter += "))";
        command.raw(parameter);
    } else if ((hasCapability("CONDSTORE") || hasCapability("QRESYNC")) && !isEnabled("CONDSTORE")
               && !isEnabled("QRESYNC")) {
        command.raw("(CONDSTORE)"); // RFC 7162 s3.1.8: also turns CONDSTORE on
    }
    send(command);
}

bool SelectJob::handleUntagged(const ImapResponse &response)
{
    const QByteArray &name = response.name;
    if (name == "FLAGS" && !response.data.isEmpty() && response.data.first().isList()) {
        m_result.flags = untagged::flagList(response.data.first());
        return true;
    }
    if (name == "EXISTS" && response.number) {
        m_result.exists = *response.number;
        return true;
    }
    if (name == "RECENT" && response.number) {
        m_result.recent = *response.number;
        return true;
    }
    if (name == "VANISHED") {
        if (const auto gone = untagged::vanished(response); gone && gone->earlier) {
            for (const auto &[first, last] : gone->uids.ranges())
                m_result.vanished.add(first, last);
        }
        return true;
    }
    if (name == "FETCH") {
        // RFC 7162 s3.2.5.1: flag changes since the known mod-sequence.
        if (auto message = decode::fetch(response))
            m_result.changed.append(*message);
        return true;
    }
    if (response.status != ImapResponse::Status::Ok || !response.code)
        return false;
    const ResponseCode &code = *response.code;
    const quint64 number = code.arguments.isEmpty() ? 0 : code.arguments.first().number;
    if (code.name == "UIDVALIDITY")
        m_result.uidValidity = quint32(number);
    else if (code.name == "UIDNEXT")
        m_result.uidNext = quint32(number);
    else if (code.name == "HIGHESTMODSEQ")
        m_result.highestModSeq = number;
    else if (code.name == "NOMODSEQ")
        m_result.noModSeq = true;
    else if (code.name == "PERMANENTFLAGS" && !code.arguments.isEmpty())
        m_result.permanentFlags = untagged::flagList(code.arguments.first());
    else
        return false;
    return true;
}

void SelectJob::handleTagged(const ImapResponse &response)
{
    if (response.status != ImapResponse::Status::Ok) {
        finishWithError(errorFrom(response,
                                  m_examine ? tr("Opening %1 read-only").arg(m_result.name)
                                            : tr("Opening %1").arg(m_result.name)));
        return;
    }
    // RFC 3501 s6.3.1: [READ-ONLY] in the tagged OK when the mailbox cannot be changed.
    if (response.code && response.code->name == "READ-ONLY")
        m_result.readOnly = true;
    else if (response.code && response.code->name == "READ-WRITE")
        m_result.readOnly = m_examine;
    markSelected(m_result.name, m_result.readOnly);
    finishWithSuccess();
}

} // namespace magpie::imap
