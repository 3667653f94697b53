"""adalet sanctions fetch: the configured lists downloaded from a local HTTP server (127.0.0.1, an ephemeral port)
that serves the fixture files, as the publishers' servers would: ETags and 304s, errors, truncated, oversized and
garbage bodies, slow answers, redirects.

The UK, EU and Canada files are the ones tests/sanctions/test_other_lists.py writes in each list's published layout;
OFAC's is the GLOMAG part of the slice in tests/fixtures/sanctions (test_cli.glomag_subset), served as three files.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adalet.archive.blobstore import BlobStore
from adalet.sanctions.models import ChangeRecord, ImportRun, ListSource, SanctionedEntity
from tests.conftest import Adalet
from tests.sanctions.test_cli import glomag_subset
from tests.sanctions.test_other_lists import canada_xml, facts, fsf_xml, uk_xml

# ------------------------------------------------------------------ the publishers' server


@dataclass
class Site:
    """What the local server serves: path → body, and how (``modes``); every request it got."""

    files: dict[str, bytes] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)  # path → 500 | truncate | no-length | slow | redirect-http
    etags: bool = True  # answer If-None-Match with 304 when it matches
    delay: float = 0.0  # seconds before a "slow" body
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:16]}"'


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append((self.path, dict(self.headers)))
            mode = site.modes.get(self.path, "")
            if mode == "500":
                self.send_error(500, "Internal Server Error")
                return
            if mode == "redirect-http":
                self.send_response(302)
                self.send_header("Location", "http://example.org/list.xml")
                self.end_headers()
                return
            body = site.files.get(self.path)
            if body is None:
                self.send_error(404, "Not Found")
                return
            if site.etags and self.headers.get("If-None-Match") == etag(body):
                self.send_response(304)
                self.send_header("ETag", etag(body))
                self.end_headers()
                return
            if mode == "slow":
                time.sleep(site.delay)
            self.send_response(200)
            if mode != "no-length":
                self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag(body))
            self.send_header("Last-Modified", "Mon, 22 Mar 2021 10:00:00 GMT")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if mode == "truncate" else body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(served))
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


# ------------------------------------------------------------------ configured sources


def write_config(path: Path, site: Site, *names: str, extra: str = "") -> Path:
    """A sources file naming these of the site's sources (uk, eu, canada, ofac)."""
    blocks = {
        "uk": f'[source.uk]\nformat = "uk"\nurl = "{site.url("/uk/UK-Sanctions-List.xml")}"\n',
        "eu": f'[source.eu]\nformat = "eu"\nurl = "{site.url("/eu/content?token=x")}"\nfile = "eu_fsf.xml"\n',
        "canada": f'[source.canada]\nformat = "canada"\nurl = "{site.url("/ca/sema-lmes.xml")}"\n',
        "ofac": '[source.ofac]\nformat = "ofac"\nfiles = { '
                + ", ".join(f'"{n}" = "{site.url("/ofac/" + n.upper())}"' for n in ("sdn.csv", "add.csv", "alt.csv"))
                + " }\n",
    }
    path.write_text(extra + "\n".join(blocks[n] for n in names), encoding="utf-8")
    return path


def serve_lists(site: Site, tmp_path: Path) -> None:
    rows = facts()
    site.files["/uk/UK-Sanctions-List.xml"] = uk_xml(rows).encode()
    site.files["/eu/content?token=x"] = fsf_xml(rows).encode()
    site.files["/ca/sema-lmes.xml"] = canada_xml(rows).encode()
    ofac = glomag_subset(Path(__file__).resolve().parents[1] / "fixtures" / "sanctions" / "ofac_sdn",
                         tmp_path / "glomag")
    for name in ("sdn.csv", "add.csv", "alt.csv"):
        site.files[f"/ofac/{name.upper()}"] = (ofac / name).read_bytes()


def run_fetch(config: Path, *args: str) -> dict[str, dict[str, object]]:
    out = io.StringIO()
    call_command("sanctions", "fetch", "--config", str(config), "--json", *args, stdout=out)
    return {s["source"]: s for s in json.loads(out.getvalue())["sources"]}


def snapshot() -> list[tuple[object, ...]]:
    """Every entity as stored (what a failed fetch must leave as it was)."""
    return list(SanctionedEntity.objects.order_by("id").values_list(
        "authority", "source_id", "content_hash", "removed_on", "last_changed"))


# ------------------------------------------------------------------ tests


@pytest.mark.django_db
def test_first_fetch_imports_then_nothing_until_the_bytes_change(no_lists: None, site: Site, tmp_path: Path) -> None:
    serve_lists(site, tmp_path)
    config = write_config(tmp_path / "sources.toml", site, "uk", "eu", "canada", "ofac")
    first = run_fetch(config)
    assert {name: (s["outcome"], s["added"]) for name, s in first.items()} == {
        "uk": ("imported", 6), "eu": ("imported", 6), "canada": ("imported", 6), "ofac": ("imported", 315)}
    uk = ListSource.objects.get(name="uk")
    body = site.files["/uk/UK-Sanctions-List.xml"]
    sha = hashlib.sha256(body).hexdigest()
    assert uk.files["UK-Sanctions-List.xml"]["sha256"] == sha and uk.files["UK-Sanctions-List.xml"]["etag"] == etag(body)
    assert uk.run is not None and uk.run.sha256 == {"UK-Sanctions-List.xml": sha}  # the run names the bytes it read
    assert uk.run.source == site.url("/uk/UK-Sanctions-List.xml")
    assert BlobStore().read_bytes(sha) == body  # … and they are kept
    assert ListSource.objects.get(name="eu").run.authority == "eu-fsf"  # type: ignore[union-attr]
    runs = ImportRun.objects.count()

    second = run_fetch(config)  # the server answers 304 to every conditional GET
    assert {s["outcome"] for s in second.values()} == {"unchanged"}
    assert site.hits("/uk/UK-Sanctions-List.xml")[-1]["If-None-Match"] == etag(body)
    assert "not modified" in str(second["ofac"]["message"]) and ImportRun.objects.count() == runs

    site.etags = False  # a server without ETags sends the same bytes again: the SHA-256 says they are the same
    third = run_fetch(config, "--source", "uk")
    assert list(third) == ["uk"] and third["uk"]["outcome"] == "unchanged"
    assert "the same bytes" in str(third["uk"]["message"]) and ImportRun.objects.count() == runs


@pytest.mark.django_db
def test_a_changed_file_is_a_new_run_with_the_change(no_lists: None, site: Site, tmp_path: Path) -> None:
    serve_lists(site, tmp_path)
    config = write_config(tmp_path / "sources.toml", site, "uk", "ofac")
    run_fetch(config)
    path = "/uk/UK-Sanctions-List.xml"
    site.files[path] = site.files[path].replace(b"Test information 4.", b"Test information 4, amended.")
    changed = run_fetch(config)["uk"]
    assert (changed["outcome"], changed["added"], changed["removed"], changed["amended"]) == ("imported", 0, 0, 1)
    change = ChangeRecord.objects.get(run_id=changed["run"])
    assert (change.entity.source_id, change.change, change.fields) == ("gb-fcdo-GHR9004", "amended", ["remarks", "properties"])
    assert ListSource.objects.get(name="uk").run_id == changed["run"]

    # OFAC's set: only sdn.csv changes (one entry gone, one added); add.csv and alt.csv come back 304 and are
    # read from the blob store, so the set is imported whole
    sdn = site.files["/ofac/SDN.CSV"].decode()
    gone = sdn.splitlines(keepends=True)[0]
    site.files["/ofac/SDN.CSV"] = (sdn.replace(gone, "") + '99999001,"DOE, Imaginary","individual","GLOMAG",-0- ,'
                                   '-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\r\n').encode()
    ofac = run_fetch(config, "--source", "ofac")["ofac"]
    assert (ofac["outcome"], ofac["added"], ofac["removed"]) == ("imported", 1, 1)
    assert {n: f["status"] for n, f in ofac["files"].items()} == {  # type: ignore[union-attr]
        "sdn.csv": "fetched", "add.csv": "not modified", "alt.csv": "not modified"}
    removed = SanctionedEntity.objects.get(source_id=f"ofac-{gone.split(',')[0]}")
    assert removed.removed_on is not None
    assert SanctionedEntity.objects.filter(authority="us-ofac", removed_on__isnull=True).count() == 315


@pytest.mark.django_db
@pytest.mark.parametrize("mode, expected", [
    ("500", "HTTP 500 Internal Server Error"),
    ("truncate", "truncated"),
    ("too-big", "bytes, over the limit of 2,097 bytes (max_mb)"),
    ("too-big-no-length", "more than the limit of 2,097 bytes"),
    ("garbage", "no <Designation> elements"),
    ("not-xml", "not well-formed XML"),
    ("slow", "no answer within 0.5 s"),
    ("redirect-http", "refused, only https:// URLs"),
])
def test_a_failed_download_is_one_line_and_changes_nothing(no_lists: None, site: Site, tmp_path: Path, mode: str,
                                                           expected: str) -> None:
    serve_lists(site, tmp_path)
    config = write_config(tmp_path / "sources.toml", site, "uk")
    run_fetch(config)
    path = "/uk/UK-Sanctions-List.xml"
    before, state = snapshot(), ListSource.objects.get(name="uk")
    runs = ImportRun.objects.count()
    site.etags = False
    site.files[path] = site.files[path].replace(b"Test information 4.", b"Test information 4, amended.")
    if mode in ("too-big", "too-big-no-length"):
        write_config(config, site, "uk", extra="max_mb = 0.002\n")  # 2 KB: the list is 5 KB
        site.modes[path] = "no-length" if mode == "too-big-no-length" else ""
    elif mode == "garbage":
        site.files[path] = b"<html><body>Service temporarily unavailable</body></html>"
    elif mode == "not-xml":
        site.files[path] = b"<Designations><Designation><UniqueID>GHR9001</UniqueID>" + b"\x00garbage" * 50
    elif mode == "slow":
        write_config(config, site, "uk", extra="timeout = 0.5\n")
        site.modes[path], site.delay = "slow", 2.0
    else:
        site.modes[path] = mode
    with pytest.raises(CommandError) as failed:
        run_fetch(config)
    message = str(failed.value)
    assert expected in message and "\n" not in message and message.startswith("uk: ")
    assert message.endswith("nothing changed") or message.endswith("nothing imported")
    assert snapshot() == before and ImportRun.objects.count() == runs
    after = ListSource.objects.get(name="uk")
    assert (after.files, after.run_id) == (state.files, state.run_id) and after.outcome == "failed"
    assert after.message == message


@pytest.mark.django_db
def test_a_shrunken_list_is_refused_unless_accepted(no_lists: None, site: Site, tmp_path: Path) -> None:
    serve_lists(site, tmp_path)
    config = write_config(tmp_path / "sources.toml", site, "uk")
    run_fetch(config)  # 6 entries and one held: 7
    path = "/uk/UK-Sanctions-List.xml"
    site.files[path] = uk_xml([]).encode()  # 1 entry and the held one: 2 of 7
    before = snapshot()
    with pytest.raises(CommandError, match=r"^uk: gb-fcdo: the new list has 2 entries, the current one 6 .*"
                                           r"--accept-shrink\)$"):
        run_fetch(config)
    assert snapshot() == before and ListSource.objects.get(name="uk").outcome == "refused"
    accepted = run_fetch(config, "--accept-shrink")["uk"]
    assert (accepted["outcome"], accepted["removed"], accepted["unchanged"]) == ("imported", 5, 1)

    site.files[path] = uk_xml(facts()[:2]).encode()  # 4 entries of 2 current: not a shrink
    assert run_fetch(config)["uk"]["added"] == 2


@pytest.mark.django_db
def test_sources_file_mistakes_are_one_line(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    for text, expected in [
        ('[source.uk]\nformat = "uk"\nurl = "http://example.org/list.xml"\n', "only https:// URLs"),
        ('[source.uk]\nformat = "pdf"\nurl = "https://example.org/list.xml"\n', "format is one of"),
        ('[source.ofac]\nformat = "ofac"\nurl = "https://example.org/SDN.XML"\n', "needs a file named sdn.csv"),
        ('[source.uk]\nformat = "uk"\n', "give either url"),
        ("[source.uk\n", "not a readable TOML file"),
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match=expected):
            run_fetch(config)
    with pytest.raises(CommandError, match="no sources file at"):
        run_fetch(tmp_path / "missing.toml")
    config.write_text('[source.uk]\nformat = "uk"\nurl = "https://example.org/list.xml"\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"no source 'eu' in .* \(it has uk\)"):
        run_fetch(config, "--source", "eu")


# ------------------------------------------------------------------ the real command, the worker's schedule


def python_in(adalet: Adalet, code: str) -> subprocess.Popen[str]:
    """Python with Django set up in the `adalet` fixture's home and database (a process of its own)."""
    script = ("import django, json, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'adalet.settings')\n"
              "django.setup()\n" + code + "\nprint(json.dumps(result, default=str))")
    return subprocess.Popen([sys.executable, "-c", script], env=adalet.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def together(adalet: Adalet, tmp_path: Path, code: str, count: int = 2) -> list[object]:
    """Run *code* in *count* processes that start it at the same moment (each waits for a go file)."""
    tmp_path.mkdir()
    go = tmp_path / "go"
    processes = [python_in(adalet, f"import pathlib, time\npathlib.Path({str(tmp_path / f'ready{n}')!r}).touch()\n"
                                   f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.01)\n" + code)
                 for n in range(count)]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready{n}").exists() for n in range(count)) and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_the_command_and_the_schedule(adalet: Adalet, site: Site, tmp_path: Path) -> None:
    serve_lists(site, tmp_path)
    config = write_config(tmp_path / "sources.toml", site, "uk")
    adalet.env["ADALET_SANCTIONS_SOURCES"] = str(config)
    fetched = json.loads(adalet.run("sanctions", "fetch", "--json").stdout)["sources"][0]
    assert (fetched["source"], fetched["outcome"], fetched["added"]) == ("uk", "imported", 6)
    site.modes["/uk/UK-Sanctions-List.xml"] = "500"
    failed = adalet.run("sanctions", "fetch", check=False)
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.strip().count("\n") == 0 and "HTTP 500 Internal Server Error" in failed.stderr
    del site.modes["/uk/UK-Sanctions-List.xml"]

    # a worker with a schedule and no sources file does not start
    adalet.env["ADALET_SANCTIONS_FETCH_HOURS"] = "6"
    broken = dict(adalet.env, ADALET_SANCTIONS_SOURCES=str(tmp_path / "missing.toml"))
    refused = subprocess.run(adalet.command + ["worker", "--burst"], env=broken, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == 1 and "no sources file at" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0

    # two workers ask at once which sources are due: one queues the fetch; the worker runs it
    site.files["/uk/UK-Sanctions-List.xml"] = site.files["/uk/UK-Sanctions-List.xml"].replace(
        b"Test information 4.", b"Test information 4, amended.")
    ticks = together(adalet, tmp_path / "ticks", "from adalet.sanctions.tasks import tick\nresult = tick(6)")
    assert sorted(ticks, key=len) == [[], ["uk"]]  # type: ignore[arg-type]
    assert adalet.query("from django_tasks_db.models import DBTaskResult\n"
                        "result = DBTaskResult.objects.filter(task_path='adalet.sanctions.tasks.fetch_sources')"
                        ".count()") == 1
    hits = len(site.hits("/uk/UK-Sanctions-List.xml"))
    adalet.run("worker", "--burst")
    assert len(site.hits("/uk/UK-Sanctions-List.xml")) == hits + 1
    state = adalet.query("from adalet.sanctions.models import ListSource\nrow = ListSource.objects.get(name='uk')\n"
                         "result = [row.outcome, row.run.amended, row.claimed_by, row.next_due > row.fetched_at]")
    assert state == ["imported", 1, "", True]
    assert together(adalet, tmp_path / "again", "from adalet.sanctions.tasks import tick\nresult = tick(6)") == [[], []]

    # two tasks fetch at once (the server slow): one claims the source, the other finds it taken
    site.files["/uk/UK-Sanctions-List.xml"] = site.files["/uk/UK-Sanctions-List.xml"].replace(
        b"Test information 3.", b"Test information 3, amended.")
    site.modes["/uk/UK-Sanctions-List.xml"], site.delay = "slow", 3.0
    hits = len(site.hits("/uk/UK-Sanctions-List.xml"))
    runs = together(adalet, tmp_path / "tasks",
                    "from adalet.sanctions.tasks import fetch_sources\nresult = fetch_sources.call(['uk'])")
    assert sorted(r["uk"] for r in runs) == ["busy", "imported"]  # type: ignore[index]
    assert len(site.hits("/uk/UK-Sanctions-List.xml")) == hits + 1
    assert adalet.query("from adalet.sanctions.models import ImportRun\nresult = ImportRun.objects.count()") == 3
