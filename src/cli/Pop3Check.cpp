// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Pop3Check.h"

#include "cli/RunLoop.h"
#include "net/ProtocolLog.h"
#include "net/pop3/Pop3LoginJob.h"
#include "net/pop3/Pop3Session.h"
#include "net/pop3/Pop3StatJob.h"

#include <QStringList>

#include <optional>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
QString methodName(const pop3::Pop3LoginJob &login)
{
    switch (login.usedMethod()) {
    case pop3::Pop3LoginJob::Method::Sasl:
        return u"SASL "_s + QString::fromLatin1(login.mechanismName());
    case pop3::Pop3LoginJob::Method::UserPass:
        return u"USER/PASS"_s;
    case pop3::Pop3LoginJob::Method::Apop:
        return u"APOP"_s;
    case pop3::Pop3LoginJob::Method::Automatic:
        break;
    }
    return {};
}
} // namespace

bool Pop3Check::run(const CheckTarget &target, CheckReport &report, QString *log)
{
    pop3::Pop3Session session;
    if (session.log())
        session.log()->setEnabled(target.keepLog);
    RunLoop loop;
    bool opened = false;
    std::optional<net::NetError> closed;
    QObject::connect(&session, &pop3::Pop3Session::opened, [&] {
        opened = true;
        loop.wake();
    });
    QObject::connect(&session, &pop3::Pop3Session::closed, [&](const net::NetError &error) {
        closed = error;
        loop.wake();
    });

    auto finish = [&](bool ok) {
        if (!closed) {
            session.quit();
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
    report.line(tr("Greeting: %1").arg(QString::fromUtf8(session.greeting())));
    report.tls(target.url, session.tlsDetails());
    if (session.capabilitiesKnown()) {
        QStringList capabilities;
        for (const QByteArray &capability : session.capabilities())
            capabilities.append(QString::fromUtf8(capability));
        report.line(tr("Capabilities: %1").arg(capabilities.join(u", "_s)));
    } else {
        report.line(tr("Capabilities: none (the server does not know CAPA, RFC 2449)"));
    }

    if (!target.credentials) {
        report.loginSkipped();
        return finish(true);
    }
    auto *login = new pop3::Pop3LoginJob(&session, *target.credentials);
    loop.run(login);
    if (login->failed()) {
        report.line(tr("Login: refused"));
        report.failed(login->error());
        return finish(false);
    }
    report.loggedIn(target.credentials->user, methodName(*login));

    auto *stat = new pop3::Pop3StatJob(&session);
    loop.run(stat);
    if (stat->failed()) {
        report.failed(stat->error());
        return finish(false);
    }
    report.line(tr("Messages: %1 (%2 bytes)").arg(stat->messageCount()).arg(stat->totalSize()));
    return finish(true);
}

} // namespace magpie::cli
