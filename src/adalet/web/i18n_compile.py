"""Compiles the site's gettext catalogs (each app's locale/*/LC_MESSAGES/django.po: web's, campaigns'...) to .mo
files without GNU gettext.

`python -m adalet.web.i18n_compile` compiles every catalog of every app; the web app also does it on start-up for
a catalog whose .mo is missing or older than its .po, so a fresh checkout is translated even before `make install`.
Handles msgctxt, plurals, multi-line strings and skips fuzzy entries, as msgfmt does.
"""

from __future__ import annotations

import ast
import os
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
PACKAGE = LOCALE.parents[1]  # src/adalet: each app's locale directory is found by Django, and compiled here


def parse_po(text: str) -> dict[str, str]:
    """{key: translation} of a .po file, keys and values as they go into a .mo (context and plurals joined)."""
    catalog: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    field = ""
    fuzzy = False

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            key = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                key += "\0" + "".join(entry["msgid_plural"])
            if "msgctxt" in entry:
                key = "".join(entry["msgctxt"]) + "\x04" + key
            forms = sorted(k for k in entry if k.startswith("msgstr"))
            value = "\0".join("".join(entry[k]) for k in forms)
            if value.strip("\0") or not key:
                catalog[key] = value
        entry, fuzzy = {}, False

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
        elif not line or (line.startswith("#") and "msgid" in entry):
            flush()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field].append(ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgid" in entry and any(k.startswith("msgstr") for k in entry):
                flush()
            field = keyword
            entry[field] = [ast.literal_eval(rest.strip())]
    return catalog


def mo_bytes(catalog: dict[str, str]) -> bytes:
    """The GNU .mo encoding of a catalog (no hash table, which readers do not need)."""
    keys = sorted(catalog)
    ids = [k.encode() for k in keys]
    strs = [catalog[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, blob = [], b""
    for data in ids + strs:
        offsets.append((len(data), start + len(blob)))
        blob += data + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, start)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    return header + table + blob


def locale_dirs() -> list[Path]:
    """The locale directories of all the apps."""
    return sorted(path for path in PACKAGE.glob("*/locale") if path.is_dir())


def compile_all(root: Path | None = None, *, only_stale: bool = False) -> list[Path]:
    """Write each catalog's .mo next to its .po (under ``root``, or every app's); returns those written."""
    written = []
    for po in sorted(po for folder in ([root] if root else locale_dirs()) for po in folder.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        partial.write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        os.replace(partial, mo)  # several processes may start at once: each reader sees a whole file
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path}", file=sys.stderr)
