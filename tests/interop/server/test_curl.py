#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""magpie-server against curl's IMAP, POP3 and SMTP support.

    /usr/bin/python3 tests/interop/server/test_curl.py PATH/TO/magpie-server [-v]
    (or MAGPIE_SERVER_BIN=PATH ...)

curl is run as a person would run it, with --ssl-reqd for STARTTLS (STLS for POP3) on the
plain ports, imaps:// pop3s:// smtps:// for implicit TLS, and --cacert for the server's own
generated certificate (host names checked: 127.0.0.1 and localhost). Run by CTest as
tst_server_curl (label interop); fails, never skips, when curl is missing.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from clients import body_of, deliver, imap_starttls, make_message, ok, parse, search  # noqa: E402
from magpie_server import HOST, MagpieServer, require_program, server_binary  # noqa: E402

BINARY = None
CURL = None

ALICE = ("alice@example.test", "secret")
BOB = ("bob@example.test", "hunter2")  # POP3
CAROL = ("carol@example.test", "carol-pw")  # receives over curl SMTP
DAVE = ("dave@example.test", "dave-pw")  # IMAP fetches by UID: his INBOX holds known mail
USERS = dict([ALICE, BOB, CAROL, DAVE])

# curl's exit codes (curl(1), "EXIT CODES").
CURLE_LOGIN_DENIED = 67


class CurlTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer(BINARY, USERS, ["--auth-failure-delay", "100"])
        cls.files = tempfile.mkdtemp(prefix="magpie-curl-")
        try:
            cls.setUpMailboxes()
        except BaseException:
            cls.cleanUp()  # tearDownClass does not run when setUpClass fails
            raise

    @classmethod
    def setUpMailboxes(cls):
        cls.server.start()
        # Known contents: DAVE's INBOX holds UID 1 and 2, BOB's maildrop two messages.
        cls.dave_messages = [
            make_message("curl first", ALICE[0], DAVE[0], "The first message.\r\n"),
            make_message("curl second", ALICE[0], DAVE[0], "The second message.\r\n"),
        ]
        cls.bob_messages = [
            make_message("pop first", ALICE[0], BOB[0], "POP one.\r\n"),
            make_message("pop second", ALICE[0], BOB[0], "POP two.\r\n.Dotted line.\r\n"),
        ]
        for message in cls.dave_messages:
            deliver(cls.server, ALICE[0], [DAVE[0]], message)
        for message in cls.bob_messages:
            deliver(cls.server, ALICE[0], [BOB[0]], message)

    @classmethod
    def tearDownClass(cls):
        try:
            alive = cls.server.running()
            code = cls.server.stop()
            if not alive or code != 0:
                raise AssertionError(f"magpie-server {'died' if not alive else f'exited with {code}'}"
                                     f"; log:\n{cls.server.log()}")
        finally:
            cls.cleanUp()

    @classmethod
    def cleanUp(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.files, ignore_errors=True)

    def curl(self, url, user, *args, expect=0):
        """Runs curl; returns its standard output. expect: the exit code wanted."""
        command = [CURL, "--silent", "--show-error", "--max-time", "30",
                   "--cacert", self.server.cert_path, *args, url]
        if user:
            command[1:1] = ["--user", f"{user[0]}:{user[1]}"]
        result = subprocess.run(command, capture_output=True, timeout=60)
        if result.returncode != expect:
            self.fail(f"curl {' '.join(args)} {url} exited with {result.returncode}, expected "
                      f"{expect}: {result.stderr.decode(errors='replace')}\nserver log:\n"
                      f"{self.server.log()}")
        return result.stdout

    def url(self, scheme, port_name, path="", host=HOST):
        return f"{scheme}://{host}:{self.server.ports[port_name]}/{path}"

    def message_file(self, message):
        path = os.path.join(self.files, f"{time.time_ns()}.eml")
        with open(path, "wb") as f:
            f.write(message)
        return path

    # -- IMAP ------------------------------------------------------------------------------

    def test_imap_list_mailboxes(self):
        for url, args in ((self.url("imap", "imap"), ["--ssl-reqd"]),
                          (self.url("imaps", "imaps"), []),
                          (self.url("imaps", "imaps", host="localhost"), [])):
            with self.subTest(url=url):
                listing = self.curl(url, DAVE, *args).decode()
                for name in ("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive"):
                    self.assertRegex(listing, rf'\* LIST \([^)]*\) "[^"]*" "?{name}"?\r?\n')

    def test_imap_fetch_by_uid(self):
        for url, args in ((self.url("imap", "imap", "INBOX;UID=1"), ["--ssl-reqd"]),
                          (self.url("imaps", "imaps", "INBOX;UID=2"), []),
                          (self.url("imaps", "imaps", "INBOX;UID=2", host="localhost"), [])):
            with self.subTest(url=url):
                raw = self.curl(url, DAVE, *args)
                expected = self.dave_messages[0 if url.endswith("UID=1") else 1]
                self.assertEqual(parse(raw)["Subject"], parse(expected)["Subject"])
                self.assertEqual(body_of(raw), body_of(expected))

    def test_imap_section_search_and_custom_command(self):
        text = self.curl(self.url("imap", "imap", "INBOX;UID=2;SECTION=TEXT"), DAVE, "--ssl-reqd")
        self.assertEqual(text, b"The second message.\r\n")
        found = self.curl(self.url("imap", "imap", "INBOX?SUBJECT%20%22curl%20second%22"), DAVE,
                          "--ssl-reqd")
        self.assertRegex(found.decode(), r"\* SEARCH 2\s*$")
        status = self.curl(self.url("imap", "imap"), DAVE, "--ssl-reqd",
                           "--request", "STATUS INBOX (MESSAGES UIDNEXT)")
        self.assertRegex(status.decode(), r"\* STATUS \"?INBOX\"? \(MESSAGES 2 UIDNEXT \d+\)")

    def test_imap_append_by_upload(self):
        message = make_message("curl upload", DAVE[0], DAVE[0], "Uploaded with curl -T.\r\n")
        self.curl(self.url("imap", "imap", "Drafts"), DAVE, "--ssl-reqd",
                  "--upload-file", self.message_file(message))
        raw = self.curl(self.url("imaps", "imaps", "Drafts;UID=1"), DAVE)
        self.assertEqual(raw, message, "APPEND keeps the message byte for byte")

    def test_imap_wrong_password(self):
        self.curl(self.url("imap", "imap"), (DAVE[0], "wrong"), "--ssl-reqd",
                  expect=CURLE_LOGIN_DENIED)
        self.curl(self.url("imaps", "imaps"), (DAVE[0], "wrong"), expect=CURLE_LOGIN_DENIED)

    def test_imap_refuses_password_without_tls(self):
        command = [CURL, "--silent", "--max-time", "30", "--user", f"{DAVE[0]}:{DAVE[1]}",
                   self.url("imap", "imap")]
        result = subprocess.run(command, capture_output=True, timeout=60)
        self.assertNotEqual(result.returncode, 0, "a login over plaintext must be refused")

    # -- POP3 ------------------------------------------------------------------------------

    def test_pop3_list_and_retr(self):
        listing = self.curl(self.url("pop3", "pop3"), BOB, "--ssl-reqd").decode()
        lines = listing.split("\r\n") if "\r\n" in listing else listing.split("\n")
        numbers = [line.split()[0] for line in lines if line.strip()]
        self.assertEqual(numbers, ["1", "2"], listing)
        for url, args, index in ((self.url("pop3", "pop3", "1"), ["--ssl-reqd"], 0),
                                 (self.url("pop3s", "pop3s", "2"), [], 1),
                                 (self.url("pop3s", "pop3s", "2", host="localhost"), [], 1)):
            with self.subTest(url=url):
                raw = self.curl(url, BOB, *args)
                self.assertEqual(parse(raw)["Subject"], parse(self.bob_messages[index])["Subject"])
                self.assertEqual(body_of(raw), body_of(self.bob_messages[index]))
        uidl = self.curl(self.url("pop3", "pop3"), BOB, "--ssl-reqd", "--request", "UIDL").decode()
        self.assertEqual(len([line for line in uidl.splitlines() if line.strip()]), 2, uidl)

    def test_pop3_wrong_password(self):
        self.curl(self.url("pop3", "pop3"), (BOB[0], "wrong"), "--ssl-reqd",
                  expect=CURLE_LOGIN_DENIED)

    # -- SMTP ------------------------------------------------------------------------------

    def smtp_send(self, url, subject, *args, user=ALICE):
        message = make_message(subject, ALICE[0], CAROL[0], "Sent with curl.\r\n")
        self.curl(url, user, "--mail-from", ALICE[0], "--mail-rcpt", CAROL[0],
                  "--upload-file", self.message_file(message), *args)
        imap = imap_starttls(self.server, *CAROL)
        ok(imap.select("INBOX"))
        found = search(imap, "SUBJECT", f'"{subject}"')
        imap.logout()
        self.assertEqual(len(found), 1, f"{subject} arrived once")

    def test_smtp_starttls_with_auth(self):
        self.smtp_send(self.url("smtp", "smtp", "client.test"), "curl starttls", "--ssl-reqd")

    def test_smtp_implicit_tls(self):
        self.smtp_send(self.url("smtps", "submissions", "client.test"), "curl smtps")
        self.smtp_send(self.url("smtps", "submissions", "client.test", host="localhost"),
                       "curl smtps localhost")

    def test_smtp_without_auth_for_local_user(self):
        self.smtp_send(self.url("smtp", "smtp", "client.test"), "curl no auth", user=None)

    def test_smtp_unknown_recipient(self):
        message = make_message("curl unknown", ALICE[0], "nobody@example.test")
        command = [CURL, "--silent", "--show-error", "--max-time", "30",
                   "--mail-from", ALICE[0], "--mail-rcpt", "nobody@example.test",
                   "--upload-file", self.message_file(message), self.url("smtp", "smtp")]
        result = subprocess.run(command, capture_output=True, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"550", result.stderr)

    def test_smtp_wrong_password(self):
        message = make_message("curl wrong password", ALICE[0], CAROL[0])
        self.curl(self.url("smtp", "smtp"), (ALICE[0], "wrong"), "--ssl-reqd",
                  "--mail-from", ALICE[0], "--mail-rcpt", CAROL[0],
                  "--upload-file", self.message_file(message), expect=CURLE_LOGIN_DENIED)


def main():
    global BINARY, CURL
    BINARY = server_binary()
    CURL = require_program("curl")
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
