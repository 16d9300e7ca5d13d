// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace magpie::mime {

// The header section of a message or body part (RFC 5322 s2.2, RFC 2045 s3): its fields in
// order, duplicates kept. Field values are slices of the message's bytes, which the block
// shares (QByteArray is implicitly shared), so parsing copies nothing.
class HeaderBlock
{
public:
    struct Field
    {
        QByteArrayView name;   // as written, e.g. "Content-Type"
        QByteArrayView folded; // the raw field body after the colon, folds still in it
    };

    HeaderBlock() = default;

    // Parses the header section of data[from, to). Returns the offset where the body starts
    // (after the empty line), or `to` when there is no body. Lines that are not fields are
    // skipped with a warning; an input that does not start with a field has no header at all
    // and its body starts at `from` (the caller decides what that means).
    qsizetype parse(const QByteArray &data, qsizetype from, qsizetype to);

    const QList<Field> &fields() const { return m_fields; }
    bool isEmpty() const { return m_fields.isEmpty(); }

    // The first field named `name` (case-insensitive), unfolded and with surrounding
    // whitespace removed; a null QByteArray when absent.
    QByteArray value(QByteArrayView name) const;
    // Every field named `name`, unfolded, in order.
    QList<QByteArray> values(QByteArrayView name) const;
    bool contains(QByteArrayView name) const;

    const QStringList &warnings() const { return m_warnings; }

private:
    QByteArray m_data; // keeps the viewed bytes alive
    QList<Field> m_fields;
    QStringList m_warnings;
};

} // namespace magpie::mime
