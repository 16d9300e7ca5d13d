// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::server {

// The tokens of a client's IMAP command (RFC 3501 s4 and s9): atoms, quoted strings, literals,
// numbers, flags, dates, reading one whole command as ImapCommandReader cut it. A token that
// is not there returns nothing and leaves the position alone, so a caller may try another;
// a token that starts but is broken (an unterminated quoted string, a literal longer than the
// command) also records why, and the first such reason is the one reported.
class ImapLexer
{
public:
    explicit ImapLexer(QByteArrayView command);

    // Only the line end (CRLF, a bare LF, or nothing) is left.
    bool atEnd() const;
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    qsizetype position() const { return m_pos; }
    void rewind(qsizetype position) { m_pos = position; }
    // Consumes `c` if it is next.
    bool skip(char c);
    // Consumes `word` if it is next, in any case, and not followed by more atom characters.
    bool skipWord(QByteArrayView word);
    // Exactly one SP (RFC 3501 s9 note 2).
    bool space() { return skip(' '); }

    // tag = 1*<any ASTRING-CHAR except "+">
    std::optional<QByteArray> tag();
    std::optional<QByteArray> atom();
    std::optional<QByteArray> astring();
    std::optional<QByteArray> string();
    // string / NIL; NIL gives a null QByteArray.
    std::optional<QByteArray> nstring();
    // list-mailbox = 1*list-char / string: an astring that may hold "%" and "*".
    std::optional<QByteArray> listMailbox();
    // literal / literal8 (RFC 3516 s4.2), any bytes: APPEND's message.
    std::optional<QByteArray> messageLiteral();
    // A run of letters, digits, "." and "-": a FETCH item's name ("BODY.PEEK") or a section
    // specifier ("1.2.HEADER.FIELDS"), which unlike an atom stop at "[" and "<".
    QByteArrayView word();
    // The text up to the next SP, parenthesis or line end, for a sequence set; unchecked.
    QByteArrayView sequenceSetText();
    std::optional<quint32> number();
    std::optional<quint32> nzNumber();
    // RFC 9051 number64 (0 <= n <= 2^63 - 1), also mod-sequence values (RFC 7162).
    std::optional<qint64> number64();
    // flag = "\" atom / atom (RFC 3501 s9; \Recent is refused, it cannot be set).
    std::optional<QByteArray> flag();
    // flag-list = "(" [flag *(SP flag)] ")"
    std::optional<QList<QByteArray>> flagList();
    // date = date-text / DQUOTE date-text DQUOTE, "1-Feb-1994" (RFC 3501 s6.4.4).
    std::optional<QDate> date();
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    std::optional<QDateTime> dateTime();

    // A sentence for the BAD reply; the first one given wins.
    void fail(const QByteArray &message);
    // The same for a well-formed request the server cannot honour: the reply is NO.
    void refuse(const QByteArray &message);
    bool failed() const { return !m_error.isEmpty(); }
    bool refused() const { return m_refused; }
    const QByteArray &error() const { return m_error; }
    // A short, printable quote of the line from the position (or `from`), for error messages.
    QByteArray upcoming(qsizetype max = 20) const { return quote(m_pos, max); }
    QByteArray quote(qsizetype from, qsizetype max) const;

    static bool isAtomChar(char c);
    // Printable ASCII and at most `max` bytes, "..." marking a cut: safe inside a reply.
    static QByteArray printable(QByteArrayView text, qsizetype max = 40);

private:
    std::optional<QByteArray> token(bool (*allowed)(char));
    std::optional<QByteArray> quoted();
    std::optional<QByteArray> literal(bool allowLiteral8, bool allowNul);
    std::optional<int> month();
    std::optional<int> digits(int count);

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QByteArray m_error;
    bool m_refused = false;
};

} // namespace magpie::server
