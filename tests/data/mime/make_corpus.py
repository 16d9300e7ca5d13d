#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes Magpie's MIME test corpus: corpus/NAME.eml and corpus/NAME.expected.json.

Every message is built here byte by byte (CRLF line ends in most, bare LF in some, as mail
stored on Unix has).  Every expectation is a literal value reasoned out from the RFCs and
docs/cli.md, or a length of a payload this script chose; nothing here parses mail, and the
`email` package is not used at all.  base64/binascii only ENCODE payloads chosen here.

    /usr/bin/python3 make_corpus.py           # regenerate corpus/ (deterministic)
    /usr/bin/python3 make_corpus.py --check   # only validate what is on disk

After writing, a validation pass re-reads every file: each .expected.json is valid JSON with
only the allowed keys, each warnings_contain keyword is one docs/cli.md lists, and the .eml
files hold the bytes intended (base64 payloads decode to the sizes claimed, part bodies whose
sizes are claimed sit where expected, charset samples decode to the texts claimed, and so on).
Standard library only.
"""

import base64
import binascii
import codecs
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')
CLI_MD = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'docs', 'cli.md'))

CRLF = b'\r\n'
LF = b'\n'

# The keywords docs/cli.md guarantees in warnings (checked against the file when present).
WARNING_WORDS = ['charset', 'boundary', 'base64', 'quoted-printable', 'uuencode', 'header',
                 'date', 'address', 'no header', 'empty']

EXACT_KEYS = {'subject', 'from', 'to', 'cc', 'reply_to', 'date', 'message_id', 'in_reply_to',
              'references', 'has_html', 'text'}
ARRAY_KEYS = {'parts', 'attachments'}
EXTRA_KEYS = {'text_contains', 'text_not_contains', 'warnings_contain', 'warnings_empty', 'about'}
PART_KEYS = {'path', 'content_type', 'charset', 'disposition', 'filename', 'content_id', 'size'}
ATTACHMENT_KEYS = {'filename', 'content_type', 'size'}
ADDRESS_KEYS = {'name', 'address'}

MIN_PER_GROUP = {'hdr': 25, 'addr': 20, 'date': 12, 'id': 6, 'ew': 20, 'param': 15, 'mime': 30,
                 'cte': 15, 'cs': 15, 'flowed': 6, 'html': 8, 'odd': 8}
SMALL_LIMIT = 20 * 1024
LARGE_LIMIT = 1024 * 1024
LARGE_ALLOWED = {'odd-1000-recipients', 'odd-large-attachment'}

# --------------------------------------------------------------------------------------------
# Building blocks


def B(x):
    """str -> UTF-8 bytes; bytes unchanged."""
    return x if isinstance(x, bytes) else x.encode('utf-8')


def lines(eol, *ls):
    """Each line ended by eol; a "\\n" inside a line (a fold) becomes eol too."""
    return b''.join(B(l).replace(b'\n', eol) + eol for l in ls)


def txt(eol, s):
    """Body text: "\\n" becomes eol."""
    return B(s).replace(b'\n', eol)


def entity(eol, headers, body=b''):
    """Header lines, the empty line, the body (bytes, used as is)."""
    return lines(eol, *headers) + eol + body


def multipart(eol, boundary, children, preamble=None, epilogue=b'', close=True):
    """RFC 2046 s5.1.1: [preamble CRLF] ("--" boundary CRLF child CRLF)* "--" boundary "--" CRLF
    epilogue.  The CRLF before each delimiter belongs to the delimiter, so each child's body
    ends exactly where its bytes end."""
    bb = B(boundary)
    out = b''
    if preamble is not None:
        out += txt(eol, preamble) + eol
    for child in children:
        out += b'--' + bb + eol + child + eol
    if close:
        out += b'--' + bb + b'--' + eol + epilogue
    return out


_pending = []   # checks registered while one message is built, taken by add()


def sz(data):
    """The size of a part body this script wrote as is (7bit/8bit/binary); registers a check
    that these bytes are in the message."""
    _pending.append(('contains', data))
    return len(data)


def b64(data, eol, width=76):
    """base64 of `data` in lines of `width` characters, each ended by eol; registers a check
    that the text is in the message and decodes back to len(data) bytes."""
    enc = base64.b64encode(data)
    out = b''.join(enc[i:i + width] + eol for i in range(0, len(enc), width))
    _pending.append(('b64', out, len(data)))
    return out


def charset_sample(data, codec, text):
    """Registers that `data` decodes with Python's `codec` to `text` (a cross-check of bytes
    written here as literals)."""
    _pending.append(('codec', data, codec, text))
    return data


def blob(n, seed):
    """n deterministic pseudo-random bytes (a linear congruential generator)."""
    out = bytearray()
    x = seed & 0xFFFFFFFF
    for _ in range(n):
        x = (1103515245 * x + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


def ew_b(label, data):
    """An RFC 2047 B encoded word."""
    return '=?%s?B?%s?=' % (label, base64.b64encode(data).decode('ascii'))


def mb(name, address):
    return {'name': name, 'address': address}


def pt(path, content_type, **kw):
    d = {'path': path, 'content_type': content_type}
    d.update(kw)
    return d


def att(filename, content_type, size):
    return {'filename': filename, 'content_type': content_type, 'size': size}


ALICE = mb('Alice Example', 'alice@example.com')
BOB = mb('Bob Example', 'bob@example.com')
CAROL = mb('Carol Example', 'carol@example.com')
DATE = 'Sun, 01 Mar 2026 14:05:09 +0100'
DATE_ISO = '2026-03-01T14:05:09+01:00'


def std(name, subject, *extra, frm='Alice Example <alice@example.com>',
        to='Bob Example <bob@example.com>', date=DATE, mime=True):
    """A plain, valid header block; `extra` lines follow MIME-Version."""
    h = ['From: ' + frm, 'To: ' + to]
    if subject is not None:
        h.append('Subject: ' + subject)
    h += ['Date: ' + date, 'Message-ID: <%s@corpus.magpie.example>' % name]
    if mime:
        h.append('MIME-Version: 1.0')
    return h + list(extra)


CORPUS = {}   # name -> (raw bytes, expectation, checks)


def add(name, raw, about, **exp):
    """Registers one message.  Keyword from_ stands for "from"."""
    assert name not in CORPUS, name
    assert isinstance(raw, bytes), name
    e = {'about': about}
    for k, v in exp.items():
        e['from' if k == 'from_' else k] = v
    CORPUS[name] = (raw, e, list(_pending))
    _pending.clear()


# A PDF-like and a PNG-like payload used as attachments.
PDF = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n' + blob(700, 1) + \
    b'\n%%EOF\n'
PNG = b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00' + \
    blob(300, 2) + b'\x00\x00\x00\x00IEND\xaeB`\x82'


# --------------------------------------------------------------------------------------------
# hdr-*: header block syntax (RFC 5322 s2.2, s2.2.3, s3.6, s4; RFC 6532)


def group_hdr():
    n = 'hdr-unfold-crlf'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Subject: This is a long subject\n that was folded\n\tonce with a tab',
                        'Date: ' + DATE,
                        'Message-ID: <%s@corpus.magpie.example>' % n],
                 txt(CRLF, 'Body.\n'))
    add(n, raw, 'A Subject folded with CRLF SP and CRLF TAB is unfolded by removing only the '
        'CRLFs, the whitespace stays (RFC 5322 s2.2.3).',
        subject='This is a long subject that was folded\tonce with a tab',
        from_=[ALICE], to=[BOB], date=DATE_ISO, message_id=n + '@corpus.magpie.example',
        text='Body.\n', warnings_empty=True)

    n = 'hdr-unfold-lf'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'To: Bob Example\n <bob@example.com>',
                      'Subject: Folded on Unix\n  with two spaces\n\tand a tab',
                      'Date: ' + DATE],
                 txt(LF, 'Stored with bare LF line ends.\n'))
    add(n, raw, 'Folds made of bare LF followed by whitespace (mail stored on Unix) unfold like '
        'CRLF folds (RFC 5322 s2.2.3).',
        subject='Folded on Unix  with two spaces\tand a tab', from_=[ALICE], to=[BOB],
        date=DATE_ISO, text='Stored with bare LF line ends.\n')

    n = 'hdr-unfold-whitespace-line'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Subject: first\n \n second',
                        'Date: ' + DATE],
                 txt(CRLF, 'The subject has a continuation line made only of a space.\n'))
    add(n, raw, 'A continuation line holding only whitespace is obsolete folding (obs-FWS, RFC '
        '5322 s4.2), not the end of the header: unfolding leaves "first" + SP + SP + "second".',
        subject='first  second', to=[BOB], date=DATE_ISO,
        text='The subject has a continuation line made only of a space.\n')

    n = 'hdr-unfold-whitespace-line-lf'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'Subject: alpha\n\t\n beta',
                      'To: Bob Example <bob@example.com>',
                      'Date: ' + DATE],
                 txt(LF, 'Body after a tab-only continuation line.\n'))
    add(n, raw, 'A tab-only continuation line with bare LF line ends is folding whitespace (RFC '
        '5322 s4.2), and the fields after it are still header fields.',
        subject='alpha\t beta', from_=[ALICE], to=[BOB], date=DATE_ISO,
        text='Body after a tab-only continuation line.\n')

    n = 'hdr-rfc5322-a63-obsolete-whitespace'
    raw = entity(CRLF, ['From  : John Doe <jdoe@machine(comment).  example>',
                        'To    : Mary Smith',
                        '  ',
                        '          <mary@example.net>',
                        'Subject     : Saying Hello',
                        'Date  : Fri, 21 Nov 1997 09(comment):   55  :  06 -0600',
                        'Message-ID  : <1234   @   local(blah)  .machine .example>'],
                 txt(CRLF, 'This is a message just to say hello.\nSo, "Hello".\n'))
    add(n, raw, 'RFC 5322 Appendix A.6.3 verbatim: spaces before the colons, a whitespace-only '
        'fold line in To, comments and spaces inside the address, date and message id (s4).',
        subject='Saying Hello', from_=[mb('John Doe', 'jdoe@machine.example')],
        to=[mb('Mary Smith', 'mary@example.net')], date='1997-11-21T09:55:06-06:00',
        message_id='1234@local.machine.example',
        text='This is a message just to say hello.\nSo, "Hello".\n')

    n = 'hdr-obs-space-before-colon'
    raw = entity(CRLF, ['From\t: Alice Example <alice@example.com>',
                        'To : Bob Example <bob@example.com>',
                        'Subject : Spaced colon',
                        'Date   : ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Whitespace between a field name and its colon is the obsolete field syntax '
        '(RFC 5322 s4.5, e.g. obs-subject = "Subject" *WSP ":" ...) and must still be read.',
        subject='Spaced colon', from_=[ALICE], to=[BOB], date=DATE_ISO, text='Hi.\n')

    n = 'hdr-obs-utext-controls'
    raw = entity(CRLF, [b'From: Alice Example <alice@example.com>',
                        b'Subject: Bell\x07 and delete\x7f inside',
                        b'Date: ' + B(DATE)], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Control characters in an unstructured field are obsolete text (RFC 5322 s4.1 '
        'obs-utext = %d0 / obs-NO-WS-CTL / VCHAR) and are kept as they are.',
        subject='Bell\x07 and delete\x7f inside', from_=[ALICE], date=DATE_ISO, text='Hi.\n')

    n = 'hdr-field-name-case'
    raw = entity(CRLF, ['fRoM: Alice Example <alice@example.com>',
                        'TO: Bob Example <bob@example.com>',
                        'SUBJECT: Field names in odd case',
                        'date: ' + DATE,
                        'message-id: <%s@corpus.magpie.example>' % n],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Field names are case-insensitive (RFC 5322 s1.2.2, ABNF strings per RFC 5234).',
        subject='Field names in odd case', from_=[ALICE], to=[BOB], date=DATE_ISO,
        message_id=n + '@corpus.magpie.example', text='Hi.\n', warnings_empty=True)

    n = 'hdr-no-space-after-colon'
    raw = entity(CRLF, ['From:alice@example.com', 'To:bob@example.com', 'Subject:tight',
                        'Date:' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'No space after the colon is valid (RFC 5322 s2.2: the body starts right after '
        '":"), and a bare addr-spec has no display name.',
        subject='tight', from_=[mb(None, 'alice@example.com')],
        to=[mb(None, 'bob@example.com')], date=DATE_ISO, text='Hi.\n', warnings_empty=True)

    n = 'hdr-tab-after-colon'
    raw = entity(CRLF, ['From:\tAlice Example <alice@example.com>', 'To:\tbob@example.com',
                        'Subject:\tTabbed', 'Date:\t' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A tab after the colon is leading whitespace of the field body and is removed '
        'from the subject (RFC 5322 s2.2, docs/cli.md subject).',
        subject='Tabbed', from_=[ALICE], to=[mb(None, 'bob@example.com')], date=DATE_ISO,
        warnings_empty=True)

    n = 'hdr-empty-subject'
    raw = entity(CRLF, std(n, '', mime=False), txt(CRLF, 'The subject field is present but '
                                                       'empty.\n'))
    # std() wrote "Subject: " with a trailing space: an empty unstructured value.
    add(n, raw, 'A Subject field with an empty body gives "" (not null: null is only for an '
        'absent field) (RFC 5322 s3.6.5, docs/cli.md subject).',
        subject='', from_=[ALICE], warnings_empty=True)

    n = 'hdr-blank-subject'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject:   \t ',
                        'Date: ' + DATE], txt(CRLF, 'Only whitespace in the subject.\n'))
    add(n, raw, 'A Subject holding only whitespace is present: trimmed it is "" (RFC 5322 '
        's3.6.5, docs/cli.md subject).', subject='', from_=[ALICE], date=DATE_ISO)

    n = 'hdr-subject-trim'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'Subject:    padded   subject \t  ', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Leading and trailing whitespace of the Subject is removed, inner runs of '
        'spaces are kept as they are (docs/cli.md subject).', subject='padded   subject')

    n = 'hdr-fold-empty-first-line'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'Subject:\n   continued on the next line', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A field whose body starts on a continuation line: unfolding leaves leading '
        'spaces that are then trimmed (RFC 5322 s2.2.3).',
        subject='continued on the next line', from_=[ALICE], date=DATE_ISO)

    n = 'hdr-duplicate-subject'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: The first one',
                        'To: Bob Example <bob@example.com>', 'Subject: The second one',
                        'Date: ' + DATE], txt(CRLF, 'Two Subject fields.\n'))
    add(n, raw, 'With two Subject fields (RFC 5322 s3.6 allows at most one) the first is '
        'used (docs/cli.md subject).', subject='The first one', to=[BOB])

    n = 'hdr-duplicate-to'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Subject: Two To fields',
                        'To: Carol Example <carol@example.com>, dave@example.com',
                        'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Several To fields (RFC 5322 s3.6 allows one) are concatenated in order '
        '(docs/cli.md to).', subject='Two To fields',
        to=[BOB, CAROL, mb(None, 'dave@example.com')], cc=[])

    n = 'hdr-duplicate-cc'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'Cc: Carol Example <carol@example.com>',
                      'To: Bob Example <bob@example.com>',
                      'Subject: Two Cc fields',
                      'Cc: dave@example.com,\n Erin <erin@example.com>',
                      'Date: ' + DATE], txt(LF, 'Hi.\n'))
    add(n, raw, 'Several Cc fields, the second folded, are concatenated in order (RFC 5322 '
        's3.6.3, docs/cli.md cc).', subject='Two Cc fields', to=[BOB],
        cc=[CAROL, mb(None, 'dave@example.com'), mb('Erin', 'erin@example.com')])

    n = 'hdr-missing-date'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>', 'Subject: No date here'],
                 txt(CRLF, 'This message has no Date field.\n'))
    add(n, raw, 'A message without the (mandatory, RFC 5322 s3.6) Date field gives date null.',
        subject='No date here', date=None, from_=[ALICE], to=[BOB],
        text='This message has no Date field.\n')

    n = 'hdr-missing-from'
    raw = entity(CRLF, ['To: Bob Example <bob@example.com>', 'Subject: No sender',
                        'Date: ' + DATE], txt(CRLF, 'This message has no From field.\n'))
    add(n, raw, 'A message without the (mandatory, RFC 5322 s3.6) From field gives from [].',
        subject='No sender', from_=[], to=[BOB], date=DATE_ISO, reply_to=[],
        text='This message has no From field.\n')

    n = 'hdr-missing-subject'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>', 'Date: ' + DATE],
                 txt(CRLF, 'This message has no Subject field.\n'))
    add(n, raw, 'Without a Subject field (optional, RFC 5322 s3.6.5) subject is null, not "".',
        subject=None, from_=[ALICE], to=[BOB], date=DATE_ISO, warnings_empty=True)

    n = 'hdr-missing-all-fields'
    body = txt(CRLF, 'Only MIME fields in the header.\n')
    raw = entity(CRLF, ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii'], body)
    add(n, raw, 'A header with no originator, destination, date, subject or id fields gives '
        'null and empty values everywhere (RFC 5322 s3.6, docs/cli.md).',
        subject=None, from_=[], to=[], cc=[], reply_to=[], date=None, message_id=None,
        in_reply_to=None, references=[], text='Only MIME fields in the header.\n',
        parts=[pt('1', 'text/plain', charset='us-ascii', disposition=None, filename=None,
                  content_id=None, size=sz(body))])

    n = 'hdr-utf8-subject'
    raw = entity(CRLF, std(n, 'Grüße aus München ✓ — 日本語'),
                 txt(CRLF, 'The subject is raw UTF-8.\n'))
    add(n, raw, 'Raw UTF-8 in an unstructured header field is valid (RFC 6532 s3.2) and is read '
        'as UTF-8 without a warning.', subject='Grüße aus München ✓ — 日本語', from_=[ALICE],
        date=DATE_ISO, warnings_empty=True)

    n = 'hdr-utf8-folded'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'Subject: Привет,\n мир! Это длинная\n\tтема',
                      'Date: ' + DATE], txt(LF, 'Folded UTF-8.\n'))
    add(n, raw, 'A raw UTF-8 Subject (RFC 6532) folded with bare LF between words unfolds to '
        'the same text with the fold whitespace kept (RFC 5322 s2.2.3).',
        subject='Привет, мир! Это длинная\tтема', from_=[ALICE])

    n = 'hdr-latin1-subject'
    raw = entity(CRLF, [b'From: Alice Example <alice@example.com>',
                        b'Subject: Caf\xe9 cr\xe8me',
                        b'Date: ' + B(DATE)], txt(CRLF, 'The subject has raw Latin-1 bytes.\n'))
    add(n, raw, 'Raw 8-bit bytes in a header that are not UTF-8 (here ISO-8859-1) are repaired '
        'with a warning mentioning "header" (docs/cli.md), read as Latin-1/windows-1252.',
        subject='Café crème', from_=[ALICE], warnings_contain=['header'])

    n = 'hdr-invalid-utf8-subject'
    raw = entity(CRLF, [b'From: Alice Example <alice@example.com>',
                        b'To: Bob Example <bob@example.com>',
                        b'Subject: broken \xc3\x28 sequence',
                        b'Date: ' + B(DATE)], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A header with an invalid UTF-8 sequence (C3 28) is 8-bit data that is not '
        'UTF-8: a "header" warning, and the other fields still parse (RFC 6532 s3).',
        from_=[ALICE], to=[BOB], date=DATE_ISO, warnings_contain=['header'])

    n = 'hdr-no-colon-line'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'This line is not a header field',
                        'Subject: After the bad line',
                        'Date: ' + DATE], txt(CRLF, 'Body.\n'))
    add(n, raw, 'A line without a colon in the middle of the header block is not a field (RFC '
        '5322 s2.2): a "header" warning, and the fields after it are still read.',
        from_=[ALICE], to=[BOB], subject='After the bad line', date=DATE_ISO,
        warnings_contain=['header'])

    n = 'hdr-no-colon-line-lf'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      '>>garbage-without-colon',
                      'To: Bob Example <bob@example.com>',
                      'Subject: Bare LF and a bad line',
                      'Date: ' + DATE], txt(LF, 'Body.\n'))
    add(n, raw, 'A non-field line (no colon) between From and To, bare LF line ends: a '
        '"header" warning, later fields kept (RFC 5322 s2.2).',
        from_=[ALICE], to=[BOB], subject='Bare LF and a bad line', date=DATE_ISO,
        warnings_contain=['header'])

    n = 'hdr-trace-and-unknown-fields'
    raw = entity(CRLF, ['Return-Path: <alice@example.com>',
                        'Received: from mail.example.com (mail.example.com [192.0.2.1])\n\tby '
                        'mx.example.org with ESMTPS id 4AbCdE\n\tfor <bob@example.com>; Sun, '
                        '01 Mar 2026 13:05:12 +0000',
                        'Received: from [198.51.100.7] by mail.example.com;\n Sun, 1 Mar 2026 '
                        '14:05:10 +0100',
                        'DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel;\n\t'
                        'h=from:to:subject:date; bh=AAAA; b=BBBB',
                        'X-Mailer: Corpus 1.0',
                        'X-Empty:',
                        'X-Spam-Status: No, score=-1.0',
                        'From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Subject: Trace fields first',
                        'Date: ' + DATE,
                        'Message-ID: <%s@corpus.magpie.example>' % n,
                        'List-Id: Corpus <corpus.lists.example.org>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Trace fields (Received with dates of their own), DKIM, X- and an empty field '
        'before the originator fields change nothing (RFC 5322 s3.6, s3.6.7, s3.6.8).',
        subject='Trace fields first', from_=[ALICE], to=[BOB], date=DATE_ISO,
        message_id=n + '@corpus.magpie.example', text='Hi.\n', warnings_empty=True)

    n = 'hdr-body-looks-like-header'
    body = 'Subject: not the subject\nFrom: mallory@example.net\n\nDate: yesterday\n'
    raw = entity(CRLF, std(n, 'The real subject', mime=False), txt(CRLF, body))
    add(n, raw, 'Lines after the empty line are body even when they look like fields (RFC 5322 '
        's2.1).', subject='The real subject', from_=[ALICE], date=DATE_ISO, text=body,
        warnings_empty=True)

    n = 'hdr-mixed-line-ends'
    raw = (b'From: Alice Example <alice@example.com>\r\n'
           b'To: Bob Example <bob@example.com>\n'
           b'Subject: Mixed\r\n line ends\n\there\r\n'
           b'Date: ' + B(DATE) + b'\n'
           b'\r\n'
           b'Body line one.\r\nBody line two.\n')
    add(n, raw, 'CRLF and bare LF mixed in one header block (a message edited on Unix): every '
        'line end and fold is recognised (RFC 5322 s2.2.3); body line ends become "\\n".',
        from_=[ALICE], to=[BOB], subject='Mixed line ends\there', date=DATE_ISO,
        text='Body line one.\nBody line two.\n')

    n = 'hdr-long-folded-subject'
    words = ['word%02d' % i for i in range(40)]
    folded = 'Subject: ' + ' '.join(words[:10]) + '\n ' + ' '.join(words[10:20]) + '\n ' + \
        ' '.join(words[20:30]) + '\n\t' + ' '.join(words[30:])
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', folded, 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A 279-character Subject folded over four lines keeps every word with the '
        'folding whitespace (RFC 5322 s2.2.3, s2.1.1 line length).',
        subject=' '.join(words[:30]) + '\t' + ' '.join(words[30:]), from_=[ALICE])

    n = 'hdr-utf8-all-fields'
    raw = entity(CRLF, ['From: Jörg Müller <joerg@example.de>',
                        'To: Zoë Ångström <zoe@example.se>, 山田太郎 <taro@example.jp>',
                        'Subject: Übermorgen: Café?',
                        'Date: ' + DATE,
                        'Content-Type: text/plain; charset=utf-8',
                        'Content-Transfer-Encoding: 8bit', 'MIME-Version: 1.0'],
                 txt(CRLF, 'Schöne Grüße\n'))
    add(n, raw, 'RFC 6532 message: raw UTF-8 display names and subject, UTF-8 body (8bit); all '
        'valid, no warnings.', subject='Übermorgen: Café?',
        from_=[mb('Jörg Müller', 'joerg@example.de')],
        to=[mb('Zoë Ångström', 'zoe@example.se'), mb('山田太郎', 'taro@example.jp')],
        text='Schöne Grüße\n', warnings_empty=True)


# --------------------------------------------------------------------------------------------
# addr-*: address lists (RFC 5322 s3.4, s4.4; RFC 2047 s5; RFC 6532; IDNA A-labels)

WEEKDAYS = []   # (weekday, year, month, day) of every dated example, checked by validate()


def wd(name, y, m, d):
    WEEKDAYS.append((name, y, m, d))


def group_addr():
    n = 'addr-basic'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'To: bob@example.com',
                        'Cc: <carol@example.com>', 'Subject: Three address forms',
                        'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'name-addr, bare addr-spec and angle-addr without a name (RFC 5322 s3.4): a '
        'mailbox without display name has name null.',
        from_=[ALICE], to=[mb(None, 'bob@example.com')], cc=[mb(None, 'carol@example.com')],
        reply_to=[], warnings_empty=True)

    n = 'addr-rfc5322-a12-mailboxes'
    wd('Tue', 2003, 7, 1)
    raw = entity(CRLF, ['From: "Joe Q. Public" <john.q.public@example.com>',
                        'To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>',
                        'Cc: <boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>',
                        'Date: Tue, 1 Jul 2003 10:52:37 +0200',
                        'Message-ID: <5678.21-Nov-1997@example.com>'],
                 txt(CRLF, 'Hi everyone.\n'))
    add(n, raw, 'RFC 5322 Appendix A.1.2 verbatim: quoted display names with "." and with '
        'quoted-pairs and ";", an atom name with "?", mailboxes without names.',
        from_=[mb('Joe Q. Public', 'john.q.public@example.com')],
        to=[mb('Mary Smith', 'mary@x.test'), mb(None, 'jdoe@example.org'),
            mb('Who?', 'one@y.test')],
        cc=[mb(None, 'boss@nil.test'), mb('Giant; "Big" Box', 'sysservices@example.net')],
        date='2003-07-01T10:52:37+02:00', message_id='5678.21-Nov-1997@example.com',
        subject=None, text='Hi everyone.\n', warnings_empty=True)

    n = 'addr-rfc5322-a13-group'
    wd('Thu', 1969, 2, 13)
    raw = entity(CRLF, ['From: Pete <pete@silly.example>',
                        'To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;',
                        'Cc: Undisclosed recipients:;',
                        'Date: Thu, 13 Feb 1969 23:32:54 -0330',
                        'Message-ID: <testabcd.1234@silly.example>'],
                 txt(CRLF, 'Testing.\n'))
    add(n, raw, 'RFC 5322 Appendix A.1.3 verbatim: a group is flattened to its three members, '
        'an empty group gives no mailbox (s3.4, docs/cli.md).',
        from_=[mb('Pete', 'pete@silly.example')],
        to=[mb('Ed Jones', 'c@a.test'), mb(None, 'joe@where.test'),
            mb('John', 'jdoe@one.test')],
        cc=[], date='1969-02-13T23:32:54-03:30', message_id='testabcd.1234@silly.example',
        warnings_empty=True)

    n = 'addr-rfc5322-a5-comments'
    raw = entity(CRLF, ['From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>',
                        'To:A Group(Some people)\n     :Chris Jones <c@(Chris\'s host.)public.'
                        'example>,\n         joe@example.org,\n  John <jdoe@one.test> (my dear '
                        'friend); (the end of the group)',
                        'Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;',
                        'Date: Thu,\n      13\n        Feb\n          1969\n      23:32\n'
                        '               -0330 (Newfoundland Time)',
                        'Message-ID:              <testabcd.1234@silly.test>'],
                 txt(CRLF, 'Testing.\n'))
    add(n, raw, 'RFC 5322 Appendix A.5 verbatim: comments (nested, with quoted-pairs) and '
        'folding everywhere in addresses, a group, an empty group, a folded date without '
        'seconds; all semantically ignored (s3.2.2).',
        from_=[mb('Pete', 'pete@silly.test')],
        to=[mb('Chris Jones', 'c@public.example'), mb(None, 'joe@example.org'),
            mb('John', 'jdoe@one.test')],
        cc=[], date='1969-02-13T23:32:00-03:30', message_id='testabcd.1234@silly.test',
        text='Testing.\n')

    n = 'addr-rfc5322-a61-obsolete'
    raw = entity(CRLF, ['From: Joe Q. Public <john.q.public@example.com>',
                        'To: Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example',
                        'Date: Tue, 1 Jul 2003 10:52:37 +0200',
                        'Message-ID: <5678.21-Nov-1997@example.com>'],
                 txt(CRLF, 'Hi everyone.\n'))
    add(n, raw, 'RFC 5322 Appendix A.6.1 verbatim: unquoted "." in a name (obs-phrase), a '
        'source route, an empty list element, spaces around "." in a domain (s4.4).',
        from_=[mb('Joe Q. Public', 'john.q.public@example.com')],
        to=[mb('Mary Smith', 'mary@example.net'), mb(None, 'jdoe@test.example')],
        date='2003-07-01T10:52:37+02:00')

    n = 'addr-reply-to-quoted-colon'
    wd('Fri', 1997, 11, 21)
    raw = entity(CRLF, ['From: Mary Smith <mary@example.net>',
                        'To: John Doe <jdoe@machine.example>',
                        'Reply-To: "Mary Smith: Personal Account" <smith@home.example>',
                        'Subject: Re: Saying Hello',
                        'Date: Fri, 21 Nov 1997 10:01:10 -0600',
                        'Message-ID: <3456@example.net>',
                        'In-Reply-To: <1234@local.machine.example>',
                        'References: <1234@local.machine.example>'],
                 txt(CRLF, 'This is a reply to your hello.\n'))
    add(n, raw, 'RFC 5322 Appendix A.2 reply verbatim: Reply-To whose quoted name holds a colon '
        '(not a group, s3.4), In-Reply-To and References (s3.6.4).',
        from_=[mb('Mary Smith', 'mary@example.net')], to=[mb('John Doe', 'jdoe@machine.example')],
        reply_to=[mb('Mary Smith: Personal Account', 'smith@home.example')],
        subject='Re: Saying Hello', date='1997-11-21T10:01:10-06:00', message_id='3456@example.net',
        in_reply_to='1234@local.machine.example', references=['1234@local.machine.example'],
        warnings_empty=True)

    n = 'addr-reply-to-list'
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'To: Corpus List <corpus@lists.example.org>',
                      'Reply-To: Corpus List <corpus@lists.example.org>,\n Alice Example '
                      '<alice@example.com>',
                      'Subject: Reply to both', 'Date: ' + DATE], txt(LF, 'Hi.\n'))
    add(n, raw, 'Reply-To with two mailboxes folded over two lines (RFC 5322 s3.6.2).',
        reply_to=[mb('Corpus List', 'corpus@lists.example.org'), ALICE],
        to=[mb('Corpus List', 'corpus@lists.example.org')], from_=[ALICE])

    n = 'addr-undisclosed-recipients'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: undisclosed-recipients:;', 'Subject: Bcc only', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'The empty group "undisclosed-recipients:;" gives no mailbox (RFC 5322 s3.4).',
        to=[], cc=[], from_=[ALICE], warnings_empty=True)

    n = 'addr-group-then-mailbox'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Team: alice@example.com, Bob Example <bob@example.com>;, '
                        'dave@example.com',
                        'Subject: Group and mailbox', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'An address-list holding a group and then a plain mailbox: the group is '
        'flattened, the order kept (RFC 5322 s3.4).',
        to=[mb(None, 'alice@example.com'), BOB, mb(None, 'dave@example.com')],
        warnings_empty=True)

    n = 'addr-groups-empty-and-full'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Cc: Nobody:;, Friends: Carol Example <carol@example.com>,\n'
                        '  "Dave D." <dave@example.com>;, Also empty: ;',
                        'Subject: Several groups', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Cc with an empty group, a group of two and another empty group (RFC 5322 '
        's3.4): only the two members remain.',
        cc=[CAROL, mb('Dave D.', 'dave@example.com')], to=[BOB], warnings_empty=True)

    n = 'addr-quoted-escapes'
    raw = entity(CRLF, ['From: "Doe, John \\"JD\\"" <jd@example.com>',
                        'To: "back\\\\slash" <bs@example.com>, "a,b;c:d<e>f@g" <odd@example.com>',
                        'Subject: Quoted names', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Quoted display names with commas, escaped quotes and backslashes, and every '
        'special inside quotes; quoted-pairs are unescaped (RFC 5322 s3.2.4).',
        from_=[mb('Doe, John "JD"', 'jd@example.com')],
        to=[mb('back\\slash', 'bs@example.com'), mb('a,b;c:d<e>f@g', 'odd@example.com')],
        warnings_empty=True)

    n = 'addr-comment-after-name'
    raw = entity(CRLF, ['From: Alice Example (work) <alice@example.com>',
                        'To: Bob Example <bob(his account)@example.com> (office)',
                        'Subject: Comments', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Comments after a display name, inside the local part and after the address '
        'are not part of the name or address (RFC 5322 s3.2.2, s3.4).',
        from_=[ALICE], to=[BOB])

    n = 'addr-comment-as-name'
    raw = entity(CRLF, ['From: alice@example.com (Alice Example)',
                        'To: bob@example.com', 'Subject: Old style name', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'The old "addr (Name)" form: with no display name the comment is taken as the '
        'name (RFC 5322 s3.2.2 comment; the rule of src/mime/Mailbox.h, not stated in '
        'docs/cli.md).', from_=[ALICE], to=[mb(None, 'bob@example.com')])

    n = 'addr-encoded-word-names'
    raw = entity(CRLF, ['From: =?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@example.be>',
                        'To: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>',
                        'Cc: ' + ew_b('utf-8', 'Zoë Ångström'.encode('utf-8')) +
                        ' <zoe@example.se>',
                        'Subject: Encoded names', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Encoded words as display names (RFC 2047 s5(3), s8 "Andr=E9 Pirard"): Q in '
        'ISO-8859-1 followed by plain text, Q in UTF-8 with "_" for space, B in UTF-8.',
        from_=[mb('André Pirard', 'pirard@example.be')],
        to=[mb('Jörg Müller', 'joerg@example.de')], cc=[mb('Zoë Ångström', 'zoe@example.se')],
        warnings_empty=True)

    n = 'addr-encoded-words-adjacent'
    raw = entity(LF, ['From: =?US-ASCII?Q?Keith_Moore?= <moore@example.edu>',
                      'To: =?utf-8?Q?Fran=C3=A7ois?= =?utf-8?Q?_Dupont?= <fd@example.fr>,\n'
                      ' =?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@example.se>',
                      'Subject: Adjacent encoded words', 'Date: ' + DATE], txt(LF, 'Hi.\n'))
    add(n, raw, 'Whitespace between two adjacent encoded words in a name is dropped while an '
        'encoded "_" space is kept (RFC 2047 s6.2, s8 examples).',
        from_=[mb('Keith Moore', 'moore@example.edu')],
        to=[mb('François Dupont', 'fd@example.fr'), mb('Olle Järnefors', 'ojarnef@example.se')])

    n = 'addr-utf8-names'
    raw = entity(CRLF, ['From: Jörg Müller <joerg@example.de>',
                        'To: "Иванова, Ирина" <irina@example.ru>, 山田 太郎 <taro@example.jp>',
                        'Subject: Raw UTF-8 names', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Raw UTF-8 display names, atoms and a quoted string with a comma (RFC 6532 '
        's3.2): read as UTF-8, no warning.',
        from_=[mb('Jörg Müller', 'joerg@example.de')],
        to=[mb('Иванова, Ирина', 'irina@example.ru'), mb('山田 太郎', 'taro@example.jp')],
        warnings_empty=True)

    n = 'addr-utf8-addresses'
    raw = entity(CRLF, ['From: José <josé@example.com>',
                        'To: 用户@例子.广告', 'Subject: UTF-8 addresses', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'UTF-8 in local parts and in a domain (RFC 6532 s3.2 extends atext): addresses '
        'come out as written.', from_=[mb('José', 'josé@example.com')],
        to=[mb(None, '用户@例子.广告')], warnings_empty=True)

    n = 'addr-idn-punycode'
    _pending.append(('idn', 'xn--mnchen-3ya', 'münchen'))
    _pending.append(('idn', 'xn--bcher-kva', 'bücher'))
    raw = entity(CRLF, ['From: Max Mustermann <max@xn--mnchen-3ya.de>',
                        'To: u@xn--bcher-kva.example', 'Subject: IDN', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Domains with xn-- A-labels (IDNA/RFC 3492) are given in Unicode (docs/cli.md '
        'from/to: IDN domains in Unicode).',
        from_=[mb('Max Mustermann', 'max@münchen.de')], to=[mb(None, 'u@bücher.example')])

    n = 'addr-idn-multi-label'
    _pending.append(('idn', 'xn--r8jz45g', '例え'))
    _pending.append(('idn', 'xn--zckzah', 'テスト'))
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'To: Test <x@mail.xn--r8jz45g.xn--zckzah>, plain@example.com',
                      'Subject: IDN labels', 'Date: ' + DATE], txt(LF, 'Hi.\n'))
    add(n, raw, 'Only the xn-- labels of a domain are converted, other labels and other '
        'addresses stay (IDNA, docs/cli.md).',
        to=[mb('Test', 'x@mail.例え.テスト'), mb(None, 'plain@example.com')])

    n = 'addr-many-folded'
    names = ['user%02d' % i for i in range(1, 13)]
    to = 'To: ' + ',\n\t'.join('%s Person <%s@example.com>' % (u.capitalize(), u)
                               for u in names)
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', to,
                        'Subject: Twelve recipients', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Twelve recipients folded one per line with CRLF TAB (RFC 5322 s2.2.3, s3.4).',
        to=[mb('%s Person' % u.capitalize(), '%s@example.com' % u) for u in names],
        warnings_empty=True)

    n = 'addr-many-folded-lf'
    cc_names = ['cc%d' % i for i in range(1, 9)]
    cc = 'Cc: ' + ', '.join('"%s, Member" <%s@example.org>' % (c.upper(), c)
                            for c in cc_names[:3]) + ',\n ' + \
        ', '.join('%s@example.org' % c for c in cc_names[3:6]) + ',\n    ' + \
        ', '.join('<%s@example.org>' % c for c in cc_names[6:])
    raw = entity(LF, ['From: Alice Example <alice@example.com>',
                      'To: Bob Example <bob@example.com>', cc,
                      'Subject: Folded Cc', 'Date: ' + DATE], txt(LF, 'Hi.\n'))
    add(n, raw, 'Eight Cc recipients in three forms folded with bare LF (RFC 5322 s3.4).',
        to=[BOB],
        cc=[mb('%s, Member' % c.upper(), '%s@example.org' % c) for c in cc_names[:3]] +
        [mb(None, '%s@example.org' % c) for c in cc_names[3:]])

    n = 'addr-garbage'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: this is not an address at all',
                        'Subject: Garbage in To', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A To field with no address in it (RFC 5322 s3.4 does not match) gives a '
        'warning mentioning "address"; the rest of the message is read.',
        from_=[ALICE], subject='Garbage in To', date=DATE_ISO, warnings_contain=['address'])

    n = 'addr-garbage-mixed'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: Bob Example <bob@example.com>',
                        'Cc: <<<>>>, @, "unterminated',
                        'Subject: Garbage in Cc', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Broken angle brackets, a lone "@" and an unterminated quoted string in Cc '
        'give an "address" warning; the valid To is unaffected (RFC 5322 s3.4).',
        from_=[ALICE], to=[BOB], subject='Garbage in Cc', warnings_contain=['address'])

    n = 'addr-empty-list-elements'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: , bob@example.com,, carol@example.com,',
                        'Subject: Empty elements', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Empty elements in an address list are obsolete syntax to tolerate (RFC 5322 '
        's4.4 obs-addr-list): the two real mailboxes remain.',
        to=[mb(None, 'bob@example.com'), mb(None, 'carol@example.com')])

    n = 'addr-from-several-mailboxes'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>, Bob Example <bob@example.com>',
                        'Sender: Alice Example <alice@example.com>',
                        'To: carol@example.com', 'Subject: Two authors', 'Date: ' + DATE],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'From with two mailboxes (allowed with a Sender field, RFC 5322 s3.6.2).',
        from_=[ALICE, BOB], to=[mb(None, 'carol@example.com')], warnings_empty=True)

    n = 'addr-angle-spaces'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To:   < bob@example.com >', 'Subject: Spaces in brackets',
                        'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Whitespace inside angle brackets around the addr-spec is CFWS (RFC 5322 '
        's3.4.1) and is not part of the address.', to=[mb(None, 'bob@example.com')])

    n = 'addr-atom-specials'
    raw = entity(CRLF, ["From: Mary O'Brien <mob@example.ie>",
                        "To: Ann-Marie d'Arc <adarc@example.fr>, first.last+tag@example.com,\n"
                        " {braces}&more <brace_s@example.com>",
                        'Subject: Atom characters', 'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Names and local parts made of atext characters such as \' - + { } & _ (RFC '
        '5322 s3.2.3) need no quotes.',
        from_=[mb("Mary O'Brien", 'mob@example.ie')],
        to=[mb("Ann-Marie d'Arc", 'adarc@example.fr'), mb(None, 'first.last+tag@example.com'),
            mb('{braces}&more', 'brace_s@example.com')], warnings_empty=True)


# --------------------------------------------------------------------------------------------
# date-*: the Date field (RFC 5322 s3.3 and s4.3)


def group_date():
    def dated(n, value, about, iso, eol=CRLF, warn=None):
        raw = entity(eol, ['From: Alice Example <alice@example.com>',
                           'To: Bob Example <bob@example.com>',
                           'Subject: Date test ' + n, 'Date: ' + value], txt(eol, 'Hi.\n'))
        exp = {'date': iso, 'subject': 'Date test ' + n}
        if warn:
            exp['warnings_contain'] = [warn]
        add(n, raw, about, **exp)

    wd('Sun', 2026, 3, 1)
    dated('date-rfc5322', 'Sun, 01 Mar 2026 14:05:09 +0100',
          'The RFC 5322 s3.3 form comes out as ISO 8601 with its own offset (docs/cli.md).',
          '2026-03-01T14:05:09+01:00')
    wd('Tue', 2026, 3, 3)
    dated('date-negative-half-hour', 'Tue, 3 Mar 2026 09:00:00 -0330',
          'A one-digit day and a negative offset with minutes (RFC 5322 s3.3 zone).',
          '2026-03-03T09:00:00-03:30', eol=LF)
    dated('date-positive-offset-0545', 'Tue, 3 Mar 2026 23:59:59 +0545',
          'An offset of +05:45 is kept as written, not converted to UTC (RFC 5322 s3.3).',
          '2026-03-03T23:59:59+05:45')
    wd('Mon', 2026, 3, 2)
    dated('date-obs-zone-est', 'Mon, 2 Mar 2026 08:30:00 EST',
          'Obsolete zone EST is -0500 (RFC 5322 s4.3).', '2026-03-02T08:30:00-05:00')
    wd('Fri', 2026, 7, 17)
    dated('date-obs-zone-pdt', 'Fri, 17 Jul 2026 16:45:12 PDT',
          'Obsolete zone PDT is -0700 (RFC 5322 s4.3).', '2026-07-17T16:45:12-07:00')
    dated('date-obs-zone-cdt', 'Fri, 17 Jul 2026 16:45:12 CDT',
          'Obsolete zone CDT is -0500 (RFC 5322 s4.3).', '2026-07-17T16:45:12-05:00', eol=LF)
    dated('date-obs-zone-gmt', 'Mon, 2 Mar 2026 08:30:00 GMT',
          'Obsolete zone GMT is +0000, written "+00:00" (RFC 5322 s4.3, docs/cli.md).',
          '2026-03-02T08:30:00+00:00')
    dated('date-obs-zone-ut', 'Mon, 2 Mar 2026 08:30:00 UT',
          'Obsolete zone UT is +0000 (RFC 5322 s4.3).', '2026-03-02T08:30:00+00:00')
    dated('date-military-zone', 'Mon, 2 Mar 2026 08:30:00 A',
          'A one-letter military zone is taken as -0000 (RFC 5322 s4.3), i.e. "+00:00".',
          '2026-03-02T08:30:00+00:00')
    dated('date-unknown-alpha-zone', 'Mon, 2 Mar 2026 08:30:00 CET',
          'An alphabetic zone of unknown meaning is taken as -0000 (RFC 5322 s4.3), i.e. '
          '"+00:00" (docs/cli.md: unknown zones).', '2026-03-02T08:30:00+00:00')
    dated('date-minus-zero', 'Mon, 2 Mar 2026 08:30:00 -0000',
          '-0000 is UTC with no local zone known (RFC 5322 s3.3), written "+00:00".',
          '2026-03-02T08:30:00+00:00')
    wd('Wed', 2026, 3, 4)
    dated('date-two-digit-year-2000s', 'Wed, 4 Mar 26 10:00:00 +0000',
          'A two-digit year 00-49 is 2000-2049 (RFC 5322 s4.3).', '2026-03-04T10:00:00+00:00')
    wd('Fri', 1999, 12, 31)
    dated('date-two-digit-year-1900s', 'Fri, 31 Dec 99 23:59:59 -0800',
          'A two-digit year 50-99 is 1950-1999 (RFC 5322 s4.3).', '1999-12-31T23:59:59-08:00')
    dated('date-three-digit-year', 'Sun, 1 Mar 126 14:05:09 +0100',
          'A three-digit year has 1900 added: 126 is 2026 (RFC 5322 s4.3).',
          '2026-03-01T14:05:09+01:00', eol=LF)
    dated('date-rfc5322-a62-obsolete', '21 Nov 97 09:55:06 GMT',
          'RFC 5322 Appendix A.6.2 date: no day of week, two-digit year, zone GMT.',
          '1997-11-21T09:55:06+00:00')
    dated('date-no-seconds', 'Sun, 1 Mar 2026 14:05 +0100',
          'Seconds are optional (RFC 5322 s3.3 time-of-day): they are 00.',
          '2026-03-01T14:05:00+01:00')
    dated('date-zone-comment', 'Sun, 1 Mar 2026 14:05:09 +0100 (CET)',
          'A comment after the zone, "(CET)", is CFWS and ignored (RFC 5322 s3.3).',
          '2026-03-01T14:05:09+01:00')
    dated('date-no-weekday', '1 Mar 2026 14:05:09 +0100',
          'The day of week is optional (RFC 5322 s3.3).', '2026-03-01T14:05:09+01:00')
    dated('date-lower-case-names', 'sun, 01 mar 2026 14:05:09 +0100',
          'Day and month names are case-insensitive (RFC 5322 s3.3 with RFC 5234 ABNF strings).',
          '2026-03-01T14:05:09+01:00')
    dated('date-extra-whitespace', 'Sun,   1   Mar   2026   14:05:09    +0100  ',
          'Runs of whitespace between the date tokens are FWS (RFC 5322 s3.3).',
          '2026-03-01T14:05:09+01:00')
    dated('date-obs-comments-everywhere', 'Sun (Sunday), 1 Mar 2026 14(h):05(m):09 '
          '(s) +0100 (CET)',
          'Comments between the day, hour, minute and second are obsolete CFWS (RFC 5322 s4.3, '
          'as in Appendix A.6.3).', '2026-03-01T14:05:09+01:00')
    dated('date-folded', 'Sun,\n 1 Mar 2026\n\t14:05:09\n +0100',
          'A Date folded over four lines (RFC 5322 s2.2.3).', '2026-03-01T14:05:09+01:00',
          eol=LF)
    dated('date-garbage', 'next Tuesday at noon',
          'A Date that is no date gives null and a warning mentioning "date" (docs/cli.md).',
          None, warn='date')
    dated('date-garbage-numbers', '99/99/9999 99:99',
          'Numbers that are no RFC 5322 s3.3 date give null and a "date" warning (docs/cli.md).',
          None, warn='date')


# --------------------------------------------------------------------------------------------
# id-*: Message-ID, In-Reply-To, References (RFC 5322 s3.6.4, s4.5.4)


def group_id():
    n = 'id-rfc5322-a2-thread'
    raw = entity(CRLF, ['To: "Mary Smith: Personal Account" <smith@home.example>',
                        'From: John Doe <jdoe@machine.example>',
                        'Subject: Re: Saying Hello',
                        'Date: Fri, 21 Nov 1997 11:00:00 -0600',
                        'Message-ID: <abcd.1234@local.machine.test>',
                        'In-Reply-To: <3456@example.net>',
                        'References: <1234@local.machine.example> <3456@example.net>'],
                 txt(CRLF, 'This is a reply to your reply.\n'))
    add(n, raw, 'RFC 5322 Appendix A.2 third message verbatim: ids without angle brackets, '
        'References in order (s3.6.4).',
        message_id='abcd.1234@local.machine.test', in_reply_to='3456@example.net',
        references=['1234@local.machine.example', '3456@example.net'],
        date='1997-11-21T11:00:00-06:00', warnings_empty=True)

    n = 'id-absent'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: No ids',
                        'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Without Message-ID, In-Reply-To and References: null, null and [] (docs/cli.md).',
        message_id=None, in_reply_to=None, references=[])

    n = 'id-comments'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: Ids with comments',
                        'Date: ' + DATE,
                        'Message-ID: (made by the MTA) <abc.123@example.com> (trailing)',
                        'In-Reply-To: (first) <parent@example.com> (after)',
                        'References: <root@example.com> (the root) (more)\n <parent@example.com>'
                        '(no space)<last@example.com>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'Comments before, between and after message ids are CFWS (RFC 5322 s3.6.4) and '
        'do not change the ids.', message_id='abc.123@example.com',
        in_reply_to='parent@example.com',
        references=['root@example.com', 'parent@example.com', 'last@example.com'])

    n = 'id-folded-references'
    refs = ['<%d.thread@lists.example.org>' % i for i in range(1, 8)]
    raw = entity(LF, ['From: Alice Example <alice@example.com>', 'Subject: Long thread',
                      'Date: ' + DATE,
                      'Message-ID:\n <reply.8@lists.example.org>',
                      'In-Reply-To:\n\t<7.thread@lists.example.org>',
                      'References: ' + ' '.join(refs[:2]) + '\n ' + ' '.join(refs[2:5]) +
                      '\n\t' + refs[5] + '\n   ' + refs[6]],
                 txt(LF, 'Hi.\n'))
    add(n, raw, 'Message-ID and In-Reply-To starting on a continuation line, References with '
        'seven ids folded over four lines, bare LF (RFC 5322 s2.2.3, s3.6.4).',
        message_id='reply.8@lists.example.org', in_reply_to='7.thread@lists.example.org',
        references=[r[1:-1] for r in refs])

    n = 'id-duplicate-fields'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: Two of each',
                        'Date: ' + DATE,
                        'Message-ID: <first@example.com>',
                        'In-Reply-To: <parent-a@example.com>',
                        'Message-ID: <second@example.com>',
                        'In-Reply-To: <parent-b@example.com>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'With Message-ID and In-Reply-To each given twice (RFC 5322 s3.6 allows one), '
        'the first id of those fields is used (docs/cli.md).',
        message_id='first@example.com', in_reply_to='parent-a@example.com')

    n = 'id-in-reply-to-several'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: Reply to two',
                        'Date: ' + DATE, 'Message-ID: <merge@example.com>',
                        'In-Reply-To: <x@example.com> <y@example.com>',
                        'References: <x@example.com> <y@example.com>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'In-Reply-To with two parents gives the first (RFC 5322 s3.6.4, docs/cli.md), '
        'References keeps both in order.', in_reply_to='x@example.com',
        references=['x@example.com', 'y@example.com'], warnings_empty=True)

    n = 'id-obs-phrase'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: Old mailer',
                        'Date: ' + DATE, 'Message-ID: <new@example.com>',
                        'In-Reply-To: Your message of "Sun, 1 Mar 2026" <orig@example.com>',
                        'References: <orig@example.com>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'An obsolete In-Reply-To with a phrase before the id (RFC 5322 s4.5.4 '
        'obs-in-reply-to) gives the id.', in_reply_to='orig@example.com',
        references=['orig@example.com'], message_id='new@example.com')

    n = 'id-domain-literal-and-atext'
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: Odd ids',
                        'Date: ' + DATE,
                        'Message-ID: <1234@[192.0.2.1]>',
                        "References: <CAF+a/b=c_d-0.1$%&'*?^`{|}~@mail.example.com> "
                        '<1234@[192.0.2.1]>'],
                 txt(CRLF, 'Hi.\n'))
    add(n, raw, 'A message id whose right part is a no-fold-literal, and one using every atext '
        'character in its left part (RFC 5322 s3.6.4).', message_id='1234@[192.0.2.1]',
        references=["CAF+a/b=c_d-0.1$%&'*?^`{|}~@mail.example.com", '1234@[192.0.2.1]'],
        in_reply_to=None)


# --------------------------------------------------------------------------------------------
# ew-*: RFC 2047 encoded words in Subject (and RFC 2231 s5 language suffix)

# Charset samples: literal bytes, cross-checked with Python's codecs by validate().
S_LATIN1 = (b'Gr\xfc\xdfe aus K\xf6ln: \xc6r\xf8, se\xf1or, na\xefve caf\xe9.', 'iso-8859-1',
            'Grüße aus Köln: Ærø, señor, naïve café.')
S_LATIN9 = (b'Prix : 10 \xa4, \xbcuvre, \xbe, \xa6\xa8 \xb4\xb8.', 'iso-8859-15',
            'Prix : 10 €, Œuvre, Ÿ, Šš Žž.')
S_CP1252 = (b'\x93Smart quotes\x94 \x96 en dash\x85 10 \x80 \x89', 'cp1252',
            '“Smart quotes” – en dash… 10 € ‰')
S_LATIN2 = (b'Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1', 'iso-8859-2', 'Zażółć gęślą jaźń')
S_CP1250 = (b'P\xf8\xedli\x9a \x9elu\x9dou\xe8k\xfd k\xf9\xf2', 'cp1250', 'Příliš žluťoučký kůň')
S_CP1251 = (b'\xd1\xfa\xe5\xf8\xfc \xe6\xe5 \xe5\xf9\xb8 \xfd\xf2\xe8\xf5 \xec\xff\xe3\xea\xe8'
            b'\xf5 \xf4\xf0\xe0\xed\xf6\xf3\xe7\xf1\xea\xe8\xf5 \xe1\xf3\xeb\xee\xea', 'cp1251',
            'Съешь же ещё этих мягких французских булок')
S_KOI8R = (b'\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2!', 'koi8_r', 'Привет, мир!')
S_KOI8U = (b'\xbd\xc1\xce\xcf\xcb, \xa7\xd6\xc1\xcb, \xa4\xd7\xd2\xcf', 'koi8_u',
           'Ґанок, їжак, євро')
S_LATIN5CYR = (b'\xb7\xd4\xe0\xd0\xd2\xe1\xe2\xd2\xe3\xd9\xe2\xd5', 'iso-8859-5', 'Здравствуйте')
S_GREEK = (b'\xca\xe1\xeb\xe7\xec\xdd\xf1\xe1 \xea\xfc\xf3\xec\xe5', 'iso-8859-7',
           'Καλημέρα κόσμε')
S_TURKISH = (b'\xddstanbul a\xf0\xfdr \xfeey', 'iso-8859-9', 'İstanbul ağır şey')
S_SJIS = (b'\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\x81A\x90\xa2\x8aE\x81B', 'shift_jis',
          'こんにちは、世界。')
S_EUCJP = (b'\xc6\xfc\xcb\xdc\xb8\xec\xa4\xce\xa5\xc6\xa5\xad\xa5\xb9\xa5\xc8', 'euc_jp',
           '日本語のテキスト')
S_ISO2022JP = (b'\x1b$B$*855$$G$9$+\x1b(B', 'iso2022_jp', 'お元気ですか')
S_GB2312 = (b'\xc4\xe3\xba\xc3\xa3\xac\xca\xc0\xbd\xe7', 'gb2312', '你好，世界')
S_GB18030 = (b'\xbc\xf2\xcc\xe5\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4\x95\x32\x82\x36', 'gb18030',
             '简体中文测试𠀀')
S_BIG5 = (b'\xc1c\xc5\xe9\xa4\xa4\xa4\xe5\xb4\xfa\xb8\xd5', 'big5', '繁體中文測試')
S_EUCKR = (b'\xbe\xc8\xb3\xe7\xc7\xcf\xbc\xbc\xbf\xe4 \xbc\xbc\xb0\xe8', 'euc_kr',
           '안녕하세요 세계')


def sample(s):
    data, codec, text = s
    charset_sample(data, codec, text)
    return data


def group_ew():
    def subj(n, value, about, expected, eol=CRLF, **more):
        raw = entity(eol, ['From: Alice Example <alice@example.com>',
                           'To: Bob Example <bob@example.com>',
                           'Subject: ' + value if isinstance(value, str) else b'Subject: ' + value,
                           'Date: ' + DATE, 'MIME-Version: 1.0'], txt(eol, 'Hi.\n'))
        add(n, raw, about, subject=expected, **more)

    # RFC 2047 section 8, the examples of how whitespace between encoded words is handled.
    subj('ew-rfc2047-s8-single', '=?ISO-8859-1?Q?a?=',
         'RFC 2047 s8 example: a single encoded word "a".', 'a', warnings_empty=True)
    subj('ew-rfc2047-s8-word-then-text', '=?ISO-8859-1?Q?a?= b',
         'RFC 2047 s8 example: space between an encoded word and plain text is kept (s6.2).',
         'a b')
    subj('ew-rfc2047-s8-adjacent', '=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=',
         'RFC 2047 s8 example: the space between adjacent encoded words is dropped (s6.2).',
         'ab')
    subj('ew-rfc2047-s8-adjacent-two-spaces', '=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=',
         'RFC 2047 s8 example: any amount of linear whitespace between adjacent encoded words is '
         'dropped (s6.2).', 'ab')
    subj('ew-rfc2047-s8-adjacent-folded', '=?ISO-8859-1?Q?a?=\n    =?ISO-8859-1?Q?b?=',
         'RFC 2047 s8 example: a fold between adjacent encoded words is dropped too (s6.2).',
         'ab')
    subj('ew-rfc2047-s8-underscore', '=?ISO-8859-1?Q?a_b?=',
         'RFC 2047 s8 example: "_" in Q encoding is a space (s4.2(2)).', 'a b')
    subj('ew-rfc2047-s8-two-charsets', '=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=',
         'RFC 2047 s8 example: adjacent words in two charsets, the space inside the second kept.',
         'a b', eol=LF)

    subj('ew-q-latin1', '=?iso-8859-1?q?caf=E9_cr=E8me?=',
         'Q encoding (lower-case "q") in ISO-8859-1 (RFC 2047 s4.2).', 'café crème',
         warnings_empty=True)
    subj('ew-b-utf8', ew_b('UTF-8', 'Grüße aus Köln'.encode('utf-8')),
         'B encoding in UTF-8 (RFC 2047 s4.1).', 'Grüße aus Köln', warnings_empty=True)
    subj('ew-b-lower-case', ew_b('utf-8', 'zażółć'.encode('utf-8')).replace('?B?', '?b?'),
         'The encoding letter and charset name are case-insensitive (RFC 2047 s2).', 'zażółć')
    subj('ew-mixed-with-plain-text', 'Re: [corpus] =?utf-8?Q?caf=C3=A9?= time',
         'Plain text, an encoded word, plain text: the spaces next to plain text stay (RFC 2047 '
         's6.2).', 'Re: [corpus] café time')
    subj('ew-q-specials', '=?utf-8?Q?1+1=3D2=3F_100=25_=5Fok=5F?=',
         'Q-encoded "=", "?", "%", "_" (RFC 2047 s4.2).', '1+1=2? 100% _ok_')
    subj('ew-iso-8859-15', '=?ISO-8859-15?Q?10_=A4_=BCuvre?=',
         'ISO-8859-15 has the euro sign at A4 and OE ligature at BC (RFC 2047 with ISO-8859-15).',
         '10 € Œuvre')
    subj('ew-windows-1252', '=?windows-1252?Q?=93quoted=94_=96_10_=80?=',
         'windows-1252 bytes 80-9F (quotes, dash, euro) in Q encoding (RFC 2047).',
         '“quoted” – 10 €')
    subj('ew-koi8-r', ew_b('koi8-r', sample(S_KOI8R)), 'B-encoded KOI8-R (RFC 2047, RFC 1489).',
         S_KOI8R[2])
    subj('ew-shift-jis', ew_b('Shift_JIS', sample(S_SJIS)), 'B-encoded Shift_JIS (RFC 2047).',
         S_SJIS[2])
    subj('ew-iso-2022-jp', ew_b('ISO-2022-JP', sample(S_ISO2022JP)),
         'B-encoded ISO-2022-JP with its escape sequences, the classic Japanese mail header '
         '(RFC 2047, RFC 1468).', S_ISO2022JP[2])
    subj('ew-gb2312', ew_b('gb2312', sample(S_GB2312)), 'B-encoded GB2312 (RFC 2047).',
         S_GB2312[2])
    subj('ew-gb18030', ew_b('GB18030', sample(S_GB18030)),
         'B-encoded GB18030 including a four-byte sequence for U+20000 (RFC 2047).', S_GB18030[2])
    subj('ew-big5', ew_b('big5', sample(S_BIG5)), 'B-encoded Big5 (RFC 2047).', S_BIG5[2])
    subj('ew-euc-kr', ew_b('euc-kr', sample(S_EUCKR)), 'B-encoded EUC-KR (RFC 2047).',
         S_EUCKR[2])
    subj('ew-several-charsets', '=?iso-8859-1?Q?caf=E9?= ' + ew_b('koi8-r', sample(S_KOI8R)) +
         ' ' + ew_b('utf-8', ' ✓'.encode('utf-8')),
         'Adjacent encoded words in three charsets: each decoded with its own charset, the '
         'whitespace between them dropped (RFC 2047 s6.2).', 'café' + S_KOI8R[2] + ' ✓')
    subj('ew-split-utf8-q', '=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9_au_lait?=',
         'A UTF-8 character split over two adjacent Q words (RFC 2047 s5 forbids it, mailers do '
         'it): the bytes are joined and "é" comes out whole.', 'café au lait')
    euro = '€'.encode('utf-8')
    subj('ew-split-utf8-b', 'Price: ' + ew_b('UTF-8', b'10 ' + euro[:1]) + '\n ' +
         ew_b('UTF-8', euro[1:]) + ' only',
         'The three bytes of "€" split over two folded B words: joined before decoding, with '
         'the plain text around kept (RFC 2047 s6.2).', 'Price: 10 € only')
    long_text = 'Ceci est un très long sujet encodé, réparti sur plusieurs mots encodés ' \
        'pour tester le dépliage'
    chunks, cur = [], ''
    for ch in long_text:          # split on characters, so every word holds whole characters
        if len((cur + ch).encode('utf-8')) > 30:
            chunks.append(cur)
            cur = ''
        cur += ch
    chunks.append(cur)
    subj('ew-long-folded', '\n '.join(ew_b('UTF-8', c.encode('utf-8')) for c in chunks),
         'A long subject as many folded B words of whole characters: folds and spaces between '
         'the words vanish, spaces inside them stay (RFC 2047 s2, s6.2).', long_text, eol=LF)
    subj('ew-malformed-encoding-letter', 'Hello =?utf-8?X?abc?= world',
         'An encoded word with an unknown encoding letter is not an encoded word (RFC 2047 s4) '
         'and stays as written.', 'Hello =?utf-8?X?abc?= world')
    subj('ew-malformed-unterminated', 'Broken =?utf-8?Q?caf=C3=A9 without end',
         'A "=?" sequence without the closing "?=" is plain text (RFC 2047 s2) and stays '
         'readable as written.', 'Broken =?utf-8?Q?caf=C3=A9 without end')
    subj('ew-unknown-charset', 'Test =?x-martian?Q?zork?= here',
         'An encoded word in an unknown charset is left as written (RFC 2047 s6.2 allows '
         'showing it undecoded; src/mime/EncodedWords.h), never dropped.',
         'Test =?x-martian?Q?zork?= here')
    subj('ew-language-suffix', '=?utf-8*en?Q?Hello_W=C3=B6rld?= and =?ISO-8859-1*fr?Q?=E9t=E9?=',
         'RFC 2231 s5 language suffix "charset*lang" in encoded words is ignored for decoding.',
         'Hello Wörld and été')
    subj('ew-raw-utf8-and-encoded', 'Grüße =?utf-8?Q?und_Gr=C3=BC=C3=9Fe?=',
         'Raw UTF-8 (RFC 6532) followed by an encoded word: both decoded, the space between '
         'kept (RFC 2047 s6.2).', 'Grüße und Grüße')


# --------------------------------------------------------------------------------------------
# param-*: Content-Type / Content-Disposition parameters (RFC 2045 s5.1, RFC 2183, RFC 2231)

BODY_TEXT = 'See the attachment.\n'


def body_part(eol, ct='text/plain; charset=utf-8', text=BODY_TEXT, more=()):
    return entity(eol, ['Content-Type: ' + ct] + list(more), txt(eol, text))


def mixed_message(n, eol, subject, children, boundary='=_corpus_mixed_1', extra=(),
                  ctype='multipart/mixed', preamble=None, epilogue=b''):
    body = multipart(eol, boundary, children, preamble=preamble, epilogue=epilogue)
    return entity(eol, std(n, subject, 'Content-Type: %s; boundary="%s"' % (ctype, boundary),
                           *extra), body)


def group_param():
    def one(n, about, att_headers, filename, ct, payload, eol=CRLF, disposition='attachment',
            body_ct='text/plain; charset=utf-8', body_charset='utf-8', boundary=None, **more):
        enc = b64(payload, eol)
        child = entity(eol, list(att_headers) + ['Content-Transfer-Encoding: base64'], enc)
        kw = {}
        if boundary:
            kw['boundary'] = boundary
        raw = mixed_message(n, eol, 'Parameters: ' + n, [body_part(eol, body_ct), child], **kw)
        add(n, raw, about, subject='Parameters: ' + n, text=BODY_TEXT,
            parts=[pt('1', 'text/plain', charset=body_charset, disposition=None, filename=None),
                   pt('2', ct, disposition=disposition, filename=filename, size=len(payload))],
            attachments=[att(filename, ct, len(payload))], **more)

    one('param-2231-continuations',
        'RFC 2231 s3 continuations filename*0, *1, *2 are joined in order.',
        ['Content-Type: application/octet-stream',
         'Content-Disposition: attachment;\n filename*0="very_long_";\n filename*1="file_name_";'
         '\n filename*2="for_testing.txt"'],
        'very_long_file_name_for_testing.txt', 'application/octet-stream', blob(333, 3),
        warnings_empty=True)
    one('param-2231-charset-language',
        'RFC 2231 s4 charset and language with %XX escapes: iso-8859-1\'fr\'r%E9sum%E9.pdf.',
        ['Content-Type: application/pdf',
         "Content-Disposition: attachment; filename*=iso-8859-1'fr'r%E9sum%E9.pdf"],
        'résumé.pdf', 'application/pdf', PDF, warnings_empty=True)
    one('param-2231-utf8-percent',
        "RFC 2231 s4 UTF-8'' value with a three-byte character and %20 spaces.",
        ['Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
         "Content-Disposition: attachment;\n\tfilename*=UTF-8''%E2%82%AC%20rates%202026.xlsx"],
        '€ rates 2026.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', blob(512, 4),
        eol=LF)
    one('param-2231-encoded-continuations',
        'RFC 2231 s4.1: encoded continuations (*0*, *1*) joined as bytes before charset '
        'decoding, so a UTF-8 character split between them comes out whole; a plain *2 '
        'segment is taken literally.',
        ['Content-Type: text/plain; charset=utf-8',
         "Content-Disposition: attachment;\n filename*0*=UTF-8''%C3%A9t%C3;\n"
         ' filename*1*=%A9_%E2%82%AC;\n filename*2=".txt"'],
        'été_€.txt', 'text/plain', 'Les vacances.\n'.encode('utf-8'))
    one('param-rfc2231-s4-1-example',
        'The RFC 2231 s4.1 example (as name*0*, name*1*, name*2 on Content-Type): '
        '"This is even more ***fun*** isn\'t it!".',
        ["Content-Type: application/x-stuff;\n name*0*=us-ascii'en'This%20is%20even%20more%20;"
         '\n name*1*=%2A%2A%2Afun%2A%2A%2A%20;\n name*2="isn\'t it!"',
         'Content-Disposition: attachment'],
        "This is even more ***fun*** isn't it!", 'application/x-stuff', blob(100, 5))
    one('param-2231-out-of-order',
        'Continuation segments given out of order (*2, *0, *1) are joined by their numbers '
        '(RFC 2231 s3: the mechanism "MUST NOT depend on parameter ordering").',
        ['Content-Type: application/octet-stream',
         'Content-Disposition: attachment; filename*2="c.bin"; filename*0="part-a-";'
         ' filename*1="part-b-"'],
        'part-a-part-b-c.bin', 'application/octet-stream', blob(64, 6))
    one('param-2231-empty-charset',
        "RFC 2231 s4 with charset and language both empty (''): the %20 escapes still decode.",
        ['Content-Type: application/octet-stream',
         "Content-Disposition: attachment; filename*=''plain%20name.bin"],
        'plain name.bin', 'application/octet-stream', blob(10, 7))
    one('param-2231-name-on-content-type',
        'Only Content-Type has a filename, as RFC 2231 name*=utf-8\'\'...; no Content-Disposition: '
        'disposition null, the attachment listed for its non-text type (docs/cli.md).',
        ["Content-Type: application/pdf; name*=utf-8''%E6%97%A5%E6%9C%AC.pdf"],
        '日本.pdf', 'application/pdf', PDF, disposition=None)
    one('param-ew-in-quotes-b',
        'The wild form filename="=?UTF-8?B?...?=" (RFC 2047 inside a quoted string, which RFC '
        '2047 s5 forbids but mailers send) is decoded (docs/cli.md filename).',
        ['Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
         'Content-Disposition: attachment; filename="%s"' %
         ew_b('UTF-8', 'élève.docx'.encode('utf-8'))],
        'élève.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        blob(900, 8))
    one('param-ew-in-quotes-q',
        'name="=?iso-8859-1?Q?...?=" on Content-Type with a Content-Disposition lacking '
        'filename: the name is used and decoded (docs/cli.md filename).',
        ['Content-Type: application/pdf; name="=?iso-8859-1?Q?r=E9sum=E9=2Epdf?="',
         'Content-Disposition: attachment'],
        'résumé.pdf', 'application/pdf', PDF)
    one('param-raw-utf8-filename',
        'A raw UTF-8 quoted filename (RFC 6532 style, as mailers send) is read as UTF-8.',
        ['Content-Type: text/plain; charset=utf-8; name="Ünïcödé 文件.txt"',
         'Content-Disposition: attachment; filename="Ünïcödé 文件.txt"'],
        'Ünïcödé 文件.txt', 'text/plain', 'Inhalt\n'.encode('utf-8'))
    one('param-name-only',
        'An image with only Content-Type name= and no Content-Disposition: filename from name, '
        'disposition null, listed as attachment since it is not text/* (docs/cli.md).',
        ['Content-Type: image/png; name="logo.png"'], 'logo.png', 'image/png', PNG,
        disposition=None, warnings_empty=True)
    one('param-filename-wins',
        'With both Content-Type name and Content-Disposition filename, the filename wins '
        '(docs/cli.md filename, RFC 2183 s2.3).',
        ['Content-Type: application/octet-stream; name="wrong.bin"',
         'Content-Disposition: attachment; filename="right.bin"'],
        'right.bin', 'application/octet-stream', blob(200, 9))
    one('param-unquoted-tokens',
        'Unquoted token values for boundary, charset and filename (RFC 2045 s5.1 value = token '
        '/ quoted-string).',
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; '
         'filename=report-2026.bin'],
        'report-2026.bin', 'application/octet-stream', blob(77, 10),
        body_ct='text/plain; charset=UTF-8')
    one('param-comments',
        'Comments in Content-Type and Content-Disposition are ignored (RFC 2045 s5.1, RFC 822 '
        'structured fields).',
        ['Content-Type: application/octet-stream (raw bytes)',
         'Content-Disposition: attachment (really); filename="data.bin" (the name)'],
        'data.bin', 'application/octet-stream', blob(50, 11),
        body_ct='text/plain (plain text) ; charset="utf-8" (the charset)')
    one('param-case-insensitive',
        'Type, subtype, disposition and parameter names are case-insensitive and come out '
        'lower-case; parameter values keep their case (RFC 2045 s5.1, RFC 2183 s2).',
        ['Content-Type: Application/Octet-Stream', 'Content-Disposition: ATTACHMENT; '
         'FILENAME="X-Ray.BIN"'],
        'X-Ray.BIN', 'application/octet-stream', blob(40, 12), body_ct='TEXT/PLAIN; CHARSET=UTF-8')
    one('param-spaces-around-equals',
        'Whitespace around "=" and ";" in parameters (RFC 2045 s5.1 structured field, LWSP '
        'between tokens).',
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment ;  '
         'filename = "spaced.bin"'],
        'spaced.bin', 'application/octet-stream', blob(30, 13),
        body_ct='text/plain ; charset = "utf-8"')
    one('param-specials-in-quotes',
        'A quoted filename with ";", "=", "," and an escaped quote (RFC 2045 s5.1 '
        'quoted-string, RFC 822 quoted-pair).',
        ['Content-Type: application/octet-stream',
         'Content-Disposition: attachment; filename="say \\"hi\\"; a=b, c.bin"'],
        'say "hi"; a=b, c.bin', 'application/octet-stream', blob(20, 14))
    one('param-charset-quoted-upper',
        'A quoted upper-case charset value is reported lower-cased without quotes (docs/cli.md '
        'charset).',
        ['Content-Type: application/zip; name="a.zip"', 'Content-Disposition: attachment; '
         'filename="a.zip"'], 'a.zip', 'application/zip', blob(120, 15),
        body_ct='text/plain; charset="UTF-8"')
    one('param-boundary-specials',
        'A quoted boundary made of the RFC 2046 s5.1.1 bchars specials (\' ( ) + _ , - . / : = '
        'and ?) is matched exactly.',
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; '
         'filename="b.bin"'], 'b.bin', 'application/octet-stream', blob(90, 16),
        boundary="----=_Part_7_1234.5678:+?/()',", warnings_empty=True)
    one('param-boundary-with-spaces',
        'A quoted boundary with inner spaces, as in the RFC 2046 s5.1.1 example "simple '
        'boundary".',
        ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; '
         'filename="s.bin"'], 's.bin', 'application/octet-stream', blob(91, 17),
        boundary='simple boundary with spaces', eol=LF)

    n = 'param-unquoted-boundary'
    payload = blob(128, 18)
    raw = entity(CRLF, std(n, 'Unquoted boundary',
                           'Content-Type: multipart/mixed; boundary=unquoted_Boundary-123'),
                 multipart(CRLF, 'unquoted_Boundary-123',
                           [body_part(CRLF, 'text/plain; charset=us-ascii'),
                            entity(CRLF, ['Content-Type: application/octet-stream; name=x.bin',
                                          'Content-Transfer-Encoding: base64'],
                                   b64(payload, CRLF))]))
    add(n, raw, 'An unquoted token boundary (RFC 2045 s5.1) and an unquoted name.',
        text=BODY_TEXT,
        parts=[pt('1', 'text/plain', charset='us-ascii'),
               pt('2', 'application/octet-stream', filename='x.bin', disposition=None,
                  size=len(payload))],
        attachments=[att('x.bin', 'application/octet-stream', len(payload))],
        warnings_empty=True)


# --------------------------------------------------------------------------------------------
# mime-*: structure (RFC 2045, RFC 2046 s5, RFC 2183, RFC 2387, RFC 2392, RFC 3501 s6.4.5)

HTML_SIMPLE = ('<html><head><title>Hi</title></head><body>\n<p>Hello <b>Bob</b>,</p>\n'
               '<p>this is the <i>HTML</i> version.</p>\n</body></html>\n')
PLAIN_SIMPLE = 'Hello Bob,\n\nthis is the plain version.\n'


def tp(eol, text, ct='text/plain; charset=utf-8', more=()):
    """A text part written as 8bit/7bit: (bytes of the entity, its body)."""
    body = txt(eol, text)
    return entity(eol, ['Content-Type: ' + ct] + list(more), body), body


def binpart(eol, ct, payload, more=()):
    return entity(eol, ['Content-Type: ' + ct] + list(more) +
                  ['Content-Transfer-Encoding: base64'], b64(payload, eol))


def group_mime():
    # mixed: body and a PDF, CRLF and LF
    for n, eol in (('mime-mixed-basic', CRLF), ('mime-mixed-basic-lf', LF)):
        t1, b1 = tp(eol, 'Hello Bob,\nthe report is attached.\n')
        p2 = binpart(eol, 'application/pdf; name="report.pdf"', PDF,
                     ['Content-Disposition: attachment; filename="report.pdf"'])
        raw = mixed_message(n, eol, 'Report', [t1, p2])
        add(n, raw, 'multipart/mixed with a text body and a base64 PDF attachment (RFC 2046 '
            's5.1.3): two leaves "1" and "2", the PDF listed with its decoded size.',
            subject='Report', text='Hello Bob,\nthe report is attached.\n', has_html=False,
            parts=[pt('1', 'text/plain', charset='utf-8', disposition=None, filename=None,
                      content_id=None, size=sz(b1)),
                   pt('2', 'application/pdf', charset=None, disposition='attachment',
                      filename='report.pdf', content_id=None, size=len(PDF))],
            attachments=[att('report.pdf', 'application/pdf', len(PDF))], warnings_empty=True)

    n = 'mime-alternative'
    t1, b1 = tp(CRLF, PLAIN_SIMPLE)
    h2, b2 = tp(CRLF, HTML_SIMPLE, 'text/html; charset=utf-8')
    raw = mixed_message(n, CRLF, 'Alternative', [t1, h2], ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative plain then HTML (RFC 2046 s5.1.4): text is the last '
        'text/plain child, has_html true, no attachments (docs/cli.md).',
        text='Hello Bob,\n\nthis is the plain version.\n', has_html=True, attachments=[],
        parts=[pt('1', 'text/plain', size=sz(b1)), pt('2', 'text/html', charset='utf-8',
                                                       size=sz(b2))],
        warnings_empty=True)

    n = 'mime-alternative-html-first'
    raw = mixed_message(n, CRLF, 'HTML first', [h2, t1], ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative with HTML first and plain last: the text/plain child is '
        'chosen (docs/cli.md: last text/plain child).',
        text='Hello Bob,\n\nthis is the plain version.\n', has_html=True, attachments=[],
        parts=[pt('1', 'text/html'), pt('2', 'text/plain')])

    n = 'mime-alternative-three'
    e2, _ = tp(CRLF, '<bold>Hello</bold> Bob,\n\nthis is enriched.\n', 'text/enriched')
    raw = mixed_message(n, CRLF, 'Three versions', [t1, e2, h2], ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative of plain, text/enriched and HTML: the plain child is the '
        'body and all leaves of the alternative are body candidates, so nothing is an '
        'attachment (docs/cli.md).', text='Hello Bob,\n\nthis is the plain version.\n',
        has_html=True, attachments=[],
        parts=[pt('1', 'text/plain'), pt('2', 'text/enriched'), pt('3', 'text/html')])

    n = 'mime-alternative-two-plain'
    a1, _ = tp(CRLF, 'First plain version.\n')
    a2, _ = tp(CRLF, 'Second plain version.\n')
    raw = mixed_message(n, CRLF, 'Two plains', [a1, a2], ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative with two text/plain children: the last one is the '
        'preferred (RFC 2046 s5.1.4, docs/cli.md).', text='Second plain version.\n',
        attachments=[], has_html=False)

    n = 'mime-alternative-no-plain'
    raw = mixed_message(n, LF, 'Enriched and HTML', [tp(LF, '<bold>Rich</bold> only.\n',
                                                         'text/enriched')[0],
                                                      tp(LF, HTML_SIMPLE, 'text/html')[0]],
                        ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative without text/plain: the best of its last child, the '
        'HTML, through HTML-to-text (docs/cli.md).', has_html=True, attachments=[],
        text_contains=['Hello Bob', 'HTML version'], text_not_contains=['<p>', 'Rich'])

    n = 'mime-related-cid'
    html = ('<html><body><p>Our logo:</p><img src="cid:logo.1@corpus.example" alt="Logo">'
            '</body></html>\n')
    r1, _ = tp(CRLF, html, 'text/html; charset=us-ascii')
    r2 = binpart(CRLF, 'image/png', PNG, ['Content-ID: <logo.1@corpus.example>'])
    raw = mixed_message(n, CRLF, 'Related', [r1, r2], ctype='multipart/related',
                        boundary='=_rel_1', extra=())
    add(n, raw, 'multipart/related (RFC 2387) HTML with an image referenced by cid: (RFC 2392): '
        'text from the HTML, the image is inline content, not an attachment.',
        has_html=True, attachments=[], text_contains=['Our logo'],
        parts=[pt('1', 'text/html', charset='us-ascii', content_id=None),
               pt('2', 'image/png', content_id='logo.1@corpus.example', disposition=None,
                  size=len(PNG))])

    n = 'mime-related-start'
    s1 = binpart(CRLF, 'image/png', PNG, ['Content-ID: <img.2@corpus.example>'])
    s2, _ = tp(CRLF, '<html><body><p>Root document.</p><img src="cid:img.2@corpus.example">'
               '</body></html>\n', 'text/html; charset=utf-8', ['Content-ID: <root@corpus.example>'])
    raw = entity(CRLF, std(n, 'Related with start',
                           'Content-Type: multipart/related; boundary="=_rel_2";\n'
                           ' type="text/html"; start="<root@corpus.example>"'),
                 multipart(CRLF, '=_rel_2', [s1, s2]))
    add(n, raw, 'multipart/related whose start parameter names the second child (RFC 2387 '
        's3.2): the root HTML gives the text, the first child (an image) is inline content.',
        has_html=True, attachments=[], text_contains=['Root document.'],
        parts=[pt('1', 'image/png', content_id='img.2@corpus.example'),
               pt('2', 'text/html', content_id='root@corpus.example')])

    n = 'mime-related-in-alternative'
    rel = multipart(CRLF, '=_rel_3', [r1, r2])
    relpart = entity(CRLF, ['Content-Type: multipart/related; boundary="=_rel_3"; '
                            'type="text/html"'], rel)
    raw = mixed_message(n, CRLF, 'Alternative with related', [t1, relpart],
                        ctype='multipart/alternative', boundary='=_alt_3')
    add(n, raw, 'multipart/alternative(plain, related(HTML, image)): the plain text is the '
        'body; the image is inside the alternative and inline in the related: not an '
        'attachment (docs/cli.md).', text='Hello Bob,\n\nthis is the plain version.\n',
        has_html=True, attachments=[],
        parts=[pt('1', 'text/plain'), pt('2.1', 'text/html'), pt('2.2', 'image/png')])

    for n, eol in (('mime-full-tree', CRLF), ('mime-full-tree-lf', LF)):
        tt, tb = tp(eol, PLAIN_SIMPLE)
        hh, _ = tp(eol, html, 'text/html; charset=us-ascii')
        ii = binpart(eol, 'image/png', PNG, ['Content-ID: <logo.1@corpus.example>',
                                              'Content-Disposition: inline'])
        rel = entity(eol, ['Content-Type: multipart/related; boundary="=_rel_4"'],
                     multipart(eol, '=_rel_4', [hh, ii]))
        alt = entity(eol, ['Content-Type: multipart/alternative; boundary="=_alt_4"'],
                     multipart(eol, '=_alt_4', [tt, rel]))
        pdf = binpart(eol, 'application/pdf', PDF,
                      ['Content-Disposition: attachment; filename="minutes.pdf"'])
        raw = mixed_message(n, eol, 'Full tree', [alt, pdf], boundary='=_mix_4')
        add(n, raw, 'The usual HTML mail: mixed(alternative(plain, related(HTML, image)), PDF): '
            'IMAP paths 1.1, 1.2.1, 1.2.2, 2 (RFC 3501 s6.4.5); only the PDF is an attachment.',
            text='Hello Bob,\n\nthis is the plain version.\n', has_html=True,
            parts=[pt('1.1', 'text/plain', size=sz(tb)), pt('1.2.1', 'text/html'),
                   pt('1.2.2', 'image/png', disposition='inline',
                      content_id='logo.1@corpus.example', size=len(PNG)),
                   pt('2', 'application/pdf', filename='minutes.pdf', size=len(PDF))],
            attachments=[att('minutes.pdf', 'application/pdf', len(PDF))], warnings_empty=True)

    n = 'mime-nested-4-deep'
    deep_png = blob(150, 21)
    l2pdf = blob(260, 22)
    d1, db1 = tp(CRLF, 'Deepest text.\n')
    l4 = entity(CRLF, ['Content-Type: multipart/mixed; boundary="L4"'],
                multipart(CRLF, 'L4', [d1, binpart(CRLF, 'image/png', deep_png, [
                    'Content-Disposition: attachment; filename="deep.png"'])]))
    l3 = entity(CRLF, ['Content-Type: multipart/mixed; boundary="L3"'],
                multipart(CRLF, 'L3', [l4, tp(CRLF, 'Third level.\n')[0]]))
    l2 = entity(CRLF, ['Content-Type: multipart/mixed; boundary="L2"'],
                multipart(CRLF, 'L2', [l3, binpart(CRLF, 'application/pdf', l2pdf, [
                    'Content-Disposition: attachment; filename="l2.pdf"'])]))
    raw = mixed_message(n, CRLF, 'Four levels', [l2, tp(CRLF, 'Top trailer.\n')[0]],
                        boundary='L1')
    add(n, raw, 'multipart/mixed nested four deep: paths 1.1.1.1 to 2 depth first (RFC 3501 '
        's6.4.5); text from the first child of each level (docs/cli.md).',
        text='Deepest text.\n',
        parts=[pt('1.1.1.1', 'text/plain', size=sz(db1)),
               pt('1.1.1.2', 'image/png', filename='deep.png', size=len(deep_png)),
               pt('1.1.2', 'text/plain'), pt('1.2', 'application/pdf', size=len(l2pdf)),
               pt('2', 'text/plain')],
        attachments=[att('deep.png', 'image/png', len(deep_png)),
                     att('l2.pdf', 'application/pdf', len(l2pdf))], warnings_empty=True)

    n = 'mime-rfc2046-example'
    wd('Sun', 1993, 3, 21)
    c1 = entity(CRLF, [], txt(CRLF, 'This is implicitly typed plain US-ASCII text.\nIt does NOT '
                                    'end with a linebreak.'))
    c1body = txt(CRLF, 'This is implicitly typed plain US-ASCII text.\nIt does NOT end with a '
                       'linebreak.')
    c2body = txt(CRLF, 'This is explicitly typed plain US-ASCII text.\nIt DOES end with a '
                       'linebreak.\n')
    c2 = entity(CRLF, ['Content-type: text/plain; charset=us-ascii'], c2body)
    raw = entity(CRLF, ['From: Nathaniel Borenstein <nsb@bellcore.com>',
                        'To: Ned Freed <ned@innosoft.com>',
                        'Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)',
                        'Subject: Sample message', 'MIME-Version: 1.0',
                        'Content-type: multipart/mixed; boundary="simple boundary"'],
                 multipart(CRLF, 'simple boundary', [c1, c2],
                           preamble='This is the preamble.  It is to be ignored, though it\nis '
                           'a handy place for composition agents to include an\nexplanatory '
                           'note to non-MIME conformant readers.\n',
                           epilogue=txt(CRLF, '\nThis is the epilogue.  It is also to be '
                                              'ignored.\n')))
    add(n, raw, 'The RFC 2046 s5.1.1 example verbatim: preamble and epilogue ignored, a part '
        'with no header is text/plain without charset, the CRLF before a delimiter belongs to '
        'it (so the first part has no final line break).',
        subject='Sample message', date='1993-03-21T23:56:48-08:00',
        text='This is implicitly typed plain US-ASCII text.\nIt does NOT end with a linebreak.',
        text_not_contains=['preamble', 'epilogue'],
        parts=[pt('1', 'text/plain', charset=None, disposition=None, filename=None,
                  size=sz(c1body)),
               pt('2', 'text/plain', charset='us-ascii', size=sz(c2body))],
        attachments=[], warnings_empty=True)

    n = 'mime-preamble-epilogue-lf'
    p1, pb1 = tp(LF, 'The body.\n')
    p2, _ = tp(LF, 'An inline note.\n')
    raw = mixed_message(n, LF, 'Preamble', [p1, p2], boundary='xyz',
                        preamble='This is a multi-part message in MIME format.\n--xyzzy is not '
                        'the boundary\n--xy neither\n',
                        epilogue=txt(LF, 'Epilogue text\n--xyz\nthat looks like a boundary.\n'))
    add(n, raw, 'Preamble and epilogue with boundary-like lines (bare LF): both ignored, even a '
        '"--xyz" line after the close delimiter (RFC 2046 s5.1.1).',
        text='The body.\n', text_not_contains=['multi-part', 'Epilogue'],
        parts=[pt('1', 'text/plain', size=sz(pb1)), pt('2', 'text/plain')], attachments=[])

    n = 'mime-missing-close-boundary'
    m1, _ = tp(CRLF, 'First part.\n')
    m2 = binpart(CRLF, 'application/octet-stream', blob(60, 23),
                 ['Content-Disposition: attachment; filename="cut.bin"'])
    raw = entity(CRLF, std(n, 'No close delimiter',
                           'Content-Type: multipart/mixed; boundary="cut"'),
                 multipart(CRLF, 'cut', [m1, m2], close=False))
    add(n, raw, 'A multipart whose close delimiter "--cut--" is missing (RFC 2046 s5.1.1): '
        'parts up to the end are kept, with a "boundary" warning (docs/cli.md).',
        subject='No close delimiter', text='First part.\n',
        parts=[pt('1', 'text/plain'), pt('2', 'application/octet-stream', filename='cut.bin')],
        warnings_contain=['boundary'])

    n = 'mime-missing-close-boundary-lf'
    raw = entity(LF, std(n, 'Unfinished alternative',
                         'Content-Type: multipart/alternative; boundary="unfinished"'),
                 multipart(LF, 'unfinished', [tp(LF, PLAIN_SIMPLE)[0],
                                              tp(LF, HTML_SIMPLE, 'text/html')[0]], close=False))
    add(n, raw, 'A multipart/alternative truncated after its last part, no close delimiter, '
        'bare LF: "boundary" warning, both children still read (RFC 2046 s5.1.1).',
        text='Hello Bob,\n\nthis is the plain version.\n', has_html=True,
        parts=[pt('1', 'text/plain'), pt('2', 'text/html')], warnings_contain=['boundary'])

    n = 'mime-boundary-prefix-lines'
    body = ('Lines that start like the boundary but are not delimiters:\n--boundaryX\n'
            '--boundary_2\n --boundary\nx--boundary\n--boundary-not\nEnd.\n')
    q1, qb1 = tp(CRLF, body)
    q2, _ = tp(CRLF, 'Second part.\n')
    raw = mixed_message(n, CRLF, 'Boundary prefixes', [q1, q2], boundary='boundary')
    add(n, raw, 'With boundary "boundary", lines such as "--boundaryX" or " --boundary" are not '
        'delimiters: a delimiter line is "--" boundary, optional whitespace, CRLF (RFC 2046 '
        's5.1.1 BNF).', text=body,
        parts=[pt('1', 'text/plain', size=sz(qb1)), pt('2', 'text/plain')])

    n = 'mime-transport-padding'
    g1, gb1 = tp(CRLF, 'Padded delimiters.\n')
    g2, _ = tp(CRLF, 'Second.\n')
    raw = entity(CRLF, std(n, 'Transport padding', 'Content-Type: multipart/mixed; boundary=pad'),
                 b'--pad  \t\r\n' + g1 + b'\r\n--pad \r\n' + g2 + b'\r\n--pad--   \r\n')
    _pending.append(('contains', b'\r\n--pad  \t\r\n'))
    add(n, raw, 'Spaces and tabs after a boundary delimiter are transport padding (RFC 2046 '
        's5.1.1) and the lines still delimit.', text='Padded delimiters.\n',
        parts=[pt('1', 'text/plain', size=sz(gb1)), pt('2', 'text/plain')], attachments=[])

    # message/rfc822 inside
    inner_att = blob(300, 24)
    inner = entity(CRLF, ['From: Carol Example <carol@example.com>',
                          'To: Alice Example <alice@example.com>',
                          'Subject: The original', 'Date: Sat, 28 Feb 2026 09:00:00 +0100',
                          'MIME-Version: 1.0',
                          'Content-Type: multipart/mixed; boundary="inner-1"'],
                   multipart(CRLF, 'inner-1', [
                       tp(CRLF, 'Original text.\n')[0],
                       binpart(CRLF, 'application/pdf', inner_att,
                               ['Content-Disposition: attachment; filename="inner.pdf"'])]))
    wd('Sat', 2026, 2, 28)
    n = 'mime-rfc822-multipart-inside'
    f1, fb1 = tp(CRLF, 'Forwarding the message below.\n')
    fw = entity(CRLF, ['Content-Type: message/rfc822', 'Content-Disposition: attachment'],
                inner)
    raw = mixed_message(n, CRLF, 'Fwd: The original', [f1, fw])
    add(n, raw, 'A forwarded message/rfc822 holding a multipart: its leaves are 2.1 and 2.2 '
        '(RFC 3501 s6.4.5); it is one attachment of the enclosed message size, its inner PDF '
        'is not listed (docs/cli.md).', text='Forwarding the message below.\n',
        parts=[pt('1', 'text/plain', size=sz(fb1)), pt('2.1', 'text/plain'),
               pt('2.2', 'application/pdf', filename='inner.pdf', size=len(inner_att))],
        attachments=[att(None, 'message/rfc822', sz(inner))], warnings_empty=True)

    n = 'mime-rfc822-single-inside'
    inner1_body = txt(LF, 'Just one text part inside.\n')
    inner1 = entity(LF, ['From: Carol Example <carol@example.com>', 'Subject: Inner',
                         'Date: Sat, 28 Feb 2026 09:00:00 +0100'], inner1_body)
    fw = entity(LF, ['Content-Type: message/rfc822; name="forwarded.eml"',
                     'Content-Disposition: attachment; filename="forwarded.eml"'], inner1)
    raw = mixed_message(n, LF, 'Fwd: Inner', [tp(LF, 'See below.\n')[0], fw])
    add(n, raw, 'A message/rfc822 holding a single-part message: its only leaf is "2.1" '
        '(RFC 3501 s6.4.5); listed as attachment with its own filename (docs/cli.md).',
        text='See below.\n',
        parts=[pt('1', 'text/plain'), pt('2.1', 'text/plain', charset=None,
                                         size=sz(inner1_body))],
        attachments=[att('forwarded.eml', 'message/rfc822', sz(inner1))])

    n = 'mime-rfc822-nested-twice'
    innermost = entity(CRLF, ['From: Dave <dave@example.com>', 'Subject: Innermost'],
                       txt(CRLF, 'Deep inside.\n'))
    middle = entity(CRLF, ['From: Carol Example <carol@example.com>', 'Subject: Middle',
                           'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="mid"'],
                    multipart(CRLF, 'mid', [tp(CRLF, 'Middle text.\n')[0],
                                            entity(CRLF, ['Content-Type: message/rfc822'],
                                                   innermost)]))
    raw = mixed_message(n, CRLF, 'Fwd: Fwd', [tp(CRLF, 'Outer text.\n')[0],
                                              entity(CRLF, ['Content-Type: message/rfc822'],
                                                     middle)])
    add(n, raw, 'A message/rfc822 inside a message/rfc822: paths 1, 2.1, 2.2.1 (RFC 3501 '
        's6.4.5); only the outer one is an attachment (docs/cli.md).', text='Outer text.\n',
        parts=[pt('1', 'text/plain'), pt('2.1', 'text/plain'), pt('2.2.1', 'text/plain')],
        attachments=[att(None, 'message/rfc822', sz(middle))])

    # digests
    wd('Fri', 1993, 3, 26)
    msg_a = entity(CRLF, ['From: someone-else@example.com', 'Date: Fri, 26 Mar 1993 11:13:32 '
                          '+0200', 'Subject: my opinion'], txt(CRLF, '...body goes here ...\n'))
    msg_b = entity(CRLF, ['From: someone-else-again@example.com', 'Date: Fri, 26 Mar 1993 '
                          '10:07:13 -0500', 'Subject: my different opinion'],
                   txt(CRLF, '... another body goes here ...\n'))
    n = 'mime-digest'
    raw = entity(CRLF, std(n, 'Digest', 'Content-Type: multipart/digest; boundary="---- next '
                                        'message ----"'),
                 multipart(CRLF, '---- next message ----',
                           [entity(CRLF, [], msg_a), entity(CRLF, [], msg_b)]))
    add(n, raw, 'multipart/digest whose parts have no Content-Type: they are message/rfc822 '
        '(RFC 2046 s5.1.5), so the leaves are 1.1 and 2.1 and both messages are attachments; '
        'the first child is no text, so text is "" (docs/cli.md).',
        text='', parts=[pt('1.1', 'text/plain', size=sz(txt(CRLF, '...body goes here ...\n'))),
                        pt('2.1', 'text/plain')],
        attachments=[att(None, 'message/rfc822', sz(msg_a)),
                     att(None, 'message/rfc822', sz(msg_b))])

    n = 'mime-rfc2046-digest-in-mixed'
    digest = entity(CRLF, ['Content-Type: multipart/digest;\n              boundary="---- next '
                           'message ----"'],
                    multipart(CRLF, '---- next message ----',
                              [entity(CRLF, [], msg_a), entity(CRLF, [], msg_b)]))
    intro = entity(CRLF, [], txt(CRLF, '  ...Introductory text or table of contents...\n'))
    raw = entity(CRLF, ['From: moderator@example.org', 'To: recipients@example.org',
                        'Date: Tue, 22 Mar 1994 13:34:51 +0000',
                        'Subject: Internet Digest, volume 42', 'MIME-Version: 1.0',
                        'Content-Type: multipart/mixed;\n              boundary="---- main '
                        'boundary ----"'],
                 multipart(CRLF, '---- main boundary ----', [intro, digest]))
    wd('Tue', 1994, 3, 22)
    add(n, raw, 'The RFC 2046 s5.1.5 digest example shape: mixed(intro, digest(msg, msg)); the '
        'untyped intro is text/plain, the untyped digest parts message/rfc822 (paths 2.1.1, '
        '2.2.1).', subject='Internet Digest, volume 42',
        text='  ...Introductory text or table of contents...\n',
        parts=[pt('1', 'text/plain', charset=None), pt('2.1.1', 'text/plain'),
               pt('2.2.1', 'text/plain')],
        attachments=[att(None, 'message/rfc822', len(msg_a)),
                     att(None, 'message/rfc822', len(msg_b))])

    n = 'mime-digest-explicit-text'
    raw = entity(LF, std(n, 'Digest with intro', 'Content-Type: multipart/digest; boundary=dg'),
                 multipart(LF, 'dg', [tp(LF, 'Table of contents: 1 message.\n',
                                         'text/plain; charset=us-ascii')[0],
                                      entity(LF, [], entity(LF, ['From: x@example.com',
                                                                 'Subject: one'],
                                                            txt(LF, 'One.\n')))]))
    add(n, raw, 'A digest whose first part is explicitly text/plain (RFC 2046 s5.1.5 note) and '
        'whose second is untyped (message/rfc822): paths 1 and 2.1.',
        text='Table of contents: 1 message.\n',
        parts=[pt('1', 'text/plain', charset='us-ascii'), pt('2.1', 'text/plain')],
        attachments=[att(None, 'message/rfc822', len(b'From: x@example.com\nSubject: one\n\n'
                                                      b'One.\n'))])

    n = 'mime-no-boundary-param'
    raw = entity(CRLF, std(n, 'Multipart without boundary', 'Content-Type: multipart/mixed'),
                 txt(CRLF, '--something\nContent-Type: text/plain\n\nHello.\n--something--\n'))
    add(n, raw, 'multipart/mixed without its mandatory boundary parameter (RFC 2046 s5.1.1) '
        'gives a "boundary" warning (docs/cli.md).', subject='Multipart without boundary',
        warnings_contain=['boundary'])

    n = 'mime-no-boundary-param-lf'
    raw = entity(LF, std(n, 'Alternative without boundary',
                         'Content-Type: multipart/alternative; charset=utf-8'),
                 txt(LF, 'Just some text.\n'))
    add(n, raw, 'multipart/alternative with parameters but no boundary, bare LF (RFC 2046 '
        's5.1.1): "boundary" warning.', subject='Alternative without boundary', from_=[ALICE],
        warnings_contain=['boundary'])

    n = 'mime-parts-without-content-type'
    u1body = txt(CRLF, 'Part one has only a transfer encoding field.\n')
    u1 = entity(CRLF, ['Content-Transfer-Encoding: 7bit'], u1body)
    u2 = entity(CRLF, [], txt(CRLF, 'Part two has no header at all.\n'))
    raw = mixed_message(n, CRLF, 'Untyped parts', [u1, u2])
    add(n, raw, 'Body parts without Content-Type are text/plain (RFC 2045 s5.2) with charset '
        'null as not declared (docs/cli.md).',
        text='Part one has only a transfer encoding field.\n',
        parts=[pt('1', 'text/plain', charset=None, size=sz(u1body)),
               pt('2', 'text/plain', charset=None)], attachments=[], warnings_empty=True)

    n = 'mime-top-no-content-type'
    body = txt(CRLF, 'MIME-Version but no Content-Type.\n')
    raw = entity(CRLF, std(n, 'Untyped'), body)
    add(n, raw, 'A MIME message without Content-Type is text/plain (RFC 2045 s5.2): one part '
        '"1", charset null.', text='MIME-Version but no Content-Type.\n', has_html=False,
        parts=[pt('1', 'text/plain', charset=None, disposition=None, filename=None,
                  content_id=None, size=sz(body))], attachments=[], warnings_empty=True)

    n = 'mime-invalid-content-type'
    body = txt(CRLF, 'The Content-Type is not type/subtype.\n')
    raw = entity(CRLF, std(n, 'Invalid type', 'Content-Type: garbage'), body)
    add(n, raw, 'An invalid Content-Type ("garbage", no subtype) is taken as text/plain (RFC '
        '2045 s5.2, docs/cli.md).', text='The Content-Type is not type/subtype.\n',
        parts=[pt('1', 'text/plain', charset=None, size=sz(body))])

    n = 'mime-invalid-content-type-in-part'
    v2body = txt(CRLF, 'A part typed only "image".\n')
    raw = mixed_message(n, CRLF, 'Invalid part type',
                        [tp(CRLF, 'Body.\n')[0], entity(CRLF, ['Content-Type: image'], v2body)])
    add(n, raw, 'A body part whose Content-Type lacks a subtype is text/plain (RFC 2045 s5.2); '
        'without filename or disposition it is shown inline, not an attachment.',
        text='Body.\n', parts=[pt('1', 'text/plain'), pt('2', 'text/plain', size=sz(v2body))],
        attachments=[])

    n = 'mime-disposition-inline-image'
    jpg = b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + blob(400, 25) + b'\xff\xd9'
    raw = mixed_message(n, CRLF, 'Inline photo', [
        tp(CRLF, 'Look at this photo.\n')[0],
        binpart(CRLF, 'image/jpeg', jpg, ['Content-Disposition: inline; filename="photo.jpg"'])])
    add(n, raw, 'An image with Content-Disposition inline in a multipart/mixed (not related): '
        'still an attachment since it is not text/* (docs/cli.md), disposition "inline" '
        '(RFC 2183 s2.1).', text='Look at this photo.\n',
        parts=[pt('1', 'text/plain'), pt('2', 'image/jpeg', disposition='inline',
                                         filename='photo.jpg', size=len(jpg))],
        attachments=[att('photo.jpg', 'image/jpeg', len(jpg))], warnings_empty=True)

    n = 'mime-disposition-unknown'
    x2body = txt(CRLF, 'Notes with an unknown disposition.\n')
    raw = mixed_message(n, CRLF, 'Unknown disposition', [
        tp(CRLF, 'Body.\n')[0],
        entity(CRLF, ['Content-Type: text/plain; charset=us-ascii',
                      'Content-Disposition: x-mystery'], x2body)])
    add(n, raw, 'An unknown disposition type is treated as "attachment" (RFC 2183 s2.8), so '
        'this text part is listed as an attachment without filename.', text='Body.\n',
        parts=[pt('1', 'text/plain', disposition=None),
               pt('2', 'text/plain', disposition='attachment', filename=None, size=sz(x2body))],
        attachments=[att(None, 'text/plain', len(x2body))])

    n = 'mime-disposition-attachment-no-filename'
    y2body = txt(LF, 'A text attachment without a name.\n')
    raw = mixed_message(n, LF, 'Nameless attachment', [
        tp(LF, 'Body.\n')[0],
        entity(LF, ['Content-Type: text/plain', 'Content-Disposition: attachment'], y2body)])
    add(n, raw, 'A text part with Content-Disposition attachment and no filename is an '
        'attachment with filename null (RFC 2183 s2.2, docs/cli.md).', text='Body.\n',
        attachments=[att(None, 'text/plain', sz(y2body))])

    n = 'mime-text-parts-after-body'
    raw = mixed_message(n, CRLF, 'Inline texts', [
        tp(CRLF, 'Main body.\n')[0], tp(CRLF, 'A second text shown inline.\n')[0],
        tp(CRLF, 'A third, inline too.\n', more=['Content-Disposition: inline'])[0]])
    add(n, raw, 'text/plain parts after the body in a multipart/mixed without filename (no '
        'disposition, or inline) are shown inline: not attachments (docs/cli.md).',
        text='Main body.\n', attachments=[],
        parts=[pt('1', 'text/plain', disposition=None), pt('2', 'text/plain', disposition=None),
               pt('3', 'text/plain', disposition='inline')], warnings_empty=True)

    n = 'mime-content-ids'
    zbody = blob(48, 26)
    raw = mixed_message(n, CRLF, 'Content-IDs', [
        tp(CRLF, 'Body.\n', more=['Content-ID: <body.part@corpus.example>'])[0],
        binpart(CRLF, 'application/octet-stream', zbody,
                ['Content-ID:\n <part2.1234$x@corpus.example>',
                 'Content-Disposition: attachment; filename="z.bin"'])])
    add(n, raw, 'Content-ID (RFC 2045 s7, msg-id syntax), one folded, comes out without angle '
        'brackets.', parts=[pt('1', 'text/plain', content_id='body.part@corpus.example'),
                            pt('2', 'application/octet-stream',
                               content_id='part2.1234$x@corpus.example', size=len(zbody))],
        attachments=[att('z.bin', 'application/octet-stream', len(zbody))])

    n = 'mime-first-child-image'
    raw = mixed_message(n, CRLF, 'Image first', [
        binpart(CRLF, 'image/png', PNG, ['Content-Disposition: inline; filename="first.png"']),
        tp(CRLF, 'Caption after the image.\n')[0]])
    add(n, raw, 'multipart/mixed whose first child is an image: text is the best of the first '
        'child, which is "" for an image (docs/cli.md); both leaves are reported in order.',
        text='', parts=[pt('1', 'image/png', disposition='inline', filename='first.png',
                           size=len(PNG)), pt('2', 'text/plain', disposition=None)])

    n = 'mime-html-attachment'
    hb = txt(CRLF, HTML_SIMPLE)
    raw = mixed_message(n, CRLF, 'HTML attached', [
        tp(CRLF, 'The page is attached.\n')[0],
        entity(CRLF, ['Content-Type: text/html; charset=utf-8',
                      'Content-Disposition: attachment; filename="page.html"'], hb)])
    add(n, raw, 'An HTML file attached (disposition attachment) does not make has_html true '
        'and is listed (docs/cli.md).', text='The page is attached.\n', has_html=False,
        attachments=[att('page.html', 'text/html', sz(hb))])

    n = 'mime-related-attachment-disposition'
    rpdf = blob(210, 27)
    raw = mixed_message(n, CRLF, 'Related with attachment', [
        tp(CRLF, '<p>See <img src="cid:i3@corpus.example"></p>\n', 'text/html')[0],
        binpart(CRLF, 'image/gif', b'GIF89a' + blob(90, 28), ['Content-ID: <i3@corpus.example>']),
        binpart(CRLF, 'application/pdf', rpdf,
                ['Content-Disposition: attachment; filename="terms.pdf"'])],
        ctype='multipart/related')
    add(n, raw, 'Inside multipart/related, a leaf with disposition attachment is not inline '
        'content and is listed; the cid image is not (RFC 2387, docs/cli.md).', has_html=True,
        attachments=[att('terms.pdf', 'application/pdf', len(rpdf))],
        parts=[pt('1', 'text/html'), pt('2', 'image/gif', content_id='i3@corpus.example'),
               pt('3', 'application/pdf')])

    n = 'mime-report-dsn'
    status = txt(CRLF, 'Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; '
                       'nobody@example.org\nAction: failed\nStatus: 5.1.1\n')
    hdrs = txt(CRLF, 'From: Alice Example <alice@example.com>\nTo: nobody@example.org\n'
                     'Subject: Lost\n')
    raw = entity(CRLF, ['From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
                        'To: alice@example.com', 'Subject: Undelivered Mail Returned to Sender',
                        'Date: ' + DATE, 'MIME-Version: 1.0',
                        'Content-Type: multipart/report; report-type=delivery-status;\n'
                        '\tboundary="dsn.1"'],
                 multipart(CRLF, 'dsn.1', [
                     tp(CRLF, 'Your message could not be delivered.\n',
                        'text/plain; charset=us-ascii')[0],
                     entity(CRLF, ['Content-Type: message/delivery-status'], status),
                     entity(CRLF, ['Content-Type: text/rfc822-headers'], hdrs)]))
    add(n, raw, 'A delivery status notification, multipart/report (RFC 3462/3464): the human '
        'text is the body, message/delivery-status is a non-text leaf (an attachment), '
        'text/rfc822-headers is inline text.',
        text='Your message could not be delivered.\n',
        from_=[mb('Mail Delivery System', 'MAILER-DAEMON@mx.example.org')],
        parts=[pt('1', 'text/plain'), pt('2', 'message/delivery-status', size=sz(status)),
               pt('3', 'text/rfc822-headers', size=sz(hdrs))],
        attachments=[att(None, 'message/delivery-status', len(status))])

    n = 'mime-signed'
    sig = txt(CRLF, '-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEEAAAAAAAAAAAAAAAAAAAAAAAA'
                    'AAAFAmXXXXXX\n=ABCD\n-----END PGP SIGNATURE-----\n')
    raw = entity(CRLF, std(n, 'Signed', 'Content-Type: multipart/signed; micalg=pgp-sha256;\n'
                                        ' protocol="application/pgp-signature"; boundary="sig"'),
                 multipart(CRLF, 'sig', [
                     tp(CRLF, 'This text is signed.\n', 'text/plain; charset=us-ascii')[0],
                     entity(CRLF, ['Content-Type: application/pgp-signature; name="signature.asc"',
                                   'Content-Disposition: attachment; filename="signature.asc"'],
                            sig)]))
    add(n, raw, 'multipart/signed (RFC 1847, RFC 3156): the first child is the body, the '
        'signature a non-text leaf listed as attachment.', text='This text is signed.\n',
        attachments=[att('signature.asc', 'application/pgp-signature', sz(sig))],
        parts=[pt('1', 'text/plain', charset='us-ascii'),
               pt('2', 'application/pgp-signature', filename='signature.asc')])

    n = 'mime-empty-part-body'
    raw = mixed_message(n, CRLF, 'Empty attachment', [
        tp(CRLF, 'Body.\n')[0],
        entity(CRLF, ['Content-Type: text/plain', 'Content-Disposition: attachment; '
                      'filename="empty.txt"'], b'')])
    _pending.append(('contains', b'filename="empty.txt"\r\n\r\n\r\n--'))
    add(n, raw, 'An attachment whose body is empty: the CRLF before the next delimiter '
        'belongs to the delimiter (RFC 2046 s5.1.1), so its size is 0.', text='Body.\n',
        parts=[pt('1', 'text/plain'), pt('2', 'text/plain', filename='empty.txt', size=0)],
        attachments=[att('empty.txt', 'text/plain', 0)])

    n = 'mime-octet-stream-text-name'
    notes = txt(CRLF, 'plain notes\n')
    raw = mixed_message(n, CRLF, 'Octet stream', [
        tp(CRLF, 'Body.\n')[0],
        entity(CRLF, ['Content-Type: application/octet-stream; name="notes.txt"'], notes)])
    add(n, raw, 'A 7bit application/octet-stream part with only a Content-Type name: an '
        'attachment with that name and disposition null (docs/cli.md).',
        parts=[pt('1', 'text/plain'), pt('2', 'application/octet-stream', disposition=None,
                                         filename='notes.txt', size=sz(notes))],
        attachments=[att('notes.txt', 'application/octet-stream', len(notes))])


# --------------------------------------------------------------------------------------------
# cte-*: Content-Transfer-Encoding (RFC 2045 s6)


def uuencode(data, name, eol):
    out = b'begin 644 ' + B(name) + eol
    for i in range(0, len(data), 45):
        out += binascii.b2a_uu(data[i:i + 45], backtick=True).rstrip(b'\n') + eol
    return out + b'`' + eol + b'end' + eol


def group_cte():
    def single(n, about, ct, cte, body, eol=CRLF, **exp):
        raw = entity(eol, std(n, 'CTE ' + n, 'Content-Type: ' + ct,
                              'Content-Transfer-Encoding: ' + cte), body)
        add(n, raw, about, subject='CTE ' + n, **exp)

    def attached(n, about, cte, encoded, size, eol=CRLF, filename='data.bin', **exp):
        raw = mixed_message(n, eol, 'CTE ' + n, [
            tp(eol, 'Body.\n')[0],
            entity(eol, ['Content-Type: application/octet-stream',
                         'Content-Disposition: attachment; filename="%s"' % filename,
                         'Content-Transfer-Encoding: ' + cte], encoded)])
        exp.setdefault('attachments', [att(filename, 'application/octet-stream', size)])
        add(n, raw, about, subject='CTE ' + n, text='Body.\n',
            parts=[pt('1', 'text/plain'), pt('2', 'application/octet-stream', size=size)],
            **exp)

    text = 'Grüße aus Köln!\r\nZweite Zeile.\r\n'.encode('utf-8')
    single('cte-base64-text', 'A base64 text/plain body in UTF-8 with CRLF inside: decoded, '
           'then line ends become "\\n" (RFC 2045 s6.8).', 'text/plain; charset=utf-8', 'base64',
           b64(text, CRLF), text='Grüße aus Köln!\nZweite Zeile.\n',
           parts=[pt('1', 'text/plain', charset='utf-8', size=len(text))], warnings_empty=True)
    single('cte-base64-upper-case-name', 'The encoding name is case-insensitive: "BASE64" '
           '(RFC 2045 s6.1).', 'text/plain; charset=us-ascii', 'BASE64',
           b64(b'Upper-case encoding name.\n', LF), eol=LF,
           text='Upper-case encoding name.\n',
           parts=[pt('1', 'text/plain', size=len(b'Upper-case encoding name.\n'))])

    data = blob(400, 31)
    attached('cte-base64-one-long-line', 'base64 in one 536-character line instead of 76 '
             '(RFC 2045 s6.8 limits lines, decoders must not care): decoded size exact.',
             'base64', b64(data, CRLF, width=10000), len(data))
    data = blob(301, 32)
    attached('cte-base64-odd-line-lengths', 'base64 in lines of 13 characters, not a multiple '
             'of 4 (RFC 2045 s6.8: line breaks are ignored when decoding).', 'base64',
             b64(data, CRLF, width=13), len(data))

    data = blob(250, 33)
    enc = base64.b64encode(data)
    noisy = b''
    for i in range(0, len(enc), 40):
        noisy += enc[i:i + 20] + b' !*' + enc[i + 20:i + 40] + b'\t#%\r\n'
    _pending.append(('b64loose', noisy, len(data)))
    attached('cte-base64-garbage-characters', 'base64 with "!", "*", "#", "%", spaces and tabs '
             'inside lines: characters outside the alphabet are ignored (RFC 2045 s6.8).',
             'base64', noisy, len(data))

    data = blob(100, 34)
    enc = base64.b64encode(data)
    assert enc.endswith(b'==')
    nopad = enc.rstrip(b'=')
    nopad = b''.join(nopad[i:i + 76] + CRLF for i in range(0, len(nopad), 76))
    _pending.append(('b64loose', nopad, len(data)))
    attached('cte-base64-no-padding', 'base64 whose final "==" padding is missing: the last '
             'two characters still give the 100th byte (RFC 2045 s6.8).', 'base64', nopad,
             len(data))

    data = blob(120, 35)
    enc = base64.b64encode(data)[:157]            # 39 whole quanta and one lone character
    trunc = b''.join(enc[i:i + 76] + LF for i in range(0, len(enc), 76))
    _pending.append(('b64loose', trunc, 117))
    raw = entity(LF, std(n := 'cte-base64-truncated', 'CTE truncated',
                         'Content-Type: multipart/mixed; boundary="t"'),
                 multipart(LF, 't', [tp(LF, 'Body.\n')[0],
                                     entity(LF, ['Content-Type: application/octet-stream',
                                                 'Content-Disposition: attachment; '
                                                 'filename="cut.bin"',
                                                 'Content-Transfer-Encoding: base64'], trunc)]))
    add(n, raw, 'base64 cut after 157 characters (39 quanta and a lone sixth-bit character that '
        'cannot make a byte): a "base64" warning, the 117 decodable bytes kept (RFC 2045 s6.8).',
        text='Body.\n', parts=[pt('1', 'text/plain'), pt('2', 'application/octet-stream',
                                                         size=117)],
        warnings_contain=['base64'])

    data = blob(180, 36)
    enc = base64.b64encode(data)
    spaced = b''
    for i in range(0, len(enc), 60):
        spaced += enc[i:i + 60] + b'   \t' + CRLF + CRLF
    _pending.append(('b64loose', spaced, len(data)))
    attached('cte-base64-blank-lines', 'base64 with trailing whitespace on each line and empty '
             'lines between them (RFC 2045 s6.8: ignored).', 'base64', spaced, len(data))

    sentence = ('This is a rather long line of quoted-printable text that the encoder had to '
                'break with soft line breaks, because lines may not be longer than seventy-six '
                'characters.')
    # 75 characters and "=" per encoded line (RFC 2045 s6.7 rule 5: at most 76)
    qp = '=\n'.join(sentence[i:i + 75] for i in range(0, len(sentence), 75)) + \
        '\nSecond line.\n'
    single('cte-qp-soft-breaks', 'Quoted-printable soft line breaks "=" CRLF are removed, the '
           'space after one and the word split by the other joining up (RFC 2045 s6.7 '
           'rule 5).', 'text/plain; charset=us-ascii', 'quoted-printable', txt(CRLF, qp),
           text=sentence + '\nSecond line.\n', warnings_empty=True)
    single('cte-qp-soft-breaks-lf', 'Soft line breaks "=" LF in quoted-printable stored with '
           'bare LF (RFC 2045 s6.7 rule 5).', 'text/plain; charset=utf-8', 'quoted-printable',
           txt(LF, 'Gr=C3=BC=C3=9Fe aus K=\n=C3=B6ln, mit einem sehr langen Satz, der umbroc=\n'
               'hen wurde.\n'), eol=LF,
           text='Grüße aus Köln, mit einem sehr langen Satz, der umbrochen wurde.\n')
    single('cte-qp-split-multibyte', 'A soft line break between the two bytes of a UTF-8 '
           'character ("=C3=" CRLF "=A9"): the bytes join (RFC 2045 s6.7).',
           'text/plain; charset=utf-8', 'quoted-printable',
           txt(CRLF, 'Caf=C3=\n=A9 au lait.\n'), text='Café au lait.\n')
    single('cte-qp-lower-case-hex', 'Lower-case hex digits "=c3=a9" are accepted (RFC 2045 s6.7 '
           'rule 1 note: a robust decoder recognises them).', 'text/plain; charset=utf-8',
           'quoted-printable', txt(CRLF, 'caf=c3=a9 cr=c3=a8me br=C3=BBl=c3=a9e\n'),
           text='café crème brûlée\n')
    single('cte-qp-bad-escape', 'An "=" not followed by two hex digits ("=ZZ", "=%", "=4G") is '
           'kept literally, as RFC 2045 s6.7 suggests for robust decoders, with a '
           '"quoted-printable" warning (docs/cli.md).', 'text/plain; charset=us-ascii',
           'quoted-printable', txt(CRLF, 'Price =ZZ and 50=% off, code =4G.\n'),
           text='Price =ZZ and 50=% off, code =4G.\n', warnings_contain=['quoted-printable'])
    qptrail = txt(CRLF, 'line with trailing   \nkept=20\ntab\t\nend\n')
    decoded = b'line with trailing\r\nkept \r\ntab\r\nend\r\n'
    single('cte-qp-trailing-whitespace', 'Trailing whitespace on quoted-printable lines was '
           'added in transport and is deleted; an encoded "=20" stays (RFC 2045 s6.7 rule 3).',
           'text/plain; charset=us-ascii', 'quoted-printable', qptrail,
           text='line with trailing\nkept \ntab\nend\n',
           parts=[pt('1', 'text/plain', size=len(decoded))])
    html_qp = txt(CRLF, '<html><body><p style=3D"color:#333">Gr=C3=BC=C3=9Fe &amp; mehr</p><a h=\n'
                        'ref=3D"https://example.com/">Link</a></body></html>\n')
    single('cte-qp-html', 'Quoted-printable HTML with "=3D" in attributes and a soft break inside '
           'a tag (RFC 2045 s6.7): no escapes left in the text.', 'text/html; charset=utf-8',
           'quoted-printable', html_qp, has_html=True,
           text_contains=['Grüße & mehr', 'Link'], text_not_contains=['=3D', '=C3', 'color:'])
    utf8 = 'Ünïcödé text in 8bit: 日本語, ελληνικά, русский.\n'
    b8 = txt(CRLF, utf8)
    single('cte-8bit', '8bit UTF-8 body (RFC 2045 s6.2, RFC 6152): bytes taken as they are.',
           'text/plain; charset=utf-8', '8bit', b8, text=utf8,
           parts=[pt('1', 'text/plain', charset='utf-8', size=sz(b8))], warnings_empty=True)
    single('cte-7bit-explicit', 'An explicit 7bit encoding, in upper case (RFC 2045 s6.1).',
           'text/plain; charset=us-ascii', '7BIT', txt(CRLF, 'Seven bits.\n'),
           text='Seven bits.\n', warnings_empty=True)

    data = bytes(range(256)) * 2
    attached('cte-binary', 'binary encoding (RFC 2045 s6.2): all 256 byte values, bare CR and LF '
             'and NUL included, taken unchanged, so the size is exact.', 'binary',
             data, sz(data))

    data = blob(100, 37)
    _pending.append(('uu', uuencode(data, 'data.bin', CRLF), len(data)))
    attached('cte-x-uuencode', 'x-uuencode (a de-facto encoding, RFC 2045 s6.3 x-token): the '
             'decoded size is the sum of the line length characters, 100.', 'x-uuencode',
             uuencode(data, 'data.bin', CRLF), len(data), filename='data.bin')

    data = blob(90, 38)
    uu = uuencode(data, 'broken.bin', LF).split(LF)
    uu[1] = uu[1][:30]                            # a line that announces 45 bytes gives 21
    damaged = LF.join(uu)
    raw = mixed_message(n := 'cte-x-uuencode-damaged', LF, 'CTE damaged uuencode', [
        tp(LF, 'Body.\n')[0],
        entity(LF, ['Content-Type: application/octet-stream',
                    'Content-Disposition: attachment; filename="broken.bin"',
                    'Content-Transfer-Encoding: x-uuencode'], damaged)])
    add(n, raw, 'x-uuencode whose first data line is cut short of what its length character '
        'announces: a "uuencode" warning (docs/cli.md).', subject='CTE damaged uuencode',
        text='Body.\n', warnings_contain=['uuencode'])

    raw = entity(CRLF, std(n := 'cte-unknown', 'CTE unknown', 'Content-Type: text/plain',
                           'Content-Transfer-Encoding: x-gzip64'),
                 txt(CRLF, 'H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==\n'))
    add(n, raw, 'An unknown Content-Transfer-Encoding "x-gzip64" (RFC 2045 s6.4: treat as '
        'application/octet-stream) still gives one part "1".', subject='CTE unknown',
        parts=[{'path': '1'}])


# --------------------------------------------------------------------------------------------
# cs-*: body charsets (RFC 2045 s5.1, RFC 2046 s4.1.2, IANA charset registry)


def group_cs():
    def body(n, about, label, data, expected, cte='8bit', eol=CRLF, **exp):
        if cte == 'base64':
            enc = b64(data + eol, eol)
        elif cte == 'quoted-printable':
            enc = b''.join(b'=%02X' % c if c >= 0x80 or c == 0x3D else bytes([c])
                           for c in data) + eol
        else:
            enc = data + eol
        raw = entity(eol, std(n, 'Charset ' + n, 'Content-Type: text/plain; charset=' + label,
                              'Content-Transfer-Encoding: ' + cte), enc)
        if expected is not None:
            exp.setdefault('text', expected + '\n')
        add(n, raw, about, subject='Charset ' + n, **exp)

    def legacy(n, label, s, note, cte='8bit', eol=CRLF):
        charset_sample(*s)
        body(n, 'A text/plain body in %s%s, decoded exactly (RFC 2046 s4.1.2).' % (label, note),
             label, s[0], s[2], cte=cte, eol=eol,
             parts=[pt('1', 'text/plain', charset=label.lower().strip('"'))],
             warnings_empty=True)

    legacy('cs-iso-8859-1', 'iso-8859-1', S_LATIN1, ' (no byte in 80-9F, where windows-1252 '
           'differs)')
    legacy('cs-iso-8859-15', 'ISO-8859-15', S_LATIN9, ' (euro at A4, OE at BC, differing from '
           'Latin-1)', eol=LF)
    legacy('cs-windows-1252', 'windows-1252', S_CP1252, ' with bytes 80-9F (smart quotes, '
           'dashes, ellipsis, euro, per mille), quoted-printable', cte='quoted-printable')
    legacy('cs-iso-8859-2', 'iso-8859-2', S_LATIN2, ' (Polish)')
    legacy('cs-windows-1250', 'windows-1250', S_CP1250, ' (Czech, bytes 9A 9D 9E specific to '
           'windows-1250)', eol=LF)
    legacy('cs-windows-1251', 'windows-1251', S_CP1251, ' (Russian), base64', cte='base64')
    legacy('cs-koi8-r', 'koi8-r', S_KOI8R, ' (RFC 1489)')
    legacy('cs-koi8-u', 'KOI8-U', S_KOI8U, ' (RFC 2319, Ukrainian letters)')
    legacy('cs-iso-8859-5', 'iso-8859-5', S_LATIN5CYR, ' (Cyrillic)', eol=LF)
    legacy('cs-iso-8859-7', 'iso-8859-7', S_GREEK, ' (Greek)')
    legacy('cs-iso-8859-9', 'iso-8859-9', S_TURKISH, ' (Turkish dotted and dotless i)')
    legacy('cs-shift-jis', 'Shift_JIS', S_SJIS, ' (Japanese, double-byte)')
    legacy('cs-euc-jp', 'euc-jp', S_EUCJP, ' (Japanese)', eol=LF)
    legacy('cs-iso-2022-jp', 'ISO-2022-JP', S_ISO2022JP, ' (RFC 1468, 7bit with escape '
           'sequences)', cte='7bit')
    legacy('cs-gb2312', 'gb2312', S_GB2312, ' (simplified Chinese)')
    legacy('cs-gb18030', 'GB18030', S_GB18030, ' (including a four-byte sequence for U+20000)',
           cte='base64')
    legacy('cs-big5', 'big5', S_BIG5, ' (traditional Chinese)')
    legacy('cs-euc-kr', 'euc-kr', S_EUCKR, ' (Korean)', eol=LF)

    utf7 = b'Hi Mom -+Jjo--!'
    charset_sample(utf7, 'utf-7', 'Hi Mom -☺-!')
    body('cs-utf-7', 'A UTF-7 body (RFC 2152, its own example "Hi Mom -+Jjo--!"), decoded '
         'exactly.', 'utf-7', utf7, 'Hi Mom -☺-!', cte='7bit',
         parts=[pt('1', 'text/plain', charset='utf-7')])
    charset_sample(*S_LATIN1)
    body('cs-alias-latin1', 'The IANA alias "latin1" for ISO-8859-1: decoded as such; the '
         'charset field is the declared label lower-cased (docs/cli.md).', 'Latin1',
         S_LATIN1[0], S_LATIN1[2], parts=[pt('1', 'text/plain', charset='latin1')],
         warnings_empty=True)
    charset_sample(*S_EUCKR)
    body('cs-alias-ks-c-5601-1987', 'The label "ks_c_5601-1987" that Outlook sends for Korean '
         '(IANA alias; EUC-KR bytes are valid in it) decodes the Hangul text.',
         'ks_c_5601-1987', S_EUCKR[0], S_EUCKR[2], eol=LF,
         parts=[pt('1', 'text/plain', charset='ks_c_5601-1987')])
    body('cs-quoted-label', 'A quoted, upper-case charset label (RFC 2045 s5.1 quoted-string, '
         'case-insensitive, RFC 2046 s4.1.2).', '"UTF-8"',
         'Ärger mit Anführungszeichen'.encode('utf-8'), 'Ärger mit Anführungszeichen',
         parts=[pt('1', 'text/plain', charset='utf-8')], warnings_empty=True)

    body('cs-declared-utf8-latin1-bytes', 'Declared utf-8 but the bytes are ISO-8859-1 (E9, E8 '
         'are not valid UTF-8): a "charset" warning and a single-byte fallback gives the '
         'accents (docs/cli.md).', 'utf-8', b'Caf\xe9 cr\xe8me br\xfbl\xe9e', 'Café crème brûlée',
         warnings_contain=['charset'], parts=[pt('1', 'text/plain', charset='utf-8')])
    body('cs-declared-ascii-utf8-bytes', 'Declared us-ascii but the body holds UTF-8 bytes (RFC '
         '2046 s4.1.2: us-ascii is 7-bit): the ASCII text must survive whatever fallback is '
         'used.', 'us-ascii', 'Hello Jörg, see you at the café. end'.encode('utf-8'), None,
         text_contains=['Hello J', 'see you at the caf', '. end'],
         parts=[pt('1', 'text/plain', charset='us-ascii')])
    body('cs-unknown-label-ascii', 'An unknown charset label "x-foo" on a pure ASCII body: a '
         '"charset" warning, the text is the ASCII as written (docs/cli.md).', 'x-foo',
         b'Plain ASCII in an unknown charset.', 'Plain ASCII in an unknown charset.',
         warnings_contain=['charset'], parts=[pt('1', 'text/plain', charset='x-foo')])
    body('cs-unknown-label-utf8', 'An unknown charset label on a body with 8-bit bytes: a '
         '"charset" warning and a fallback decoding; the ASCII parts stay.', 'x-unknown-8bit',
         'Fallback test: Grüße.'.encode('utf-8'), None, eol=LF, warnings_contain=['charset'],
         text_contains=['Fallback test: Gr'])


# --------------------------------------------------------------------------------------------
# flowed-*: text/plain; format=flowed (RFC 3676)


def group_flowed():
    def flowed(n, about, ct, body_lines, eol=CRLF, cte=None, **exp):
        extra = ['Content-Type: ' + ct]
        if cte:
            extra.append('Content-Transfer-Encoding: ' + cte)
        raw = entity(eol, std(n, 'Flowed ' + n, *extra), lines(eol, *body_lines))
        add(n, raw, about, subject='Flowed ' + n, **exp)

    flowed('flowed-basic', 'format=flowed without DelSp: a line ending in a space is soft and '
           'joined with the next, the space kept (RFC 3676 s4.1, s4.2); hard lines and the '
           'empty line stay.', 'text/plain; charset=us-ascii; format=flowed',
           ['This paragraph was wrapped by the sender at a width of about forty ',
            'characters, and each soft break keeps its ',
            'trailing space.', 'A hard line.', '', 'Second paragraph, single line.'],
           text='This paragraph was wrapped by the sender at a width of about forty characters, '
           'and each soft break keeps its trailing space.\nA hard line.\n\nSecond paragraph, '
           'single line.\n', warnings_empty=True)
    flowed('flowed-delsp', 'format=flowed; delsp=yes: the trailing space of a soft line is '
           'deleted when joining, so a word broken in two joins whole (RFC 3676 s4.2).',
           'text/plain; charset=us-ascii; format=flowed; delsp=yes',
           ['This line was broken inside a word: Supercali ', 'fragilistic and between words  ',
            'here.'],
           text='This line was broken inside a word: Supercalifragilistic and between words '
           'here.\n')
    flowed('flowed-delsp-no', 'format=flowed; DelSp=no given explicitly: soft line breaks keep '
           'their space (RFC 3676 s4.2).', 'text/plain; charset=utf-8; format=flowed; DelSp=no',
           ['Zwei Zeilen, die ', 'zusammengehören.'],
           text='Zwei Zeilen, die zusammengehören.\n', eol=LF)
    flowed('flowed-quoted', 'Quoted flowed lines are joined within the same quote depth, the '
           'stuffed space after ">" removed (RFC 3676 s4.5).',
           'text/plain; charset=us-ascii; format=flowed',
           ['> This quoted paragraph was ', '> flowed over two lines.',
            '>> Deeper quote that is ', '>> also flowed.', 'My answer.'],
           text_contains=['This quoted paragraph was flowed over two lines.',
                          'Deeper quote that is also flowed.', 'My answer.'],
           text_not_contains=['paragraph was \n', 'that is \n'])
    flowed('flowed-space-stuffed', 'Space-stuffed lines: the first space is removed (RFC 3676 '
           's4.4), keeping a second space and the ">" that is not a quote.',
           'text/plain; charset=us-ascii; format=flowed',
           [' From the start of a line.', '  Indented by one after unstuffing.',
            ' >Not a quote, stuffed.', 'Normal.'],
           text='From the start of a line.\n Indented by one after unstuffing.\n>Not a quote, '
           'stuffed.\nNormal.\n')
    flowed('flowed-signature', 'The signature separator "-- " ends in a space but is never '
           'flowed (RFC 3676 s4.3); the soft line before it joins normally.',
           'text/plain; charset=us-ascii; format=flowed',
           ['Thanks for the report, I will look ', 'at it tomorrow.', '-- ', 'Alice Example'],
           text='Thanks for the report, I will look at it tomorrow.\n-- \nAlice Example\n')
    flowed('flowed-not-flowed', 'Without format=flowed, trailing spaces are kept and lines are '
           'not joined (RFC 2046 s4.1.1, RFC 3676 applies only to format=flowed).',
           'text/plain; charset=us-ascii',
           ['Line with a trailing space ', 'next line.'],
           text='Line with a trailing space \nnext line.\n', warnings_empty=True)
    flowed('flowed-quoted-printable', 'format=flowed inside quoted-printable: the encoded "=20" '
           'at the end of a line survives decoding and marks a soft break (RFC 2045 s6.7, RFC '
           '3676 s4.2).', 'text/plain; charset=utf-8; format=flowed', [
               'This line ends in an encoded space=20', 'and continues with caf=C3=A9.'],
           cte='quoted-printable', text='This line ends in an encoded space and continues with '
           'café.\n')
    flowed('flowed-upper-case-lf', 'Parameter values are case-insensitive here: format=Flowed '
           'and DelSp=Yes, bare LF (RFC 3676 s4.1, s4.2).',
           'text/plain; charset=us-ascii; format=Flowed; DelSp=Yes',
           ['Join', 'ed? No: hard. Soft:  ', 'yes.'], eol=LF,
           text='Join\ned? No: hard. Soft: yes.\n')


# --------------------------------------------------------------------------------------------
# html-*: HTML bodies and has_html (docs/cli.md text, has_html)


def group_html():
    def single_html(n, about, html, eol=CRLF, ct='text/html; charset=utf-8', cte=None,
                    encoded=None, **exp):
        extra = ['Content-Type: ' + ct] + (['Content-Transfer-Encoding: ' + cte] if cte else [])
        raw = entity(eol, std(n, 'HTML ' + n, *extra),
                     encoded if encoded is not None else txt(eol, html))
        add(n, raw, about, subject='HTML ' + n, has_html=True, attachments=[], **exp)

    single_html('html-only', 'An HTML-only message: text comes from the HTML-to-text '
                'conversion, tags gone, has_html true (docs/cli.md).',
                '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Greeting</title>'
                '</head>\n<body><p>Hello <b>Bob</b>,</p><p>Second paragraph with a '
                '<a href="https://example.com/">link</a>.</p></body></html>\n',
                text_contains=['Hello Bob', 'Second paragraph with a link'],
                text_not_contains=['<p>', '<b>', '</', 'DOCTYPE', 'charset='],
                parts=[pt('1', 'text/html', charset='utf-8')], warnings_empty=True)
    single_html('html-entities', 'Named and numeric character references are decoded: &amp; '
                'gives "&", &lt;tag&gt; gives "<tag>" (HTML5 named references).',
                '<html><body><p>Fish &amp; Chips</p><p>Use &lt;tag&gt; and &quot;quoted&quot;'
                '</p><p>caf&eacute; na&iuml;ve &euro;5 &copy; 2026</p></body></html>\n',
                text_contains=['Fish & Chips', 'Use <tag> and "quoted"', 'café naïve €5 © 2026'],
                text_not_contains=['&amp;', '&lt;', '&gt;', '&quot;', '&eacute;', '&euro;'])
    single_html('html-numeric-entities', 'Decimal and hexadecimal character references, '
                'upper- and lower-case x, outside the BMP too (HTML5 numeric references).',
                '<p>&#8364;10 &#x263A; &#X263a; &#233;t&#xE9; &#128512;</p>\n',
                text_contains=['€10 ☺ ☺ été 😀'], text_not_contains=['&#'], eol=LF)
    single_html('html-script-style', 'The content of <script> and <style> (and <head>) never '
                'reaches the text; the visible text does.',
                '<html><head><style>p { color: red; font-family: Arial; }</style>'
                '<script>var secretVariable = 1; alert("boo");</script></head>\n<body>'
                '<p>Visible words.</p><script type="text/javascript">\ndocument.write('
                '"injected");\n</script><p>More visible words.</p></body></html>\n',
                text_contains=['Visible words.', 'More visible words.'],
                text_not_contains=['secretVariable', 'alert(', 'color: red', 'font-family',
                                   'document.write', 'injected'])
    single_html('html-comment', 'HTML comments are not text, even across lines and with tags '
                'inside.', '<p>Before</p><!-- a hidden comment\n<p>hidden paragraph</p> -->'
                '<p>After</p>\n',
                text_contains=['Before', 'After'],
                text_not_contains=['hidden comment', 'hidden paragraph', '<!--', '-->'])
    single_html('html-line-breaks', '<br> and block elements separate lines: words on either '
                'side are not glued together.',
                '<div>Line one<br>Line two<br/>Line three</div><p>Para</p><p>Next</p>\n',
                text_contains=['Line one', 'Line two', 'Line three', 'Para', 'Next'],
                text_not_contains=['Line oneLine two', 'Line twoLine three', 'ParaNext'])
    latin_html = b'<html><body><p>Caf\xe9 &amp; Gr\xfc\xdfe</p></body></html>\r\n'
    single_html('html-latin1-base64', 'A base64 HTML body in ISO-8859-1: transfer decoding, '
                'charset decoding, then HTML to text.', None,
                ct='text/html; charset=iso-8859-1', cte='base64', encoded=b64(latin_html, CRLF),
                text_contains=['Café & Grüße'],
                parts=[pt('1', 'text/html', charset='iso-8859-1', size=len(latin_html))])

    n = 'html-alternative-html-last'
    raw = mixed_message(n, CRLF, 'HTML alternative', [
        tp(CRLF, 'Plain version only.\n')[0],
        tp(CRLF, '<html><body><p>Rich <b>HTML</b> version.</p></body></html>\n',
           'text/html; charset=utf-8')[0]], ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative with HTML last: text is still the text/plain child '
        '(docs/cli.md), has_html true because the HTML leaf is not an attachment.',
        text='Plain version only.\n', text_not_contains=['Rich'], has_html=True,
        attachments=[])

    n = 'html-alternative-only-html'
    raw = mixed_message(n, LF, 'Alternative of one', [
        tp(LF, '<p>Only child &amp; HTML.</p>\n', 'text/html; charset=us-ascii')[0]],
        ctype='multipart/alternative')
    add(n, raw, 'multipart/alternative with a single HTML child: no text/plain child, so the '
        'best of the last child, the HTML converted (docs/cli.md).',
        text_contains=['Only child & HTML.'], text_not_contains=['<p>'], has_html=True,
        attachments=[])

    n = 'html-plain-only'
    raw = entity(CRLF, std(n, 'Plain only', 'Content-Type: text/plain; charset=us-ascii'),
                 txt(CRLF, 'Nothing but <b>plain</b> text & no HTML part.\n'))
    add(n, raw, 'A text/plain message is never HTML: has_html false, and markup-looking text '
        'in it is kept as written (RFC 2046 s4.1.3).', has_html=False, attachments=[],
        text='Nothing but <b>plain</b> text & no HTML part.\n', warnings_empty=True)

    n = 'html-mixed-inline-html'
    raw = mixed_message(n, CRLF, 'Mixed with inline HTML', [
        tp(CRLF, 'The plain body.\n')[0],
        tp(CRLF, '<p>An inline HTML part after the body.</p>\n', 'text/html; charset=utf-8')[0]])
    add(n, raw, 'multipart/mixed(plain, HTML without disposition): text is the first child; the '
        'HTML is inline (text/*, no filename) so not an attachment and has_html is true.',
        text='The plain body.\n', has_html=True, attachments=[])

    n = 'html-related-in-mixed'
    rel = entity(CRLF, ['Content-Type: multipart/related; boundary="r"'], multipart(CRLF, 'r', [
        tp(CRLF, '<p>Newsletter <img src="cid:b@corpus.example" alt="banner"></p>\n',
           'text/html; charset=utf-8')[0],
        binpart(CRLF, 'image/png', PNG, ['Content-ID: <b@corpus.example>'])]))
    hpdf = blob(333, 41)
    raw = mixed_message(n, CRLF, 'Newsletter', [rel, binpart(
        CRLF, 'application/pdf', hpdf, ['Content-Disposition: attachment; filename="n.pdf"'])])
    add(n, raw, 'mixed(related(HTML, image), PDF) without any text/plain: text from the HTML, '
        'only the PDF is an attachment (docs/cli.md).', has_html=True,
        text_contains=['Newsletter'], text_not_contains=['<img', 'cid:'],
        attachments=[att('n.pdf', 'application/pdf', len(hpdf))],
        parts=[pt('1.1', 'text/html'), pt('1.2', 'image/png'), pt('2', 'application/pdf')])


# --------------------------------------------------------------------------------------------
# odd-*: inputs that are hardly messages


def group_odd():
    add('odd-empty', b'', 'An empty file still gives JSON: everything null or empty and a '
        'warning mentioning "empty" (docs/cli.md).', subject=None, from_=[], to=[], cc=[],
        date=None, message_id=None, references=[], text='', has_html=False, attachments=[],
        warnings_contain=['empty'])

    png = PNG + blob(200, 51)
    add('odd-png-blob', png, 'A PNG file instead of a message: it does not start with a header '
        'field, so it is all one text/plain body, with a "no header" warning (docs/cli.md).',
        subject=None, from_=[], date=None, has_html=False,
        parts=[pt('1', 'text/plain', size=len(png))], warnings_contain=['no header'])

    note = b'Hello there, this is just a note\nwith no header at all.\n'
    add('odd-plain-text-no-header', note, 'A text file without header: all of it is the '
        'text/plain body, with a "no header" warning (docs/cli.md).', subject=None, from_=[],
        text='Hello there, this is just a note\nwith no header at all.\n',
        parts=[pt('1', 'text/plain', charset=None, size=len(note))],
        warnings_contain=['no header'])

    hdrs = lines(CRLF, 'From: Alice Example <alice@example.com>', 'Subject: Only headers',
                 'Date: ' + DATE)
    add('odd-headers-only', hdrs, 'Header fields and nothing else, not even the empty line (RFC '
        '5322 s3.5: the body is optional): one empty text/plain part, text "".',
        subject='Only headers', from_=[ALICE], date=DATE_ISO, text='',
        parts=[pt('1', 'text/plain', size=0)], attachments=[], warnings_empty=True)
    add('odd-headers-empty-body', hdrs + CRLF, 'Header fields, the empty line, no body bytes '
        '(RFC 5322 s3.5): one empty text/plain part.', subject='Only headers', text='',
        parts=[pt('1', 'text/plain', size=0)], warnings_empty=True)

    raw = lines(CRLF, 'From: Alice Example <alice@example.com>', 'Subject: No newline at end',
                'Date: ' + DATE) + CRLF + b'The last line has no line end.'
    add('odd-no-final-newline', raw, 'A body whose last line has no CRLF: the text ends without '
        '"\\n" and the size counts exactly the bytes present (RFC 5322 s2.1).',
        subject='No newline at end', text='The last line has no line end.',
        parts=[pt('1', 'text/plain', size=len(b'The last line has no line end.'))],
        warnings_empty=True)

    raw = lines(CRLF, 'From: Alice Example <alice@example.com>', 'Subject: Missing separator',
                'Date: ' + DATE) + b'Hello Bob,\r\nthis body follows the header without the ' \
        b'empty line.\r\n'
    add('odd-no-header-separator', raw, 'The body starts right after the last field without the '
        'empty line (RFC 5322 s2.1): the fields are read and a "header" warning tells about the '
        'line that is not a field.', subject='Missing separator', from_=[ALICE],
        date=DATE_ISO, warnings_contain=['header'])

    users = ['user%04d@example.com' % i for i in range(1000)]
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>',
                        'To: ' + ',\n '.join(users),
                        'Subject: One thousand recipients', 'Date: ' + DATE],
                 txt(CRLF, 'Hi all.\n'))
    add('odd-1000-recipients', raw, 'A To field of 1000 addresses folded one per line (RFC 5322 '
        's3.4, s2.2.3): all kept in order.', subject='One thousand recipients',
        to=[mb(None, u) for u in users], text='Hi all.\n', warnings_empty=True)

    long_subject = ' '.join('w%04d' % i for i in range(834))
    raw = entity(CRLF, ['From: Alice Example <alice@example.com>', 'Subject: ' + long_subject,
                        'Date: ' + DATE], txt(CRLF, 'Hi.\n'))
    assert len('Subject: ' + long_subject) > 5000
    add('odd-long-header-5000', raw, 'A Subject line of more than 5000 characters, over the '
        '998 limit of RFC 5322 s2.1.1: read whole.', subject=long_subject, from_=[ALICE],
        text='Hi.\n')

    nul = b'before\x00\x00after\r\nline two\x00\r\n'
    raw = entity(CRLF, std('odd-nul-bytes', 'NUL bytes', 'Content-Type: text/plain; '
                           'charset=us-ascii'), nul)
    _pending.append(('contains', nul))
    add('odd-nul-bytes', raw, 'NUL bytes in a text body (only obsolete obs-body allows them, '
        'RFC 5322 s4.1; RFC 2045 s2.7 forbids them in 7bit): nothing is cut at a NUL, the size '
        'counts them.',
        subject='NUL bytes', text_contains=['before', 'after', 'line two'],
        parts=[pt('1', 'text/plain', size=len(nul))])

    raw = (b'From: Alice Example <alice@example.com>\rTo: Bob Example <bob@example.com>\r'
           b'Subject: CR only\rDate: ' + B(DATE) + b'\r\rBody line one.\rBody line two.\r')
    add('odd-cr-only', raw, 'Old Mac line ends, bare CR only (not RFC 5322 s2.1 CRLF): whatever '
        'is made of it, the result is one message with a single part "1".',
        parts=[{'path': '1'}])

    big = blob(500000, 52)
    raw = mixed_message('odd-large-attachment', CRLF, 'Large attachment', [
        tp(CRLF, 'Half a megabyte attached.\n')[0],
        binpart(CRLF, 'application/octet-stream', big,
                ['Content-Disposition: attachment; filename="big.bin"'])])
    add('odd-large-attachment', raw, 'A 500000-byte base64 attachment (about 680 KB encoded): '
        'the decoded size is exact (RFC 2045 s6.8).', subject='Large attachment',
        text='Half a megabyte attached.\n',
        attachments=[att('big.bin', 'application/octet-stream', 500000)], warnings_empty=True)

    depth = 25
    inner = tp(CRLF, 'Bottom.\n')[0]
    for level in range(depth, 0, -1):
        inner = entity(CRLF, ['Content-Type: multipart/mixed; boundary="lvl%02d"' % level],
                       multipart(CRLF, 'lvl%02d' % level, [inner]))
    raw = lines(CRLF, *std('odd-deep-nesting', 'Deep nesting')) + inner
    add('odd-deep-nesting', raw, 'multipart/mixed nested 25 levels, one child each: the leaf '
        'path is "1" repeated 25 times (RFC 3501 s6.4.5) and its text is the body.',
        subject='Deep nesting', text='Bottom.\n',
        parts=[pt('.'.join(['1'] * depth), 'text/plain')])


# --------------------------------------------------------------------------------------------
# Writing and validation

GROUPS = [group_hdr, group_addr, group_date, group_id, group_ew, group_param, group_mime,
          group_cte, group_cs, group_flowed, group_html, group_odd]

ISO_DATE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$')
PATH = re.compile(r'^[1-9]\d*(\.[1-9]\d*)*$')
MIME_TYPE = re.compile(r'^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$')


def dump(exp):
    return json.dumps(exp, ensure_ascii=False, indent=1) + '\n'


def cli_md_words():
    """The quoted keywords of the warnings paragraph of docs/cli.md, or None without it."""
    if not os.path.exists(CLI_MD):
        return None
    md = open(CLI_MD, encoding='utf-8').read()
    m = re.search(r'Each contains one of\s+these words(.*?)A clean message', md, re.S)
    if not m:
        return []
    return re.findall(r'"([^"]+)"', m.group(1))


def b64_loose_size(text):
    s = re.sub(rb'[^A-Za-z0-9+/]', b'', text)
    full = len(s) // 4 * 4
    rest = len(s) - full
    return len(base64.b64decode(s[:full], validate=True)) + {0: 0, 1: 0, 2: 1, 3: 2}[rest]


def uu_size(text):
    total = 0
    started = False
    for line in text.replace(b'\r\n', b'\n').split(b'\n'):
        if line.startswith(b'begin '):
            started = True
            continue
        if not started:
            continue
        if line == b'end':
            break
        total += len(binascii.a2b_uu(line))
    return total


def check_addresses(v, where, errors):
    if not isinstance(v, list):
        errors.append('%s: not a list' % where)
        return
    for a in v:
        if not isinstance(a, dict) or set(a) != ADDRESS_KEYS:
            errors.append('%s: element %r needs exactly name and address' % (where, a))
        elif not (a['name'] is None or (isinstance(a['name'], str) and a['name'])):
            errors.append('%s: name %r must be null or non-empty' % (where, a['name']))
        elif not isinstance(a['address'], str) or '@' not in a['address'] or \
                a['address'] != a['address'].strip() or 'xn--' in a['address']:
            errors.append('%s: bad address %r' % (where, a['address']))


def check_expectation(name, exp, errors):
    where = name + '.expected.json'
    for k, v in exp.items():
        if k not in EXACT_KEYS | ARRAY_KEYS | EXTRA_KEYS:
            errors.append('%s: key %r not allowed' % (where, k))
    if not isinstance(exp.get('about'), str) or len(exp['about']) < 20 or \
            not exp['about'].endswith('.'):
        errors.append('%s: "about" must be one sentence' % where)
    if 'subject' in exp and not (exp['subject'] is None or isinstance(exp['subject'], str)):
        errors.append('%s: subject type' % where)
    if isinstance(exp.get('subject'), str) and exp['subject'] != exp['subject'].strip():
        errors.append('%s: subject is not trimmed' % where)
    for k in ('from', 'to', 'cc', 'reply_to'):
        if k in exp:
            check_addresses(exp[k], '%s: %s' % (where, k), errors)
    if 'date' in exp and exp['date'] is not None and not ISO_DATE.match(exp['date']):
        errors.append('%s: date %r is not ISO 8601 with offset' % (where, exp['date']))
    for k in ('message_id', 'in_reply_to'):
        if k in exp and exp[k] is not None and (not isinstance(exp[k], str) or
                                                exp[k][:1] == '<' or exp[k][-1:] == '>'):
            errors.append('%s: %s %r' % (where, k, exp[k]))
    if 'references' in exp and (not isinstance(exp['references'], list) or any(
            not isinstance(r, str) or r.startswith('<') for r in exp['references'])):
        errors.append('%s: references' % where)
    if 'has_html' in exp and not isinstance(exp['has_html'], bool):
        errors.append('%s: has_html must be a boolean' % where)
    if 'text' in exp and (not isinstance(exp['text'], str) or '\r' in exp['text']):
        errors.append('%s: text must be a string with "\\n" line ends' % where)
    for k in ('text_contains', 'text_not_contains'):
        if k in exp and (not isinstance(exp[k], list) or not exp[k] or
                         any(not isinstance(s, str) or not s for s in exp[k])):
            errors.append('%s: %s must be a list of non-empty strings' % (where, k))
    if 'text' in exp:
        for s in exp.get('text_contains', []):
            if s not in exp['text']:
                errors.append('%s: text_contains %r not in text' % (where, s))
        for s in exp.get('text_not_contains', []):
            if s in exp['text']:
                errors.append('%s: text_not_contains %r is in text' % (where, s))
    if 'warnings_contain' in exp:
        w = exp['warnings_contain']
        if not isinstance(w, list) or not w or any(x not in WARNING_WORDS for x in w):
            errors.append('%s: warnings_contain %r has a word docs/cli.md does not list'
                          % (where, w))
        if 'warnings_empty' in exp:
            errors.append('%s: warnings_contain and warnings_empty together' % where)
    if 'warnings_empty' in exp and exp['warnings_empty'] is not True:
        errors.append('%s: warnings_empty must be true when given' % where)
    if 'parts' in exp:
        keys = []
        for p in exp['parts']:
            if not isinstance(p, dict) or not p or set(p) - PART_KEYS:
                errors.append('%s: part %r has keys not allowed' % (where, p))
                continue
            if 'path' in p:
                if not PATH.match(p['path']):
                    errors.append('%s: part path %r' % (where, p['path']))
                keys.append(tuple(int(x) for x in p['path'].split('.')))
            if 'content_type' in p and not MIME_TYPE.match(p['content_type']):
                errors.append('%s: content_type %r' % (where, p['content_type']))
            if p.get('charset') is not None and p['charset'] != p['charset'].lower():
                errors.append('%s: charset %r not lower-case' % (where, p['charset']))
            if p.get('disposition', None) not in (None, 'inline', 'attachment'):
                errors.append('%s: disposition %r' % (where, p['disposition']))
            if 'size' in p and (not isinstance(p['size'], int) or p['size'] < 0):
                errors.append('%s: size %r' % (where, p['size']))
            if p.get('content_id') and p['content_id'][0] == '<':
                errors.append('%s: content_id with brackets' % where)
        if keys != sorted(keys) or len(set(keys)) != len(keys):
            errors.append('%s: part paths are not in depth-first order' % where)
    if 'attachments' in exp:
        for a in exp['attachments']:
            if not isinstance(a, dict) or not a or set(a) - ATTACHMENT_KEYS:
                errors.append('%s: attachment %r has keys not allowed' % (where, a))
            elif 'content_type' in a and not MIME_TYPE.match(a['content_type']):
                errors.append('%s: attachment content_type %r' % (where, a['content_type']))


def check_bytes(name, raw, checks, errors):
    for c in checks:
        kind = c[0]
        if kind == 'contains':
            if c[1] not in raw:
                errors.append('%s.eml: expected bytes %r... not found' % (name, c[1][:30]))
        elif kind == 'b64':
            if c[1] not in raw:
                errors.append('%s.eml: base64 payload not found' % name)
            elif len(base64.b64decode(re.sub(rb'\s', b'', c[1]), validate=True)) != c[2]:
                errors.append('%s.eml: base64 payload does not decode to %d bytes' % (name, c[2]))
        elif kind == 'b64loose':
            if c[1] not in raw:
                errors.append('%s.eml: loose base64 payload not found' % name)
            elif b64_loose_size(c[1]) != c[2]:
                errors.append('%s.eml: loose base64 gives %d bytes, not %d'
                              % (name, b64_loose_size(c[1]), c[2]))
        elif kind == 'uu':
            if c[1] not in raw or uu_size(c[1]) != c[2]:
                errors.append('%s.eml: uuencoded payload wrong' % name)
        elif kind == 'codec':
            if c[1].decode(c[2]) != c[3]:
                errors.append('%s.eml: sample in %s is not %r' % (name, c[2], c[3]))
        elif kind == 'idn':
            if B(c[1]) not in raw or B(c[1]).decode('idna') != c[2]:
                errors.append('%s.eml: A-label %s is not %s' % (name, c[1], c[2]))
        else:
            errors.append('%s: unknown check %r' % (name, kind))


def validate(write_ok):
    errors = []
    words = cli_md_words()
    if words is None:
        print('note: %s not found, keyword list not cross-checked' % CLI_MD)
    elif sorted(words) != sorted(WARNING_WORDS):
        errors.append('docs/cli.md lists warning words %r, the script knows %r'
                      % (words, WARNING_WORDS))
    on_disk = sorted(os.listdir(OUT)) if os.path.isdir(OUT) else []
    names = sorted(CORPUS)
    expected_files = sorted([n + '.eml' for n in names] + [n + '.expected.json' for n in names])
    if on_disk != expected_files:
        extra = sorted(set(on_disk) - set(expected_files))
        missing = sorted(set(expected_files) - set(on_disk))
        errors.append('corpus/ differs from the script: extra %r, missing %r' % (extra, missing))
    counts = {}
    for name in names:
        raw, exp, checks = CORPUS[name]
        group = name.split('-')[0]
        counts[group] = counts.get(group, 0) + 1
        eml = os.path.join(OUT, name + '.eml')
        js = os.path.join(OUT, name + '.expected.json')
        if not os.path.exists(eml) or not os.path.exists(js):
            continue
        disk = open(eml, 'rb').read()
        if disk != raw:
            errors.append('%s.eml on disk is not what the script builds' % name)
        limit = LARGE_LIMIT if name in LARGE_ALLOWED else SMALL_LIMIT
        if len(disk) >= limit:
            errors.append('%s.eml is %d bytes, limit %d' % (name, len(disk), limit))
        try:
            loaded = json.loads(open(js, encoding='utf-8').read())
        except ValueError as e:
            errors.append('%s: invalid JSON: %s' % (js, e))
            continue
        if loaded != exp or open(js, encoding='utf-8').read() != dump(exp):
            errors.append('%s on disk is not what the script builds' % js)
        check_expectation(name, loaded, errors)
        check_bytes(name, disk, checks, errors)
    for w, y, m, d in WEEKDAYS:
        if datetime.date(y, m, d).strftime('%a') != w:
            errors.append('%04d-%02d-%02d is not a %s' % (y, m, d, w))
    for group, least in MIN_PER_GROUP.items():
        if counts.get(group, 0) < least:
            errors.append('group %s has %d messages, at least %d wanted'
                          % (group, counts.get(group, 0), least))
    unknown = set(counts) - set(MIN_PER_GROUP)
    if unknown:
        errors.append('messages in unknown groups: %r' % sorted(unknown))
    return errors, counts


def main(argv):
    check_only = '--check' in argv[1:]
    for g in GROUPS:
        g()
    assert not _pending, 'checks registered after the last add()'
    if not check_only:
        os.makedirs(OUT, exist_ok=True)
        wanted = set()
        for name, (raw, exp, _) in sorted(CORPUS.items()):
            wanted.update([name + '.eml', name + '.expected.json'])
            with open(os.path.join(OUT, name + '.eml'), 'wb') as f:
                f.write(raw)
            with open(os.path.join(OUT, name + '.expected.json'), 'w', encoding='utf-8',
                      newline='\n') as f:
                f.write(dump(exp))
        for stale in set(os.listdir(OUT)) - wanted:
            os.remove(os.path.join(OUT, stale))
    errors, counts = validate(not check_only)
    crlf = sum(1 for raw, _, _ in CORPUS.values() if b'\r\n' in raw)
    print('%d messages (%d with CRLF, %d without): %s' % (
        len(CORPUS), crlf, len(CORPUS) - crlf,
        ', '.join('%s %d' % (g, counts.get(g, 0)) for g in MIN_PER_GROUP)))
    for e in errors:
        print('ERROR: ' + e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
