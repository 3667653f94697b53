"""Downloading the official sanctions lists from configured URLs and importing them (``adalet sanctions fetch``).

**Sources** are named in a TOML file: ``$ADALET_HOME/sanctions_sources.toml``, or the file ADALET_SANCTIONS_SOURCES
(or ``--config``) names; ``data/sanctions_sources.example.toml`` is a documented example with the official URLs.
Each ``[source.NAME]`` has a ``format`` (ofac, ftm, eu, uk, canada, as ``adalet sanctions import``), either one
``url`` (and optionally the ``file`` name to save it under) or ``files``, a table of file name → URL (OFAC's set is
``sdn.csv``, ``add.csv``, ``alt.csv`` in one directory), and optionally ``authority``, ``listed_dates`` (OFAC: a
dates file), ``timeout`` (seconds the server may stay silent, default 60) and ``max_mb`` (default 100); the last two
may also be given at the top of the file for every source.

**A fetch** of a source, fail closed:

* only ``https://`` URLs, redirects included (``http://`` only to this machine's loopback address, for tests);
  a timeout on every wait, a size cap, a Content-Length that is not met is a truncated download;
* a conditional GET (If-None-Match / If-Modified-Since, from the last imported fetch), then a SHA-256 compare: a
  file the server says is not modified, or whose bytes are those last imported, is not imported again;
* the files are parsed like ``adalet sanctions import`` (:mod:`adalet.sanctions.importers.run`); a list that parses
  to fewer than half the entries its authority has now is refused unless ``accept_shrink``;
* only then are the bytes kept in the blob store (``originals``, under their SHA-256, which the import's run
  records per file name) and the list applied, in one transaction with the source's new state (:class:`ListSource`).

Anything that goes wrong (HTTP error, timeout, truncated, too big, unparsable, shrunken) raises :class:`FetchError`
with one line, and changes nothing: the previous list stays current. Never is a failed fetch read as an empty list.

**One fetch of a source at a time**, across processes and machines: a fetch first claims the source's row (one
conditional UPDATE: free, or its claim older than :data:`LEASE`); a claim held elsewhere makes a fetch by hand fail
with one line and the schedule skip it. **The schedule** (``ADALET_SANCTIONS_FETCH_HOURS``, 0 = off): each worker
asks now and then (:func:`schedule_due`) which sources are due; one conditional UPDATE of ``next_due`` decides which
worker queues each (so several workers queue it once), and the task (:mod:`adalet.sanctions.tasks`) fetches it.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import logging
import os
import re
import shutil
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from adalet.archive.blobstore import BlobStore
from adalet.archive.claims import new_worker_id
from adalet.home import home
from adalet.sanctions.importers.records import ListImportError
from adalet.sanctions.importers.run import FORMATS, ListShrunk, apply_list, parse_list, refuse_shrink
from adalet.sanctions.models import ListSource

log = logging.getLogger("adalet.sanctions.fetch")

SOURCES_ENV = "ADALET_SANCTIONS_SOURCES"
HOURS_ENV = "ADALET_SANCTIONS_FETCH_HOURS"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_MB = 100
TOTAL_SECONDS = 1800  # a whole download may take at most this long, however steadily the bytes trickle in
MIN_SHARE = 0.5  # a list with fewer entries than this share of the current ones is refused (unless accepted)
LEASE = timedelta(hours=1)  # a claim this old was left by a process that died: it is taken over
CHUNK = 1 << 20
USER_AGENT = "Adalet-sanctions-fetch/1"
DEFAULT_SUFFIX = {"ofac": "csv", "ftm": "jsonl", "eu": "xml", "uk": "xml", "canada": "xml"}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class FetchError(Exception):
    """A fetch that changed nothing; its message is the one line to show."""


class SourceBusy(FetchError):
    """Another process is fetching this source now."""


@dataclass(frozen=True)
class SourceFile:
    name: str  # the name it is saved and parsed under (OFAC: sdn.csv, add.csv, alt.csv)
    url: str


@dataclass(frozen=True)
class Source:
    name: str
    format: str
    files: tuple[SourceFile, ...]
    authority: str | None = None
    listed_dates: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024

    @property
    def urls(self) -> str:
        return " ".join(f.url for f in self.files)


@dataclass
class Outcome:
    """What one fetch of one source did."""

    source: str
    outcome: str  # ListSource.IMPORTED or ListSource.UNCHANGED
    message: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    run: Any = None  # the ImportRun, when imported

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "outcome": self.outcome, "message": self.message,
                               "files": self.files, "run": self.run.pk if self.run else None}
        if self.run:
            out.update(authority=self.run.authority, added=self.run.added, removed=self.run.removed,
                       amended=self.run.amended, unchanged=self.run.unchanged, problems=len(self.run.problems))
        return out


# ---------------------------------------------------------------- configuration

def config_path(explicit: str | None = None) -> Path:
    """The sources file: *explicit*, else $ADALET_SANCTIONS_SOURCES, else $ADALET_HOME/sanctions_sources.toml."""
    return Path(explicit or os.environ.get(SOURCES_ENV) or home() / "sanctions_sources.toml").expanduser()


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Refuse anything but https (http only to this machine: the tests' server)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and is_loopback(host):
        return
    raise FetchError(f"{url}: refused, only https:// URLs are fetched (http:// only from this machine)")


def load_sources(path: Path) -> list[Source]:
    """The sources of *path*, checked; a mistake raises :class:`FetchError` naming the file and the source."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FetchError(f"no sources file at {path} (copy src/adalet/sanctions/data/sanctions_sources.example.toml "
                         f"there, or point --config or {SOURCES_ENV} at one)") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FetchError(f"{path}: not a readable TOML file ({error})") from None
    table = data.get("source")
    if not isinstance(table, dict) or not table:
        raise FetchError(f"{path}: no [source.NAME] tables")
    sources = []
    for name, spec in table.items():
        try:
            sources.append(_source(name, spec, data, path.parent))
        except (ValueError, TypeError) as error:
            raise FetchError(f"{path}: source {name!r}: {error}") from None
    return sources


def _source(name: str, spec: Any, defaults: dict[str, Any], base: Path) -> Source:
    if not NAME.fullmatch(name):
        raise ValueError("a name is lower-case letters, digits, - and _")
    if not isinstance(spec, dict):
        raise ValueError("not a table")
    known = {"format", "url", "file", "files", "authority", "listed_dates", "timeout", "max_mb"}
    if set(spec) - known:
        raise ValueError(f"unknown keys {', '.join(sorted(set(spec) - known))}")
    fmt = spec.get("format")
    if fmt not in FORMATS:
        raise ValueError(f"format is one of {', '.join(FORMATS)}")
    if ("url" in spec) == ("files" in spec):
        raise ValueError("give either url (one file) or files (a table of file name = URL)")
    if "url" in spec:
        url = str(spec["url"])
        files = {str(spec.get("file") or _file_name(url, name, fmt)): url}
    else:
        if not isinstance(spec["files"], dict) or not spec["files"]:
            raise ValueError("files is a table of file name = URL")
        files = {str(k): str(v) for k, v in spec["files"].items()}
    for file_name, url in files.items():
        if not FILE_NAME.fullmatch(file_name):
            raise ValueError(f"file name {file_name!r}: letters, digits, '.', '-' and '_' only")
        try:
            check_url(url)
        except FetchError as error:
            raise ValueError(str(error)) from None
    if fmt == "ofac" and "sdn.csv" not in files:
        raise ValueError("OFAC's set needs a file named sdn.csv (and add.csv, alt.csv)")
    if fmt != "ofac" and len(files) != 1:
        raise ValueError(f"format {fmt} reads one file")
    timeout = float(spec.get("timeout", defaults.get("timeout", DEFAULT_TIMEOUT)))
    max_mb = float(spec.get("max_mb", defaults.get("max_mb", DEFAULT_MAX_MB)))
    if timeout <= 0 or max_mb <= 0:
        raise ValueError("timeout and max_mb are positive numbers")
    dates = spec.get("listed_dates")
    return Source(
        name=name, format=fmt, files=tuple(SourceFile(k, v) for k, v in files.items()),
        authority=str(spec["authority"]) if spec.get("authority") else None,
        listed_dates=(base / Path(str(dates)).expanduser()) if dates else None,
        timeout=timeout, max_bytes=int(max_mb * 1024 * 1024),
    )


def _file_name(url: str, source: str, fmt: str) -> str:
    """The URL's last path segment when it looks like a file name, else ``SOURCE.xml`` (``.csv``, ``.jsonl``)."""
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if FILE_NAME.fullmatch(last) and "." in last:
        return last.lower() if fmt == "ofac" else last
    return f"{source}.{DEFAULT_SUFFIX[fmt]}"


def select(sources: list[Source], name: str | None, path: Path) -> list[Source]:
    if name is None:
        return sources
    chosen = [s for s in sources if s.name == name]
    if not chosen:
        raise FetchError(f"no source {name!r} in {path} (it has {', '.join(s.name for s in sources)})")
    return chosen


# ---------------------------------------------------------------- HTTP

@dataclass
class Download:
    name: str
    url: str
    modified: bool  # False: the server answered 304 Not Modified
    sha256: str
    size: int
    etag: str
    last_modified: str

    def state(self, fetched_at: datetime) -> dict[str, Any]:
        return {"url": self.url, "sha256": self.sha256, "size": self.size, "etag": self.etag,
                "last_modified": self.last_modified, "fetched_at": fetched_at.isoformat()}


class _HttpsRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a URL that :func:`check_url` allows (OFAC's files redirect to signed S3 URLs)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_HttpsRedirects()]
    if is_loopback(urlsplit(url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # this machine: never through a proxy
    return urllib.request.build_opener(*handlers)


def _size(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{int(n):,} bytes"


def download(file: SourceFile, dest: Path, previous: dict[str, Any] | None, timeout: float, max_bytes: int) -> Download:
    """GET *file* into *dest* (conditionally, when *previous* holds its last ETag or Last-Modified)."""
    url = file.url
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if previous and previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous and previous.get("last_modified"):
        headers["If-Modified-Since"] = previous["last_modified"]
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    request = urllib.request.Request(url, headers=headers)
    started = time.monotonic()
    try:
        response = _opener(url).open(request, timeout=timeout)
    except HTTPError as error:
        if error.code == 304 and previous and conditional:
            return Download(file.name, url, False, previous["sha256"], previous["size"],
                            error.headers.get("ETag") or previous.get("etag", ""),
                            error.headers.get("Last-Modified") or previous.get("last_modified", ""))
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} s") from None
        raise FetchError(f"{url}: cannot connect ({error.reason})") from None
    except (http.client.HTTPException, OSError) as error:
        raise FetchError(f"{url}: {type(error).__name__} ({error})") from None
    with response:
        if response.status != 200:
            raise FetchError(f"{url}: HTTP {response.status} {response.reason} (expected 200)")
        length = (response.headers.get("Content-Length") or "").strip()
        expected = int(length) if length.isdigit() else None
        if expected is not None and expected > max_bytes:
            raise FetchError(f"{url}: {_size(expected)}, over the limit of {_size(max_bytes)} (max_mb)")
        digest, size = hashlib.sha256(), 0
        with open(dest, "wb") as out:
            while True:
                try:
                    chunk = response.read(CHUNK)
                except http.client.IncompleteRead as error:
                    raise FetchError(f"{url}: truncated after {size + len(error.partial):,} bytes") from None
                except TimeoutError:
                    raise FetchError(f"{url}: the server went silent for {timeout:g} s after {size:,} bytes") from None
                except (http.client.HTTPException, OSError) as error:
                    raise FetchError(f"{url}: the download broke after {size:,} bytes ({error})") from None
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: more than the limit of {_size(max_bytes)} (max_mb)")
                if time.monotonic() - started > TOTAL_SECONDS:
                    raise FetchError(f"{url}: not complete after {TOTAL_SECONDS} s ({size:,} bytes)")
                digest.update(chunk)
                out.write(chunk)
    if expected is not None and size != expected:
        raise FetchError(f"{url}: truncated, {size:,} of {expected:,} bytes")
    if size == 0:
        raise FetchError(f"{url}: an empty file")
    return Download(file.name, url, True, digest.hexdigest(), size, response.headers.get("ETag") or "",
                    response.headers.get("Last-Modified") or "")


# ---------------------------------------------------------------- claims

def _row(name: str) -> ListSource:
    return ListSource.objects.get_or_create(name=name)[0]


def claim(name: str, worker: str) -> bool:
    """Take the source for *worker* when nobody holds it (or its holder's claim is older than :data:`LEASE`)."""
    _row(name)
    now = timezone.now()
    free = Q(claimed_by="") | Q(claimed_at__lt=now - LEASE)
    return ListSource.objects.filter(free, name=name).update(claimed_by=worker, claimed_at=now) == 1


def release(name: str, worker: str) -> None:
    ListSource.objects.filter(name=name, claimed_by=worker).update(claimed_by="", claimed_at=None)


def schedule_hours() -> float:
    """ADALET_SANCTIONS_FETCH_HOURS (0 or unset: no schedule)."""
    value = os.environ.get(HOURS_ENV, "").strip() or "0"
    try:
        hours = float(value)
    except ValueError:
        raise FetchError(f"{HOURS_ENV} is a number of hours (0 = off), not {value!r}") from None
    if hours < 0:
        raise FetchError(f"{HOURS_ENV} is a number of hours (0 = off), not {value!r}")
    return hours


def schedule_due(sources: list[Source], hours: float) -> list[str]:
    """The sources due that this process is to queue: for each, one conditional UPDATE moves ``next_due`` on by
    *hours*, so that of several workers asking at once one gets it."""
    now = timezone.now()
    taken = []
    for source in sources:
        _row(source.name)
        due = Q(next_due__isnull=True) | Q(next_due__lte=now)
        if ListSource.objects.filter(due, name=source.name).update(next_due=now + timedelta(hours=hours)) == 1:
            taken.append(source.name)
    return taken


# ---------------------------------------------------------------- fetching

def fetch_source(source: Source, accept_shrink: bool = False, worker: str | None = None) -> Outcome:
    """Fetch one source and import it when it changed; :class:`FetchError` (nothing changed) otherwise."""
    worker = worker or new_worker_id()
    if not claim(source.name, worker):
        row = ListSource.objects.get(name=source.name)
        since = f" since {row.claimed_at:%Y-%m-%d %H:%M:%S} UTC" if row.claimed_at else ""
        raise SourceBusy(f"{source.name}: being fetched by {row.claimed_by or 'another process'}{since}; not fetched "
                         f"again (a claim older than {LEASE} is taken over)")
    try:
        outcome = _fetch(source, ListSource.objects.get(name=source.name), accept_shrink)
    except FetchError as error:
        shrunk = isinstance(error.__cause__, ListShrunk)
        line = " ".join(str(error).split())  # one line, whatever the parser's message held
        line = line if "nothing" in line else f"{line}; nothing changed"
        _record_failure(source.name, ListSource.REFUSED if shrunk else ListSource.FAILED, line)
        log.warning("sanctions fetch %s", line)
        raise FetchError(line) from error.__cause__
    finally:
        release(source.name, worker)
    log.info("sanctions fetch %s", outcome.message)
    return outcome


def _record_failure(name: str, outcome: str, message: str) -> None:
    ListSource.objects.filter(name=name).update(outcome=outcome, message=message, fetched_at=timezone.now())


def _fetch(source: Source, state: ListSource, accept_shrink: bool) -> Outcome:
    store = BlobStore()
    now = timezone.now()
    with tempfile.TemporaryDirectory(prefix=f"adalet-fetch-{source.name}-") as tmp:
        folder = Path(tmp)
        downloads = []
        for file in source.files:
            previous = state.files.get(file.name)
            usable = previous if previous and previous.get("url") == file.url and store.exists(previous["sha256"]) \
                else None  # a conditional GET only when the bytes it would spare are at hand
            try:
                downloads.append(download(file, folder / file.name, usable, source.timeout, source.max_bytes))
            except FetchError as error:
                raise FetchError(f"{source.name}: {error}") from None
        files = {d.name: d.state(now) for d in downloads}
        same = set(state.files) == set(files) and all(
            state.files[d.name].get("sha256") == d.sha256 for d in downloads)
        if same:
            for d in downloads:
                if d.modified and not store.exists(d.sha256):  # kept again, should the store have lost it
                    store.put_file(folder / d.name)
            how = "not modified" if not any(d.modified for d in downloads) else "the same bytes as last time"
            current = f"; import #{state.run_id} stays current" if state.run_id else ""
            message = f"{source.name}: unchanged ({how}{current}), nothing imported"
            ListSource.objects.filter(pk=state.pk).update(
                files=files, outcome=ListSource.UNCHANGED, message=message, fetched_at=now)
            return Outcome(source.name, ListSource.UNCHANGED, message, _shown(downloads))
        for d in downloads:
            if not d.modified:  # a sibling changed: the list is parsed whole, this file from the blob store
                shutil.copyfile(store.path(d.sha256), folder / d.name)
        target = folder if source.format == "ofac" else folder / source.files[0].name
        try:
            parsed = parse_list(source.format, target, source.authority, source.listed_dates)
            if not accept_shrink:
                refuse_shrink(parsed, MIN_SHARE)
        except ListImportError as error:
            raise FetchError(f"{source.name}: {error}") from error
        except OSError as error:  # the dates file
            raise FetchError(f"{source.name}: {error}") from None
        for d in downloads:
            if d.modified and store.put_file(folder / d.name).sha256 != d.sha256:
                raise FetchError(f"{source.name}: {d.name} changed on disk while it was stored; nothing imported")
        try:
            with transaction.atomic():
                run = apply_list(parsed, source=source.urls)
                message = (f"{source.name}: {run.authority}: {run.added} added, {run.removed} removed, {run.amended} "
                           f"amended, {run.unchanged} unchanged (import #{run.pk})")
                ListSource.objects.filter(pk=state.pk).update(
                    files=files, run=run, outcome=ListSource.IMPORTED, message=message, fetched_at=now,
                    imported_at=now)
        except ListImportError as error:
            raise FetchError(f"{source.name}: {error}") from error
    return Outcome(source.name, ListSource.IMPORTED, message, _shown(downloads), run)


def _shown(downloads: list[Download]) -> dict[str, dict[str, Any]]:
    return {d.name: {"url": d.url, "status": "fetched" if d.modified else "not modified", "sha256": d.sha256,
                     "size": d.size} for d in downloads}


def fetch_scheduled(names: list[str], config: str | None = None) -> dict[str, str]:
    """The worker's task: fetch these sources (each skipped when someone else holds it); name → outcome."""
    path = config_path(config)
    sources = {s.name: s for s in load_sources(path)}
    done: dict[str, str] = {}
    for name in names:
        if name not in sources:
            done[name] = "no longer configured"
            continue
        try:
            done[name] = fetch_source(sources[name]).outcome
        except SourceBusy:
            done[name] = "busy"
        except FetchError as error:
            done[name] = str(error)
    return done
