// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::server {

enum class Protocol { Smtp, Pop3, Imap };

// A fault to inject, for the client's fault tests (the way Thunderbird's fake server has
// them). Off unless asked for: `magpie-server --fault SPEC` or ServerContext::faults.
//
// SPEC is PROTOCOL:COMMAND:ACTION[:ARGUMENT], for example
//   imap:FETCH:drop-after-bytes:2000   the connection drops 2000 bytes into FETCH's answer
//   imap:APPEND:drop-after-received:100  ... 100 bytes into what the client sent for APPEND
//   smtp:DATA:drop-before-reply        the message is stored, but the 250 never comes
//   imap:COPY:drop-after-reply         the reply is sent, then the connection drops
//   smtp:MAIL:reply:451 4.3.0 Busy     the command is answered with this text, not run
//   imap:SELECT:reply:NO [UNAVAILABLE] Try later   (IMAP: the text after the tag)
// COMMAND is the command verb ("UID FETCH" is written UID-FETCH; "*" matches any command).
// A rule fires once, on its first matching command, unless `times` says otherwise.
struct FaultRule
{
    enum class Action { Reply, DropBeforeReply, DropAfterReply, DropAfterBytes, DropAfterReceived };

    Protocol protocol = Protocol::Imap;
    QByteArray command; // upper case
    Action action = Action::DropAfterReply;
    QByteArray reply;   // for Reply
    qint64 bytes = 0;   // for DropAfterBytes / DropAfterReceived
    int times = 1;      // how often it fires; < 0 is every time

    static std::optional<FaultRule> parse(const QString &spec, QString *whyNot = nullptr);
    bool matches(Protocol protocol, QByteArrayView command) const;
    static QByteArray actionName(Action action);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::FaultRule) // last: it ends in "private:"
};

// The rules of one server, shared by its sessions; each rule counts down as it fires.
class FaultPlan
{
public:
    void add(const FaultRule &rule) { m_rules.append(rule); }
    bool isEmpty() const { return m_rules.isEmpty(); }
    // The rule that fires for this command now (and is used up by it), if any.
    std::optional<FaultRule> take(Protocol protocol, QByteArrayView command);
    // Whether a rule of this kind is still waiting to fire for this protocol.
    bool hasPending(Protocol protocol, FaultRule::Action action) const;

private:
    QList<FaultRule> m_rules;
};

} // namespace magpie::server
