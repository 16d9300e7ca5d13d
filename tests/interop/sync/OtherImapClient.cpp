// SPDX-License-Identifier: GPL-3.0-or-later
#include "OtherImapClient.h"

#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace magpie::testing {

QList<QList<quint32>> runOtherImapClient(quint16 port, const QString &user,
                                         const QString &password, const QStringList &steps,
                                         QString *failure)
{
    // The system's interpreter when there is one: version-manager shims cost a second a call.
    QString interpreter = QStandardPaths::findExecutable(u"python3"_s, { u"/usr/bin"_s });
    if (interpreter.isEmpty())
        interpreter = u"python3"_s;
    QProcess python;
    python.start(interpreter, QStringList { QStringLiteral(MAGPIE_OTHER_IMAP_CLIENT),
                                            QString::number(port), user, password }
                                  + steps);
    if (!python.waitForFinished(30000)) {
        *failure = u"the other IMAP client did not finish: "_s + python.errorString();
        return {};
    }
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        *failure = QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    QList<QList<quint32>> lists;
    const QByteArray out = python.readAllStandardOutput();
    for (const QByteArray &line : out.split('\n')) {
        if (!line.startsWith("UIDS"))
            continue;
        QList<quint32> uids;
        for (const QByteArray &number : line.mid(4).trimmed().split(' ')) {
            if (!number.isEmpty())
                uids.append(number.toUInt());
        }
        lists.append(uids);
    }
    return lists;
}

} // namespace magpie::testing
