// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/ImapCheck.h"

#include "cli/RunLoop.h"
#include "net/ProtocolLog.h"
#include "net/imap/ImapSession.h"
#include "net/imap/ListJob.h"
#include "net/imap/LoginJob.h"

#include <QStringList>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
QStringList sortedCapabilities(const imap::ImapSession &session)
{
    QStringList names;
    for (const QByteArray &capability : session.capabilities())
        names.append(QString::fromLatin1(capability));
    // IMAP4rev1 first, as servers list it; the rest in order so runs can be compared.
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const bool aFirst = a.startsWith(u"IMAP4"_s);
        const bool bFirst = b.startsWith(u"IMAP4"_s);
        return aFirst != bFirst ? aFirst : a < b;
    });
    return names;
}

QString specialUseName(imap::ListEntry::SpecialUse use)
{
    using Use = imap::ListEntry::SpecialUse;
    switch (use) {
    case Use::None:
        return {};
    case Use::All:
        return u"\\All"_s;
    case Use::Archive:
        return u"\\Archive"_s;
    case Use::Drafts:
        return u"\\Drafts"_s;
    case Use::Flagged:
        return u"\\Flagged"_s;
    case Use::Junk:
        return u"\\Junk"_s;
    case Use::Sent:
        return u"\\Sent"_s;
    case Use::Trash:
        return u"\\Trash"_s;
    }
    return {};
}
} // namespace

bool ImapCheck::run(const CheckTarget &target, CheckReport &report, QString *log)
{
    imap::ImapSession session;
    if (session.log())
        session.log()->setEnabled(target.keepLog);
    RunLoop loop;
    bool opened = false;
    std::optional<net::NetError> closed;
    QObject::connect(&session, &imap::ImapSession::opened, [&] {
        opened = true;
        loop.wake();
    });
    QObject::connect(&session, &imap::ImapSession::closed, [&](const net::NetError &error) {
        closed = error;
        loop.wake();
    });
    QObject::connect(&session, &imap::ImapSession::alert,
                     [&report](const QString &text) { report.alert(text); });

    // Ends the conversation politely when it is still up, and keeps the log for --log.
    auto finish = [&](bool ok) {
        if (!closed) {
            session.logout();
            loop.runUntil([&] { return closed.has_value(); });
        }
        if (session.log())
            *log = session.log()->toText();
        return ok;
    };

    session.connectToServer(target.endpoint);
    loop.runUntil([&] { return opened || closed.has_value(); });
    if (!opened) {
        report.failed(closed ? *closed : net::NetError::none());
        return finish(false);
    }
    report.connected(target.url);
    report.tls(target.url, session.tlsDetails());
    const QStringList before = sortedCapabilities(session);
    report.capabilities(before);

    if (session.state() == imap::ImapSession::State::Authenticated) {
        // RFC 3501 s7.1.4: the server knows who we are already (a local or preauthorised link).
        report.line(tr("Login: not needed, the server said PREAUTH"));
    } else if (target.credentials) {
        auto *login = new imap::LoginJob(&session, *target.credentials);
        loop.run(login);
        if (login->failed()) {
            report.line(tr("Login: refused"));
            report.failed(login->error());
            return finish(false);
        }
        report.loggedIn(target.credentials->user, QString::fromLatin1(login->mechanismName()));
        const QStringList after = sortedCapabilities(session);
        if (after != before)
            report.capabilities(after, tr("Capabilities after login"));
    } else {
        report.loginSkipped();
        return finish(true);
    }

    auto *list = new imap::ListJob(&session);
    loop.run(list);
    if (list->failed()) {
        report.failed(list->error());
        return finish(false);
    }
    const QList<imap::ListEntry> entries = list->entries();
    report.line(tr("Folders (%1):").arg(entries.size()));
    qsizetype width = 0;
    for (const imap::ListEntry &entry : entries)
        width = qMax(width, entry.name.size());
    width = qMin<qsizetype>(width, 40);
    for (const imap::ListEntry &entry : entries) {
        QStringList notes;
        const QString use = specialUseName(entry.specialUse);
        if (!use.isEmpty())
            notes.append(use);
        if (!entry.isSelectable())
            notes.append(tr("(not selectable)"));
        const QString text = notes.isEmpty()
            ? entry.name
            : entry.name.leftJustified(width) + u"  "_s + notes.join(u' ');
        report.line(u"  "_s + text);
    }
    return finish(true);
}

} // namespace magpie::cli
