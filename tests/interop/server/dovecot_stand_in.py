#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for magpie-server built from Dovecot and aiosmtpd, for checking the test
programs themselves (never used by CTest).

It takes the same command line as magpie-server (--data DIR, --user, --catch-all,
--port-base, --allow-plaintext-auth, --max-message-size, --auth-failure-delay) and prints the
same "name 127.0.0.1:port" lines and "ready". IMAP and POP3 are a private Dovecot started by
../shared/interop/dovecot.sh (its ports happen to follow magpie's offsets: IMAP+850 = N+993,
POP3+885 = N+995); SMTP is aiosmtpd delivering into Dovecot's Maildirs. Needs root.

    MAGPIE_SERVER_BIN=tests/interop/server/dovecot_stand_in.py \
        /usr/bin/python3 tests/interop/server/test_magpie_server.py

Where a test fails against this stand-in because Dovecot or aiosmtpd behave differently from
what magpie-server promises, the test is not wrong. Known ones: Dovecot counts 127.0.0.1 as
secure, so plaintext logins are never refused (PlaintextRefusedTests, curl's
test_imap_refuses_password_without_tls); its passwd-file cannot hold a password with colons
(ImapTests.test_authenticate_plain); it has no APPEND size limit (the end of
SmtpTests.test_oversized_message); aiosmtpd does not offer PIPELINING
(SmtpTests.test_ehlo_extensions).
"""
import argparse
import os
import pwd
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

INTEROP = os.environ.get("MAGPIE_INTEROP_DIR",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                      "..", "..", "..", "..", "..", "shared", "interop"))
if not os.path.exists(os.path.join(INTEROP, "dovecot.sh")):
    INTEROP = "/work/shared/interop"

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--user", action="append", default=[])
ap.add_argument("--catch-all")
ap.add_argument("--port-base", type=int, default=2000)
ap.add_argument("--allow-plaintext-auth", action="store_true")
ap.add_argument("--max-message-size", type=int, default=32 * 1024 * 1024)
ap.add_argument("--auth-failure-delay", type=int, default=1000)
a = ap.parse_args()

data = os.path.abspath(a.data)
os.makedirs(data, exist_ok=True)
os.chmod(data, 0o755)
base = a.port_base
users = dict(u.split(":", 1) for u in a.user)
users = {k.lower(): v for k, v in users.items()}
dovecot_user = pwd.getpwnam("dovecot")

# Users: rewrite DIR/users each start.
with open(os.path.join(data, "users"), "w") as f:
    for user, password in users.items():
        f.write(f"{user}:{{PLAIN}}{password}\n")
for user in users:
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(data, "mail", user, sub), exist_ok=True)


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(1)


for port in (base + 525, base + 465):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        fail(f"port {port} already in use")
    finally:
        s.close()

# Into a file, not a pipe: the Dovecot daemon inherits the script's output and keeps it open.
with open(os.path.join(data, "dovecot-start.log"), "w+") as log:
    result = subprocess.run(["bash", os.path.join(INTEROP, "dovecot.sh"), "start", data,
                             str(base + 143), str(base + 110)], stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL)
    log.seek(0)
    if result.returncode != 0:
        fail("dovecot: " + log.read() + " (address already in use?)")
conf = os.path.join(data, "dovecot.conf")
if not a.allow_plaintext_auth:
    text = open(conf).read().replace("disable_plaintext_auth = no", "disable_plaintext_auth = yes")
    text += f"auth_failure_delay = {max(a.auth_failure_delay, 0) // 1000}s\n"
    open(conf, "w").write(text)
    subprocess.run(["doveadm", "-c", conf, "reload"], check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)

cert = os.path.join(data, "tls", "cert.pem")
key = os.path.join(data, "tls", "key.pem")
server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
server_tls.load_cert_chain(cert, key)
counter = [0]
lock = threading.Lock()


class Deliver:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() not in users and not a.catch_all:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content
        received = (f"Received: from {session.host_name} by localhost (stand-in) for test; "
                    f"{time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n").encode()
        for rcpt in envelope.rcpt_tos:
            user = rcpt.lower() if rcpt.lower() in users else a.catch_all.lower()
            with lock:
                counter[0] += 1
                name = f"{time.time():.6f}.{os.getpid()}_{counter[0]}.standin"
            tmp = os.path.join(data, "mail", user, "tmp", name)
            with open(tmp, "wb") as f:
                f.write(received + content.replace(b"\r\n", b"\n"))
                f.flush()
                os.fsync(f.fileno())
            os.chown(tmp, dovecot_user.pw_uid, dovecot_user.pw_gid)
            os.rename(tmp, os.path.join(data, "mail", user, "new", name))
        return "250 2.0.0 Ok: delivered"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword):
        ok = users.get(auth_data.login.decode().lower()) == auth_data.password.decode()
        if not ok:
            time.sleep(a.auth_failure_delay / 1000)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return AuthResult(success=False, handled=False)


common = dict(hostname="127.0.0.1", data_size_limit=a.max_message_size,
              authenticator=authenticator, auth_require_tls=not a.allow_plaintext_auth,
              ident="magpie stand-in")
smtp = Controller(Deliver(), port=base + 525, tls_context=server_tls, **common)
common["auth_require_tls"] = False  # aiosmtpd does not count implicit TLS as TLS
smtps = Controller(Deliver(), port=base + 465, ssl_context=server_tls, **common)
smtp.start()
smtps.start()
for line in (f"smtp 127.0.0.1:{base + 525}", f"submissions 127.0.0.1:{base + 465}",
             f"pop3 127.0.0.1:{base + 110}", f"pop3s 127.0.0.1:{base + 995}",
             f"imap 127.0.0.1:{base + 143}", f"imaps 127.0.0.1:{base + 993}", "ready"):
    print(line, flush=True)

stopping = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopping.set())
while not stopping.wait(0.2):
    pass
smtp.stop()
smtps.stop()
subprocess.run(["bash", os.path.join(INTEROP, "dovecot.sh"), "stop", data],
               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sys.exit(0)
