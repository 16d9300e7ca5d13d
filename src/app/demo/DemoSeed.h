// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace magpie::server {
class MailStore;
}

namespace magpie::app {

// The demo's first mail: the messages bundled under resources/demo (":/demo"), listed with
// their folder and flags in :/demo/mailbox.txt, one "file | folder | flags" a line. Their
// Date fields are moved together so that the newest is a little older than now: the demo
// looks like a mailbox in use today, and the order and spacing of the messages (the thread's
// replies) stay as written.
class DemoSeed
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::DemoSeed)
public:
    struct Entry
    {
        QString file;    // "01-welcome.eml"
        QString mailbox; // "INBOX", "Archive"
        QList<QByteArray> flags;
        QByteArray raw;  // CRLF line ends, the Date field already moved
        QDateTime date;  // UTC, the moved date (the IMAP internal date)
    };

    // The bundled messages with their dates moved relative to `now`. `error` is set when the
    // bundle is damaged (a listed file missing).
    static QList<Entry> bundled(const QDateTime &now, QString *error);

    // Puts the bundled messages into `user`'s mailboxes the first time only (a file
    // "seeded" in `directory` remembers it, so mail the person deleted does not come back).
    // Returns an empty string or a sentence saying what went wrong.
    static QString seedOnce(server::MailStore &store, const QString &user,
                            const QString &directory);

    // `raw` with its Date field replaced by `date` (RFC 5322 s3.3), or unchanged without one.
    static QByteArray withDate(const QByteArray &raw, const QDateTime &date);
};

} // namespace magpie::app
