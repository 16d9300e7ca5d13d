// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/IdJob.h"

namespace magpie::imap {

namespace {
// An RFC 2971 s3 string: quoted, with only what a version may reasonably hold.
QByteArray quoted(const QString &text)
{
    QByteArray out = "\"";
    for (const QChar c : text) {
        if (c.unicode() > 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\')
            out += char(c.unicode());
    }
    return out + '"';
}
} // namespace

IdJob::IdJob(ImapSession *session, const QString &clientVersion)
    : ImapJob(session)
    , m_clientVersion(clientVersion)
{ }

IdJob::~IdJob() = default;

void IdJob::doStart()
{
    if (!hasCapability("ID")) {
        finishWithSuccess();
        return;
    }
    const QByteArray fields = "(\"name\" \"Magpie\" \"version\" " + quoted(m_clientVersion) + ')';
    send(ImapCommand("ID").raw(fields));
}

bool IdJob::handleUntagged(const ImapResponse &response)
{
    if (response.name != "ID")
        return false;
    // RFC 2971 s3.2: "* ID NIL" or "* ID (field value ...)".
    if (!response.data.isEmpty() && response.data.first().isList()) {
        const QList<ImapValue> &fields = response.data.first().list;
        for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
            if (!fields.at(i + 1).isNil())
                m_serverId.insert(QString::fromUtf8(fields.at(i).text()).toLower(),
                                  QString::fromUtf8(fields.at(i + 1).text()));
        }
    }
    return true;
}

void IdJob::handleTagged(const ImapResponse &response)
{
    if (response.status == ImapResponse::Status::Ok)
        finishWithSuccess();
    else
        finishWithError(errorFrom(response, tr("Introducing Magpie to %1 (ID)").arg(host())));
}

} // namespace magpie::imap
