// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace magpie::testing {

// A private Dovecot (IMAP + POP3, STARTTLS and implicit TLS) started for one test through
// ../shared/interop/dovecot.sh, on free loopback ports, with everything under a temporary
// folder; stopped when this object goes away.
class DovecotServer
{
public:
    DovecotServer();
    ~DovecotServer();
    DovecotServer(const DovecotServer &) = delete;
    DovecotServer &operator=(const DovecotServer &) = delete;

    // Starts Dovecot with one user. Returns an empty string on success, else what went wrong
    // (the script's output and Dovecot's log), for the test to fail with.
    QString start(const QString &user, const QString &password);

    quint16 imapPort() const { return m_imap; }
    quint16 imapsPort() const { return m_imap + 850; }
    quint16 pop3Port() const { return m_pop3; }
    quint16 pop3sPort() const { return m_pop3 + 885; }
    QString directory() const { return m_dir.path(); }
    QString mailDirectory(const QString &user) const;
    QString certificatePath() const;

private:
    QString script() const;

    QTemporaryDir m_dir;
    quint16 m_imap = 0;
    quint16 m_pop3 = 0;
    bool m_started = false;
};

} // namespace magpie::testing
