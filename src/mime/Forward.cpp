// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/Forward.h"

#include "mime/Message.h"
#include "mime/ResponsePrefixes.h"

namespace magpie::mime {

namespace {
QString addressLine(const QList<Mailbox> &mailboxes)
{
    QStringList shown;
    for (const Mailbox &mailbox : mailboxes)
        shown << mailbox.toDisplayString();
    return shown.join(QStringLiteral(", "));
}

// A forwarded message's file name from its subject, without what Windows, macOS or Linux file
// systems cannot hold, and not cutting a character in two.
QString safeFileName(const QString &subject)
{
    QString name = subject.trimmed().isEmpty() ? QStringLiteral("message") : subject.trimmed();
    if (name.size() > 80)
        name.truncate(name.at(79).isHighSurrogate() ? 79 : 80);
    static const QString forbidden = QStringLiteral("/\\:*?\"<>|");
    for (QChar &c : name) {
        if (forbidden.contains(c) || c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'_';
    }
    return name + QStringLiteral(".eml");
}
} // namespace

QString Forward::subject(const QString &original)
{
    return QStringLiteral("Fwd: ") + ResponsePrefixes::strip(original, ResponsePrefixes::Forward);
}

Draft Forward::draft(const Message &original, As how)
{
    Draft draft;
    draft.subject = subject(original.subject());
    if (how == As::Attachment) {
        draft.attachments << Attachment { safeFileName(original.subject()), "message/rfc822",
                                          original.data(), {}, {} };
        return draft;
    }
    QString header = u'\n' + tr("-------- Forwarded Message --------") + u'\n';
    header += tr("Subject: %1").arg(original.subject()) + u'\n';
    if (const auto date = original.date())
        header += tr("Date: %1").arg(date->toString(Qt::RFC2822Date)) + u'\n';
    header += tr("From: %1").arg(addressLine(original.addresses("From"))) + u'\n';
    header += tr("To: %1").arg(addressLine(original.addresses("To"))) + u'\n';
    const QList<Mailbox> cc = original.addresses("Cc");
    if (!cc.isEmpty())
        header += tr("Cc: %1").arg(addressLine(cc)) + u'\n';
    draft.body = header + u'\n' + original.bodyText();

    // The files travel with the forward; inline images of an HTML body do not, since the
    // forward is plain text.
    for (const MessagePart *part : original.attachments()) {
        Attachment file;
        file.fileName = part->fileName();
        file.contentType = part->contentType();
        file.data = part->decodedBody();
        file.charset = part->charset(); // a text file keeps the charset it is written in
        if (part->isMessage() && file.fileName.isEmpty())
            file.fileName = safeFileName(Message(file.data).subject());
        draft.attachments << file;
    }
    return draft;
}

} // namespace magpie::mime
