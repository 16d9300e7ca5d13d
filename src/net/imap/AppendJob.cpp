// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/AppendJob.h"

#include "net/imap/FlagList.h"
#include "net/imap/ImapSession.h"

namespace magpie::imap {

AppendJob::AppendJob(ImapSession *session)
    : ImapJob(session)
{ }

AppendJob::~AppendJob() = default;

void AppendJob::setMailbox(const QString &mailbox)
{
    m_mailbox = mailbox;
}

void AppendJob::setMessage(const QByteArray &message)
{
    m_message = message;
}

void AppendJob::setFlags(const QByteArrayList &flags)
{
    m_flags = flags;
}

void AppendJob::setInternalDate(const QDateTime &date)
{
    m_internalDate = date;
}

QString AppendJob::what() const
{
    return tr("Saving the message in %1").arg(m_mailbox);
}

QByteArray AppendJob::imapDateTime(const QDateTime &date)
{
    // DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (RFC 3501 s9),
    // English month names whatever the locale.
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    const QDate day = date.date();
    const QTime time = date.time();
    const int offsetMinutes = date.offsetFromUtc() / 60;
    const int zone = qAbs(offsetMinutes);
    const auto two = [](int n) { return QByteArray::number(n).rightJustified(2, '0'); };
    return '"' + QByteArray::number(day.day()).rightJustified(2, ' ') + '-'
        + months[day.month() - 1] + '-' + QByteArray::number(day.year()).rightJustified(4, '0')
        + ' ' + two(time.hour()) + ':' + two(time.minute()) + ':' + two(time.second()) + ' '
        + (offsetMinutes < 0 ? '-' : '+') + two(zone / 60) + two(zone % 60) + '"';
}

void AppendJob::doStart()
{
    using net::NetError;
    const auto refuse = [this](const QString &why) {
        finishWithError(NetError::make(NetError::Code::InvalidArgument, why));
    };
    if (m_mailbox.isEmpty())
        return refuse(tr("Saving a message needs a folder to save it in."));
    if (m_message.isEmpty())
        return refuse(tr("%1 failed: the message is empty.").arg(what()));
    QString error;
    const std::optional<QByteArray> flags = FlagList::toImap(m_flags, &error);
    if (!flags)
        return refuse(error);
    if (m_internalDate.isValid()
        && (m_internalDate.date().year() < 1 || m_internalDate.date().year() > 9999))
        return refuse(tr("%1 failed: its date is out of range.").arg(what()));

    // APPEND mailbox [SP flag-list] [SP date-time] SP literal (RFC 3501 s9)
    ImapCommand command("APPEND");
    command.mailbox(m_mailbox, utf8Accepted());
    if (!m_flags.isEmpty())
        command.raw(*flags);
    if (m_internalDate.isValid())
        command.raw(imapDateTime(m_internalDate));
    command.literal(m_message, hasCapability("BINARY"));
    send(command);
}

void AppendJob::handleTagged(const ImapResponse &response)
{
    if (response.code && response.code->name == "APPENDUID") {
        // "[APPENDUID 38505 3955]" (RFC 4315 s3); a set instead of one UID is MULTIAPPEND's.
        const QList<QByteArray> words = response.code->rawArguments.simplified().split(' ');
        bool validityOk = false, uidOk = false;
        const quint32 validity = words.size() == 2 ? words.at(0).toUInt(&validityOk) : 0;
        const quint32 uid = words.size() == 2 ? words.at(1).toUInt(&uidOk) : 0;
        if (validityOk && uidOk && validity && uid) {
            m_uidValidity = validity;
            m_uid = uid;
        }
    }
    m_mailboxMissing = response.status == ImapResponse::Status::No && response.code
        && response.code->name == "TRYCREATE";
    net::NetError error = errorFrom(response, what());
    if (error.isError()) {
        if (m_mailboxMissing)
            error.message +=
                u' ' + tr("The folder %1 does not exist on the server.").arg(m_mailbox);
        return finishWithError(error);
    }
    finishWithSuccess();
}

} // namespace magpie::imap
