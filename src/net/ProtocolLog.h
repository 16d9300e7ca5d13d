// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace magpie::net {

// The conversation of one session, for the connection log (like Thunderbird's) and
// `magpie-cli check --log`. Sessions write every line they send and receive; what may hold a
// secret is redacted *by the session before it gets here* (LOGIN's password, AUTH payloads,
// PASS, APOP digests): the log never sees the secret. Message bodies and large literals are
// shortened to "{N bytes}" so a log stays readable and holds no mail content.
class ProtocolLog : public QObject
{
    Q_OBJECT
public:
    enum class Direction { Client, Server, Note };
    struct Entry
    {
        QDateTime time;
        Direction direction;
        QByteArray text; // one line, without CRLF
    };

    explicit ProtocolLog(QObject *parent = nullptr);

    void setEnabled(bool enabled); // off: nothing kept, nothing emitted
    bool isEnabled() const { return m_enabled; }

    // Bytes as sent/received; split into lines, CRLF removed, non-printable bytes escaped.
    void client(const QByteArray &bytes);
    void server(const QByteArray &bytes);
    // For payloads that must not appear: logs `visible` followed by " <redacted>".
    void clientRedacted(const QByteArray &visible);
    // A literal's or a message's content: logged as "{N bytes}".
    void clientData(qsizetype size);
    void serverData(qsizetype size);
    void note(const QString &text); // "TLS 1.3 established", "discarded 23 bytes ..."

    const QList<Entry> &entries() const { return m_entries; }
    // "C: a1 LOGIN alice <redacted>" ... one per line, for printing.
    QString toText() const;
    void setMaximumEntries(int count); // the oldest go first; default 10000

Q_SIGNALS:
    void entryAdded(const magpie::net::ProtocolLog::Entry &entry);

private:
    void addLines(Direction direction, const QByteArray &bytes);
    void add(Direction direction, const QByteArray &text);

    QList<Entry> m_entries;
    int m_maximumEntries = 10'000;
    bool m_enabled = true;
};

} // namespace magpie::net
