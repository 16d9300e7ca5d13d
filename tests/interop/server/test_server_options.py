#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""magpie-server's options and life cycle, seen by Python's mail clients: plaintext logins
refused unless --allow-plaintext-auth, --catch-all, --print-cert, --memory with --tls-cert and
--tls-key, and a restart on the same --data keeping UIDs, UIDVALIDITY, flags and UIDLs.

    /usr/bin/python3 tests/interop/server/test_server_options.py PATH/TO/magpie-server [-v]
    (or MAGPIE_SERVER_BIN=PATH ...)

Run by CTest as tst_server_options (label interop), with Debian's /usr/bin/python3.
"""

import base64
import hashlib
import imaplib
import os
import poplib
import re
import shutil
import smtplib
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from clients import (TIMEOUT, deliver, fetch_items, imap_ssl, imap_starttls,  # noqa: E402
                     make_message, ok, pop3_stls, response_code, search, smtp_plain)
from magpie_server import HOST, MagpieServer  # noqa: E402
from server_case import ALICE, BOB, CAROL, ERIN, USERS, ServerCase, binary, main  # noqa: E402


class PlaintextRefusedTests(ServerCase):
    """Without --allow-plaintext-auth no password crosses the wire in clear."""

    def test_imap_login_refused(self):
        imap = imaplib.IMAP4(HOST, self.server.ports["imap"], timeout=TIMEOUT)
        self.addCleanup(self._logout, imap)
        capabilities = set(ok(imap.capability())[0].decode().upper().split())
        self.assertIn("LOGINDISABLED", capabilities, "RFC 3501 s6.2.3")
        self.assertIn("STARTTLS", capabilities)
        with self.assertRaises(imaplib.IMAP4.error):
            imap.login(*ALICE)
        with self.assertRaises(imaplib.IMAP4.error):
            imap.authenticate("PLAIN", lambda _: f"\0{ALICE[0]}\0{ALICE[1]}".encode())

    def test_pop3_login_refused(self):
        pop = poplib.POP3(HOST, self.server.ports["pop3"], timeout=TIMEOUT)
        with self.assertRaises(poplib.error_proto):
            pop.user(BOB[0])
            pop.pass_(BOB[1])
        pop.quit()

    def test_smtp_auth_refused(self):
        with smtp_plain(self.server) as smtp:
            smtp.ehlo()
            if smtp.has_extn("auth"):
                with self.assertRaises(smtplib.SMTPAuthenticationError) as caught:
                    smtp.login(*ALICE)
                self.assertEqual(caught.exception.smtp_code, 538)
            token = base64.b64encode(f"\0{ALICE[0]}\0{ALICE[1]}".encode()).decode()
            code, _ = smtp.docmd("AUTH", "PLAIN " + token)
            self.assertIn(code, (503, 504, 530, 538), "AUTH over plaintext is refused")
            self.assertEqual(smtp.noop()[0], 250)


class PlaintextAllowedTests(ServerCase):
    extra = ServerCase.extra + ["--allow-plaintext-auth"]

    def test_logins_over_plaintext(self):
        imap = imaplib.IMAP4(HOST, self.server.ports["imap"], timeout=TIMEOUT)
        imap.login(*ALICE)
        ok(imap.select("INBOX"))
        imap.logout()
        pop = poplib.POP3(HOST, self.server.ports["pop3"], timeout=TIMEOUT)
        pop.user(BOB[0])
        pop.pass_(BOB[1])
        pop.quit()
        with smtp_plain(self.server) as smtp:
            smtp.login(*ALICE)


class CatchAllTests(ServerCase):
    extra = ServerCase.extra + ["--catch-all", ERIN[0]]

    def test_unknown_recipient_goes_to_catch_all(self):
        subject = self.unique()
        refused = deliver(self.server, ALICE[0], ["nobody@example.test"],
                          make_message(subject, ALICE[0], "nobody@example.test"))
        self.assertEqual(refused, {})
        imap = self.imap(ERIN)
        ok(imap.select("INBOX"))
        self.assertEqual(len(search(imap, "SUBJECT", f'"{subject}"')), 1)


class CertificateTests(unittest.TestCase):
    def test_print_cert_matches_the_served_certificate(self):
        server = MagpieServer(binary(), USERS)
        try:
            server.start()  # makes DIR/tls/cert.pem at first start
            served = ssl.get_server_certificate((HOST, server.ports["imaps"]))
            self.assertEqual(server.stop(), 0, server.log())
            result = subprocess.run([binary(), "--data", server.data_dir, "--print-cert"],
                                    capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn(server.cert_path, result.stdout)
            fingerprint = hashlib.sha256(ssl.PEM_cert_to_DER_cert(served)).hexdigest()
            printed = re.sub(r"[^0-9a-f]", "", result.stdout.lower().split("sha256", 1)[-1])
            self.assertIn(fingerprint, printed, "--print-cert shows the SHA-256 of what is served")
            with open(server.cert_path) as f:
                self.assertEqual(ssl.PEM_cert_to_DER_cert(f.read()),
                                 ssl.PEM_cert_to_DER_cert(served))
        finally:
            server.cleanup()

    def test_memory_store_with_given_certificate(self):
        """--memory with --tls-cert/--tls-key: a certificate made here, for localhost."""
        folder = tempfile.mkdtemp(prefix="magpie-cert-")
        self.addCleanup(shutil.rmtree, folder, True)
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        server = MagpieServer(binary(), USERS, ["--tls-cert", cert, "--tls-key", key], memory=True)
        server.cert_file = cert
        try:
            server.start()
            subject = "in memory " + str(time.time_ns())
            deliver(server, ALICE[0], [CAROL[0]], make_message(subject, ALICE[0], CAROL[0]))
            for connect in (imap_starttls, imap_ssl):
                imap = connect(server, *CAROL, hostname="localhost")
                ok(imap.select("INBOX"))
                self.assertEqual(len(search(imap, "SUBJECT", f'"{subject}"')), 1)
                imap.logout()
            self.assertEqual(server.stop(), 0, server.log())
        finally:
            server.cleanup()


class RestartTests(unittest.TestCase):
    """UIDs, UIDVALIDITY, flags and POP3 UIDLs survive a restart on the same --data; an
    expunged UID is never given again (RFC 3501 s2.3.1.1)."""

    def snapshot(self, server, mailboxes):
        imap = imap_starttls(server, *ALICE)
        state = {}
        for name in mailboxes:
            ok(imap.select(name))
            status = ok(imap.status(name, "(UIDVALIDITY UIDNEXT MESSAGES)"))[0].decode()
            uidvalidity = int(re.search(r"UIDVALIDITY (\d+)", status).group(1))
            uidnext = int(re.search(r"UIDNEXT (\d+)", status).group(1))
            messages = {}
            if "MESSAGES 0" not in status:
                for items in fetch_items(imap, "1:*", "(UID FLAGS BODY.PEEK[])").values():
                    messages[items["UID"]] = (items["FLAGS"] - {"\\Recent"}, items["BODY"])
            state[name] = (uidvalidity, uidnext, messages)
        imap.logout()
        pop = pop3_stls(server, *ALICE)
        state["uidl"] = pop.uidl()[1]
        pop.quit()
        return state

    def test_restart_keeps_uids_and_flags(self):
        data_dir = None
        first = MagpieServer(binary(), USERS, ["--auth-failure-delay", "100"]).start()
        data_dir = first.data_dir
        second = None
        try:
            for n in range(3):
                deliver(first, BOB[0], [ALICE[0]], make_message(f"restart {n}", BOB[0], ALICE[0]))
            imap = imap_starttls(first, *ALICE)
            ok(imap.create("Kept"))
            for n in range(2):
                ok(imap.append("Kept", "(\\Answered)", None, make_message(f"kept {n}", ALICE[0], ALICE[0])))
            ok(imap.select("INBOX"))
            ok(imap.store("1", "+FLAGS", "(\\Seen)"))
            ok(imap.store("2", "+FLAGS", "(\\Flagged $Important)"))
            ok(imap.store("3", "+FLAGS", "(\\Deleted)"))
            ok(imap.expunge())  # the highest UID is gone; it must not come back after restart
            imap.logout()
            before = self.snapshot(first, ["INBOX", "Kept"])
            self.assertEqual(len(before["INBOX"][2]), 2)
            self.assertEqual(first.stop(), 0, first.log())

            second = MagpieServer(binary(), USERS, ["--auth-failure-delay", "100"], data_dir=data_dir)
            second.start()
            after = self.snapshot(second, ["INBOX", "Kept"])
            for name in ("INBOX", "Kept"):
                self.assertEqual(after[name][0], before[name][0], f"{name}: UIDVALIDITY kept")
                self.assertEqual(after[name][2], before[name][2], f"{name}: UIDs, flags, bytes kept")
                self.assertGreaterEqual(after[name][1], before[name][1], f"{name}: UIDNEXT kept")
            self.assertEqual(after["uidl"], before["uidl"], "POP3 UIDLs kept")
            imap = imap_starttls(second, *ALICE)
            typ, data = imap.append("INBOX", None, None, make_message("after restart", ALICE[0], ALICE[0]))
            self.assertEqual(typ, "OK")
            new_uid = int(response_code(data, "APPENDUID")[1])
            self.assertGreaterEqual(new_uid, before["INBOX"][1], "no UID is used twice")
            imap.logout()
            self.assertEqual(second.stop(), 0, second.log())
        finally:
            if second:
                second._kill()
            first.cleanup()


if __name__ == "__main__":
    main()
