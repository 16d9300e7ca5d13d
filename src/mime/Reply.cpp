// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Reply.h"

#include "mime/Message.h"
#include "mime/MessageIds.h"
#include "mime/ResponsePrefixes.h"

#include <algorithm>

namespace magpie::mime {

namespace {

bool isOwn(const Mailbox &mailbox, const QStringList &ownAddresses)
{
    for (const QString &own : ownAddresses) {
        if (mailbox.address.compare(own, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Adds `from` to `into` without the user's addresses and without repeating an address.
void addRecipients(QList<Mailbox> &into, const QList<Mailbox> &from, const QStringList &own,
                   const QList<Mailbox> &alreadyUsed)
{
    for (const Mailbox &mailbox : from) {
        if (mailbox.address.isEmpty() || isOwn(mailbox, own))
            continue;
        auto sameAddress = [&mailbox](const Mailbox &other) {
            return other.address.compare(mailbox.address, Qt::CaseInsensitive) == 0;
        };
        if (std::any_of(into.begin(), into.end(), sameAddress)
            || std::any_of(alreadyUsed.begin(), alreadyUsed.end(), sameAddress))
            continue;
        into << mailbox;
    }
}

} // namespace

QString Reply::subject(const QString &original)
{
    return QStringLiteral("Re: ") + ResponsePrefixes::strip(original, ResponsePrefixes::Reply);
}

QString Reply::quote(const Message &original)
{
    const QList<Mailbox> from = original.addresses("From");
    const QString who = from.isEmpty() ? tr("someone")
                                       : (from.first().name.isEmpty() ? from.first().address : from.first().name);
    const auto date = original.date();
    const QString attribution = date
        ? tr("On %1, %2 wrote:").arg(date->toString(QStringLiteral("yyyy-MM-dd HH:mm")), who)
        : tr("%1 wrote:").arg(who);

    QString text = original.bodyText();
    while (text.endsWith(u'\n'))
        text.chop(1);
    QString quoted = attribution + u'\n';
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        // ">" directly before an already quoted line keeps levels readable: ">> text".
        if (line.startsWith(u'>'))
            quoted += u'>' + line + u'\n';
        else if (line.isEmpty())
            quoted += QStringLiteral(">\n");
        else
            quoted += QStringLiteral("> ") + line + u'\n';
    }
    return quoted;
}

Draft Reply::draft(const Message &original, To who, const QStringList &ownAddresses)
{
    Draft draft;
    draft.subject = subject(original.subject());

    // RFC 5322 s3.6.3: a reply goes to Reply-To when present, else to From.
    const QList<Mailbox> replyTo = original.addresses("Reply-To");
    const QList<Mailbox> from = original.addresses("From");
    QList<Mailbox> primary = replyTo.isEmpty() ? from : replyTo;
    // Replying to one's own sent message means writing to its recipients again.
    if (!primary.isEmpty()
        && std::all_of(primary.begin(), primary.end(), [&](const Mailbox &m) { return isOwn(m, ownAddresses); }))
        primary = original.addresses("To");

    addRecipients(draft.to, primary, ownAddresses, {});
    if (who == To::All) {
        addRecipients(draft.to, original.addresses("To"), ownAddresses, {});
        addRecipients(draft.cc, original.addresses("Cc"), ownAddresses, draft.to);
    }
    if (draft.to.isEmpty() && !draft.cc.isEmpty())
        std::swap(draft.to, draft.cc);

    // RFC 5322 s3.6.4: In-Reply-To is the parent's id; References are the parent's
    // References (or, lacking them, its In-Reply-To) followed by the parent's id.
    const QByteArray parentId = original.messageId();
    draft.inReplyTo = parentId;
    draft.references = original.references();
    // Without References, the parent's In-Reply-To counts only when it names one message.
    const QList<QByteArray> parentInReplyTo = MessageIds::parse(original.headers().value("In-Reply-To"));
    if (draft.references.isEmpty() && parentInReplyTo.size() == 1)
        draft.references << parentInReplyTo.first();
    if (!parentId.isEmpty() && !draft.references.contains(parentId))
        draft.references << parentId;

    draft.body = u'\n' + quote(original);
    return draft;
}

} // namespace magpie::mime
