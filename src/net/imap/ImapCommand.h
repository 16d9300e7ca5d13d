// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/UidSet.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace magpie::imap {

// A typed encoder for one IMAP command (DESIGN.md: strings become atom, quoted or literal as
// needed; no input can inject a command). Arguments are appended in order, separated by one
// space; the tag is added when the session sends it.
//
//   ImapCommand(QByteArrayLiteral("LOGIN")).astring(user).secret(password)
//   ImapCommand(QByteArrayLiteral("UID FETCH")).sequence(uids).raw("(FLAGS ENVELOPE)")
//
// Invalid input (a NUL byte, CR or LF where only a quoted string could carry it and a
// literal is not allowed, a non-atom passed to atom()) makes the command invalid: the
// session fails the job with errorString() and sends nothing.
class ImapCommand
{
    Q_DECLARE_TR_FUNCTIONS(magpie::imap::ImapCommand)
public:
    explicit ImapCommand(QByteArrayView name);

    ImapCommand &atom(QByteArrayView atom); // checked against RFC 3501 s9 ATOM-CHAR
    ImapCommand &number(quint64 number);
    // astring (RFC 3501 s4.3): an atom when it is one, else quoted, else a literal; UTF-8.
    ImapCommand &astring(const QString &text);
    ImapCommand &string(QByteArrayView bytes); // quoted or literal, never an atom
    // A mailbox name: modified UTF-7 (RFC 3501 s5.1.3), or UTF-8 once UTF8=ACCEPT is enabled
    // (RFC 6855 s3); INBOX in any case is sent as INBOX.
    ImapCommand &mailbox(const QString &name, bool utf8Accepted = false);
    // Always a literal: APPEND's message. NUL bytes need literal8 (RFC 3516), used when
    // `binaryAllowed`; otherwise a NUL makes the command invalid.
    ImapCommand &literal(const QByteArray &bytes, bool binaryAllowed = false);
    // An astring that must not be logged (LOGIN's password): logged as "<redacted>".
    ImapCommand &secret(const QString &text);
    // Preformatted protocol syntax the caller built from typed parts: sequence sets, fetch
    // item lists "(FLAGS UID)", search keys. Checked for CR, LF and NUL only.
    ImapCommand &raw(QByteArrayView syntax);
    // A sequence set from typed UIDs or sequence numbers ("1:5,7"); an empty set is invalid
    // (RFC 3501 s9 sequence-set has at least one number).
    ImapCommand &sequence(const UidSet &set);
    // A parenthesized group whose members are typed arguments, as SEARCH keys need
    // ("NOT (FROM {5}\r\nalice SINCE 1-Feb-2026)", RFC 3501 s6.4.4): "(" is followed and ")"
    // preceded by no space. Every openList() needs its closeList().
    ImapCommand &openList();
    ImapCommand &closeList();

    bool isValid() const;
    QString errorString() const;

    // The bytes to send after "TAG ", split at synchronizing literals: every chunk but the
    // last ends with "{n}\r\n" and the next must wait for the server's "+" (RFC 3501 s7.5).
    // With `literalPlus` (LITERAL+ / LITERAL-, RFC 7888) literals are "{n+}" and there is one
    // chunk. The last chunk ends with CRLF.
    QByteArrayList chunks(const QByteArray &tag, bool literalPlus) const;
    // The size of the largest literal (0 without literals), for LITERAL- (RFC 7888 s4): only
    // literals of at most 4096 bytes may be non-synchronizing there.
    qsizetype largestLiteral() const;
    // The command as the protocol log shows it: secrets "<redacted>", literals "{N bytes}".
    QByteArray logText(const QByteArray &tag) const;

    QByteArray name() const { return m_name; }

private:
    struct Part
    {
        QByteArray bytes; // what is sent; for a literal, its content
        bool literal = false;
        bool binary = false; // literal8 (RFC 3516)
        bool secret = false; // never shown in logText()
        bool glued = false; // no space before it (after "(", before ")")
    };
    void append(Part part);
    void appendString(const QByteArray &bytes, bool atomAllowed, bool eightBitQuotable, bool secret,
                      const QString &what);
    void fail(const QString &why);

    QByteArray m_name;
    QList<Part> m_parts;
    QString m_errorString;
    int m_openLists = 0;
    bool m_glueNext = false;
};

} // namespace magpie::imap
