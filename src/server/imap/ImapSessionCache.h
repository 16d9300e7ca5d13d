// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QCache>
#include <QObject>
#include <QString>

namespace magpie::server {

class ServerContext;

// ENVELOPE, BODYSTRUCTURE and BODY strings, kept for every IMAP session of one server: a
// message's bytes never change under its UID (RFC 3501 s2.3.1.1), so neither do these, and
// a client that fetches a large mailbox's headers again (or a second client) costs no parse.
// Bounded by the bytes it holds; the least recently used entries go first.
class ImapSessionCache : public QObject
{
    Q_OBJECT
public:
    enum class Item { Envelope, BodyStructure, Body };

    struct Key
    {
        QString user;
        QString mailbox;
        quint32 uidValidity = 0;
        Uid uid = 0;
        friend bool operator==(const Key &a, const Key &b)
        {
            return a.uid == b.uid && a.uidValidity == b.uidValidity && a.mailbox == b.mailbox
                && a.user == b.user;
        }
    };

    static constexpr qsizetype kDefaultBudgetBytes = 64 * 1024 * 1024;

    explicit ImapSessionCache(qsizetype budgetBytes = kDefaultBudgetBytes,
                              QObject *parent = nullptr);
    // The cache the sessions of `context` share (made on first use, owned by the context).
    static ImapSessionCache &of(ServerContext &context);

    // A null QByteArray when not cached.
    QByteArray find(const Key &key, Item item);
    void insert(const Key &key, Item item, const QByteArray &value);

private:
    struct Entry
    {
        QByteArray items[3];
        qsizetype cost() const;
    };
    QCache<Key, Entry> m_entries;
};

size_t qHash(const ImapSessionCache::Key &key, size_t seed = 0);

} // namespace magpie::server
