// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapSession.h"

#include "server/MailStore.h"
#include "server/ServerContext.h"
#include "server/Transport.h"
#include "server/imap/ImapOutput.h"
#include "server/imap/ImapSessionCache.h"

#include <QCoreApplication>
#include <QTimer>

namespace magpie::server {

namespace {

ImapCommandReader::Limits readerLimits(const ServerLimits &limits)
{
    ImapCommandReader::Limits result;
    result.maxLineLength = limits.maxLineLength;
    result.maxLiteralSize = limits.maxLiteralSize;
    result.maxMessageSize = limits.maxMessageSize;
    return result;
}

// The command as the client named it, for error texts: "UID FETCH", "SELECT".
QByteArray verbOf(const ImapCommand &command)
{
    return command.uid ? "UID " + command.name : command.name;
}

bool isOneOf(const QByteArray &name, std::initializer_list<const char *> names)
{
    for (const char *candidate : names) {
        if (name == candidate)
            return true;
    }
    return false;
}

} // namespace

ImapSession::ImapSession(ServerContext &context, Transport &transport, QObject *parent)
    : ProtocolSession(Protocol::Imap, context, transport, parent)
    , m_reader(readerLimits(context.limits()))
    , m_cache(ImapSessionCache::of(context))
{
    watchStore();
}

ImapSession::~ImapSession() = default;

void ImapSession::start()
{
    log(QStringLiteral("connect"));
    send("* OK [CAPABILITY " + capabilities() + "] Magpie loopback IMAP ready\r\n");
}

QByteArray ImapSession::capabilities() const
{
    QByteArray caps = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT "
                      "CHILDREN LIST-EXTENDED SPECIAL-USE ESEARCH";
    if (m_state == State::NotAuthenticated) {
        // RFC 3501 s6.2.1 and s6.2.3: STARTTLS while the connection is plain; no way to send
        // a password in the clear unless the operator allowed it.
        if (transport().canStartTls() && !transport().isEncrypted())
            caps += " STARTTLS";
        caps += plaintextAuthAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED";
    }
    return caps;
}

void ImapSession::tlsStarted()
{
    // Nothing is carried over from before the handshake: RFC 3501 s6.2.1 makes the client
    // ask for CAPABILITY again, and the reader was emptied when STARTTLS was answered.
}

int ImapSession::idleTimeoutMs() const
{
    // RFC 3501 s5.4: at least 30 minutes once logged in.
    return m_state == State::NotAuthenticated ? context().limits().imapLoginTimeoutMs
                                              : context().limits().imapIdleTimeoutMs;
}

void ImapSession::idleTimedOut()
{
    log(QStringLiteral("autologout after idling"));
    send("* BYE Autologout; idle for too long\r\n");
    m_state = State::Logout;
    closeConnection();
}

void ImapSession::connectionLost()
{
    m_fetch.reset();
    QObject::disconnect(&context().store(), nullptr, this, nullptr);
}

QByteArray ImapSession::faultReply(const QByteArray &reply, const QByteArray &tag) const
{
    return (tag.isEmpty() ? QByteArray("*") : tag) + ' ' + reply + "\r\n";
}

// --- framing ---------------------------------------------------------------------------

void ImapSession::handleBytes(QByteArrayView bytes)
{
    m_reader.append(bytes);
    processInput();
}

void ImapSession::processInput()
{
    while (!isClosed() && !m_inputPaused && m_state != State::Logout) {
        const ImapCommandReader::Step step = m_reader.next();
        if (step.kind == ImapCommandReader::Step::Kind::NeedMore)
            return;
        handleStep(step);
    }
}

void ImapSession::resumeInput()
{
    m_inputPaused = false;
    // Not from inside the code that finished the command: the next command starts afresh.
    if (m_resumeQueued)
        return;
    m_resumeQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_resumeQueued = false;
        processInput();
    });
}

void ImapSession::handleStep(const ImapCommandReader::Step &step)
{
    using Kind = ImapCommandReader::Step::Kind;
    const ServerLimits &limits = context().limits();

    // A line for AUTHENTICATE or IDLE is not a command: no fault rule applies to it.
    if (m_expecting != Expecting::Command) {
        if (step.kind == Kind::CommandBegun)
            return;
        const bool sasl = m_expecting == Expecting::SaslResponse;
        if (step.kind == Kind::Command) {
            QByteArray line = step.command;
            while (line.endsWith('\n') || line.endsWith('\r'))
                line.chop(1);
            if (sasl)
                saslResponse(line);
            else
                idleLine(line);
            return;
        }
        // A literal or an overlong line where one short line belongs: give up on it.
        if (step.kind == Kind::NeedContinuation)
            m_reader.discardBuffered();
        if (sasl) {
            m_expecting = Expecting::Command;
            reply(std::exchange(m_waitingTag, {}),
                  "BAD The authentication exchange was malformed.");
        } else {
            endIdle("BAD Expected DONE to end IDLE.");
        }
        return;
    }

    switch (step.kind) {
    case Kind::NeedMore:
        return;
    case Kind::CommandBegun:
        m_commandBegun = true;
        m_skipCommand = !beginCommand(step.verb, step.tag);
        return;
    case Kind::NeedContinuation:
        if (m_skipCommand) {
            // The fault rule's reply told the client the command is over, so it will not
            // send the literal: forget it rather than take the next command as its bytes.
            m_reader.discardBuffered();
            m_skipCommand = m_commandBegun = false;
            return;
        }
        send("+ Ready for literal data\r\n"); // RFC 3501 s7.5
        return;
    case Kind::Command:
        if (std::exchange(m_skipCommand, false)) {
            m_commandBegun = false;
            return;
        }
        handleCommand(step);
        return;
    case Kind::LineTooLong: {
        m_commandBegun = false;
        if (std::exchange(m_skipCommand, false))
            return;
        reply(step.tag.isEmpty() ? QByteArray("*") : step.tag,
              "BAD The command line is longer than the server's limit of "
                  + QByteArray::number(limits.maxLineLength) + " bytes.");
        return;
    }
    case Kind::LiteralTooLarge: {
        m_commandBegun = false;
        if (std::exchange(m_skipCommand, false))
            return;
        const bool message = step.verb == "APPEND";
        const qint64 limit = message ? limits.maxMessageSize : limits.maxLiteralSize;
        // RFC 7888 s4 and s5: a non-synchronizing literal that is too big gets BAD (the
        // reader skips the bytes the client sends anyway); a synchronizing one NO, and the
        // client never sends it. TOOBIG from RFC 4469.
        const QByteArray status = step.nonSynchronizing ? "BAD [TOOBIG] " : "NO [TOOBIG] ";
        reply(step.tag.isEmpty() ? QByteArray("*") : step.tag,
              status + (message ? "The message is" : "The literal is")
                  + " larger than the server's limit of " + QByteArray::number(limit) + " bytes.");
        return;
    }
    }
}

void ImapSession::handleCommand(const ImapCommandReader::Step &step)
{
    if (!std::exchange(m_commandBegun, false) && !beginCommand(step.verb, step.tag))
        return;
    ImapCommandParser::Error error;
    const std::optional<ImapCommand> command =
        ImapCommandParser::parse(step.command, m_parserOptions, &error);
    if (!command) {
        const QByteArray tag = !error.tag.isEmpty() ? error.tag
            : !step.tag.isEmpty()                   ? step.tag
                                                    : QByteArray("*");
        // A well-formed command asking for what the server lacks is refused with NO
        // (SEARCH CHARSET, RFC 3501 s6.4.4); anything else malformed gets BAD.
        reply(tag, (error.refusal ? "NO " : "BAD ") + error.message);
        return;
    }
    execute(*command);
}

void ImapSession::reply(const QByteArray &tag, const QByteArray &statusAndText)
{
    completeCommand(tag + ' ' + statusAndText + "\r\n");
}

void ImapSession::finish(const ImapCommand &command, const QByteArray &statusAndText)
{
    // RFC 3501 s7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH by sequence number,
    // since the client could not tell which message a number then means. COPY and MOVE by
    // sequence number are treated the same way. The UID forms may get them (RFC 9051 s7.5.1).
    const bool allowExpunges =
        command.uid || !isOneOf(command.name, { "FETCH", "STORE", "SEARCH", "COPY", "MOVE" });
    announceChanges(allowExpunges);
    if (!isClosed())
        reply(command.tag, statusAndText);
}

// --- dispatch --------------------------------------------------------------------------

bool ImapSession::allowedInState(const ImapCommand &command, QByteArray *why) const
{
    const QByteArray &name = command.name;
    if (command.uid
        || isOneOf(name,
                   { "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY",
                     "MOVE" })) {
        if (m_state == State::Selected)
            return true;
        *why = verbOf(command)
            + (m_state == State::NotAuthenticated
                   ? " needs a login and a selected mailbox first."
                   : " needs a selected mailbox: SELECT or EXAMINE one first.");
        return false;
    }
    if (isOneOf(name, { "STARTTLS", "LOGIN", "AUTHENTICATE" })) {
        if (m_state == State::NotAuthenticated)
            return true;
        *why = "You are already logged in.";
        return false;
    }
    if (name == "ENABLE") {
        // RFC 5161 s3.1: only in the authenticated state.
        if (m_state == State::Authenticated)
            return true;
        *why = m_state == State::NotAuthenticated
            ? "ENABLE needs a login first."
            : "ENABLE must come before a mailbox is selected.";
        return false;
    }
    if (isOneOf(name, { "CAPABILITY", "NOOP", "LOGOUT", "ID" }))
        return true;
    if (m_state == State::NotAuthenticated) {
        *why = verbOf(command) + " needs a login first: use LOGIN or AUTHENTICATE.";
        return false;
    }
    return true;
}

void ImapSession::execute(const ImapCommand &command)
{
    QByteArray why;
    if (!allowedInState(command, &why)) {
        reply(command.tag, "BAD " + why);
        return;
    }
    const QByteArray &name = command.name;
    if (name == "FETCH")
        fetch(command);
    else if (name == "STORE")
        storeFlags(command);
    else if (name == "SEARCH")
        search(command);
    else if (name == "COPY" || name == "MOVE")
        copy(command, name == "MOVE");
    else if (name == "EXPUNGE")
        expunge(command);
    else if (command.uid)
        reply(command.tag, "BAD UID " + name + " is not a command this server knows.");
    else if (name == "NOOP" || name == "CHECK")
        noop(command);
    else if (name == "CAPABILITY")
        capability(command);
    else if (name == "LOGOUT")
        logout(command);
    else if (name == "ID")
        id(command);
    else if (name == "ENABLE")
        enable(command);
    else if (name == "NAMESPACE")
        namespaces(command);
    else if (name == "IDLE")
        idle(command);
    else if (name == "STARTTLS")
        startTls(command);
    else if (name == "LOGIN")
        login(command);
    else if (name == "AUTHENTICATE")
        authenticate(command);
    else if (name == "LIST" || name == "LSUB")
        list(command);
    else if (name == "CREATE")
        create(command);
    else if (name == "DELETE")
        deleteMailbox(command);
    else if (name == "RENAME")
        rename(command);
    else if (name == "SUBSCRIBE" || name == "UNSUBSCRIBE")
        subscribe(command);
    else if (name == "STATUS")
        status(command);
    else if (name == "SELECT" || name == "EXAMINE")
        select(command);
    else if (name == "CLOSE")
        close(command);
    else if (name == "UNSELECT")
        unselect(command);
    else if (name == "APPEND")
        append(command);
    else
        reply(command.tag, "BAD " + name + " is not a command this server knows.");
}

// --- commands of any state ---------------------------------------------------------------

void ImapSession::capability(const ImapCommand &command)
{
    send("* CAPABILITY " + capabilities() + "\r\n");
    finish(command, "OK CAPABILITY completed");
}

void ImapSession::noop(const ImapCommand &command)
{
    // NOOP and CHECK are where a client polls: everything pending is announced (RFC 3501
    // s6.1.2, s6.4.1).
    finish(command, "OK " + command.name + " completed");
}

void ImapSession::logout(const ImapCommand &command)
{
    // RFC 3501 s6.1.3: BYE first, then the tagged OK; no implicit expunge.
    send("* BYE Magpie loopback IMAP server logging out\r\n");
    m_state = State::Logout;
    reply(command.tag, "OK LOGOUT completed");
    log(m_user.isEmpty() ? QStringLiteral("logout") : QStringLiteral("logout ") + m_user);
    closeConnection();
}

void ImapSession::id(const ImapCommand &command)
{
    // RFC 2971 s3.3. The version is the program's (magpie-server or the app embedding it).
    QByteArray fields = "\"name\" \"Magpie\"";
    const QByteArray version = QCoreApplication::applicationVersion().toUtf8();
    if (!version.isEmpty())
        fields += " \"version\" " + ImapOutput::string(version);
    send("* ID (" + fields + ")\r\n");
    finish(command, "OK ID completed");
}

void ImapSession::enable(const ImapCommand &command)
{
    // RFC 5161 s3.1: the reply lists what was enabled; anything else is ignored. Nothing this
    // server offers needs enabling yet.
    Q_UNUSED(command.capabilities)
    send("* ENABLED\r\n");
    finish(command, "OK ENABLE completed");
}

void ImapSession::namespaces(const ImapCommand &command)
{
    // RFC 2342 s5: one personal namespace, no others.
    send("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
    finish(command, "OK NAMESPACE completed");
}

// --- IDLE (RFC 2177) ---------------------------------------------------------------------

void ImapSession::idle(const ImapCommand &command)
{
    m_expecting = Expecting::IdleDone;
    m_waitingTag = command.tag;
    send("+ idling\r\n");
    announceChanges(true);
}

void ImapSession::idleLine(const QByteArray &line)
{
    if (line.compare("DONE", Qt::CaseInsensitive) == 0)
        endIdle("OK IDLE terminated");
    else
        endIdle("BAD Expected DONE to end IDLE.");
}

void ImapSession::endIdle(const QByteArray &statusAndText)
{
    m_expecting = Expecting::Command;
    const QByteArray tag = std::exchange(m_waitingTag, {});
    announceChanges(true);
    if (!isClosed())
        reply(tag, statusAndText);
}

// --- others' changes ----------------------------------------------------------------------

void ImapSession::watchStore()
{
    MailStore *store = &context().store();
    connect(store, &MailStore::messagesAdded, this,
            [this](const QString &user, const QString &mailbox, const QList<Uid> &) {
                if (showsMailbox(user, mailbox)) {
                    m_view.noteAdded();
                    scheduleIdlePush();
                }
            });
    connect(store, &MailStore::messagesExpunged, this,
            [this](const QString &user, const QString &mailbox, const QList<Uid> &) {
                if (showsMailbox(user, mailbox)) {
                    m_view.noteExpunged();
                    scheduleIdlePush();
                }
            });
    connect(store, &MailStore::flagsChanged, this,
            [this](const QString &user, const QString &mailbox, const QList<Uid> &uids) {
                if (showsMailbox(user, mailbox)) {
                    m_view.noteFlagsChanged(uids);
                    scheduleIdlePush();
                }
            });
    connect(store, &MailStore::mailboxesChanged, this, [this](const QString &user) {
        if (m_state == State::Selected && user.compare(m_user, Qt::CaseInsensitive) == 0) {
            // Renaming INBOX empties it; deleting or renaming the selected mailbox ends the
            // session's view of it. The next announcement finds out which.
            m_checkMailbox = true;
            m_view.noteAdded();
            m_view.noteExpunged();
            scheduleIdlePush();
        }
    });
}

bool ImapSession::showsMailbox(const QString &user, const QString &mailbox) const
{
    return m_state == State::Selected && mailbox == m_mailbox
        && user.compare(m_user, Qt::CaseInsensitive) == 0;
}

void ImapSession::scheduleIdlePush()
{
    // The store's signals come in the middle of another session's command; the push waits
    // for the event loop, and several changes go out together.
    if (m_expecting != Expecting::IdleDone || m_idlePushQueued)
        return;
    m_idlePushQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_idlePushQueued = false;
        if (m_expecting == Expecting::IdleDone)
            announceChanges(true);
    });
}

void ImapSession::announceChanges(bool allowExpunges)
{
    if (m_state != State::Selected || isClosed())
        return;
    MailStore &store = context().store();
    if (std::exchange(m_checkMailbox, false)) {
        const std::optional<MailboxStatus> status = store.status(m_user, m_mailbox);
        if (!status || status->uidValidity != m_uidValidity) {
            // Dovecot does the same: the client's sequence numbers and UIDs mean nothing any
            // more, and RFC 3501 has no response that says so short of BYE.
            log(QStringLiteral("selected mailbox went away under the session"));
            send("* BYE The selected mailbox was deleted or renamed by another session.\r\n");
            m_state = State::Logout;
            closeConnection();
            return;
        }
    }
    if (!m_view.hasPendingChanges())
        return;
    QList<Uid> recent;
    if (m_view.hasAdditionsPending() && !m_readOnly)
        recent = store.claimRecent(m_user, m_mailbox);
    const QByteArray updates =
        m_view.synchronize(store.messages(m_user, m_mailbox), recent, allowExpunges);
    if (!updates.isEmpty())
        send(updates);
}

} // namespace magpie::server
