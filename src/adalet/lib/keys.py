"""The site's secret and the keys derived from it, one per purpose.

The secret signs sessions, CSRF tokens and the signers' links. It is never a constant of the code: it comes from
ADALET_SECRET_KEY, else from the file ADALET_SECRET_KEY_FILE names, else from ``$ADALET_HOME/secret_key``, which the
first process to need it writes with random bytes (mode 0600; processes starting together agree on one: the file is
written aside and linked into place, and the loser of the race reads the winner's). Several machines serving one
installation must share one secret: set ADALET_SECRET_KEY (or a shared ADALET_SECRET_KEY_FILE) on each
(`adalet check --deploy` says so when the key is a local file and the database or Redis is shared).

Keyed hashes never use the secret itself but a key derived for their purpose (`key_for`), which an environment
variable of its own replaces, so each can be rotated alone: changing ADALET_CLIENT_KEY forgets which hashed client
made which request (rate limits start afresh; custody records keep their hashes) without signing anyone out.

This module is read by settings.py before Django is set up: what it needs of Django it imports inside functions.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "secret_key"
SECRET_BYTES = 48  # 64 characters of URL-safe base64

# Secrets that are public knowledge: this project's old development fallback, and the start of the keys Django's
# startproject writes into settings files that then get published.
PUBLISHED = ("adalet-development-key-change-me-in-production",)
PUBLISHED_PREFIXES = ("django-insecure-",)
MIN_LENGTH = 50
MIN_DISTINCT = 5

# purpose -> (the environment variable or setting that replaces the derived key, the label it is derived under).
# The labels of the index and the audit keys are those earlier versions used, so existing hashes still match.
PURPOSES: dict[str, tuple[str, bytes]] = {
    "client": ("ADALET_CLIENT_KEY", b"adalet/client-address"),
    "personal-number-index": ("ADALET_INDEX_KEY", b"adalet/personal-number-index"),
    "relative-search-audit": ("ADALET_AUDIT_QUERY_KEY", b"adalet/relative-search-query"),
}


@dataclass(frozen=True)
class SiteSecret:
    value: str
    source: str  # "environment", "file <path>" or "generated <path>"


class SecretError(RuntimeError):
    """The secret cannot be read or made (a clear one-line reason)."""


def _home() -> Path:
    return Path(os.environ.get("ADALET_HOME", "var")).resolve()


def site_secret() -> SiteSecret:
    """The secret: ADALET_SECRET_KEY, else the key file (ADALET_SECRET_KEY_FILE or $ADALET_HOME/secret_key), made on
    first use."""
    given = os.environ.get("ADALET_SECRET_KEY", "")
    if given:
        return SiteSecret(given, "environment")
    named = os.environ.get("ADALET_SECRET_KEY_FILE", "")
    if named:
        path = Path(named)
        if not path.is_file():
            raise SecretError(f"ADALET_SECRET_KEY_FILE names {path}, which is not a file")
        return SiteSecret(_read(path), f"file {path}")
    path = _home() / FILE_NAME
    if path.exists():
        return SiteSecret(_read(path), f"file {path}")
    return SiteSecret(_generate(path), f"generated {path}")


def _read(path: Path) -> str:
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise SecretError(f"the secret key file {path} is empty")
    return value


def _generate(path: Path) -> str:
    """Write a new secret at ``path`` unless another process got there first; return the one in place."""
    write_once(path, secrets.token_urlsafe(SECRET_BYTES) + "\n")
    return _read(path)


def write_once(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` (mode 0600) unless the file exists; of processes racing, the first link wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)  # fails if another process linked its own first: then theirs stands
        except FileExistsError:
            pass
    finally:
        aside.unlink(missing_ok=True)


def weakness(value: str) -> str:
    """Why ``value`` is not a secret ('' when it may serve as one)."""
    if value in PUBLISHED or value.startswith(PUBLISHED_PREFIXES):
        return "it is published (in this project's history or Django's templates)"
    if len(value) < MIN_LENGTH or len(set(value)) < MIN_DISTINCT:
        return f"it is too short or too simple (at least {MIN_LENGTH} characters, {MIN_DISTINCT} distinct)"
    return ""


def exposed_file(source: str) -> str:
    """Why the key file of ``source`` is readable by others ('' when it is not, or the key is not in a file)."""
    if source.startswith(("file ", "generated ")):
        path = Path(source.split(" ", 1)[1])
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0
        if mode & 0o077:
            return f"{path} is readable by other users (mode {mode:o}; chmod 600 it)"
    return ""


def _configured(name: str) -> str:
    from django.conf import settings

    return str(getattr(settings, name, "") or os.environ.get(name, ""))


def key_for(purpose: str) -> bytes:
    """The key of one purpose's keyed hashes: its own variable when set, else derived from the site's secret."""
    variable, label = PURPOSES[purpose]
    own = _configured(variable)
    if own:
        return own.encode("utf-8")
    from django.conf import settings

    return hmac.new(str(settings.SECRET_KEY).encode("utf-8"), label, hashlib.sha256).digest()


def key_source(purpose: str) -> str:
    """Where ``key_for(purpose)`` comes from: its variable's name, or SECRET_KEY."""
    variable, _label = PURPOSES[purpose]
    return variable if _configured(variable) else "SECRET_KEY"


def keyed_hash(purpose: str, value: str, length: int = 32) -> str:
    """HMAC-SHA256 of ``value`` under the purpose's key, as hex (``length`` characters)."""
    return hmac.new(key_for(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()[:length]
