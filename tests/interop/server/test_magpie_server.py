#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""magpie-server against Python's own mail clients: smtplib, poplib and imaplib.

    /usr/bin/python3 tests/interop/server/test_magpie_server.py PATH/TO/magpie-server [-v]
    (or MAGPIE_SERVER_BIN=PATH ...; add unittest arguments such as -k idle)

SMTP then POP3 and IMAP, IMAP commands, implicit TLS; test_server_options.py has the
command-line options and the restart. Each test class starts its own magpie-server on a random port base with a temporary --data
folder and stops it with SIGTERM (it must exit 0). Run by CTest as tst_server_python (label
interop). Run it with Debian's /usr/bin/python3: that is the Python CI installs.
"""

import base64
import datetime
import imaplib
import os
import poplib
import re
import smtplib
import socket
import ssl
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from clients import (TIMEOUT, body_of, deliver, fetch_items, imap_ssl, imap_starttls,  # noqa: E402
                     make_message, ok, parse, pop3_stls, read_until, response_code, search,
                     smtp_plain, smtp_starttls, uid_set)
from magpie_server import HOST  # noqa: E402
from server_case import ALICE, BOB, CAROL, DAVE, ERIN, MAX_SIZE, ServerCase, main  # noqa: E402


class SmtpThenReadTests(ServerCase):
    def test_smtp_starttls_auth_then_pop3(self):
        subject = self.unique()
        body = "First line.\r\n.A line that starts with a dot.\r\n.\r\nLast line, after a lone dot.\r\n"
        message = make_message(subject, ALICE[0], BOB[0], body)
        with smtp_starttls(self.server, *ALICE) as smtp:
            self.assertEqual(smtp.sendmail(ALICE[0], [BOB[0]], message), {})
        second = make_message(subject + " second", ALICE[0], BOB[0], "Second.\r\n")
        deliver(self.server, ALICE[0], [BOB[0]], second)

        pop = poplib.POP3(HOST, self.server.ports["pop3"], timeout=TIMEOUT)
        capabilities = pop.capa()
        self.assertIn("STLS", capabilities)
        pop.stls(context=self.server.tls_context())
        capabilities = pop.capa()
        for name in ("UIDL", "TOP", "USER", "SASL"):
            self.assertIn(name, capabilities)
        self.assertIn("PLAIN", capabilities["SASL"])
        pop.user(BOB[0])
        pop.pass_(BOB[1])
        count, _ = pop.stat()
        self.assertEqual(count, 2)
        _, listing, _ = pop.list()
        sizes = {int(n): int(s) for n, s in (line.split() for line in listing)}
        self.assertEqual(sorted(sizes), [1, 2])
        _, uidl, _ = pop.uidl()
        uids = dict(line.decode().split() for line in uidl)
        self.assertEqual(len(set(uids.values())), 2, "UIDL gives each message its own id")
        _, lines, _ = pop.retr(1)
        raw = b"\r\n".join(lines) + b"\r\n"
        self.assertEqual(len(raw), sizes[1], "LIST gives the exact size RETR sends (RFC 1939)")
        # RFC 5321 s4.4: Received: goes on top (and Return-Path: above it at final delivery).
        self.assertRegex(raw, rb"^(Return-Path: [^\r]*\r\n)?Received: ")
        self.assertEqual(body_of(raw), body_of(message), "dot-stuffing is undone exactly")
        self.assertEqual(parse(raw)["Subject"], subject)
        _, top, _ = pop.top(2, 0)
        self.assertIn(f"Subject: {subject} second".encode(), top)
        self.assertNotIn(b"Second.", top)
        # Update state: DELE counts only at QUIT (RFC 1939 s6), so a dropped session keeps it.
        pop.dele(1)
        pop.close()  # hangs up without QUIT: the socket and poplib's file on it
        pop = self.pop3_after_drop(BOB)
        self.assertEqual(pop.stat()[0], 2)
        pop.dele(1)
        pop.quit()
        pop = pop3_stls(self.server, *BOB)
        self.assertEqual(pop.stat()[0], 1)
        _, uidl_after, _ = pop.uidl()
        self.assertEqual(uidl_after[0].split()[1].decode(), uids["2"],
                         "the remaining message keeps its UIDL")
        pop.dele(1)
        pop.quit()

    def pop3_after_drop(self, user):
        """Logs in again after a session was dropped; the server may hold the maildrop lock
        (RFC 2449 s8.1.2, [IN-USE]) until it notices the closed connection."""
        deadline = time.monotonic() + 5
        while True:
            pop = pop3_stls(self.server)
            try:
                pop.user(user[0])
                pop.pass_(user[1])
                return pop
            except poplib.error_proto as error:
                pop.quit()
                if b"IN-USE" not in error.args[0] or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def test_pop3_auth_plain(self):
        pop = pop3_stls(self.server)
        token = base64.b64encode(f"\0{BOB[0]}\0{BOB[1]}".encode()).decode()
        self.assertTrue(pop._shortcmd("AUTH PLAIN " + token).startswith(b"+OK"))
        pop.stat()
        pop.quit()

    def test_smtp_then_imap(self):
        subject = self.unique()
        message = make_message(subject, ALICE[0], CAROL[0], "Read me over IMAP.\r\n",
                               message_id="<imap-read@test.example>")
        with smtp_starttls(self.server, *ALICE) as smtp:
            smtp.sendmail(ALICE[0], [CAROL[0]], message)
        imap = self.imap(CAROL)
        ok(imap.select("INBOX"))
        found = search(imap, "SUBJECT", f'"{subject}"')
        self.assertEqual(len(found), 1)
        self.assertEqual(search(imap, "UNSEEN", "SUBJECT", f'"{subject}"'), found)
        items = fetch_items(imap, str(found[0]), "(UID FLAGS BODY.PEEK[] RFC822.SIZE)")[found[0]]
        self.assertEqual(body_of(items["BODY"]), body_of(message))
        self.assertEqual(items["RFC822.SIZE"], len(items["BODY"]))
        self.assertNotIn("\\Seen", items["FLAGS"], "BODY.PEEK does not set \\Seen")
        envelope = ok(imap.fetch(str(found[0]), "(ENVELOPE)"))[0]
        self.assertIn(subject.encode(), envelope)
        self.assertIn(b'"<imap-read@test.example>"', envelope)
        fetch_items(imap, str(found[0]), "(BODY[TEXT])")
        flags = fetch_items(imap, str(found[0]), "(FLAGS)")[found[0]]["FLAGS"]
        self.assertIn("\\Seen", flags, "BODY[] (not PEEK) sets \\Seen (RFC 3501 s6.4.5)")
        self.assertEqual(search(imap, "UNSEEN", "SUBJECT", f'"{subject}"'), [])

    def test_smtputf8_and_8bit(self):
        """RFC 6531/6532: a UTF-8 sender and header, an 8-bit body, stored byte for byte."""
        subject = "Grüße " + self.unique()
        message = make_message(subject, "jörg@example.test", CAROL[0], "Ça va? ✓\r\n")
        with smtp_plain(self.server) as smtp:
            smtp.ehlo()
            for name in ("smtputf8", "8bitmime"):
                self.assertTrue(smtp.has_extn(name), name)
            smtp.sendmail("jörg@example.test", [CAROL[0]], message,
                          mail_options=["SMTPUTF8", "BODY=8BITMIME"])
        imap = self.imap(CAROL)
        ok(imap.select("INBOX"))
        found = search(imap, "HEADER", "Message-ID", f'"{parse(message)["Message-ID"]}"')
        self.assertEqual(len(found), 1)
        raw = fetch_items(imap, str(found[0]), "(BODY.PEEK[])")[found[0]]["BODY"]
        self.assertEqual(body_of(raw), "Ça va? ✓\r\n".encode())
        self.assertIn(f"Subject: {subject}".encode(), raw)


class SmtpTests(ServerCase):
    def test_ehlo_extensions(self):
        with smtp_plain(self.server) as smtp:
            code, _ = smtp.ehlo()
            self.assertEqual(code, 250)
            for name in ("starttls", "size", "8bitmime", "pipelining", "smtputf8",
                         "enhancedstatuscodes"):
                self.assertTrue(smtp.has_extn(name), f"EHLO lacks {name}")
            self.assertEqual(smtp.esmtp_features["size"].strip(), str(MAX_SIZE))
            smtp.starttls(context=self.server.tls_context())
            smtp.ehlo()
            self.assertFalse(smtp.has_extn("starttls"), "no STARTTLS once in TLS (RFC 3207 s4.2)")
            mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
            self.assertIn("PLAIN", mechanisms)
            self.assertIn("LOGIN", mechanisms)

    def test_auth_login_mechanism(self):
        with smtp_starttls(self.server) as smtp:
            smtp.user, smtp.password = DAVE
            code, _ = smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
            self.assertEqual(code, 235)
            smtp.sendmail(DAVE[0], [ERIN[0]], make_message(self.unique(), DAVE[0], ERIN[0]))

    def test_wrong_password(self):
        with smtp_starttls(self.server) as smtp:
            with self.assertRaises(smtplib.SMTPAuthenticationError) as caught:
                smtp.login(ALICE[0], "not-the-password")
            self.assertEqual(caught.exception.smtp_code, 535)
            self.assertEqual(smtp.noop()[0], 250, "the session goes on after a failed AUTH")

    def test_unknown_recipient(self):
        with smtp_plain(self.server) as smtp:
            with self.assertRaises(smtplib.SMTPRecipientsRefused) as caught:
                smtp.sendmail(ALICE[0], ["nobody@example.test"],
                              make_message(self.unique(), ALICE[0], "nobody@example.test"))
            code, text = caught.exception.recipients["nobody@example.test"]
            self.assertEqual(code, 550)
            self.assertTrue(text.startswith(b"5.1.1"), text)
            # One good and one unknown recipient: the good one gets it.
            subject = self.unique("mixed")
            refused = smtp.sendmail(ALICE[0], ["nobody@example.test", ERIN[0]],
                                    make_message(subject, ALICE[0], ERIN[0]))
            self.assertEqual(list(refused), ["nobody@example.test"])
        imap = self.imap(ERIN)
        ok(imap.select("INBOX"))
        self.assertEqual(len(search(imap, "SUBJECT", f'"{subject}"')), 1)

    def test_oversized_message(self):
        subject = self.unique()
        big = make_message(subject, ALICE[0], ERIN[0], ("x" * 70 + "\r\n") * (MAX_SIZE // 70 + 500))
        self.assertGreater(len(big), MAX_SIZE)
        with smtp_plain(self.server) as smtp:
            # smtplib announces SIZE= in MAIL FROM (RFC 1870 s6.1): refused at once.
            with self.assertRaises(smtplib.SMTPSenderRefused) as caught:
                smtp.sendmail(ALICE[0], [ERIN[0]], big)
            self.assertEqual(caught.exception.smtp_code, 552)
            # Without SIZE=, the limit holds at the end of DATA (RFC 1870 s6.3).
            smtp.rset()
            self.assertEqual(smtp.mail(ALICE[0])[0], 250)
            self.assertEqual(smtp.rcpt(ERIN[0])[0], 250)
            code, _ = smtp.data(big)
            self.assertEqual(code, 552)
            self.assertEqual(smtp.noop()[0], 250, "the session goes on after 552")
        imap = self.imap(ERIN)
        ok(imap.select("INBOX"))
        self.assertEqual(search(imap, "SUBJECT", f'"{subject}"'), [], "nothing was delivered")
        # APPEND has the same limit.
        typ, _ = imap.append("INBOX", None, None, big)
        self.assertEqual(typ, "NO")
        self.assertEqual(search(imap, "SUBJECT", f'"{subject}"'), [])


class ImapTests(ServerCase):
    def test_capabilities_and_special_use(self):
        imap = imap_starttls(self.server)
        self.addCleanup(self._logout, imap)
        capabilities = set(ok(imap.capability())[0].decode().upper().split())
        self.assertIn("AUTH=PLAIN", capabilities)
        self.assertNotIn("STARTTLS", capabilities, "no STARTTLS once in TLS")
        self.assertNotIn("LOGINDISABLED", capabilities)
        imap.login(*ALICE)
        # A server may list some capabilities only once logged in (RFC 3501 s7.2.1).
        capabilities = set(ok(imap.capability())[0].decode().upper().split())
        for name in ("IMAP4REV1", "LITERAL+", "IDLE", "UIDPLUS", "MOVE", "SPECIAL-USE"):
            self.assertIn(name, capabilities)
        mailboxes = {}
        for line in ok(imap.list('""', "*")):
            match = re.match(rb'\(([^)]*)\) (?:"[^"]*"|NIL) "?([^"]*)"?$', line)
            self.assertIsNotNone(match, line)
            mailboxes[match.group(2).decode()] = set(match.group(1).decode().split())
        for name, use in (("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"),
                          ("Junk", "\\Junk"), ("Archive", "\\Archive")):
            self.assertIn(name, mailboxes)
            self.assertIn(use, mailboxes[name], f"{name} is marked {use} (RFC 6154 s2)")
        self.assertIn("INBOX", mailboxes)

    def test_authenticate_plain(self):
        imap = imap_starttls(self.server)
        self.addCleanup(self._logout, imap)
        typ, _ = imap.authenticate("PLAIN", lambda _: f"\0{DAVE[0]}\0{DAVE[1]}".encode())
        self.assertEqual(typ, "OK")
        ok(imap.select("INBOX"))

    def test_wrong_password(self):
        imap = imap_starttls(self.server)
        self.addCleanup(self._logout, imap)
        with self.assertRaises(imaplib.IMAP4.error) as caught:
            imap.login(ALICE[0], "not-the-password")
        self.assertIn("AUTHENTICATIONFAILED", str(caught.exception))
        imap.login(*ALICE)  # the session goes on

    def test_flags(self):
        imap = self.imap()
        name = self.fresh_mailbox(imap)
        for n in range(3):
            ok(imap.append(name, None, None, make_message(f"flags {n}", ALICE[0], ALICE[0])))
        ok(imap.select(name))
        ok(imap.store("1:2", "+FLAGS", "(\\Flagged \\Seen)"))
        ok(imap.store("2", "-FLAGS", "(\\Seen)"))
        ok(imap.store("3", "FLAGS.SILENT", "(\\Answered $Forwarded)"))
        flags = {n: f["FLAGS"] - {"\\Recent"} for n, f in fetch_items(imap, "1:3", "(FLAGS)").items()}
        self.assertEqual(flags, {1: {"\\Flagged", "\\Seen"}, 2: {"\\Flagged"},
                                 3: {"\\Answered", "$Forwarded"}})
        data = ok(imap.uid("STORE", "1:*", "-FLAGS", "(\\Flagged)"))
        self.assertTrue(data and data[0], "STORE without .SILENT answers with FETCH FLAGS")
        self.assertEqual(search(imap, "FLAGGED"), [])
        self.assertEqual(search(imap, "KEYWORD", "$Forwarded"), [3])

    def test_search(self):
        imap = self.imap()
        name = self.fresh_mailbox(imap)
        messages = [
            ("Quarterly report", "Ann Smith <ann@example.test>", "(\\Seen)", "01-Feb-2020", 100),
            ("Lunch on Friday", "bert@example.test", "()", "15-Jun-2021", 3000),
            ("Re: Quarterly report", "Cleo <cleo@example.test>", "(\\Seen)", "20-Mar-2023", 20000),
            ("Holiday photos", "ann@example.test", "()", "05-Jan-2024", 50),
        ]
        uids = []
        for subject, sender, flags, date, size in messages:
            when = time.strptime(date + " 12:00", "%d-%b-%Y %H:%M")
            body = ("filler text " * (size // 12 + 1))[:size] + "\r\n"
            typ, data = imap.append(name, flags, imaplib.Time2Internaldate(time.mktime(when)),
                                    make_message(subject, sender, ALICE[0], body))
            self.assertEqual(typ, "OK")
            uids.append(int(response_code(data, "APPENDUID")[1]))
        ok(imap.select(name))
        self.assertEqual(search(imap, "ALL"), [1, 2, 3, 4])
        self.assertEqual(search(imap, "UNSEEN"), [2, 4])
        self.assertEqual(search(imap, "SEEN"), [1, 3])
        self.assertEqual(search(imap, "FROM", "ann@example.test"), [1, 4])
        self.assertEqual(search(imap, "FROM", '"Ann Smith"'), [1])
        self.assertEqual(search(imap, "SUBJECT", '"quarterly REPORT"'), [1, 3], "case-insensitive")
        self.assertEqual(search(imap, "SINCE", "1-Jan-2021"), [2, 3, 4])
        self.assertEqual(search(imap, "BEFORE", "15-Jun-2021"), [1])
        self.assertEqual(search(imap, "ON", "15-Jun-2021"), [2])
        self.assertEqual(search(imap, "LARGER", "2500"), [2, 3])
        self.assertEqual(search(imap, "SMALLER", "2500"), [1, 4])
        self.assertEqual(search(imap, "UID", f"{uids[1]}:{uids[2]}"), [2, 3])
        self.assertEqual(search(imap, "UID", f"{uids[0]},{uids[3]}", uid=True), [uids[0], uids[3]])
        self.assertEqual(search(imap, "OR", "SUBJECT", "Lunch", "SUBJECT", "Holiday"), [2, 4])
        self.assertEqual(search(imap, "NOT", "SEEN", "LARGER", "1000"), [2])
        self.assertEqual(search(imap, "BODY", "filler"), [1, 2, 3, 4])
        self.assertEqual(search(imap, "2:3", "SEEN"), [3])

    def test_copy_and_move(self):
        imap = self.imap()
        source = self.fresh_mailbox(imap)
        target = source + "-target"
        ok(imap.create(target))
        for n in range(4):
            ok(imap.append(source, None, None, make_message(f"copy-move {n}", ALICE[0], ALICE[0])))
        ok(imap.select(source))
        uids = search(imap, "ALL", uid=True)
        data = ok(imap.copy("1:2", target))
        copyuid = response_code(data, "COPYUID")
        self.assertIsNotNone(copyuid, "UIDPLUS: COPY answers with COPYUID (RFC 4315 s3)")
        self.assertEqual(uid_set(copyuid[1]), uids[:2])
        self.assertEqual(len(uid_set(copyuid[2])), 2)
        # UID MOVE: RFC 6851; the moved messages leave the source with EXPUNGE responses.
        typ, data = imap.uid("MOVE", f"{uids[2]}:{uids[3]}", target)
        self.assertEqual(typ, "OK", data)
        moved = imap.response("COPYUID")[1]
        moved_code = response_code(data, "COPYUID") or (moved[0].decode().split() if moved and moved[0] else None)
        self.assertIsNotNone(moved_code, "UIDPLUS + MOVE: COPYUID for UID MOVE (RFC 6851 s4.3)")
        self.assertEqual(search(imap, "ALL", uid=True), uids[:2])
        status = ok(imap.status(target, "(MESSAGES)"))[0]
        self.assertIn(b"MESSAGES 4", status)
        ok(imap.select(target))
        subjects = []
        for items in fetch_items(imap, "1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])").values():
            subjects.append(items["BODY"].decode().strip())
        self.assertEqual(sorted(subjects), [f"Subject: copy-move {n}" for n in range(4)])

    def test_append_with_flags_and_date(self):
        imap = self.imap()
        name = self.fresh_mailbox(imap)
        ok(imap.select(name))
        uidvalidity = int(imap.response("UIDVALIDITY")[1][0])
        message = make_message("appended", ALICE[0], ALICE[0], "Appended body.\r\n")
        date = '"14-Mar-2022 09:26:53 +0100"'
        typ, data = imap.append(name, "(\\Seen \\Draft)", date, message)
        self.assertEqual(typ, "OK")
        appenduid = response_code(data, "APPENDUID")
        self.assertIsNotNone(appenduid, "UIDPLUS: APPEND answers with APPENDUID (RFC 4315 s3)")
        self.assertEqual(int(appenduid[0]), uidvalidity)
        uid = int(appenduid[1])
        ok(imap.noop())
        data = ok(imap.uid("FETCH", str(uid), "(FLAGS INTERNALDATE BODY.PEEK[])"))
        internal = re.search(rb'INTERNALDATE "([^"]+)"', data[0][0]).group(1).decode()
        # The same instant; the server may give it in another zone (RFC 3501 s2.3.3).
        self.assertEqual(datetime.datetime.strptime(internal.strip(), "%d-%b-%Y %H:%M:%S %z"),
                         datetime.datetime(2022, 3, 14, 8, 26, 53, tzinfo=datetime.timezone.utc))
        items = fetch_items(imap, str(uid), "(UID FLAGS BODY.PEEK[])", uid=True)
        (only,) = items.values()
        self.assertEqual(only["UID"], uid)
        self.assertEqual(only["FLAGS"] - {"\\Recent"}, {"\\Seen", "\\Draft"})
        self.assertEqual(only["BODY"], message, "APPEND stores the message byte for byte")

    def test_expunge(self):
        imap = self.imap()
        name = self.fresh_mailbox(imap)
        for n in range(5):
            ok(imap.append(name, None, None, make_message(f"expunge {n}", ALICE[0], ALICE[0])))
        ok(imap.select(name))
        uids = search(imap, "ALL", uid=True)
        ok(imap.store("2,4", "+FLAGS.SILENT", "(\\Deleted)"))
        typ, expunged = imap.expunge()
        self.assertEqual(typ, "OK")
        # RFC 3501 s7.4.1: each EXPUNGE names the sequence number at that moment (so 2 then 3,
        # or 4 then 2); replaying them must remove exactly the messages 2 and 4.
        remaining = [1, 2, 3, 4, 5]
        for number in expunged:
            del remaining[int(number) - 1]
        self.assertEqual(remaining, [1, 3, 5], f"EXPUNGE responses {expunged!r}")
        self.assertEqual(search(imap, "ALL", uid=True), [uids[0], uids[2], uids[4]])
        self.assertIn(b"MESSAGES 3", ok(imap.status(name, "(MESSAGES)"))[0])

    def test_idle_sees_new_delivery_and_expunge(self):
        imap = self.imap(CAROL)
        ok(imap.select("INBOX"))
        exists = int(imap.response("EXISTS")[1][-1])
        imap.sock.settimeout(TIMEOUT)
        tag = imap._new_tag().decode()
        imap.send(f"{tag} IDLE\r\n".encode())
        read_until(imap, rb"\+")
        subject = self.unique()
        deliver(self.server, ALICE[0], [CAROL[0]], make_message(subject, ALICE[0], CAROL[0]))
        match = read_until(imap, rb"\* (\d+) EXISTS")
        self.assertEqual(int(match.group(1)), exists + 1)
        # A second session expunges the new message; the idling one is told (RFC 2177).
        other = self.imap(CAROL)
        ok(other.select("INBOX"))
        (number,) = search(other, "SUBJECT", f'"{subject}"')
        ok(other.store(str(number), "+FLAGS.SILENT", "(\\Deleted)"))
        ok(other.expunge())
        match = read_until(imap, rb"\* (\d+) EXPUNGE")
        self.assertEqual(int(match.group(1)), exists + 1)
        imap.send(b"DONE\r\n")
        read_until(imap, tag.encode() + rb" OK")
        ok(imap.noop())

    def test_implicit_tls_and_host_names(self):
        for hostname in ("localhost", HOST):
            with self.subTest(hostname=hostname):
                imap = imap_ssl(self.server, *ALICE, hostname=hostname)
                ok(imap.select("INBOX"))
                imap.logout()

    def test_certificate_is_really_checked(self):
        # The system's trust store does not know the self-signed certificate...
        with self.assertRaises(ssl.SSLCertVerificationError):
            imaplib.IMAP4_SSL(HOST, self.server.ports["imaps"], ssl_context=ssl.create_default_context(),
                              timeout=TIMEOUT)
        # ...and a trusted certificate for another name is refused too.
        with socket.create_connection((HOST, self.server.ports["imaps"]), TIMEOUT) as raw:
            with self.assertRaises(ssl.SSLCertVerificationError):
                self.server.tls_context().wrap_socket(raw, server_hostname="mail.example.org")


class ImplicitTlsTests(ServerCase):
    def test_smtp_ssl_pop3_ssl(self):
        subject = self.unique()
        for hostname in ("localhost", HOST):
            with self.subTest(hostname=hostname):
                with smtplib.SMTP_SSL(hostname, self.server.ports["submissions"],
                                      local_hostname="client.test",
                                      context=self.server.tls_context(), timeout=TIMEOUT) as smtp:
                    smtp.login(*ALICE)
                    smtp.sendmail(ALICE[0], [BOB[0]], make_message(subject + hostname, ALICE[0], BOB[0]))
                pop = poplib.POP3_SSL(hostname, self.server.ports["pop3s"],
                                      context=self.server.tls_context(), timeout=TIMEOUT)
                pop.user(BOB[0])
                pop.pass_(BOB[1])
                count, _ = pop.stat()
                _, lines, _ = pop.retr(count)
                self.assertIn(f"Subject: {subject}{hostname}".encode(), lines)
                pop.quit()

    def test_pop3_wrong_password(self):
        pop = pop3_stls(self.server)
        pop.user(BOB[0])
        with self.assertRaises(poplib.error_proto) as caught:
            pop.pass_("not-the-password")
        self.assertTrue(str(caught.exception).startswith("b'-ERR"), caught.exception)
        pop.quit()


if __name__ == "__main__":
    main()
