// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/SmtpSubmission.h"

#include "cli/RunLoop.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"

namespace magpie::cli {

SmtpSubmission::Outcome SmtpSubmission::send(const net::ServerEndpoint &endpoint,
                                             const std::optional<net::Credentials> &credentials,
                                             const smtp::SmtpEnvelope &envelope,
                                             const QByteArray &message, bool keepLog)
{
    Outcome outcome;
    smtp::SmtpSession session;
    if (session.log())
        session.log()->setEnabled(keepLog);
    RunLoop loop;
    std::optional<net::NetError> closed;
    QObject::connect(&session, &smtp::SmtpSession::closed, [&](const net::NetError &error) {
        closed = error;
        loop.wake();
    });

    // The jobs wait for the session to open; a failure to open fails them with its error.
    session.connectToServer(endpoint);
    if (credentials) {
        auto *login = new smtp::SmtpLoginJob(&session, *credentials);
        loop.run(login);
        if (login->failed())
            outcome.error = login->error();
    }
    if (!outcome.error.isError()) {
        auto *send = new smtp::SmtpSendJob(&session, envelope, message);
        loop.run(send);
        outcome.error = send->error();
        outcome.finalReply = send->finalReply();
        for (const auto &result : send->recipientResults()) {
            if (result.accepted())
                outcome.accepted.append(result.address);
            else if (result.reply.isValid())
                outcome.refused.append({ result.address, result.reply });
        }
    }
    if (!closed) {
        session.quit();
        loop.runUntil([&] { return closed.has_value(); });
    }
    if (session.log())
        outcome.log = session.log()->toText();
    return outcome;
}

} // namespace magpie::cli
