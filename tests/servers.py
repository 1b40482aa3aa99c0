"""Real servers for the tests: a private Dovecot IMAP instance and a cutting TCP proxy.

Dovecot runs as a child process on 127.0.0.1 with random ports, a passwd-file and Maildirs in a
temporary directory (see shared/RECIPES.md for why it lives directly under /tmp, mode 0755).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

_CONF = """\
instance_name = mailtriage-test-{tag}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
mail_location = maildir:{root}/mail/%u
mail_fsync = never
protocol imap {{
  mail_max_userip_connections = 200
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/users
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Archive {{
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
"""


_USERS = 2000
_PASSWORD = "secret-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def triage_served(home: Path, config: Path, start_guard_s: float = 60.0) -> Iterator[str]:
    """`triage serve` on a free port as a user starts it (no scheduler), from `home` with its
    data under home/var and its output in home/serve.log; its base URL. `start_guard_s` is a
    hang guard, not a timing assertion."""
    port = free_port()
    command = ["serve", "--no-scheduler", "--port", str(port), "--config", str(config)]
    with (home / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "triage", *command],
            env={"PATH": "/usr/bin:/bin", "TRIAGE_DATA_DIR": str(home / "var")},
            cwd=home,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(server, port, start_guard_s)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_for_port(server: subprocess.Popen[bytes], port: int, guard_s: float) -> None:
    deadline = time.monotonic() + guard_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"triage serve exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"triage serve did not listen on port {port}")


def _wait_for_greeting(port: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Dovecot did not greet on port {port}")


class TokenIntrospection:
    """The OAuth2 authorisation server's introspection endpoint that Dovecot asks about tokens."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        tokens = self.tokens

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                user = tokens.get(form.get("token", [""])[0])
                body = json.dumps({"active": True, "username": user} if user else {"active": False})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def issue(self, user: str) -> str:
        token = secrets.token_urlsafe(24)
        self.tokens[token] = user
        return token


@dataclass
class Dovecot:
    root: Path
    port: int
    ssl_port: int
    process: subprocess.Popen[bytes]
    oauth: TokenIntrospection
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _count: int = 0

    @property
    def cert(self) -> Path:
        return self.root / "cert.pem"

    def add_user(self, prefix: str = "box") -> tuple[str, str]:
        """A fresh user with an empty mailbox (made at start: Dovecot may not notice a passwd
        file that changed twice within one second)."""
        with self._lock:
            self._count += 1
            if self._count > _USERS:
                raise RuntimeError(f"the test Dovecot has only {_USERS} accounts")
        return f"user{self._count}", _PASSWORD

    def maildir(self, user: str) -> Path:
        return self.root / "mail" / user

    def restart(self) -> None:
        """Stop the server as an operator would (SIGTERM, open sessions cut) and start it again
        on the same ports with the same mail, as after a package upgrade."""
        # The master's SIGTERM leaves its imap processes serving their sessions here; a real
        # restart ends them, so they go first.
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(child), signal.SIGTERM)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        conf = self.root / "dovecot.conf"
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_greeting(self.port)

    def stop(self) -> None:
        self.oauth.server.shutdown()
        self.oauth.server.server_close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot() -> Dovecot:
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        raise RuntimeError("dovecot is not installed: run scripts/setup-tests.sh (dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="mt-dovecot-", dir="/tmp"))
    root.chmod(0o755)
    (root / "mail").mkdir()
    (root / "users").write_text(
        "".join(f"user{i}:{{PLAIN}}{_PASSWORD}\n" for i in range(1, _USERS + 1))
    )
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    if os.geteuid() == 0:
        shutil.chown(root / "mail", "nobody", "nogroup")
    port, ssl_port = free_port(), free_port()
    oauth = TokenIntrospection()
    (root / "oauth2.conf.ext").write_text(
        "introspection_mode = post\n"
        f"introspection_url = http://127.0.0.1:{oauth.port}/introspect\n"
        "username_attribute = username\nactive_attribute = active\nactive_value = true\n"
    )
    conf = root / "dovecot.conf"
    conf.write_text(_CONF.format(root=root, port=port, ssl_port=ssl_port, tag=root.name))
    process = subprocess.Popen(
        [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for_greeting(port)
    except RuntimeError:
        process.kill()
        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
        raise RuntimeError(f"Dovecot did not start:\n{log}") from None
    return Dovecot(root, port, ssl_port, process, oauth)


class CuttingProxy:
    """A TCP proxy to `port` that drops every connection after `cut_after` bytes from the server,
    the first `cuts` times; later connections pass through untouched."""

    def __init__(self, port: int, cut_after: int, cuts: int = 1) -> None:
        self.target = port
        self.cut_after = cut_after
        self.cuts_left = cuts
        self.cuts_done = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            cut = self.cuts_left > 0
            self.cuts_left -= 1 if cut else 0
            threading.Thread(target=self._pipe, args=(client, cut), daemon=True).start()

    def _pipe(self, client: socket.socket, cut: bool) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target))
        threading.Thread(target=_copy, args=(client, upstream, None), daemon=True).start()
        limit = self.cut_after if cut else None
        if _copy(upstream, client, limit):
            self.cuts_done += 1

    def close(self) -> None:
        self._stop.set()
        self.listener.close()


def _copy(src: socket.socket, dst: socket.socket, limit: int | None) -> bool:
    """Copy until EOF, or until `limit` bytes, then cut both sides; True when it cut."""
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if limit is not None and sent + len(data) > limit:
                dst.sendall(data[: limit - sent])
                return True
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
    return False
