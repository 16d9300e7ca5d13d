// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/smtp/SmtpReply.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QMap>

namespace magpie::smtp {

// What a server's EHLO reply offers (RFC 5321 s4.1.1.1): the first line is its name, each
// further line an ehlo-keyword and its parameters ("SIZE 26214400", "AUTH PLAIN LOGIN").
// Keywords are kept upper-cased; lookups ignore case.
class SmtpExtensions
{
public:
    SmtpExtensions() = default;
    static SmtpExtensions fromEhloReply(const SmtpReply &reply);

    bool isEmpty() const { return m_keywords.isEmpty(); }
    bool has(QByteArrayView keyword) const;
    QByteArray parameters(QByteArrayView keyword) const;
    const QMap<QByteArray, QByteArray> &keywords() const { return m_keywords; }

    // AUTH mechanisms (RFC 4954 s3), upper-cased, also from the pre-standard "AUTH=" line.
    QByteArrayList authMechanisms() const;
    // SIZE (RFC 1870 s4): the largest message taken; 0 without a number ("no fixed limit");
    // -1 when SIZE is not offered.
    qint64 sizeLimit() const;

private:
    QMap<QByteArray, QByteArray> m_keywords;
};

} // namespace magpie::smtp
