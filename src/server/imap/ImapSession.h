// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/ProtocolSession.h"
#include "server/imap/ImapCommand.h"
#include "server/imap/ImapCommandParser.h"
#include "server/imap/ImapCommandReader.h"
#include "server/imap/ImapMailboxView.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace magpie::server {

class ImapSessionCache;

// The server side of one IMAP connection (RFC 3501, with the RFC 9051 changes that keep
// IMAP4rev1 clients working, and the extensions in capabilities()).
//
// ImapCommandReader cuts the bytes into commands, ImapCommandParser reads them, and the
// session runs them against the MailStore. It is one class written across a few files:
//   ImapSession.cpp            states, framing, dispatch, the any-state commands, IDLE,
//                              announcing others' changes
//   ImapSessionAuth.cpp        STARTTLS, LOGIN, AUTHENTICATE PLAIN
//   ImapSessionMailboxes.cpp   LIST/LSUB, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, STATUS,
//                              SELECT/EXAMINE, CLOSE, UNSELECT, APPEND
//   ImapSessionMessages.cpp    STORE, SEARCH, COPY, MOVE, EXPUNGE and sequence sets
//   ImapSessionFetch.cpp       FETCH
//
// Every tagged reply goes through ProtocolSession::completeCommand() and every untagged one
// through send(), so the fault plan sees them all.
class ImapSession : public ProtocolSession
{
    Q_OBJECT
public:
    ImapSession(ServerContext &context, Transport &transport, QObject *parent = nullptr);
    ~ImapSession() override;

    void start() override;
    void tlsStarted() override;
    void idleTimedOut() override;
    int idleTimeoutMs() const override;
    void connectionLost() override;

    // The capability list as it stands now (RFC 3501 s6.1.1); it changes with TLS and login.
    QByteArray capabilities() const;

protected:
    void handleBytes(QByteArrayView bytes) override;
    QByteArray faultReply(const QByteArray &reply, const QByteArray &tag) const override;

private:
    enum class State { NotAuthenticated, Authenticated, Selected, Logout };
    // What the next line from the client is: a command, or the line another command waits for.
    enum class Expecting { Command, SaslResponse, IdleDone };

    // A FETCH answered over several turns of the event loop, so that a large answer goes out
    // while it is made instead of piling up in memory.
    struct FetchJob
    {
        ImapCommand command;
        QList<qsizetype> sequences;
        qsizetype next = 0;
        bool setsSeen = false;
        bool contentMissing = false; // some message was expunged before its content was read
    };

    // --- framing and dispatch (ImapSession.cpp)
    void processInput();
    void handleStep(const ImapCommandReader::Step &step);
    void handleCommand(const ImapCommandReader::Step &step);
    void execute(const ImapCommand &command);
    bool allowedInState(const ImapCommand &command, QByteArray *why) const;
    // Announces others' changes as `command` allows, then sends the tagged reply.
    void finish(const ImapCommand &command, const QByteArray &statusAndText);
    void reply(const QByteArray &tag, const QByteArray &statusAndText);
    void pauseInput() { m_inputPaused = true; }
    void resumeInput();

    // --- commands of any state (ImapSession.cpp)
    void capability(const ImapCommand &command);
    void noop(const ImapCommand &command);
    void logout(const ImapCommand &command);
    void id(const ImapCommand &command);
    void enable(const ImapCommand &command);
    void namespaces(const ImapCommand &command);
    void idle(const ImapCommand &command);
    void idleLine(const QByteArray &line);
    void endIdle(const QByteArray &statusAndText);

    // --- others' changes (ImapSession.cpp)
    void watchStore();
    bool showsMailbox(const QString &user, const QString &mailbox) const;
    void scheduleIdlePush();
    // Sends what changed in the selected mailbox since the client last heard (EXPUNGE only
    // when `allowExpunges`); says BYE when the mailbox itself went away.
    void announceChanges(bool allowExpunges);

    // --- authentication (ImapSessionAuth.cpp)
    bool plaintextAuthAllowed() const;
    void startTls(const ImapCommand &command);
    void login(const ImapCommand &command);
    void authenticate(const ImapCommand &command);
    void saslResponse(const QByteArray &line);
    void checkCredentials(const QByteArray &tag, const QString &login, const QString &password);
    void loginFailed(const QByteArray &tag, const QString &login);

    // --- mailboxes (ImapSessionMailboxes.cpp)
    void list(const ImapCommand &command);
    void create(const ImapCommand &command);
    void deleteMailbox(const ImapCommand &command);
    void rename(const ImapCommand &command);
    void subscribe(const ImapCommand &command);
    void status(const ImapCommand &command);
    void select(const ImapCommand &command);
    void close(const ImapCommand &command);
    void unselect(const ImapCommand &command);
    void append(const ImapCommand &command);
    void deselect();
    QByteArray mailboxName(const QString &name) const;
    // "NO [code] sentence" for a failed store operation.
    static QByteArray storeFailure(const StoreError &error, bool tryCreate = false);

    // --- messages (ImapSessionMessages.cpp)
    // The messages a sequence set names, as ascending sequence numbers; nothing (and the BAD
    // reply's text in `error`) when a sequence number is past the end.
    std::optional<QList<qsizetype>> resolveSet(const ImapCommand &command, QByteArray *error) const;
    void storeFlags(const ImapCommand &command);
    void search(const ImapCommand &command);
    void copy(const ImapCommand &command, bool move);
    void expunge(const ImapCommand &command);
    // The system flags spelled as RFC 3501 s2.3.2 does, keywords as given; nothing (and the
    // reason) for \Recent or an unknown system flag.
    static std::optional<QList<QByteArray>> storableFlags(const QList<QByteArray> &flags,
                                                          QByteArray *error);

    // --- FETCH (ImapSessionFetch.cpp)
    void fetch(const ImapCommand &command);
    void continueFetch();
    // Appends "* n FETCH (...)\r\n" to `out`; false when the content it needs is gone.
    bool renderFetch(const FetchJob &job, qsizetype sequence, bool flagsChanged, QByteArray &out);

    ImapCommandReader m_reader;
    ImapCommandParser::Options m_parserOptions;
    ImapSessionCache &m_cache; // shared by the server's sessions, owned by the context
    State m_state = State::NotAuthenticated;
    Expecting m_expecting = Expecting::Command;
    QByteArray m_waitingTag; // the AUTHENTICATE or IDLE that waits for a line
    bool m_commandBegun = false; // beginCommand() ran for the command being read
    bool m_skipCommand = false; // a fault rule answered the command being read
    bool m_inputPaused = false; // a delayed reply or a long FETCH is in progress
    bool m_resumeQueued = false;
    int m_authFailures = 0;

    QString m_user;
    QString m_mailbox;
    quint32 m_uidValidity = 0;
    bool m_readOnly = false;
    ImapMailboxView m_view;
    bool m_checkMailbox = false; // mailboxes changed: is the selected one still there?
    bool m_idlePushQueued = false;
    std::unique_ptr<FetchJob> m_fetch;
};

} // namespace magpie::server
