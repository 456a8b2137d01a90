"""A real IMAP server for the tests: Debian's Dovecot, started as a process of its own on
loopback ports, with a throwaway configuration and maildir under a temporary folder.

One server per test process; each test gets a mailbox user of its own. Without Dovecot the
mail tests are skipped with a notice (and fail in CI, which installs it: .ci/run)."""

from __future__ import annotations

import datetime as dt
import grp
import imaplib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PASSWORD = "mail-secret-4711"
CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {uid}
{users}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
"""


USERS = 500


def _login(number: int) -> str:
    return f"seeker{number}@example.com"


def binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _self_signed(root: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (root / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (root / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _identity() -> tuple[int, int, str]:
    """Root runs mail as Dovecot's own unprivileged user; anyone else as themselves."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        users = (
            f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
            f"default_internal_group = {group}\n"
        )
        return me.pw_uid, os.getegid(), users
    null = pwd.getpwnam("dovenull")
    return null.pw_uid, null.pw_gid, ""


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int
    process_binary: str
    _users = itertools.count(1)

    @classmethod
    def start(cls, root: Path) -> Dovecot:
        found = binary()
        assert found, "dovecot is not installed"
        for folder in ("run", "state", "mail"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        uid, gid, users = _identity()
        os.chown(root / "mail", uid, gid)
        # Every test's mailbox user up front: Dovecot reads its passwd-file once.
        (root / "passwd").write_text(
            "".join(f"{_login(n)}:{{PLAIN}}{PASSWORD}\n" for n in range(1, USERS + 1))
        )
        _self_signed(root)
        server = cls(root, _free_port(), _free_port(), found)
        (root / "dovecot.conf").write_text(
            CONFIG.format(
                root=root,
                uid=uid,
                gid=gid,
                users=users,
                port=server.port,
                tls_port=server.tls_port,
            )
        )
        subprocess.run([found, "-c", str(root / "dovecot.conf")], check=True, timeout=30)
        server.wait()
        return server

    def wait(self) -> None:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start: {self.log()}")

    def stop(self) -> None:
        subprocess.run(
            [self.process_binary, "-c", str(self.root / "dovecot.conf"), "stop"],
            check=False,
            timeout=30,
            capture_output=True,
        )

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def new_user(self) -> Mailbox:
        """A mailbox of its own for one test."""
        return Mailbox(self, _login(next(self._users)))


@dataclass
class Mailbox:
    server: Dovecot
    login: str

    def append(
        self, raw: bytes | str, folder: str = "INBOX", at: dt.datetime | None = None
    ) -> None:
        """Deliver one message the way a mail app saves one: IMAP APPEND."""
        data = raw.encode() if isinstance(raw, str) else raw
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        when = imaplib.Time2Internaldate((at or dt.datetime.now(dt.UTC)).timestamp())
        client = imaplib.IMAP4("127.0.0.1", self.server.port, timeout=30)
        try:
            client.login(self.login, PASSWORD)
            kind, answer = client.append(folder, None, when, data)
            assert kind == "OK", answer
        finally:
            client.logout()

    def connect_args(self, *, tls: str = "none", port: int | None = None) -> list[str]:
        port = port or (self.server.tls_port if tls == "ssl" else self.server.port)
        return ["--host", "127.0.0.1", "--port", str(port), "--tls", tls, "--login", self.login]
