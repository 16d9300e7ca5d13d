// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/SmtpCheck.h"

#include "cli/RunLoop.h"
#include "net/ProtocolLog.h"
#include "net/SaslClient.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSession.h"

#include <QStringList>

#include <optional>

using namespace Qt::StringLiterals;

namespace magpie::cli {

bool SmtpCheck::run(const CheckTarget &target, CheckReport &report, QString *log)
{
    smtp::SmtpSession session;
    if (session.log())
        session.log()->setEnabled(target.keepLog);
    RunLoop loop;
    bool opened = false;
    std::optional<net::NetError> closed;
    QObject::connect(&session, &smtp::SmtpSession::opened, [&] {
        opened = true;
        loop.wake();
    });
    QObject::connect(&session, &smtp::SmtpSession::closed, [&](const net::NetError &error) {
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
    report.line(tr("Greeting: %1").arg(QString::fromUtf8(session.greeting().summary())));
    report.tls(target.url, session.tlsDetails());
    if (session.usedHelo()) {
        report.line(
            tr("Capabilities: none (the server refused EHLO; HELO was used, RFC 5321 s3.2)"));
    } else {
        QStringList extensions;
        const auto &map = session.extensions();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            extensions.append(it.value().isEmpty()
                                  ? QString::fromUtf8(it.key())
                                  : QString::fromUtf8(it.key() + ' ' + it.value()));
        }
        report.line(tr("Capabilities: %1").arg(extensions.join(u", "_s)));
    }

    if (!target.credentials) {
        report.loginSkipped();
        return finish(true);
    }
    auto *login = new smtp::SmtpLoginJob(&session, *target.credentials);
    loop.run(login);
    if (login->failed()) {
        report.line(tr("Login: refused"));
        report.failed(login->error());
        return finish(false);
    }
    const auto mechanism = login->mechanism();
    report.loggedIn(target.credentials->user,
                    mechanism ? QString::fromLatin1(net::SaslClient::name(*mechanism)) : QString());
    return finish(true);
}

} // namespace magpie::cli
