# SPDX-License-Identifier: GPL-3.0-or-later
"""The users and the per-class magpie-server the real-client test programs share."""

import imaplib
import time
import unittest

from clients import imap_starttls, ok
from magpie_server import MagpieServer, server_binary

_binary = None


def binary():
    """The magpie-server under test (set by main())."""
    return _binary


ALICE = ("alice@example.test", "secret")
BOB = ("bob@example.test", "hunter2")  # POP3 tests
CAROL = ("carol@example.test", "carol-pw")  # delivery read over IMAP, IDLE
DAVE = ("dave@example.test", "pass:with:colons")  # the password runs to the end of --user
ERIN = ("erin@example.test", "erin-pw")  # unknown-recipient and size tests
USERS = dict([ALICE, BOB, CAROL, DAVE, ERIN])
MAX_SIZE = 100_000


class ServerCase(unittest.TestCase):
    """Starts one magpie-server for the whole class."""

    extra = ["--max-message-size", str(MAX_SIZE), "--auth-failure-delay", "100"]

    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer(binary(), USERS, cls.extra)
        try:
            cls.server.start()
        except BaseException:
            cls.server.cleanup()  # tearDownClass does not run when setUpClass fails
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            alive = cls.server.running()
            code = cls.server.stop()
            if not alive:
                raise AssertionError(f"magpie-server died during the tests; log:\n{cls.server.log()}")
            if code != 0:
                raise AssertionError(f"magpie-server exited with {code} on SIGTERM; log:\n"
                                     f"{cls.server.log()}")
        finally:
            cls.server.cleanup()

    def imap(self, user=ALICE):
        imap = imap_starttls(self.server, *user)
        self.addCleanup(self._logout, imap)
        return imap

    @staticmethod
    def _logout(imap):
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    def fresh_mailbox(self, imap):
        """A mailbox only this test uses, selected."""
        name = "t-" + self._testMethodName.replace("_", "-")
        ok(imap.create(name))
        ok(imap.select(name))
        return name

    def unique(self, what=""):
        return " ".join(part for part in (self._testMethodName, what, str(time.time_ns())) if part)



def main():
    """Takes the server from the command line (or MAGPIE_SERVER_BIN), then runs the calling
    program's tests; unittest.main exits non-zero when any test fails or errs."""
    global _binary
    _binary = server_binary()
    unittest.main(module="__main__", verbosity=2)
