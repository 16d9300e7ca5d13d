# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts and stops a real magpie-server for the tests that talk to it with real clients.

The server is driven only through its command-line contract: `--data DIR` (or `--memory`),
`--user address:password`, `--port-base N` (SMTP N+525, submissions N+465, POP3 N+110,
POP3S N+995, IMAP N+143, IMAPS N+993); on start it prints one "name 127.0.0.1:port" line per
listening port and then "ready" on standard output, logs to standard error, and stops cleanly
on SIGTERM. The self-signed certificate it makes for localhost/127.0.0.1 is kept in
DIR/tls/cert.pem.

Tests run in parallel under CTest, so each server gets a random port base and the start is
retried when a port turns out to be taken.
"""

import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

# Offsets from the port base, as magpie-server's ServerPorts::fromBase defines them.
PORT_OFFSETS = {
    "smtp": 525,
    "submissions": 465,
    "pop3": 110,
    "pop3s": 995,
    "imap": 143,
    "imaps": 993,
}

HOST = "127.0.0.1"


def server_binary(argv=None):
    """The magpie-server to test: the first command-line argument, else $MAGPIE_SERVER_BIN.

    Removes the path from argv (so unittest does not take it for a test name). Raises
    SystemExit with a clear sentence when there is none: these tests never skip."""
    argv = sys.argv if argv is None else argv
    path = None
    if len(argv) > 1 and not argv[1].startswith("-"):
        path = argv.pop(1)
    path = path or os.environ.get("MAGPIE_SERVER_BIN")
    if not path:
        raise SystemExit("Give the magpie-server to test as the first argument or in "
                         "MAGPIE_SERVER_BIN.")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise SystemExit(f"{path} is not an executable magpie-server; build the "
                         "magpie-server target first.")
    return os.path.abspath(path)


def require_program(name):
    """The full path of a program the tests need; fails (never skips) when it is missing."""
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"{name} is not installed; scripts/deps.sh installs it "
                         f"(apt-get install -y {name}).")
    return path


def _port_is_free(port):
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind((HOST, port))
        return True
    except OSError:
        return False
    finally:
        probe.close()


class ServerError(Exception):
    pass


class MagpieServer:
    """One magpie-server process with its own data folder.

    users: {"alice@example.test": "secret", ...}; extra: more command-line arguments.
    data_dir: reuse a folder (for restarts); by default a fresh temporary one, removed by
    cleanup()."""

    def __init__(self, binary, users, extra=(), data_dir=None, memory=False):
        self.binary = binary
        self.users = dict(users)
        self.extra = list(extra)
        self.memory = memory
        self._own_dir = None
        if data_dir is None and not memory:
            self._own_dir = tempfile.mkdtemp(prefix="magpie-server-test-")
            data_dir = self._own_dir
        self.data_dir = data_dir
        self.process = None
        self.ports = {}
        self.port_base = None
        self.stderr_lines = []
        self._readers = []

    # -- life cycle ------------------------------------------------------------------------

    def arguments(self, base):
        args = [self.binary]
        args += ["--memory"] if self.memory else ["--data", self.data_dir]
        for address, password in self.users.items():
            args += ["--user", f"{address}:{password}"]
        args += ["--port-base", str(base)]
        return args + self.extra

    def start(self, port_base=None, timeout=30):
        """Starts the server and waits for "ready". A fixed port_base is tried once; without
        one, random bases in 20000-40000 are tried until one is free."""
        attempts = 1 if port_base is not None else 20
        last_problem = ""
        for _ in range(attempts):
            base = port_base if port_base is not None else random.randrange(20000, 40000)
            if port_base is None and not all(_port_is_free(base + o) for o in PORT_OFFSETS.values()):
                continue
            problem = self._try_start(base, timeout)
            if problem is None:
                return self
            last_problem = problem
            if not re.search(r"in use|EADDRINUSE|could not listen|cannot listen|bind",
                             problem, re.IGNORECASE):
                break
        raise ServerError(f"magpie-server did not start: {last_problem}")

    def _try_start(self, base, timeout):
        self.stderr_lines = []
        self.process = subprocess.Popen(self.arguments(base), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stderr_reader = threading.Thread(target=self._collect_stderr, args=(self.process,),
                                         daemon=True)
        stderr_reader.start()
        self._readers = [stderr_reader]
        ports = {}
        deadline = time.monotonic() + timeout
        ready = False
        lines = []
        # Standard output is read on a thread so that a server that never says "ready"
        # cannot hang the test past its deadline.
        stdout_lines = []
        got_line = threading.Condition()

        def read_stdout(process=self.process):
            for raw in process.stdout:
                with got_line:
                    stdout_lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                    got_line.notify_all()
            with got_line:
                stdout_lines.append(None)
                got_line.notify_all()

        stdout_reader = threading.Thread(target=read_stdout, daemon=True)
        stdout_reader.start()
        self._readers.append(stdout_reader)
        index = 0
        with got_line:
            while not ready:
                while index >= len(stdout_lines):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        self._kill()
                        return (f"no \"ready\" line within {timeout} s; standard output so far: "
                                f"{lines!r}; log: {self.log()}")
                    got_line.wait(remaining)
                line = stdout_lines[index]
                index += 1
                if line is None:
                    code = self.process.wait()
                    stderr_reader.join(5)
                    self._close_pipes()
                    return f"exited with code {code} before \"ready\"; log: {self.log()}"
                lines.append(line)
                if line.strip() == "ready":
                    ready = True
                    break
                match = re.match(r"^\s*([a-z0-9]+)\s+(\S+):(\d+)\s*$", line)
                if match:
                    ports[match.group(1)] = int(match.group(3))
        missing = [name for name in PORT_OFFSETS if name not in ports]
        if missing:
            self._kill()
            return f"no listening line for {', '.join(missing)}; standard output: {lines!r}"
        for name, offset in PORT_OFFSETS.items():
            if ports[name] != base + offset:
                self._kill()
                return (f"{name} listens on {ports[name]}, expected {base + offset} for "
                        f"--port-base {base}")
        self.ports = ports
        self.port_base = base
        return None

    def _collect_stderr(self, process):
        for raw in process.stderr:
            self.stderr_lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))

    def log(self, last=40):
        return "\n".join(self.stderr_lines[-last:])

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout=15):
        """SIGTERM, then waits; returns the exit code (the server must stop cleanly: 0)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                raise ServerError(f"magpie-server did not stop within {timeout} s of SIGTERM")
        for reader in self._readers:
            reader.join(5)
        code = self.process.returncode
        self._close_pipes()
        self.process = None
        return code

    def _kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for reader in self._readers:
            reader.join(5)
        self._close_pipes()

    def _close_pipes(self):
        if self.process is not None:
            for pipe in (self.process.stdout, self.process.stderr):
                if pipe:
                    pipe.close()

    def cleanup(self):
        self._kill()
        self.process = None
        if self._own_dir:
            shutil.rmtree(self._own_dir, ignore_errors=True)

    # -- what clients need -----------------------------------------------------------------

    cert_file = None  # set when the test gives --tls-cert

    @property
    def cert_path(self):
        return self.cert_file or os.path.join(self.data_dir, "tls", "cert.pem")

    def tls_context(self):
        """A client context that trusts only the server's own certificate and checks the host
        name, as a careful client would."""
        context = ssl.create_default_context(cafile=self.cert_path)
        assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
        return context
