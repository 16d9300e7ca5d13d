// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/UsersFile.h"

#include <QDir>
#include <QFile>

namespace magpie::server {

QString UsersFile::path(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("users"));
}

std::optional<QList<LocalUser>> UsersFile::parse(const QByteArray &bytes, const QString &fileName,
                                                 QStringList *errors)
{
    QList<LocalUser> users;
    bool ok = true;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        const QByteArray content = line.trimmed();
        if (content.isEmpty() || content.startsWith('#'))
            continue;
        QString why;
        const QString text = QString::fromUtf8(line);
        // Leading blanks are layout; trailing ones may be part of the password.
        qsizetype start = 0;
        while (start < text.size() && text.at(start).isSpace())
            ++start;
        if (auto user = LocalUser::parse(text.mid(start), &why)) {
            users << *user;
        } else {
            ok = false;
            if (errors)
                *errors << tr("%1 line %2: %3").arg(fileName).arg(i + 1).arg(why);
        }
    }
    if (!ok)
        return std::nullopt;
    return users;
}

std::optional<QList<LocalUser>> UsersFile::read(const QString &fileName, QStringList *errors)
{
    QFile file(fileName);
    if (!file.exists())
        return QList<LocalUser>();
    if (!file.open(QIODevice::ReadOnly)) {
        if (errors)
            *errors << tr("Cannot read %1: %2").arg(fileName, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), fileName, errors);
}

} // namespace magpie::server
