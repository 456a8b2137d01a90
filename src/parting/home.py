"""The data folder (PARTING_HOME) and what lives in it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs


def data_home(environ: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """The data folder: `PARTING_HOME`, else the platform's user data folder."""
    env = os.environ if environ is None else environ
    raw = env.get("PARTING_HOME") or platformdirs.user_data_dir("parting", appauthor=False)
    home = Path(raw).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def secret_key(home: Path) -> str:
    """The Django secret key, generated once into the data folder (mode 0600)."""
    path = home / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


# The address the last `parting serve` listened on: commands build their links from it.
SERVED_AT = "served-at"


def remember_served(home: Path, url: str) -> None:
    """Note where `parting serve` is listening, for the links commands print."""
    (home / SERVED_AT).write_text(url + "\n", encoding="utf-8")


def last_served(home: Path) -> str:
    """The address the last `parting serve` listened on, or "" if it never ran here."""
    try:
        return (home / SERVED_AT).read_text(encoding="utf-8").strip().rstrip("/")
    except (OSError, UnicodeDecodeError):
        return ""
