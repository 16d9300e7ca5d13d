// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3Reply.h"

namespace magpie::pop3 {

namespace {

// "+OK" and "-ERR" are upper case in RFC 1939 s3; a few servers are lax about it.
bool startsWithStatus(QByteArrayView line, QByteArrayView status)
{
    if (line.size() < status.size()
        || line.first(status.size()).compare(status, Qt::CaseInsensitive) != 0)
        return false;
    return line.size() == status.size() || line.at(status.size()) == ' ';
}

QByteArrayView afterStatus(QByteArrayView line, qsizetype statusSize)
{
    return line.size() > statusSize ? line.sliced(statusSize + 1) : QByteArrayView();
}

} // namespace

bool Pop3Reply::hasCode(QByteArrayView responseCode) const
{
    return !code.isEmpty() && QByteArrayView(code).compare(responseCode, Qt::CaseInsensitive) == 0;
}

bool Pop3Reply::isTemporary() const
{
    return hasCode("IN-USE") || hasCode("LOGIN-DELAY") || hasCode("SYS/TEMP");
}

QString Pop3Reply::readableText() const
{
    QString readable = QString::fromUtf8(text.left(200));
    for (QChar &c : readable) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return readable;
}

Pop3Reply Pop3Reply::parse(QByteArrayView line)
{
    Pop3Reply reply;
    reply.line = line.toByteArray();
    QByteArrayView rest;
    if (startsWithStatus(line, "+OK")) {
        reply.status = Status::Ok;
        rest = afterStatus(line, 3);
    } else if (startsWithStatus(line, "-ERR")) {
        reply.status = Status::Err;
        rest = afterStatus(line, 4);
    } else if (startsWithStatus(line, "+")) {
        // RFC 5034 s4: "+" SP base64 challenge; some servers send a bare "+" for an empty one.
        reply.status = Status::Continuation;
        reply.text = afterStatus(line, 1).trimmed().toByteArray();
        return reply;
    } else {
        return reply; // Malformed
    }

    // RFC 2449 s8: resp-code = "[" resp-level *("/" resp-level) "]", right after the status.
    if (rest.startsWith('[')) {
        const qsizetype close = rest.indexOf(']');
        if (close > 1) {
            reply.code = rest.sliced(1, close - 1).toByteArray().toUpper();
            rest = rest.sliced(close + 1);
        }
    }
    reply.text = rest.trimmed().toByteArray();
    return reply;
}

} // namespace magpie::pop3
