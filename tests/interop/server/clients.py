# SPDX-License-Identifier: GPL-3.0-or-later
"""Small helpers the real-client tests share: messages, logins, IMAP response parsing."""

import email
import email.policy
import imaplib
import poplib
import re
import smtplib
import time

from magpie_server import HOST

TIMEOUT = 20  # seconds for every socket operation


def make_message(subject, sender, recipients, body="Hello.\r\n", message_id=None, extra=""):
    """An RFC 5322 message with CRLF line ends."""
    if isinstance(recipients, str):
        recipients = [recipients]
    message_id = message_id or f"<{time.time_ns()}.{abs(hash(subject))}@test.example>"
    head = (f"From: {sender}\r\n"
            f"To: {', '.join(recipients)}\r\n"
            f"Subject: {subject}\r\n"
            f"Date: Mon, 02 Jan 2023 10:00:00 +0000\r\n"
            f"Message-ID: {message_id}\r\n"
            f"MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n"
            f"{extra}")
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (head + "\r\n" + body).encode("utf-8")


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def body_of(raw):
    """The bytes after the header block."""
    index = raw.find(b"\r\n\r\n")
    return raw[index + 4:] if index >= 0 else b""


# -- SMTP ------------------------------------------------------------------------------------

def smtp_plain(server):
    return smtplib.SMTP(HOST, server.ports["smtp"], local_hostname="client.test", timeout=TIMEOUT)


def smtp_starttls(server, user=None, password=None):
    smtp = smtp_plain(server)
    smtp.ehlo()
    smtp.starttls(context=server.tls_context())
    smtp.ehlo()
    if user:
        smtp.login(user, password)
    return smtp


def deliver(server, sender, recipients, message):
    """Sends one message over plain SMTP (local delivery needs no login); returns refusals."""
    with smtp_plain(server) as smtp:
        return smtp.sendmail(sender, recipients, message)


# -- IMAP ------------------------------------------------------------------------------------

def imap_starttls(server, user=None, password=None, hostname=HOST):
    imap = imaplib.IMAP4(hostname, server.ports["imap"], timeout=TIMEOUT)
    imap.starttls(ssl_context=server.tls_context())
    if user:
        imap.login(user, password)
    return imap


def imap_ssl(server, user=None, password=None, hostname=HOST):
    imap = imaplib.IMAP4_SSL(hostname, server.ports["imaps"], ssl_context=server.tls_context(),
                             timeout=TIMEOUT)
    if user:
        imap.login(user, password)
    return imap


def ok(result):
    """imaplib's (type, data) when type is OK; raises with the server's words otherwise."""
    typ, data = result
    if typ != "OK":
        raise AssertionError(f"IMAP command failed: {typ} {data!r}")
    return data


def search(imap, *criteria, uid=False):
    data = ok(imap.uid("SEARCH", *criteria) if uid else imap.search(None, *criteria))
    return [int(n) for n in b" ".join(d for d in data if d).split()]


def fetch_items(imap, message_set, items, uid=False):
    """{sequence number: {"UID": .., "FLAGS": set(..), "BODY": bytes, ...}} from a FETCH."""
    data = ok(imap.uid("FETCH", message_set, items) if uid else imap.fetch(message_set, items))
    result = {}
    fields = None
    for entry in data:
        literal = None
        if isinstance(entry, tuple):
            head, literal = entry[0], entry[1]
        elif entry is None:
            continue
        else:
            head = entry
        match = re.match(rb"(\d+) \(", head)
        if match:
            fields = result.setdefault(int(match.group(1)), {})
        elif fields is None:
            continue
        # Else the rest of the previous message's items, after its literal.
        uid_match = re.search(rb"UID (\d+)", head)
        if uid_match:
            fields["UID"] = int(uid_match.group(1))
        flags_match = re.search(rb"FLAGS \(([^)]*)\)", head)
        if flags_match:
            fields["FLAGS"] = set(flags_match.group(1).decode().split())
        size_match = re.search(rb"RFC822\.SIZE (\d+)", head)
        if size_match:
            fields["RFC822.SIZE"] = int(size_match.group(1))
        if literal is not None:
            fields["BODY"] = literal
            fields["HEAD"] = head
    return result


def response_code(data, name):
    """The arguments of response code [NAME ...] in a tagged reply, or None."""
    for line in data:
        if isinstance(line, tuple):
            line = line[0]
        if line:
            match = re.search(rb"\[" + name.encode() + rb" ([^\]]*)\]", line)
            if match:
                return match.group(1).decode().split()
    return None


def uid_set(text):
    """"3:5,7" -> [3, 4, 5, 7]"""
    uids = []
    for part in text.split(","):
        if ":" in part:
            low, high = (int(x) for x in part.split(":"))
            uids += range(min(low, high), max(low, high) + 1)
        else:
            uids.append(int(part))
    return uids


def read_until(imap, pattern, limit=200):
    """Reads response lines from imaplib's socket until one matches; returns the match."""
    seen = []
    for _ in range(limit):
        line = imap.readline()
        if not line:
            raise AssertionError(f"connection closed while waiting for {pattern!r}; got {seen!r}")
        seen.append(line)
        match = re.match(pattern, line)
        if match:
            return match
    raise AssertionError(f"no line matching {pattern!r} in {seen!r}")


# -- POP3 ------------------------------------------------------------------------------------

def pop3_stls(server, user=None, password=None):
    pop = poplib.POP3(HOST, server.ports["pop3"], timeout=TIMEOUT)
    pop.stls(context=server.tls_context())
    if user:
        pop.user(user)
        pop.pass_(password)
    return pop
