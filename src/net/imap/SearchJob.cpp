// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/SearchJob.h"

#include "net/imap/ImapSession.h"

namespace magpie::imap {

SearchJob::SearchJob(ImapSession *session)
    : ImapJob(session)
{ }

SearchJob::~SearchJob() = default;

void SearchJob::setCriteria(const SearchCriteria &criteria)
{
    m_criteria = criteria;
}

QString SearchJob::what() const
{
    const QString mailbox = session()->selectedMailbox();
    return mailbox.isEmpty() ? tr("Searching messages") : tr("Searching %1").arg(mailbox);
}

void SearchJob::doStart()
{
    using net::NetError;
    const QString problem = m_criteria.errorString();
    if (!problem.isEmpty())
        return finishWithError(NetError::make(NetError::Code::InvalidArgument, problem));
    if (m_criteria.usesModSeq() && !hasCapability("CONDSTORE") && !hasCapability("QRESYNC")) {
        return finishWithError(NetError::make(
            NetError::Code::InvalidArgument,
            tr("%1 by modification sequence needs the server's CONDSTORE extension (RFC 7162), "
               "which it does not offer.")
                .arg(what())));
    }
    m_esearch = hasCapability("ESEARCH");
    ImapCommand command("UID SEARCH");
    if (m_esearch)
        command.raw("RETURN (ALL COUNT)"); // RFC 4731 s3.1; before CHARSET in the grammar
    if (m_criteria.needsUtf8())
        command.raw("CHARSET UTF-8"); // RFC 3501 s6.4.4; every server must know UTF-8 (RFC 9051)
    m_criteria.appendTo(command);
    m_tag = send(command);
}

// "* SEARCH 2 5 6" or, after a MODSEQ search, "* SEARCH 2 5 6 (MODSEQ 917162500)"
// (RFC 3501 s7.2.5, RFC 7162 s3.1.5). An empty "* SEARCH" means no match.
bool SearchJob::readSearch(const ImapResponse &response)
{
    for (const ImapValue &value : response.data) {
        if (value.isNumber() && value.number > 0 && value.number <= 0xffffffffULL) {
            m_uids.add(quint32(value.number));
        } else if (value.isList() && value.list.size() == 2 && value.list.at(0).isAtom("MODSEQ")
                   && value.list.at(1).isNumber()) {
            m_highestModSeq = value.list.at(1).number;
        } else {
            return false;
        }
    }
    m_count = m_uids.count();
    return true;
}

// "* ESEARCH (TAG "a3") UID ALL 1:5,9 COUNT 6" (RFC 4731 s3.1, s7 search-return-data; RFC 7162
// s3.1.5 adds MODSEQ). No ALL means no match. Return data this job did not ask for is skipped.
bool SearchJob::readEsearch(const ImapResponse &response)
{
    qsizetype i = 0;
    const QList<ImapValue> &data = response.data;
    if (i < data.size() && data.at(i).isList()) {
        const QList<ImapValue> &correlator = data.at(i).list;
        if (correlator.size() != 2 || !correlator.at(0).isAtom("TAG")
            || correlator.at(1).text() != m_tag)
            return true; // another command's (RFC 4731 s3.1: the tag says whose)
        ++i;
    }
    if (i < data.size() && data.at(i).isAtom("UID"))
        ++i;
    for (; i + 1 < data.size(); i += 2) {
        const ImapValue &name = data.at(i);
        const ImapValue &value = data.at(i + 1);
        if (name.isAtom("ALL")) {
            const std::optional<UidSet> uids = UidSet::parse(value.text());
            if (!uids)
                return false;
            m_uids = *uids;
        } else if (name.isAtom("COUNT")) {
            if (!value.isNumber())
                return false;
            m_count = value.number;
        } else if (name.isAtom("MODSEQ")) {
            if (!value.isNumber())
                return false;
            m_highestModSeq = value.number;
        }
    }
    return i == data.size();
}

bool SearchJob::handleUntagged(const ImapResponse &response)
{
    if (response.kind == ImapResponse::Kind::Malformed) {
        if (m_badResponse.isEmpty())
            m_badResponse = response.errorText;
        return true;
    }
    const bool search = response.name == "SEARCH" && !response.number;
    const bool esearch = response.name == "ESEARCH" && !response.number;
    if (!search && !esearch)
        return false;
    if (!(search ? readSearch(response) : readEsearch(response)) && m_badResponse.isEmpty())
        m_badResponse =
            tr("a %1 response that does not list messages").arg(QString::fromLatin1(response.name));
    return true;
}

void SearchJob::handleTagged(const ImapResponse &response)
{
    const net::NetError error = errorFrom(response, what());
    if (error.isError())
        return finishWithError(error);
    if (!m_badResponse.isEmpty()) {
        return finishWithError(
            net::NetError::make(net::NetError::Code::ProtocolViolation,
                                tr("%1 failed: the server sent a response Magpie cannot read (%2).")
                                    .arg(what(), m_badResponse)));
    }
    finishWithSuccess();
}

} // namespace magpie::imap
