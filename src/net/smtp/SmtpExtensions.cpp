// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpExtensions.h"

namespace magpie::smtp {

SmtpExtensions SmtpExtensions::fromEhloReply(const SmtpReply &reply)
{
    SmtpExtensions extensions;
    const QByteArrayList &lines = reply.lines();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        qsizetype end = 0;
        while (end < line.size() && line.at(end) != ' ' && line.at(end) != '=')
            ++end;
        QByteArray keyword = line.left(end).toUpper();
        if (end < line.size() && line.at(end) == '=')
            keyword += '='; // "AUTH=PLAIN LOGIN", kept apart from "AUTH"
        extensions.m_keywords.insert(keyword, line.mid(end + 1).trimmed());
    }
    return extensions;
}

bool SmtpExtensions::has(QByteArrayView keyword) const
{
    return m_keywords.contains(keyword.toByteArray().toUpper());
}

QByteArray SmtpExtensions::parameters(QByteArrayView keyword) const
{
    return m_keywords.value(keyword.toByteArray().toUpper());
}

QByteArrayList SmtpExtensions::authMechanisms() const
{
    QByteArrayList mechanisms;
    // "AUTH PLAIN LOGIN" (RFC 4954 s3) and the "AUTH=PLAIN LOGIN" that some servers still
    // send alongside it for clients older than the RFC.
    for (const char *keyword : { "AUTH", "AUTH=" }) {
        const auto it = m_keywords.constFind(QByteArray(keyword));
        if (it == m_keywords.cend())
            continue;
        for (const QByteArray &name : it->simplified().split(' ')) {
            const QByteArray upper = name.toUpper();
            if (!upper.isEmpty() && !mechanisms.contains(upper))
                mechanisms.append(upper);
        }
    }
    return mechanisms;
}

qint64 SmtpExtensions::sizeLimit() const
{
    const auto it = m_keywords.constFind(QByteArrayLiteral("SIZE"));
    if (it == m_keywords.cend())
        return -1;
    bool ok = false;
    const qint64 limit = it->toLongLong(&ok);
    return ok && limit > 0 ? limit : 0;
}

} // namespace magpie::smtp
