#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""magpie-server under load: 50 IMAP sessions and 20 SMTP senders at once, for a bounded
time, with no error and every message accounted for.

    /usr/bin/python3 tests/interop/server/stress_magpie_server.py PATH/TO/magpie-server

Environment (all optional): MAGPIE_STRESS_SECONDS (load time, default 20),
MAGPIE_STRESS_IMAP (sessions, default 50), MAGPIE_STRESS_SMTP (senders, default 20),
MAGPIE_STRESS_MAX_PER_SENDER (default 400).

The server keeps mail in a temporary --data folder (Maildir, fsync per delivery). Each sender
sends messages with unique Message-IDs to one to three of five users, several per SMTP session,
some over STARTTLS. Each IMAP session logs in as one of the users and, until the senders
stop, does what clients do: SELECT/EXAMINE, NOOP, FETCH, SEARCH, STORE, STATUS, IDLE, and
APPEND then EXPUNGE in a mailbox of its own. Any NO/BAD/-ERR/5xx or dropped connection is an
error. At the end every user's INBOX must hold each message sent to it exactly once, each
session's own mailbox exactly what it appended and did not expunge, and the server must stop
cleanly on SIGTERM. Exit code 0 when all holds, 1 otherwise. Run by CTest as
tst_server_stress (label integration).
"""

import collections
import imaplib
import os
import random
import re
import smtplib
import sys
import threading
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from clients import TIMEOUT, make_message, ok  # noqa: E402
from magpie_server import HOST, MagpieServer, server_binary  # noqa: E402

SECONDS = float(os.environ.get("MAGPIE_STRESS_SECONDS", "20"))
IMAP_SESSIONS = int(os.environ.get("MAGPIE_STRESS_IMAP", "50"))
SMTP_SENDERS = int(os.environ.get("MAGPIE_STRESS_SMTP", "20"))
MAX_PER_SENDER = int(os.environ.get("MAGPIE_STRESS_MAX_PER_SENDER", "400"))
USERS = {f"user{n}@example.test": f"pw-{n}" for n in range(5)}
RUN = f"{os.getpid()}.{time.time_ns()}"


class Run:
    def __init__(self, server):
        self.server = server
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.errors = []
        self.expected = collections.defaultdict(collections.Counter)  # user -> Message-IDs
        self.own_mailbox = {}  # session -> messages left in its own mailbox
        self.sent = 0
        self.imap_commands = 0

    def error(self, where, exception):
        with self.lock:
            self.errors.append(f"{where}: {exception!r}\n{traceback.format_exc()}")
        self.stop.set()


def sender(run, index):
    rng = random.Random(index)
    count = 0
    users = sorted(USERS)
    try:
        while not run.stop.is_set() and count < MAX_PER_SENDER:
            with smtplib.SMTP(HOST, run.server.ports["smtp"], local_hostname=f"sender{index}.test",
                              timeout=TIMEOUT) as smtp:
                smtp.ehlo()
                if index % 4 == 0:
                    smtp.starttls(context=run.server.tls_context())
                    smtp.ehlo()
                for _ in range(rng.randint(1, 5)):
                    if run.stop.is_set() or count >= MAX_PER_SENDER:
                        break
                    recipients = rng.sample(users, rng.randint(1, 3))
                    message_id = f"<s{index}-{count}.{RUN}@stress.test>"
                    body = f"Message {count} from sender {index}.\r\n" + ("x" * 76 + "\r\n") * rng.randint(0, 50)
                    message = make_message(f"stress {index}/{count}", f"sender{index}@stress.test",
                                           recipients, body, message_id=message_id)
                    refused = smtp.sendmail(f"sender{index}@stress.test", recipients, message)
                    if refused:
                        raise AssertionError(f"recipients refused: {refused}")
                    with run.lock:
                        for user in recipients:
                            run.expected[user][message_id] += 1
                        run.sent += 1
                    count += 1
    except Exception as exception:  # noqa: BLE001 - every failure is reported
        run.error(f"SMTP sender {index}", exception)


def checked(run, result):
    with run.lock:
        run.imap_commands += 1
    return ok(result)


def idle(imap, seconds):
    """RFC 2177 IDLE by hand (imaplib before 3.14 has none): IDLE, wait, DONE."""
    tag = imap._new_tag().decode()
    imap.send(f"{tag} IDLE\r\n".encode())
    while True:
        line = imap.readline()
        if not line:
            raise AssertionError("connection closed in IDLE")
        if line.startswith(b"+"):
            break
        if line.startswith(tag.encode()):
            raise AssertionError(f"IDLE refused: {line!r}")
    # Whatever the server pushes meanwhile waits in the socket and is read after DONE (a
    # timeout on imaplib's buffered reader would leave it unusable).
    time.sleep(seconds)
    imap.send(b"DONE\r\n")
    while True:
        line = imap.readline()
        if not line:
            raise AssertionError("connection closed after DONE")
        if line.startswith(tag.encode()):
            if not line.startswith(f"{tag} OK".encode()):
                raise AssertionError(f"IDLE ended with {line!r}")
            return


def imap_session(run, index):
    rng = random.Random(1000 + index)
    user = sorted(USERS)[index % len(USERS)]
    own = f"Stress-{index}"
    left = 0
    try:
        imap = imaplib.IMAP4(HOST, run.server.ports["imap"], timeout=TIMEOUT)
        if index % 5 == 0:
            imap.starttls(ssl_context=run.server.tls_context())
        imap.login(user, USERS[user])
        checked(run, imap.create(own))
        checked(run, imap.select("INBOX"))
        exists = 0
        while not run.stop.is_set():
            # What the last command told about the selected mailbox's size; then forget the
            # untagged responses, which imaplib would otherwise keep forever.
            exists = int((imap.untagged_responses.get("EXISTS") or [exists])[-1])
            imap.untagged_responses.clear()
            action = rng.choice(["noop", "fetch", "search", "store", "idle", "status",
                                 "examine", "append", "fetch_one", "search_id"])
            if exists == 0 and action in ("fetch", "fetch_one", "store", "examine"):
                action = "noop"  # "*" and "1:*" name no message in an empty mailbox
            if action == "noop":
                checked(run, imap.noop())
            elif action == "fetch":
                checked(run, imap.fetch("1:*", "(UID FLAGS RFC822.SIZE)"))
            elif action == "fetch_one":
                checked(run, imap.fetch("*", "(ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])"))
            elif action == "search":
                checked(run, imap.search(None, "UNSEEN"))
            elif action == "search_id":
                checked(run, imap.search(None, "HEADER", "Message-ID", f'"{RUN}"'))
            elif action == "store":
                checked(run, imap.store("*", "+FLAGS.SILENT", "(\\Seen)"))
            elif action == "idle":
                idle(imap, rng.uniform(0.2, 1.0))
                with run.lock:
                    run.imap_commands += 1
            elif action == "status":
                checked(run, imap.status(own, "(MESSAGES UIDNEXT UNSEEN)"))
            elif action == "examine":
                checked(run, imap.select("INBOX", readonly=True))
                checked(run, imap.fetch("1:*", "(FLAGS)"))
                checked(run, imap.select("INBOX"))
            elif action == "append":
                checked(run, imap.append(own, "(\\Seen)", None,
                                         make_message(f"own {index}", user, user)))
                left += 1
                if rng.random() < 0.3:
                    checked(run, imap.select(own))
                    checked(run, imap.store("1", "+FLAGS.SILENT", "(\\Deleted)"))
                    expunged = checked(run, imap.expunge())
                    left -= len([n for n in expunged if n])
                    checked(run, imap.select("INBOX"))
                    exists = int(imap.untagged_responses.get("EXISTS", [0])[-1])
                    imap.untagged_responses.clear()
        imap.logout()
        with run.lock:
            run.own_mailbox[(user, own)] = left
    except Exception as exception:  # noqa: BLE001
        run.error(f"IMAP session {index} ({user})", exception)


def account(run):
    """Every message sent is in its recipients' INBOXes exactly once; every own mailbox holds
    what its session left there."""
    problems = []
    for user, password in sorted(USERS.items()):
        imap = imaplib.IMAP4(HOST, run.server.ports["imap"], timeout=60)
        imap.login(user, password)
        typ, data = imap.select("INBOX", readonly=True)
        found = collections.Counter()
        if int(data[0]) > 0:
            for entry in ok(imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")):
                if isinstance(entry, tuple):
                    match = re.search(rb"<[^>]+>", entry[1])
                    if match:
                        found[match.group(0).decode()] += 1
        expected = run.expected[user]
        missing = expected - found
        extra = found - expected
        if missing:
            problems.append(f"{user}: {sum(missing.values())} messages missing, e.g. {list(missing)[:3]}")
        if extra:
            problems.append(f"{user}: {sum(extra.values())} unexpected or duplicated, e.g. {list(extra)[:3]}")
        for (owner, mailbox), left in run.own_mailbox.items():
            if owner == user:
                status = ok(imap.status(mailbox, "(MESSAGES)"))[0].decode()
                count = int(re.search(r"MESSAGES (\d+)", status).group(1))
                if count != left:
                    problems.append(f"{user}/{mailbox}: {count} messages, expected {left}")
        imap.logout()
    return problems


def main():
    binary = server_binary()
    server = MagpieServer(binary, USERS, ["--allow-plaintext-auth", "--auth-failure-delay", "100"])
    server.start()
    run = Run(server)
    print(f"stress: {IMAP_SESSIONS} IMAP sessions, {SMTP_SENDERS} SMTP senders, {SECONDS:g} s",
          flush=True)
    problems = []
    try:
        sessions = [threading.Thread(target=imap_session, args=(run, n), daemon=True)
                    for n in range(IMAP_SESSIONS)]
        senders = [threading.Thread(target=sender, args=(run, n), daemon=True)
                   for n in range(SMTP_SENDERS)]
        started = time.monotonic()
        for thread in sessions + senders:
            thread.start()
        run.stop.wait(SECONDS)
        run.stop.set()
        for thread in senders + sessions:
            thread.join(TIMEOUT * 2)
            if thread.is_alive():
                problems.append(f"{thread.name} did not finish")
        elapsed = time.monotonic() - started
        print(f"stress: {run.sent} messages sent ({run.sent / elapsed:.0f}/s), "
              f"{run.imap_commands} IMAP commands ({run.imap_commands / elapsed:.0f}/s) "
              f"in {elapsed:.1f} s", flush=True)
        problems += run.errors
        if not server.running():
            problems.append("magpie-server died under load")
        elif not run.errors:
            problems += account(run)
        if run.sent == 0:
            problems.append("no message was sent")
    finally:
        alive = server.running()
        code = server.stop() if alive else server.process.poll()
        if alive and code != 0:
            problems.append(f"magpie-server exited with {code} on SIGTERM")
        if problems:
            print("magpie-server log (last lines):\n" + server.log(), file=sys.stderr)
        server.cleanup()
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    print("stress: " + ("FAILED" if problems else "every message accounted for"), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
