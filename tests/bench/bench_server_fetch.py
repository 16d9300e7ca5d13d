#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""IMAP FETCH of 10,000 messages' ENVELOPE and BODYSTRUCTURE: magpie-server against Dovecot.

    /usr/bin/python3 tests/bench/bench_server_fetch.py --server build/ci/src/server/magpie-server
        [--messages 10000] [--seed 1] [--interop-dir ../shared/interop] [--only magpie|dovecot]
        [--magpie-fill append|smtp] [--dovecot-fill maildir|append]
    (or: cmake --build build/ci --target bench_server_fetch)

Generates the same varied mailbox for both (seeded: plain text, quoted-printable, HTML
alternatives, attachments, forwarded messages, encoded-word headers, many recipients, sizes
from a few hundred bytes to tens of KB), APPENDs it into a fresh magpie-server (--data, a
temporary Maildir; pipelined with LITERAL+) and writes it into a fresh Dovecot's Maildir
(../shared/interop/dovecot.sh; needs root and dovecot-imapd; --dovecot-fill append to APPEND
there too), restarts magpie-server so that both start cold, then on one connection each times
`FETCH 1:N (ENVELOPE BODYSTRUCTURE)` twice: the first fetch parses every message, the second
may use what the server cached. The client is a bare socket reader that only splits the
response into lines and literals, so the figure is the server's. Prints seconds and the ratio magpie/Dovecot, and how many messages got the
same ENVELOPE and BODYSTRUCTURE from both (with the first difference); asserts nothing
(issue 4's target: within 2x of Dovecot).
"""

import argparse
import base64
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "interop", "server"))

from magpie_server import MagpieServer  # noqa: E402

USER, PASSWORD = "bench@example.test", "bench-pw"

WORDS = ("mail server folder report meeting budget invoice draft review holiday photo "
         "project release build test note plan question answer update weekly summary "
         "garden kitchen train ticket concert library").split()
NAMES = ["Ann Smith", "Bert Jansen", "Chloé Durand", "Dmitri Ivanov", "Eva Müller",
         "François Lefèvre", "Greta Nilsson", "Hiro Tanaka", "Ines García", "Jamal Khan"]


# -- the mailbox --------------------------------------------------------------------------

def encoded_word(text):
    """RFC 2047 B-encoding for text that is not ASCII."""
    if text.isascii():
        return text
    return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def address(rng, name=None):
    name = name or rng.choice(NAMES)
    local = name.split()[0].lower().encode("ascii", "ignore").decode() or "someone"
    return f'"{encoded_word(name)}" <{local}.{rng.randint(1, 99)}@example.{rng.choice(["test", "org", "net"])}>'


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def text_body(rng, lines):
    return "".join(sentence(rng, rng.randint(5, 12)) + "\r\n" for _ in range(lines))


_BLOBS = {}


def attachment(rng):
    size = rng.choice([800, 3000, 12000, 30000])
    # A few hundred different files, made once: base64 of random bytes is slow in Python.
    key = (size, rng.randrange(64))
    if key not in _BLOBS:
        _BLOBS[key] = base64.encodebytes(random.Random(hash(key)).randbytes(size)).decode().replace("\n", "\r\n")
    data = _BLOBS[key]
    kind, name = rng.choice([("application/pdf", "report.pdf"), ("image/png", "photo.png"),
                             ("application/zip", "files.zip"),
                             ("application/octet-stream", "Übersicht.bin")])
    encoded = "".join(f"%{byte:02X}" for byte in name.encode())  # RFC 2231
    disposition = (f'attachment; filename="{name}"' if name.isascii()
                   else f"attachment; filename*=UTF-8''{encoded}")
    return (f"Content-Type: {kind}; name=\"{encoded_word(name)}\"\r\n"
            f"Content-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: {disposition}\r\n\r\n{data}")


def alternative(rng, boundary):
    plain = text_body(rng, rng.randint(3, 30))
    html = "<html><body>" + "".join(f"<p>{line}</p>\r\n" for line in plain.splitlines()) + "</body></html>\r\n"
    return (f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{plain}\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{html}\r\n"
            f"--{boundary}--\r\n")


def generate(rng, n):
    subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))).capitalize()
    if rng.random() < 0.2:
        subject = "Re: " + subject
    if rng.random() < 0.15:
        subject += " – größer als gedacht"
    to = ", ".join(address(rng) for _ in range(rng.choice([1, 1, 1, 2, 3, 8])))
    head = (f"From: {address(rng)}\r\nTo: {to}\r\n"
            + (f"Cc: {', '.join(address(rng) for _ in range(rng.randint(1, 4)))}\r\n"
               if rng.random() < 0.3 else "")
            + f"Subject: {encoded_word(subject)}\r\n"
            f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(1420070400 + rng.randint(0, 3e8)))}\r\n"
            f"Message-ID: <{n}.{rng.getrandbits(48):x}@bench.example>\r\n"
            + (f"In-Reply-To: <{rng.randint(0, n) if n else 0}.parent@bench.example>\r\n"
               if subject.startswith("Re:") else "")
            + "MIME-Version: 1.0\r\n")
    kind = rng.random()
    if kind < 0.40:
        body = ("Content-Type: text/plain; charset=utf-8; format=flowed\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n" + text_body(rng, rng.randint(1, 60)))
    elif kind < 0.65:
        body = alternative(rng, f"alt-{n}")
    elif kind < 0.88:
        boundary = f"mixed-{n}"
        parts = [f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text_body(rng, rng.randint(2, 20))}"]
        parts += [attachment(rng) for _ in range(rng.randint(1, 2))]
        body = (f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
                + "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n")
    else:
        boundary = f"outer-{n}"
        inner = (f"From: {address(rng)}\r\nTo: {address(rng)}\r\nSubject: Forwarded {rng.choice(WORDS)}\r\n"
                 f"Date: Tue, 03 Jan 2023 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
                 + alternative(rng, f"inner-{n}"))
        body = (f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
                f"--{boundary}\r\n{alternative(rng, f'alt-{n}')}\r\n"
                f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n"
                f"--{boundary}\r\n{attachment(rng)}\r\n--{boundary}--\r\n")
    return (head + body).encode("utf-8")


# -- a bare IMAP client -------------------------------------------------------------------

class Imap:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=600)
        self.buffer = b""
        self.tag = 0
        self.read_line()  # greeting

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def read_line(self):
        """One response line with its literals inlined."""
        line = b""
        while True:
            end = self.buffer.find(b"\r\n")
            while end < 0:
                self._fill()
                end = self.buffer.find(b"\r\n")
            part, self.buffer = self.buffer[:end + 2], self.buffer[end + 2:]
            line += part
            literal = re.search(rb"\{(\d+)\}\r\n$", part)
            if not literal:
                return line
            size = int(literal.group(1))
            while len(self.buffer) < size:
                self._fill()
            line += self.buffer[:size]
            self.buffer = self.buffer[size:]

    def command(self, text):
        """Sends a command; returns (untagged lines, tagged line); raises unless OK."""
        self.tag += 1
        tag = f"b{self.tag}".encode()
        self.sock.sendall(tag + b" " + text + b"\r\n")
        return self.finish(tag)

    def finish(self, tag):
        lines = []
        while True:
            line = self.read_line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError(f"{line!r}")
                return lines, line
            lines.append(line)


def fill(port, messages):
    """APPENDs every message, pipelined with LITERAL+ (RFC 7888) when the server has it."""
    imap = Imap(port)
    imap.command(f"LOGIN {USER} {PASSWORD}".encode())
    capabilities = b" ".join(imap.command(b"CAPABILITY")[0]).upper()
    literal_plus = b"LITERAL+" in capabilities
    started = time.monotonic()
    window = []
    for number, message in enumerate(messages):
        imap.tag += 1
        tag = f"b{imap.tag}".encode()
        if literal_plus:
            imap.sock.sendall(tag + b" APPEND INBOX {%d+}\r\n" % len(message) + message + b"\r\n")
            window.append(tag)
            if len(window) >= 64:
                imap.finish(window.pop(0))
        else:
            imap.sock.sendall(tag + b" APPEND INBOX {%d}\r\n" % len(message))
            if not imap.read_line().startswith(b"+"):
                raise RuntimeError("APPEND literal refused")
            imap.sock.sendall(message + b"\r\n")
            imap.finish(tag)
    for tag in window:
        imap.finish(tag)
    seconds = time.monotonic() - started
    imap.sock.close()
    return seconds


def fill_by_smtp(port, messages, senders=8):
    """Delivers every message over SMTP from parallel sessions (the server may then write
    several at once); the order in the mailbox does not matter for FETCH 1:N."""
    import smtplib
    import threading

    started = time.monotonic()
    problems = []

    def send(part):
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp:
                for message in part:
                    smtp.sendmail(USER, [USER], message)
        except Exception as error:  # noqa: BLE001 - reported below
            problems.append(error)

    threads = [threading.Thread(target=send, args=(messages[n::senders],)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        raise RuntimeError(f"SMTP delivery failed: {problems[0]!r}")
    return time.monotonic() - started


def time_fetches(port, count, rounds=2):
    imap = Imap(port)
    imap.command(f"LOGIN {USER} {PASSWORD}".encode())
    untagged, _ = imap.command(b"SELECT INBOX")
    exists = [int(m.group(1)) for m in (re.match(rb"\* (\d+) EXISTS", l) for l in untagged) if m]
    if not exists or exists[-1] != count:
        raise RuntimeError(f"INBOX holds {exists} messages, expected {count}")
    results = []
    for _ in range(rounds):
        started = time.perf_counter()
        lines, _ = imap.command(f"FETCH 1:{count} (ENVELOPE BODYSTRUCTURE)".encode())
        seconds = time.perf_counter() - started
        fetched = sum(1 for line in lines if re.match(rb"\* \d+ FETCH", line))
        if fetched != count:
            raise RuntimeError(f"{fetched} FETCH responses for {count} messages")
        results.append((seconds, sum(len(line) for line in lines)))
    imap.sock.close()
    return results, lines


def canonical(data):
    """Literals written as quoted strings, and lower case: two servers may choose either form
    for the same string (RFC 3501 s4.3), and either case for MIME types."""
    out, position = [], 0
    for match in re.finditer(rb"\{(\d+)\}\r\n", data):
        if match.start() < position:
            continue  # inside a literal already copied
        size = int(match.group(1))
        text = data[match.end():match.end() + size]
        out.append(data[position:match.start()])
        out.append(b'"' + text.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"')
        position = match.end() + size
    out.append(data[position:])
    return b"".join(out).lower()


def by_message(lines):
    """{generated message number: its FETCH data}, keyed by the Message-ID in the ENVELOPE,
    so that two servers' answers compare whatever order their mailboxes are in."""
    answers = {}
    for line in lines:
        match = re.search(rb'"<(\d+)\.[0-9a-f]+@bench\.example>"', line)
        if match:
            answers[int(match.group(1))] = canonical(re.sub(rb"^\* \d+ FETCH ", b"", line).strip())
    return answers


def compare(magpie_lines, dovecot_lines):
    """Prints how many messages got the same ENVELOPE and BODYSTRUCTURE from both servers (the
    order of the two items aside), and the first difference: Dovecot as a reference."""
    def items(data):
        envelope = re.search(rb"ENVELOPE (\(.*?\)) BODYSTRUCTURE|ENVELOPE (\(.*\))\)$", data, re.S)
        structure = re.search(rb"BODYSTRUCTURE (\(.*?\)) ENVELOPE|BODYSTRUCTURE (\(.*\))\)$", data, re.S)
        return ((envelope.group(1) or envelope.group(2)) if envelope else data,
                (structure.group(1) or structure.group(2)) if structure else data)

    magpie, dovecot = by_message(magpie_lines), by_message(dovecot_lines)
    same, first = 0, None
    for number, answer in dovecot.items():
        if number in magpie and items(magpie[number]) == items(answer):
            same += 1
        elif first is None:
            first = number
    print(f"  same ENVELOPE and BODYSTRUCTURE as Dovecot: {same} of {len(dovecot)} messages")
    if first is not None:
        theirs, ours = dovecot[first], magpie.get(first, b"(missing)")
        at = len(os.path.commonprefix([theirs, ours]))
        start = max(0, at - 120)
        print(f"  first difference, message {first}, at byte {at}:\n"
              f"    Dovecot: ...{theirs[start:at + 200]!r}\n    magpie:  ...{ours[start:at + 200]!r}")


# -- the servers --------------------------------------------------------------------------

def free_port_pair():
    for _ in range(50):
        imap = random.randrange(20000, 30000)
        ports = [imap, imap + 850, imap + 10000, imap + 10885]
        sockets = []
        try:
            for port in ports:
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return imap, imap + 10000
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports for Dovecot")


class Dovecot:
    def __init__(self, interop_dir):
        self.script = os.path.join(interop_dir, "dovecot.sh")
        if not os.path.exists(self.script):
            raise SystemExit(f"{self.script} not found; pass --interop-dir")
        self.dir = tempfile.mkdtemp(prefix="magpie-bench-dovecot-")
        os.chmod(self.dir, 0o755)
        self.port = None

    def run(self, *args):
        # Output to a file: the Dovecot daemon inherits it and would hold a pipe open.
        with open(os.path.join(self.dir, "script.log"), "a+") as log:
            code = subprocess.run(["bash", self.script, *args], stdout=log, stderr=log,
                                  stdin=subprocess.DEVNULL).returncode
            if code != 0:
                log.seek(0)
                raise RuntimeError(f"dovecot.sh {args[0]} failed: {log.read()}")

    def start(self):
        imap, pop3 = free_port_pair()
        self.run("adduser", self.dir, USER, PASSWORD)
        self.run("start", self.dir, str(imap), str(pop3))
        self.port = imap

    def fill_maildir(self, messages):
        """Writes the messages straight into the user's Maildir (as ../shared/interop/README.md
        allows): much faster than APPEND, and the first FETCH is then a cold parse."""
        started = time.monotonic()
        maildir = os.path.join(self.dir, "mail", USER)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)
        base = int(time.time()) - len(messages)
        for number, message in enumerate(messages):
            name = f"{base + number}.M{number}P{os.getpid()}.bench,S={len(message)}:2,"
            path = os.path.join(maildir, "cur", name)
            with open(path, "wb") as f:
                f.write(message)
            os.utime(path, (base + number, base + number))
        subprocess.run(["chown", "-R", "dovecot:dovecot", os.path.join(self.dir, "mail")],
                       check=True)
        return time.monotonic() - started

    def stop(self):
        self.run("stop", self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default=os.environ.get("MAGPIE_SERVER_BIN"))
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--interop-dir", default=os.environ.get(
        "MAGPIE_INTEROP_DIR", os.path.join(HERE, "..", "..", "..", "shared", "interop")))
    parser.add_argument("--only", choices=["magpie", "dovecot"])
    parser.add_argument("--magpie-fill", choices=["append", "smtp"], default="append",
                        help="how magpie-server's mailbox is filled: APPEND, or SMTP from 8 "
                             "parallel sessions")
    parser.add_argument("--dovecot-fill", choices=["maildir", "append"], default="maildir",
                        help="how Dovecot's mailbox is filled (magpie-server's always by APPEND)")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.interop_dir, "dovecot.sh")) and \
            os.path.exists("/work/shared/interop/dovecot.sh"):
        args.interop_dir = "/work/shared/interop"

    rng = random.Random(args.seed)
    started = time.monotonic()
    messages = [generate(rng, n) for n in range(args.messages)]
    total = sum(len(m) for m in messages)
    print(f"mailbox: {len(messages)} messages, {total / 1e6:.1f} MB (seed {args.seed}), "
          f"generated in {time.monotonic() - started:.1f} s", flush=True)

    figures, answers = {}, {}
    if args.only != "dovecot":
        if not args.server:
            raise SystemExit("give --server PATH/TO/magpie-server (or MAGPIE_SERVER_BIN)")
        first_dir = tempfile.mkdtemp(prefix="magpie-bench-server-")
        server = MagpieServer(os.path.abspath(args.server), {USER: PASSWORD},
                              ["--allow-plaintext-auth"], data_dir=first_dir)
        try:
            server.start()
            if args.magpie_fill == "append":
                seconds = fill(server.ports["imap"], messages)
            else:
                seconds = fill_by_smtp(server.ports["smtp"], messages)
            print(f"magpie-server: {args.magpie_fill} of {len(messages)} messages: {seconds:.1f} s "
                  f"({len(messages) / seconds:.0f}/s)", flush=True)
            # A restart, so that the first FETCH finds nothing the fill left in memory: a cold
            # start like Dovecot's, whose mailbox was written behind its back.
            server.stop()
            server = MagpieServer(os.path.abspath(args.server), {USER: PASSWORD},
                                  ["--allow-plaintext-auth"], data_dir=first_dir)
            server.start()
            figures["magpie-server"], answers["magpie-server"] = time_fetches(
                server.ports["imap"], len(messages))
        finally:
            server.stop()
            shutil.rmtree(first_dir, ignore_errors=True)
    if args.only != "magpie":
        dovecot = Dovecot(args.interop_dir)
        try:
            dovecot.start()
            if args.dovecot_fill == "append":
                seconds = fill(dovecot.port, messages)
            else:
                seconds = dovecot.fill_maildir(messages)
            print(f"Dovecot: {args.dovecot_fill} of {len(messages)} messages: {seconds:.1f} s "
                  f"({len(messages) / seconds:.0f}/s)", flush=True)
            figures["Dovecot"], answers["Dovecot"] = time_fetches(dovecot.port, len(messages))
        finally:
            dovecot.stop()

    print(f"\nFETCH 1:{len(messages)} (ENVELOPE BODYSTRUCTURE), one connection:")
    for name, rounds in figures.items():
        print(f"  {name:14} first {rounds[0][0]:7.3f} s   second {rounds[1][0]:7.3f} s   "
              f"({rounds[0][1] / 1e6:.1f} MB of response)")
    if len(figures) == 2:
        magpie, dovecot = figures["magpie-server"], figures["Dovecot"]
        print(f"  ratio magpie/Dovecot: first {magpie[0][0] / dovecot[0][0]:.2f}x, "
              f"second {magpie[1][0] / dovecot[1][0]:.2f}x (target: at most 2x)")
        compare(answers["magpie-server"], answers["Dovecot"])


if __name__ == "__main__":
    main()
