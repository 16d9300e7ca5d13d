// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QRandomGenerator>

namespace magpie::testing {

// Bytes drawn from the characters that drive a parser, plus controls and 8-bit ones, for the
// seeded random-input rows of the header parsers' tests.
inline QByteArray noise(QRandomGenerator &random, QByteArrayView alphabet, int maxLength)
{
    QByteArray out(random.bounded(maxLength + 1), Qt::Uninitialized);
    for (char &c : out)
        c = alphabet[random.bounded(int(alphabet.size()))];
    return out;
}

} // namespace magpie::testing
