// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace magpie::testing {

// Runs other_imap_client.py (Python's imaplib, a real second client) against the IMAP server
// on 127.0.0.1:port with the given steps, and returns the UID lists its "uids" steps printed.
// `failure` gets a sentence when the client did not finish or exited with an error.
QList<QList<quint32>> runOtherImapClient(quint16 port, const QString &user,
                                         const QString &password, const QStringList &steps,
                                         QString *failure);

} // namespace magpie::testing
