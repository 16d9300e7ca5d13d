#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill a Dovecot Maildir folder with many varied messages, fast.

Writes N RFC 5322 messages (default 100,000) straight into MAILDIR/cur with Maildir file names
Dovecot reads without opening the file for its size ("<time>.M<usec>P<pid>Q<n>.<host>,S=<size>,
W=<size with CRLF>:2,<flags>"), the file's modification time set to the message's arrival
(Dovecot's INTERNALDATE for Maildir). Then hands the folder to Dovecot's user (chown -R), as
../shared/interop/README.md asks, unless --owner "" is given.

What the messages vary in, so a client's sync sees real-world shapes:
  - senders from a few hundred people (some with non-ASCII names as RFC 2047 encoded words),
    one to several recipients, some Cc;
  - subjects, about one in six with encoded words (UTF-8 B and Q, ISO-8859-1 Q);
  - dates spread over the years before --end-year, rising with the file order (so higher UIDs
    are newer), in several time zones;
  - about a third replies in threads (In-Reply-To and References to earlier messages);
  - plain text, multipart/alternative (text + HTML), and multipart/mixed with one or two
    base64 attachments (some with RFC 2231 file names);
  - flags in the file name: about 70% \\Seen, some \\Flagged, \\Answered; the newest unseen.

The folder is MAILDIR itself (cur/, new/, tmp/ created). For Dovecot's INBOX that is
DIR/mail/USER; another folder "Bench" is DIR/mail/USER/.Bench (Maildir++ layout).

Usage: fill-dovecot-folder.py MAILDIR [--messages N] [--seed S] [--owner USER:GROUP]
The same --seed and --messages always write the same messages (file names aside).
Run as root to chown; it takes a few seconds per 100,000 messages.
"""

import argparse
import base64
import os
import random
import socket
import subprocess
import sys
import time

FIRST_NAMES = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy",
               "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter",
               "Yolanda", "Zoë", "Jürgen", "François", "Søren", "Łukasz", "Ñandú", "Ωmega", "José",
               "Renée", "Björk", "Müller", "Hélène", "Иван", "李", "さくら"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker",
              "Wright", "Schmidt", "Dubois", "Rossi", "García", "Nowak", "Öztürk", "Petrov", "Kim"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.de", "lists.example.fr",
           "corp.example.co.uk", "bücher.example", "uni.example.edu"]
WORDS = ("quarterly report meeting agenda invoice project update release notes budget review "
         "schedule lunch conference travel plans draft proposal feedback design patch build "
         "server outage migration contract renewal holiday party newsletter security advisory "
         "ticket support request photos weekend hiking dinner reservation backup").split()
NON_ASCII_SUBJECTS = ["Grüße aus München", "Réunion de l'équipe à 14h", "Überweisung erhalten",
                      "Café ☕ demain ?", "Ολοκλήρωση έργου", "Встреча в пятницу",
                      "会议纪要", "Año nuevo: ¡felicidades!", "Smörgåsbord på fredag",
                      "Zażółć gęślą jaźń"]
ZONES = ["+0000", "+0100", "+0200", "-0500", "-0800", "+0530", "+0900", "-0300"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LOREM = ("Thanks for the update. I had a look at the numbers and they seem fine to me, apart "
         "from the second table which still uses last year's figures. Could you check with the "
         "team before Friday? Let me know if anything is unclear, and we can go through it on "
         "a call. Best regards and have a good week.").split()


def encoded_word(text, rng):
    """RFC 2047 encoded word(s) for `text`, in one of three styles."""
    style = rng.randrange(3)
    if style == 0 or any(ord(c) > 0xff for c in text):
        data = text.encode("utf-8")
        # 45 bytes of UTF-8 at most per word keeps each under 75 characters (RFC 2047 s2).
        words, start = [], 0
        while start < len(data):
            end = min(start + 45, len(data))
            while end < len(data) and (data[end] & 0xC0) == 0x80:
                end -= 1
            words.append("=?UTF-8?B?" + base64.b64encode(data[start:end]).decode() + "?=")
            start = end
        return " ".join(words)
    charset = "UTF-8" if style == 1 else "ISO-8859-1"
    data = text.encode(charset.lower().replace("iso-8859-1", "latin-1"))
    out = []
    for b in data:
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isalnum() and b < 0x80:
            out.append(c)
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def header_text(text, rng):
    return text if text.isascii() else encoded_word(text, rng)


class People:
    def __init__(self, rng, count=300):
        self.people = []
        for i in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            domain = rng.choice(DOMAINS)
            local = ("%s.%s%d" % (first, last, i)).encode("ascii", "ignore").decode().lower()
            if domain.isascii():
                address = "%s@%s" % (local or "user%d" % i, domain)
            else:
                address = "%s@%s" % (local or "user%d" % i, domain.encode("idna").decode())
            name = "%s %s" % (first, last)
            self.people.append((header_text(name, rng), address))

    def mailbox(self, rng):
        name, address = rng.choice(self.people)
        if rng.random() < 0.1:
            return address
        if name.startswith("=?") or name.replace(" ", "").isalnum():
            return "%s <%s>" % (name, address)
        return '"%s" <%s>' % (name, address)


def body_text(rng, lines):
    out = []
    for _ in range(lines):
        out.append(" ".join(rng.choice(LOREM) for _ in range(rng.randint(6, 14))))
    return "\n".join(out) + "\n"


def attachment(rng, index):
    size = rng.choice([300, 1000, 2500, 6000, 20000])
    data = rng.randbytes(size)
    encoded = base64.encodebytes(data).decode()
    kind = rng.randrange(4)
    if kind == 0:
        ctype, name = "application/pdf", "report-%d.pdf" % index
    elif kind == 1:
        ctype, name = "image/png", "photo_%d.png" % index
    elif kind == 2:
        ctype, name = "application/zip", "archive %d.zip" % index
    else:
        ctype, name = "application/octet-stream", "Übersicht-%d.bin" % index
    if name.isascii():
        disposition = 'attachment; filename="%s"' % name
        type_name = '; name="%s"' % name
    else:
        quoted = "".join(c if c.isascii() and c.isalnum() or c in ".-" else
                         "".join("%%%02X" % b for b in c.encode("utf-8")) for c in name)
        disposition = "attachment; filename*=UTF-8''%s" % quoted
        type_name = ""
    return ("Content-Type: %s%s\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: %s\n\n%s" % (ctype, type_name, disposition, encoded))


def rfc5322_date(stamp, zone):
    sign = 1 if zone[0] == "+" else -1
    offset = sign * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
    t = time.gmtime(stamp + offset)
    return "%s, %d %s %d %02d:%02d:%02d %s" % (DAYS[t.tm_wday], t.tm_mday, MONTHS[t.tm_mon - 1],
                                               t.tm_year, t.tm_hour, t.tm_min, t.tm_sec, zone)


class Pool:
    """Bodies and attachments made once and reused: generating them per message would take
    most of the run, and the server parses each copy all the same."""

    def __init__(self, rng):
        self.texts = [body_text(rng, rng.randint(2, 20)) for _ in range(400)]
        self.attachments = [attachment(rng, n) for n in range(60)]


def make_message(rng, people, index, stamp, threads, pool):
    """One message as bytes (LF line ends, as Maildir keeps them)."""
    host = "mx%d.example.net" % (index % 7)
    message_id = "<%d.%x@%s>" % (index, rng.getrandbits(48), host)
    sender = people.mailbox(rng)
    recipients = ", ".join(people.mailbox(rng) for _ in range(rng.choice([1, 1, 1, 2, 3, 5])))
    headers = [
        "Return-Path: <bounce-%d@%s>" % (index, host),
        "Received: from %s by imap.example.net; %s" % (host, rfc5322_date(stamp, "+0000")),
        "Date: " + rfc5322_date(stamp, rng.choice(ZONES)),
        "From: " + sender,
        "To: " + recipients,
    ]
    if rng.random() < 0.2:
        headers.append("Cc: " + people.mailbox(rng))
    if threads and rng.random() < 0.35:
        parent_id, parent_refs, parent_subject = rng.choice(threads)
        refs = (parent_refs + [parent_id])[-10:]
        subject = parent_subject if parent_subject.lower().startswith("re:") else "Re: " + parent_subject
        headers.append("In-Reply-To: " + parent_id)
        headers.append("References: " + "\n ".join(refs))
    else:
        refs = []
        if rng.random() < 0.16:
            subject = header_text(rng.choice(NON_ASCII_SUBJECTS) + " #%d" % index, rng)
        else:
            subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))).capitalize()
            subject += " (%d)" % index
    headers.append("Subject: " + subject)
    headers.append("Message-ID: " + message_id)
    headers.append("MIME-Version: 1.0")
    if len(threads) < 2000:
        threads.append((message_id, refs, subject))
    else:
        threads[rng.randrange(len(threads))] = (message_id, refs, subject)

    kind = rng.random()
    text = rng.choice(pool.texts)
    if kind < 0.62:
        headers.append("Content-Type: text/plain; charset=UTF-8")
        headers.append("Content-Transfer-Encoding: 8bit")
        body = text
    elif kind < 0.9:
        boundary = "alt-%d-%x" % (index, rng.getrandbits(32))
        headers.append('Content-Type: multipart/alternative; boundary="%s"' % boundary)
        html = "<html><body><p>" + text.replace("\n", "</p>\n<p>") + "</p></body></html>\n"
        body = ("--%s\nContent-Type: text/plain; charset=UTF-8\n\n%s\n--%s\n"
                "Content-Type: text/html; charset=UTF-8\n\n%s\n--%s--\n"
                % (boundary, text, boundary, html, boundary))
    else:
        boundary = "mix-%d-%x" % (index, rng.getrandbits(32))
        headers.append('Content-Type: multipart/mixed; boundary="%s"' % boundary)
        parts = ["Content-Type: text/plain; charset=UTF-8\n\n" + text]
        for _ in range(rng.choice([1, 1, 2])):
            parts.append(rng.choice(pool.attachments))
        body = "This is a multi-part message in MIME format.\n"
        for part in parts:
            body += "--%s\n%s\n" % (boundary, part)
        body += "--%s--\n" % boundary
    return ("\n".join(headers) + "\n\n" + body).encode("utf-8")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("maildir", help="the Maildir folder to fill (cur/ new/ tmp/ are created)")
    parser.add_argument("--messages", type=int, default=100_000, help="how many (default 100000)")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("--end-year", type=int, default=2025,
                        help="the newest message is from the start of this year (default 2025)")
    parser.add_argument("--years", type=int, default=8, help="years the dates span (default 8)")
    parser.add_argument("--owner", default="dovecot:dovecot",
                        help='chown -R the folder to this (default dovecot:dovecot; "" for none)')
    args = parser.parse_args()
    if args.messages < 0:
        parser.error("--messages must not be negative")

    started = time.monotonic()
    rng = random.Random(args.seed)
    people = People(rng)
    pool = Pool(rng)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)
    cur = os.path.join(args.maildir, "cur")
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072") or "localhost"
    pid = os.getpid()
    end = time.mktime((args.end_year, 1, 1, 0, 0, 0, 0, 0, 0))
    span = args.years * 365 * 86400
    step = span / max(args.messages, 1)
    threads = []
    total = 0
    for index in range(args.messages):
        stamp = int(end - span + index * step + rng.random() * step)
        data = make_message(rng, people, index, stamp, threads, pool)
        # Most older mail has been read; some flagged or answered; the newest 2% unread.
        roll = rng.random()
        if index >= args.messages * 0.98 or roll < 0.25:
            flags = ""
        elif roll < 0.3:
            flags = "FS"
        elif roll < 0.4:
            flags = "RS"
        else:
            flags = "S"
        virtual = len(data) + data.count(b"\n")  # RFC822.SIZE counts CRLF line ends
        # Names sort by time, so Dovecot hands out UIDs in date order.
        name = "%d.M%06dP%dQ%d.%s,S=%d,W=%d:2,%s" % (stamp, index % 1_000_000, pid, index, host,
                                                      len(data), virtual, flags)
        path = os.path.join(cur, name)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (stamp, stamp))
        total += len(data)
    if args.owner:
        subprocess.run(["chown", "-R", args.owner, args.maildir], check=True)
    print("wrote %d messages (%.1f MB) into %s in %.1f s" % (
        args.messages, total / 1e6, cur, time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
