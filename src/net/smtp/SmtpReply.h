// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace magpie::smtp {

// One SMTP reply (RFC 5321 s4.2): a three-digit code and one or more lines of text, with the
// enhanced status code of RFC 3463 / RFC 2034 ("5.1.1") when the server sends one.
//
// The first digit says what the client may do next (s4.2.1): 2 done, 3 go on (354, 334),
// 4 transient (try again later: the outbox retries), 5 permanent (retrying the same thing
// will fail the same way). Errors keep 4xx and 5xx apart for that reason.
class SmtpReply
{
public:
    SmtpReply() = default;
    // `lines`: the text after "250-" / "250 " of each line, as received (enhanced code kept).
    SmtpReply(int code, const QByteArrayList &lines);

    bool isValid() const { return m_code >= 200 && m_code <= 599; }
    int code() const { return m_code; }
    bool isPositive() const { return m_code / 100 == 2; } // 2yz
    bool isIntermediate() const { return m_code / 100 == 3; } // 3yz: 354, 334
    bool isTransient() const { return m_code / 100 == 4; } // 4yz
    bool isPermanent() const { return m_code / 100 == 5; } // 5yz

    // "5.1.1" when the first line starts with an enhanced status code whose class matches
    // the reply code's first digit (RFC 3463 s2, RFC 2034 s3); empty otherwise.
    QByteArray enhancedCode() const { return m_enhancedCode; }
    // The text of each line as the server sent it, after the code and separator.
    const QByteArrayList &lines() const { return m_lines; }
    // The lines' text without the enhanced code, joined by one space: for a person.
    QByteArray text() const;
    // Code, enhanced code and text: "550 5.1.1 mailbox unknown", what error messages quote.
    QByteArray summary() const;
    // The reply as it came on the wire ("250-a\r\n250 b\r\n"), for the protocol log.
    QByteArray toWire() const;

    friend bool operator==(const SmtpReply &a, const SmtpReply &b)
    {
        return a.m_code == b.m_code && a.m_lines == b.m_lines;
    }
    friend bool operator!=(const SmtpReply &a, const SmtpReply &b) { return !(a == b); }

private:
    int m_code = 0;
    QByteArrayList m_lines;
    QByteArray m_enhancedCode;
};

} // namespace magpie::smtp
