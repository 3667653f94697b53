"""What every benchmark writes beside what it prints: its table(s), with when, where and how they were measured.

One file per bench (and per database engine where a bench measures either), `docs/bench/<name>.md`, rewritten by
each run; `bench/docs.py` then copies it between the markers `<!-- bench:<name> -->` … `<!-- /bench:<name> -->` of
docs/benchmarks.md, so no figure there is copied by hand.

    from report import Table, write
    write("linkage", [Table(["linker", "wall", …], rows)], database=None, notes=["…"])

Each file starts with the date (UTC), the git commit (short hash, "+dirty" when tracked files differ from it), the
machine (CPU model, cores, memory, Python, database vendor and version, load average at the start of the bench) and
the exact command line. `ADALET_BENCH_TABLES` puts the files in another directory (a trial run, the tests);
`ADALET_BENCH_RUN` (set by `bench/run.py`) names the command that ran the bench, recorded with its own.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "docs" / "bench"
#: Files the benches themselves rewrite: changes there do not make the measured code "dirty".
OUTPUTS = ("docs/bench", "docs/benchmarks.md")
LOAD_AT_START = os.getloadavg()[0]  # when the bench imported this module, before its own load
ENV_AT_START = dict(os.environ)  # what the user set (a bench may point DATABASE_URL at its own database later)


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    title: str = ""  # a line above the table (bold), when a bench writes more than one
    notes: list[str] = field(default_factory=list)  # lines under the table


def tables_dir() -> Path:
    return Path(os.environ.get("ADALET_BENCH_TABLES") or TABLES)


def commit() -> str:
    """Short hash of HEAD, "+dirty" when tracked files (other than the benches' own outputs) differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", *(f":(exclude){p}" for p in OUTPUTS))
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + ("+dirty" if changed else "")


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return re.sub(r"\s+", " ", found.group(1)).strip() if found else platform.machine()


def _memory_gib() -> str:
    try:
        kib = int(re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M).group(1))  # type: ignore[union-attr]
    except (OSError, AttributeError):
        return "unknown memory"
    return f"{kib / 2**20:.1f} GiB"


def _os_name() -> str:
    try:
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
    except OSError:
        found = None
    return found.group(1) if found else platform.platform()


def database_vendor(url: str | None) -> str:
    """"SQLite 3.40.1", "PostgreSQL 15.8" (asked of the server), or "none" when the bench uses no database."""
    if url is None:
        return "none"
    if not url or url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    if url.startswith("postgres"):
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=5) as conn:
                version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            return f"PostgreSQL {version.split()[0]}"
        except Exception:  # noqa: BLE001 - the vendor is still known
            return "PostgreSQL"
    return url.split(":", 1)[0]


def machine(database: str | None = None) -> dict[str, str]:
    """The facts a reader needs to weigh the figures. *database*: the URL the bench measured ("" for Adalet's
    default SQLite), or None for a bench that uses no database."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "cpu": _cpu_model(),
        "cores": f"{cores}" + (f" ({usable} usable)" if usable != cores else ""),
        "memory": _memory_gib(),
        "os": _os_name(),
        "python": platform.python_version(),
        "database": database_vendor(database),
        "load": f"{LOAD_AT_START:.1f}",
    }


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


def relative(word: str) -> str:
    """*word* with the repository's absolute path taken off (a path as typed from its root)."""
    return word.replace(f"{ROOT}/", "") if word != str(ROOT) else "."


def command_line(environment: Sequence[str] = ("DATABASE_URL",)) -> str:
    """The command that ran this bench, from the repository's root, with the variables of *environment* it reads
    (passwords hidden) when the user set them."""
    words = [relative(word) for word in (sys.executable, *sys.argv)]
    env = [f"{name}={_redact(ENV_AT_START[name])}" for name in environment if ENV_AT_START.get(name)]
    return shlex.join([*env, *words])


def _cell(value: object) -> str:
    if isinstance(value, float):
        value = f"{value:,.2f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown(table: Table) -> str:
    lines = [f"**{table.title}**", ""] if table.title else []
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    if table.notes:
        lines += ["", *table.notes]
    return "\n".join(lines)


def header(bench: str, database: str | None, inputs: str = "", environment: Sequence[str] = ("DATABASE_URL",),
           now: datetime.datetime | None = None) -> str:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    m = machine(database)
    run_by = os.environ.get("ADALET_BENCH_RUN", "")
    comment = f"<!-- written by bench/{bench.split('.')[0]}.py (bench/report.py); `make bench` rewrites this file -->"
    lines = [
        f"Measured {now:%Y-%m-%d %H:%M} UTC at commit `{commit()}`.",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}, Python {m['python']}; "
        f"database: {m['database']}; load average {m['load']} at the start.",
        f"Command: `{command_line(environment)}`" + (f" (run by `{run_by}`)." if run_by else "."),
    ]
    if os.environ.get("ADALET_BENCH_QUICK"):
        lines.append("**A trial with the smallest options (`bench/run.py --quick`): these figures are not the benchmark's.**")
    if inputs:
        lines.append(f"Input: {inputs}")
    return comment + "\n" + "  \n".join(lines)


def write(bench: str, tables: Sequence[Table], *, database: str | None, inputs: str = "", notes: Sequence[str] = (),
          environment: Sequence[str] = ("DATABASE_URL",)) -> Path:
    """Write docs/bench/<bench>.md (*bench* may carry a variant: "ingest.sqlite") and say where.

    *database*: the URL measured ("" for Adalet's default SQLite, None when no database); *environment*: the
    variables the bench reads, shown in its command line."""
    parts = [header(bench, database, inputs, environment), *(markdown(t) for t in tables)]
    if notes:
        parts.append("\n".join(notes))
    path = tables_dir() / f"{bench}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    print(f"table written to {os.path.relpath(path)}", flush=True)
    return path
