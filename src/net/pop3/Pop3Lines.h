// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace magpie::pop3 {

// Reassembles the lines of a short multi-line body (CAPA, LIST, UIDL: RFC 1939 s5, RFC 2449
// s5) from the parser's chunks, which end wherever a network read ended. Each listing line
// is short by the RFC (512 octets), so a longer one is cut off and marks the listing as not
// to be trusted (overflowed()), instead of growing without bound.
class Pop3Lines
{
public:
    explicit Pop3Lines(qsizetype maximumLineLength = 1000);

    // Adds a chunk; returns the lines it completed, without their CRLF or LF.
    QByteArrayList add(QByteArrayView chunk);
    // At the end of the body: a last line without a line end (tolerated), or an empty list.
    QByteArrayList finish();
    bool overflowed() const { return m_overflowed; }

private:
    QByteArray m_partial;
    qsizetype m_maximumLineLength;
    bool m_overflowed = false;
    bool m_skipping = false; // inside a line that is already too long
};

} // namespace magpie::pop3
