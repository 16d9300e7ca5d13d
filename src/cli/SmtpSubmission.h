// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "net/NetError.h"
#include "net/ServerEndpoint.h"
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpReply.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::cli {

// One message handed to a submission server, blocking until it is done: connect (TLS as the
// endpoint says), AUTH when credentials are given, MAIL/RCPT/DATA, QUIT. For `magpie-cli send`.
class SmtpSubmission
{
public:
    struct Outcome
    {
        net::NetError error; // none() when the server took the message
        smtp::SmtpReply finalReply; // "250 2.0.0 Ok: queued as ..." on success
        QStringList accepted; // recipients the server took
        QList<QPair<QString, smtp::SmtpReply>> refused; // and those it refused, with why
        QString log; // the redacted protocol log, when kept
    };

    static Outcome send(const net::ServerEndpoint &endpoint,
                        const std::optional<net::Credentials> &credentials,
                        const smtp::SmtpEnvelope &envelope, const QByteArray &message,
                        bool keepLog);
};

} // namespace magpie::cli
