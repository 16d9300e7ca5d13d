// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapResponse.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <limits>
#include <optional>
#include <vector>

namespace magpie::imap {

// Reads IMAP values (RFC 3501 s4) from a framed response: its text with the literals cut out,
// and the literals, which are moved into the values that announced them. Part of
// ImapResponseParser (which frames the bytes and reads the response's structure).
//
// Speed matters here: a first sync reads some 100,000 FETCH responses of ENVELOPE and
// BODYSTRUCTURE, a few dozen values each. A list's elements are gathered on a scratch stack
// (one that the parser keeps from response to response, when it passes one) and moved into a
// list of the exact size, and the atoms and strings that recur in every response (FETCH item
// names, flags, MIME types and parameter names) share one static copy instead of allocating.
class ImapValueReader
{
public:
    // The short strings and atoms read lately, kept from response to response by the parser:
    // the names, mailboxes and hosts of ENVELOPE addresses, parameter values, line counts
    // recur message after message, and a shared copy costs no allocation. A fixed table, each
    // string in the one slot its hash picks, so it never grows and any input only misses.
    class RecentWords
    {
    public:
        QByteArray get(QByteArrayView bytes);

    private:
        static constexpr qsizetype slotCount = 2048;
        static constexpr qsizetype longest = 64;
        std::vector<QByteArray> m_slots;
    };

    explicit ImapValueReader(QByteArrayView text, QList<QByteArray> *literals = nullptr,
                             const QList<qsizetype> *literalAt = nullptr,
                             std::vector<ImapValue> *scratch = nullptr,
                             RecentWords *recent = nullptr)
        : m_text(text)
        , m_literals(literals)
        , m_literalAt(literalAt)
        , m_scratch(scratch ? scratch : &m_ownScratch)
        , m_recent(recent)
    { }
    ImapValueReader(const ImapValueReader &) = delete;
    ImapValueReader &operator=(const ImapValueReader &) = delete;

    qsizetype position() const { return m_pos; }
    void setPosition(qsizetype pos) { m_pos = pos; }
    bool atLineEnd() const
    {
        return m_pos >= m_text.size() || m_text[m_pos] == '\r' || m_text[m_pos] == '\n';
    }
    bool atDigit() const { return !atLineEnd() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9'; }
    // Servers put two spaces where one belongs, and one at the end of a line; both are let go.
    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
    }
    // Bytes up to the next space or line end (also '(' when `stopAtParenthesis`).
    QByteArrayView word(bool stopAtParenthesis = false)
    {
        const qsizetype from = m_pos;
        while (!atLineEnd() && m_text[m_pos] != ' ' && !(stopAtParenthesis && m_text[m_pos] == '('))
            ++m_pos;
        return m_text.sliced(from, m_pos - from);
    }
    // The rest of the current line, without its line end.
    QByteArrayView restOfLine()
    {
        const qsizetype from = m_pos;
        while (!atLineEnd())
            ++m_pos;
        return m_text.sliced(from, m_pos - from);
    }
    // Only a line end is left, and it is the last one.
    bool atEnd() const { return withoutLineEnd(m_text.sliced(m_pos)).isEmpty(); }

    std::optional<ImapValue> value(int depth = 0);
    // Why value() failed: a phrase for the sentence ImapResponseParser makes (translation
    // context magpie::imap::ImapResponseParser).
    const char *error() const { return m_error; }

    // Decimal digits as a number no larger than `max`; nothing for other bytes or overflow.
    static std::optional<quint64> parseNumber(QByteArrayView digits, quint64 max);
    static constexpr quint64 number64Max = quint64(std::numeric_limits<qint64>::max());
    static QByteArrayView withoutLineEnd(QByteArrayView line);
    static bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b);
    // `bytes` as a QByteArray; one shared static copy when it is a word that recurs in
    // responses ("FLAGS", "\Seen", "TEXT", "UTF-8", ...), so that it costs no allocation.
    static QByteArray common(QByteArrayView bytes);

private:
    std::optional<ImapValue> list(int depth);
    std::optional<ImapValue> quoted();
    std::optional<ImapValue> literal(bool binary);
    ImapValue atom();
    std::nullopt_t fail(const char *reason);
    // common(), else the recent copy when there is one.
    QByteArray shared(QByteArrayView bytes);

    QByteArrayView m_text;
    QList<QByteArray> *m_literals;
    const QList<qsizetype> *m_literalAt;
    // Elements of the lists being read, innermost last (see list()).
    std::vector<ImapValue> m_ownScratch;
    std::vector<ImapValue> *m_scratch;
    RecentWords *m_recent;
    qsizetype m_pos = 0;
    qsizetype m_nextLiteral = 0;
    // Between these there is no "]": spares rescanning the line for each "[" of "[[[[".
    qsizetype m_noBracketFrom = 0;
    qsizetype m_noBracketUntil = 0;
    const char *m_error = nullptr;
};

} // namespace magpie::imap
