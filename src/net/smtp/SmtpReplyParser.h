// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/smtp/SmtpReply.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::smtp {

// Turns the bytes a server sends into SmtpReplies, incrementally: feed() whatever arrived,
// then take next() until it has nothing. A reply may arrive split at any byte, and several
// (PIPELINING, RFC 2920) may arrive in one read.
//
// Grammar (RFC 5321 s4.2): *( code "-" [text] CRLF ) code [ SP text ] CRLF, the same code on
// every line. A bare LF ends a line too (servers that forget the CR); a CR elsewhere, a NUL,
// a line longer than maxLineLength(), a reply of more than maxLines() lines, a code that is
// not three digits from 200 to 599, a separator other than "-" or " ", or a code that
// changes within a reply make the stream malformed: the parser stops there for good, since
// nothing after it can be trusted to line up with the commands that were sent.
//
// The parser holds no more than one line plus the lines of the reply being read; it never
// takes a length from the server.
class SmtpReplyParser
{
public:
    // RFC 5321 s4.5.3.1.5 allows 512 octets per reply line; real servers send longer ones
    // (long EHLO keywords, verbose rejections), so the default is generous but bounded.
    static constexpr qsizetype kDefaultMaxLineLength = 4096;
    static constexpr int kDefaultMaxLines = 1000;

    explicit SmtpReplyParser(qsizetype maxLineLength = kDefaultMaxLineLength,
                             int maxLines = kDefaultMaxLines);

    void feed(QByteArrayView bytes);
    // The next complete reply, or nothing when more bytes are needed or the stream is
    // malformed (see hasError()).
    std::optional<SmtpReply> next();

    bool hasError() const { return !m_error.isEmpty(); }
    // A sentence naming what was wrong and quoting the offending line (escaped, shortened).
    QString errorString() const { return m_error; }

    // Bytes received that are not part of a reply returned yet.
    qsizetype bufferedSize() const;
    // Drops every byte not returned as a reply yet, and returns how many there were: after
    // the STARTTLS go-ahead nothing the server sent in plaintext may be read (RFC 3207 s4.2).
    qsizetype discardBuffered();
    // Back to the initial state: no bytes, no partial reply, no error.
    void reset();

    qsizetype maxLineLength() const { return m_maxLineLength; }
    int maxLines() const { return m_maxLines; }

    Q_DECLARE_TR_FUNCTIONS(magpie::smtp::SmtpReplyParser) // last: it ends in "private:"

private:
    void fail(const QString &why, QByteArrayView line);

    qsizetype m_maxLineLength;
    int m_maxLines;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // start of the first unread line in m_buffer
    int m_pendingCode = 0; // code of the multi-line reply being read, 0 when none
    QByteArrayList m_pendingLines;
    QString m_error;
};

} // namespace magpie::smtp
