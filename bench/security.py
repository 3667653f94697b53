"""Benchmark of the attacks of issue 15, each measured next to a baseline taken in the same run.

    python bench/security.py [--guessers 50] [--downloads 100] [--paging-rounds 3] [--repeats 400] [--hashes 10000]
                             [--rate-sample 200000] [--seed 15]

Everything runs in this process against Django's test Client (no server, no network), in a temporary ADALET_HOME
with SQLite, migrated, a secret made on first use as `adalet` makes it; fixtures: the slice of OFAC's list kept in
tests/fixtures/sanctions (for /api/match), and a tiny folder (one text file without personal data) ingested into a
published collection (its original is a visitor's to download). Each client comes from its own REMOTE_ADDR.

1. **/api/match**: a 1 MB body of 1,000 queries, 1,000 short queries (under the body limit), 100 queries (the
   most a request may hold), and the largest request a visitor is answered (30 queries, each of 20 names of about
   400 characters made of the list's most frequent name tokens, under 256 kB): status, wall time and the process's
   CPU time of each, against one legitimate one-name query (median of 5), each from a fresh address.
2. **Password guesses** against one username from `--guessers` addresses, each posting wrong passwords to /login/
   in turn for 8 rounds, within one cool-off time: with the old django-axes setting
   (`AXES_LOCKOUT_PARAMETERS=[["username", "ip_address"]]`, `AXES_FAILURE_LIMIT=5`, by override_settings: the
   baseline) and with the current one; then with the current one, the username spelled five ways (case, spaces,
   fullwidth letters). A guess counts when the password was checked (calls of `check_password`); then the right
   password from a fresh address. Passwords are hashed with MD5 here (the lockout does not depend on the hasher).
3. **Custody records** appended by `--downloads` anonymous HEAD requests then as many GETs of the published original
   from one address, and by GETs from as many addresses of one /24 and of as many networks (with 429s); baseline:
   the same GETs with ADALET_DOWNLOAD_LIMITS lifted (what every GET appended before the limit).
4. **Paging** attack values (past 64 bits, negative, floats, text, non-ASCII digits, 5,000 digits) on /api/search
   (offset, limit), /search and a collection's photo gallery (page), `--paging-rounds` times each, search limits
   lifted: 5xx answers (must be 0), against the same endpoints with a valid value.
5. **The second-factor middleware**: a staff account with a verified TOTP session and ADALET_REQUIRE_2FA_FOR_STAFF
   on asks for /workspace/ `--repeats` times with and without `adalet.web.secondfactor.SecondFactorMiddleware` in
   MIDDLEWARE, in blocks taking turns ABBA (median of the blocks' means); and the middleware alone around a view that
   reads `request.user.is_staff`, against that view alone.
6. **Client-address hashes**: `--hashes` client hashes made by `adalet.web.ratelimit.client_hash` for random IPv4
   addresses (what the custody log and the rate limiter keep), tried with the published old secret
   ("adalet-development-key-change-me-in-production") under both the old scheme (Django's `salted_hmac` keyed by
   SECRET_KEY) and the current one (a client key derived from SECRET_KEY), each address given its true IP (the
   attacker's best case); baseline: the same with the site's real secret. Then hashes a second of one core, and the
   2^32 IPv4 space at that rate: what brute force costs whoever holds the key.

The table goes to docs/bench/security.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OFAC = ROOT / "tests" / "fixtures" / "sanctions" / "ofac_sdn"
OLD_SECRET = "adalet-development-key-change-me-in-production"  # settings.py's fallback before issue 15
PASSWORD = "correct horse battery staple 15"
PAGING_ATTACKS = ["9223372036854775808", "99999999999999999999999999999999", "-1", "-9223372036854775809", "1.5", "1e9",
                  "ten", "0x10", "٣", "1_000", "", "9" * 5000]


def setup_django(home: Path) -> None:
    os.environ["ADALET_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary home
    for name in ("ADALET_SECRET_KEY", "ADALET_SECRET_KEY_FILE", "ADALET_CLIENT_KEY", "ADALET_TRUSTED_PROXIES",
                 "REDIS_URL", "ADALET_REQUIRE_2FA_FOR_STAFF"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "adalet.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    logging.getLogger("axes").setLevel(logging.ERROR)  # a line for every failure and lockout otherwise


class Addresses:
    """Fresh client addresses, each in a /24 of its own (so no rate limit carries from one measure to the next)."""

    def __init__(self) -> None:
        self.n = 0

    def fresh(self) -> str:
        self.n += 1
        return f"10.{self.n // 256 % 256}.{self.n % 256}.1"

    def network(self, size: int) -> list[str]:
        self.n += 1
        return [f"10.{self.n // 256 % 256}.{self.n % 256}.{i + 1}" for i in range(size)]


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    out: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    yield out
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = time.process_time() - cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


# --- 1. /api/match -------------------------------------------------------------------------------------------------


def frequent_tokens(count: int) -> list[str]:
    """The list's most frequent name tokens (what an attacker picks to make each name match many entries)."""
    tokens: Counter[str] = Counter()
    with open(OFAC / "sdn.csv", encoding="utf-8", errors="replace", newline="") as stream:
        for row in csv.reader(stream):
            if len(row) > 1:
                tokens.update(t for t in re.split(r"[\s,.\-'\"]+", row[1]) if len(t) > 1)
    return [t for t, _ in tokens.most_common(count)]


def match_body(queries: int, names: int = 1, chars: int = 0, tokens: list[str] | None = None, seed: int = 0) -> str:
    rng = random.Random(seed)

    def name(q: int, n: int) -> str:
        if not chars:
            return f"CHEN Quanguo {q}"
        words: list[str] = []
        while len(" ".join(words)) < chars - 12:
            words.append(rng.choice(tokens or ["CHEN"]))
        return " ".join(words)[:chars]

    return json.dumps({"queries": {f"q{q}": {"schema": "Person", "properties": {"name": [name(q, n) for n in range(names)]}}
                                   for q in range(queries)}})


def bench_match(client_for: Callable[[str], Any], addresses: Addresses, seed: int) -> tuple[list[list[object]], list[str]]:
    from adalet.api.match import MAX_BODY_BYTES, MAX_NAME_CHARS, MAX_NAMES, MAX_QUERIES
    from adalet.web.ratelimit import search_limits

    per_client, per_network = search_limits()

    def post(body: str) -> tuple[int, dict[str, float], dict[str, Any]]:
        client = client_for(addresses.fresh())
        with timed() as t:
            response = client.post("/api/match", body, content_type="application/json")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        return response.status_code, t, answer

    post(match_body(1))  # the first request loads the URL map, the API and the screening index
    legit = [post(match_body(1)) for _ in range(5)]
    assert all(s == 200 for s, _, _ in legit), [s for s, _, _ in legit]
    base_wall = statistics.median(t["wall"] for _, t, _ in legit)
    base_cpu = statistics.median(t["cpu"] for _, t, _ in legit)
    rows: list[list[object]] = [["one legitimate query, 1 name (baseline, median of 5)", f"{len(match_body(1)):,} B", 200,
                                 ms(base_wall), "1.0", ms(base_cpu), "1 name"]]
    tokens = frequent_tokens(60)
    chars = min(MAX_NAME_CHARS, 400)
    attacks = [
        ("1 MB body of 1,000 queries", match_body(1000, chars=1000, tokens=tokens, seed=seed), 1000),
        ("1,000 short queries (under the body limit)", match_body(1000), 1000),
        (f"{MAX_QUERIES} short queries (the most a request holds)", match_body(MAX_QUERIES), MAX_QUERIES),
        (f"{per_client} queries × 1 name (a visitor's share of a minute)", match_body(per_client), per_client),
        (f"{per_client} queries × {MAX_NAMES} names of {chars} characters (the largest a visitor is answered)",
         match_body(per_client, MAX_NAMES, chars, tokens, seed), per_client * MAX_NAMES),
    ]
    notes = []
    for label, body, names in attacks:
        status, t, answer = post(body)
        if status == 200:
            refused = sum(1 for r in answer.get("responses", {}).values() if r.get("status") != 200)
            screened = names if not refused else f"{names} ({refused} queries refused)"
        else:
            screened = "0"
        rows.append([label, f"{len(body.encode()):,} B", status, ms(t["wall"]), f"{t['wall'] / base_wall:,.1f}",
                     ms(t["cpu"]), f"{screened} names" if status == 200 else screened])
        if status == 200 and label.startswith(f"{per_client} queries × {MAX_NAMES}"):
            notes.append(
                f"The largest request a visitor is answered screens {names:,} names for {per_client} units of the search "
                f"limit ({per_client} a minute per address, {per_network} per /24): {t['cpu']:.2f} s of CPU, "
                f"{t['cpu'] / base_cpu:,.0f}× the legitimate query's; {per_network // per_client} such requests a "
                f"minute per /24, {per_network // per_client * t['cpu']:.1f} s of CPU a minute from one /24.")
    notes.insert(0, f"Body limit {MAX_BODY_BYTES // 1024} kB (413 before it is read), {MAX_QUERIES} queries (400), "
                    f"{MAX_NAMES} names of {MAX_NAME_CHARS} characters a query; each query is one unit of the search limit.")
    return rows, notes


# --- 2. Password guesses -------------------------------------------------------------------------------------------


def bench_guesses(guessers: int, rounds: int, addresses: Addresses) -> tuple[list[list[object]], list[str]]:
    from axes.models import AccessAttempt, AccessFailureLog
    from django.conf import settings
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import User
    from django.test import Client, override_settings

    checked = Counter[str]()
    original = AbstractBaseUser.check_password

    def counting(self: Any, raw_password: str) -> bool:
        checked[self.get_username()] += 1
        return original(self, raw_password)

    def attack(username: str, spellings: list[str]) -> dict[str, object]:
        User.objects.create_user(username, password=PASSWORD)
        ips = [addresses.fresh() for _ in range(guessers)]
        statuses: Counter[int] = Counter()
        checked[username] = 0
        started = time.perf_counter()
        for r in range(rounds):
            for i, ip in enumerate(ips):
                spelled = spellings[(i + r) % len(spellings)]
                code = Client(REMOTE_ADDR=ip).post("/login/", {"username": spelled, "password": f"guess-{r}-{i}"}).status_code
                statuses[code] += 1
        seconds = time.perf_counter() - started
        guesses = checked[username]
        right = Client(REMOTE_ADDR=addresses.fresh()).post("/login/", {"username": username, "password": PASSWORD}).status_code
        return {"checked": guesses, "posts": sum(statuses.values()), "statuses": statuses, "right": right, "seconds": seconds}

    old = {"AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]], "AXES_FAILURE_LIMIT": 5}
    fast = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}
    AbstractBaseUser.check_password = counting  # type: ignore[method-assign]
    try:
        with override_settings(**fast, **old):
            baseline = attack("target-old", ["target-old"])
        AccessAttempt.objects.all().delete()
        AccessFailureLog.objects.all().delete()
        with override_settings(**fast):
            current = attack("target-new", ["target-new"])
            spellings = ["target-sp", "TARGET-SP", " target-sp ", "ｔａｒｇｅｔ-ｓｐ", "Target-sp"]
            spelled = attack("target-sp", spellings)
    finally:
        AbstractBaseUser.check_password = original  # type: ignore[method-assign]

    def row(label: str, result: dict[str, object]) -> list[object]:
        statuses: Counter[int] = result["statuses"]  # type: ignore[assignment]
        answers = ", ".join(f"{n:,}× {code}" for code, n in sorted(statuses.items()))
        right = {302: "302 (signed in)", 429: "429 (locked out)", 200: "200 (refused)"}.get(result["right"], result["right"])  # type: ignore[call-overload]
        return [label, f"{guessers} × {rounds} = {result['posts']:,}", answers, result["checked"], right]

    per_address, per_account = settings.ADALET_LOCKOUT_PER_ADDRESS, settings.ADALET_LOCKOUT_PER_ACCOUNT
    rows = [
        row("old: per (username, address), limit 5 (baseline)", baseline),
        row(f"current: {per_address} per address, {per_account} per username", current),
        row("current, the username spelled 5 ways (case, spaces, fullwidth)", spelled),
    ]
    ratio = baseline["checked"] / max(1, current["checked"])  # type: ignore[operator]
    notes = [f"Passwords checked (`check_password` calls) out of the posts (a spelling that names no account, e.g. in "
             "another case, checks none); \"right password\": the owner signing in from "
             f"a fresh address right after. The old setting let {guessers} addresses check {baseline['checked']} "
             f"passwords in one cool-off time, the current one {current['checked']} ({ratio:,.1f}× fewer)."]
    return rows, notes


# --- 3. Custody records of originals -------------------------------------------------------------------------------


def bench_downloads(item_id: int, count: int, addresses: Addresses) -> tuple[list[list[object]], list[str]]:
    from django.test import Client, override_settings

    from adalet.archive.models import CustodyRecord

    url = f"/items/{item_id}/original"

    def records() -> int:
        return CustodyRecord.objects.filter(action="download-original").count()

    def run(label: str, method: str, ips: list[str]) -> list[object]:
        before = records()
        statuses: Counter[int] = Counter()
        with timed() as t:
            for ip in ips:
                statuses[getattr(Client(REMOTE_ADDR=ip), method)(url).status_code] += 1
        return [label, f"{len(ips)} {method.upper()}", statuses[200], statuses[429],
                ", ".join(f"{c}" for c in sorted(set(statuses) - {200, 429})) or "—", records() - before,
                f"{len(ips) / t['wall']:,.0f}"]

    with override_settings(ADALET_DOWNLOAD_LIMITS=(10**9, 10**9)):
        rows = [run("GET, one address, download limits lifted (baseline: before the limit)", "get", [addresses.fresh()] * count)]
    one = addresses.fresh()
    rows += [
        run("HEAD, one address", "head", [one] * count),
        run("GET, the same address, after its HEADs", "get", [one] * count),
        run("GET, one fresh address", "get", [addresses.fresh()] * count),
        run(f"GET, {count} addresses of one /24", "get", addresses.network(count)),
        run(f"GET, {count} addresses in {count} networks", "get", [addresses.fresh() for _ in range(count)]),
    ]
    return rows, []


# --- 4. Paging --------------------------------------------------------------------------------------------------------


def bench_paging(collection: str, rounds: int) -> tuple[list[list[object]], list[str]]:
    from django.test import Client, override_settings

    from adalet.api.endpoints import MAX_OFFSET

    api_values = [*PAGING_ATTACKS, str(MAX_OFFSET + 1), "0", "101"]
    endpoints = [
        ("/api/search", "offset", {"q": "通知"}, api_values, "0"),
        ("/api/search", "limit", {"q": "通知"}, api_values, "10"),
        ("/search", "page", {"q": "通知"}, PAGING_ATTACKS, "1"),
        (f"/collections/{collection}/photos/", "page", {}, PAGING_ATTACKS, "1"),
    ]
    rows = []
    client = Client(raise_request_exception=False)
    with override_settings(ADALET_SEARCH_LIMITS=(10**9, 10**9), ADALET_PAGE_CACHE_SECONDS=0):
        for path, param, query, values, valid in endpoints:
            client.get(path, {**query, param: valid})  # warm
            for label, tried in (("valid", [valid]), ("attack", values)):
                statuses: Counter[int] = Counter()
                times = []
                for _ in range(rounds):
                    for value in tried:
                        started = time.perf_counter()
                        statuses[client.get(path, {**query, param: value}).status_code] += 1
                        times.append(time.perf_counter() - started)
                fives = sum(n for code, n in statuses.items() if code >= 500)
                what = f"valid ({param}={valid}, baseline)" if label == "valid" else f"{len(values)} attack values × {rounds}"
                rows.append([f"{path} ?{param}=", what, sum(statuses.values()), fives,
                             ", ".join(f"{n}× {code}" for code, n in sorted(statuses.items())), ms(statistics.median(times))])
    notes = ["Attack values: " + ", ".join(f"`{v}`" if len(v) < 40 else f"{len(v):,} nines" for v in api_values) +
             " (the site's pages take the first twelve). Search limits lifted and the page cache off, so each request "
             "reaches the view."]
    return rows, notes


# --- 5. The second-factor middleware -------------------------------------------------------------------------------


def bench_second_factor(repeats: int) -> tuple[list[list[object]], list[str]]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.http import HttpResponse
    from django.test import Client, RequestFactory, override_settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.middleware import OTPMiddleware
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from adalet.web.secondfactor import SecondFactorMiddleware

    staff = User.objects.create_superuser("staff-2fa", "staff@bench.example", PASSWORD)
    device = TOTPDevice.objects.create(user=staff, name="bench", confirmed=True)
    name = "adalet.web.secondfactor.SecondFactorMiddleware"
    without = [m for m in settings.MIDDLEWARE if m != name]
    page = "/workspace/"

    def client_for(middleware: list[str]) -> Client:
        with override_settings(MIDDLEWARE=middleware):
            client = Client()
            client.force_login(staff)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    results: dict[str, list[float]] = {"with": [], "without": []}
    block = max(10, repeats // 40)
    with override_settings(ADALET_REQUIRE_2FA_FOR_STAFF=True):
        clients = {"with": client_for(settings.MIDDLEWARE), "without": client_for(without)}
        sizes = {}
        for which, middleware in (("with", settings.MIDDLEWARE), ("without", without)):
            with override_settings(MIDDLEWARE=middleware):
                response = clients[which].get(page)
                assert response.status_code == 200, (which, response.status_code)
                sizes[which] = len(response.content)
                for _ in range(5):
                    clients[which].get(page)
        # each client keeps the middleware chain it loaded on its first request; the two take turns, ABBA
        collections: Counter[str] = Counter()
        current = [""]

        def count_collections(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections[f"{current[0]} gen{info['generation']}"] += 1

        gc.callbacks.append(count_collections)
        try:
            for turn in range(max(1, repeats // block)):
                for which in ("with", "without") if turn % 2 else ("without", "with"):
                    client, current[0] = clients[which], which
                    started = time.process_time()  # this process's CPU: less moved by other processes than the wall
                    for _ in range(block):
                        client.get(page)
                    results[which].append((time.process_time() - started) / block)
        finally:
            gc.callbacks.remove(count_collections)
        # the middleware alone, around a view that asks whether the user is staff
        factory = RequestFactory()
        request = factory.get(page)
        request.session = clients["with"].session
        request.user = staff
        OTPMiddleware(lambda r: HttpResponse())(request)  # sets request.user.otp_device

        def view(r: Any) -> HttpResponse:
            r.user.is_staff  # noqa: B018 - what every page asks
            return HttpResponse()

        wrapped = SecondFactorMiddleware(view)
        verified_user = request.user
        loops = repeats * 50

        def run_alone(func: Callable[[Any], Any]) -> float:
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                for _ in range(loops):
                    request.user = verified_user
                    func(request)
                best = min(best, (time.perf_counter() - started) / loops)
            return best

        alone_without, alone_with = run_alone(view), run_alone(wrapped)
        still_staff = request.user.is_staff  # after the middleware: the verified staff is still staff
    with_page, without_page = statistics.median(results["with"]), statistics.median(results["without"])
    rows = [
        [f"GET {page}, staff with a verified TOTP session: CPU a request ({len(results['with']) * block:,} requests each)",
         f"{without_page * 1e6:,.0f} µs", f"{with_page * 1e6:,.0f} µs", f"{(with_page - without_page) * 1e6:+,.0f} µs",
         f"{with_page / without_page:.3f}"],
        [f"the middleware alone around a view reading request.user.is_staff (best of 5 × {loops:,})",
         f"{alone_without * 1e6:,.2f} µs", f"{alone_with * 1e6:,.2f} µs", f"{(alone_with - alone_without) * 1e6:+,.2f} µs",
         f"{alone_with / alone_without:.3f}"],
    ]
    notes = [f"ADALET_REQUIRE_2FA_FOR_STAFF on; the page is the same with and without the middleware ({sizes['with']:,} "
             f"and {sizes['without']:,} bytes; a verified staff account is still staff through it: {still_staff}). "
             f"Median of the blocks' CPU time a request, blocks of {block} requests taking turns (ABBA). Garbage "
             "collections during the blocks, with / without: " + ", ".join(
                 f"generation {g}: {collections[f'with gen{g}']} / {collections[f'without gen{g}']}" for g in range(3)) + "."]
    return rows, notes


# --- 6. Client-address hashes ----------------------------------------------------------------------------------------


def bench_hashes(count: int, sample: int, seed: int, extra: list[str]) -> tuple[list[list[object]], list[str]]:
    from django.conf import settings
    from django.test import RequestFactory
    from django.utils.crypto import salted_hmac

    from adalet.lib import keys
    from adalet.web.ratelimit import client_hash

    rng = random.Random(f"bench/security/ips/{seed}")
    ips = [str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(count)]
    factory = RequestFactory()
    stored = {client_hash(factory.get("/", REMOTE_ADDR=ip)) for ip in ips}
    stored_all = stored | set(extra)
    extra_distinct = len(stored_all) - len(stored)

    def old_scheme(secret: str) -> Callable[[str], str]:
        return lambda ip: salted_hmac("adalet.web.client", ip, secret=secret).hexdigest()[:32]

    def new_scheme(secret: str) -> Callable[[str], str]:
        key = hmac.new(secret.encode(), keys.PURPOSES["client"][1], hashlib.sha256).digest()
        return lambda ip: hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]

    rows = []
    trials = [
        ("the site's own secret, current scheme (baseline: a key holder)", new_scheme(str(settings.SECRET_KEY))),
        ("the published old secret, old scheme (salted_hmac of SECRET_KEY)", old_scheme(OLD_SECRET)),
        ("the published old secret, current scheme (key derived from it)", new_scheme(OLD_SECRET)),
    ]
    space = 2**32
    for label, func in trials:
        found = sum(1 for ip in ips if func(ip) in stored_all)
        probe = ips * (sample // len(ips) + 1)
        probe = probe[:sample]
        started = time.perf_counter()
        for ip in probe:
            func(ip)
        rate = sample / (time.perf_counter() - started)
        hours = space / rate / 3600
        rows.append([label, f"{len(stored_all):,}", f"{found:,}", f"{rate:,.0f}", f"{hours:,.1f} h ({hours * 60 / os.cpu_count():,.0f} min on {os.cpu_count()} cores)" if os.cpu_count() else f"{hours:,.1f} h"])
    notes = [f"{count:,} hashes made by `client_hash` for random IPv4 addresses, and {extra_distinct} distinct ones "
             f"from the {len(extra)} custody records of the downloads above. Each trial hashes every address's true IP (the attacker's best case). "
             f"The site's secret: {settings.SECRET_KEY_SOURCE.split(' ', 1)[0]} ({len(str(settings.SECRET_KEY))} "
             f"characters); `keys.weakness` says {keys.weakness(str(settings.SECRET_KEY)) or 'nothing'}. The 2^32 space "
             "at one core's measured rate (CPython's hmac; optimised code or a GPU is orders of magnitude faster): what "
             "brute force costs a holder of the key, or of the secret it is derived from, which is no longer published."]
    return rows, notes


# --- main --------------------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guessers", type=int, default=50, help="addresses guessing one username's password")
    parser.add_argument("--rounds", type=int, default=8, help="guesses each address tries (within the cool-off)")
    parser.add_argument("--downloads", type=int, default=100, help="HEAD and GET requests of an original")
    parser.add_argument("--paging-rounds", type=int, default=3, help="times each paging attack value is tried")
    parser.add_argument("--repeats", type=int, default=400, help="requests of the signed-in page, with and without")
    parser.add_argument("--hashes", type=int, default=10_000, help="stored client hashes tried with the old secret")
    parser.add_argument("--rate-sample", type=int, default=200_000, help="hashes timed for the rate")
    parser.add_argument("--seed", type=int, default=15)
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="adalet-bench-security-") as tmp:
        tmp_path = Path(tmp)
        setup_django(tmp_path / "home")
        from django.core.management import call_command
        from django.test import Client

        from adalet.archive.ingest import ingest
        from adalet.archive.models import Collection, CustodyRecord, Item

        call_command("sanctions", "import", "ofac", str(OFAC), "--json", stdout=open(os.devnull, "w"))  # noqa: SIM115
        folder = tmp_path / "docs"
        folder.mkdir()
        (folder / "notice.txt").write_text("关于召开会议的通知：全体人员周一上午九时到会。\n", encoding="utf-8")
        ingest(folder, "notices", ocr=False, source="bench/security.py")
        Collection.objects.filter(name="notices").update(is_public=True)
        item = Item.objects.get(name="notice.txt")
        print(f"set up in {time.perf_counter() - started:.1f} s", flush=True)

        addresses = Addresses()
        sections: list[tuple[str, list[str], list[list[object]], list[str]]] = []

        def section(title: str, columns: list[str], measure: Callable[[], tuple[list[list[object]], list[str]]]) -> None:
            at = time.perf_counter()
            rows, notes = measure()
            sections.append((title, columns, rows, notes))
            print(f"\n{title} ({time.perf_counter() - at:.1f} s)")
            print(" | ".join(columns))
            for row in rows:
                print(" | ".join(str(c) for c in row))
            for note in notes:
                print(note)
            sys.stdout.flush()

        section("/api/match: bodies an attacker sends, against one legitimate query",
                ["request (anonymous, fresh address)", "body", "status", "time to the answer", "× legitimate", "CPU", "screened"],
                lambda: bench_match(lambda ip: Client(REMOTE_ADDR=ip), addresses, args.seed))
        section(f"Password guesses against one username from {args.guessers} addresses, within one cool-off time",
                ["lockout setting", "posts (addresses × rounds)", "answers", "passwords checked", "right password, fresh address"],
                lambda: bench_guesses(args.guessers, args.rounds, addresses))
        section("Custody records appended by anonymous requests of a published original",
                ["requests", "sent", "answered 200", "answered 429", "other", "custody records appended", "requests/s"],
                lambda: bench_downloads(item.pk, args.downloads, addresses))
        section("Paging attack values",
                ["endpoint", "values", "requests", "5xx", "answers", "median time"],
                lambda: bench_paging("notices", args.paging_rounds))
        section("The second-factor middleware's cost",
                ["measure", "without the middleware", "with it", "difference", "with / without"],
                lambda: bench_second_factor(args.repeats))
        custody = [json.loads(body).get("detail", {}).get("client", "")
                   for body in CustodyRecord.objects.filter(action="download-original").values_list("body", flat=True)]
        section("Client-address hashes and the published old secret",
                ["key tried", "stored hashes", "reproduced", "hashes/s (one core)", "2^32 IPv4 addresses at that rate"],
                lambda: bench_hashes(args.hashes, args.rate_sample, args.seed, [c for c in custody if c]))

    total = time.perf_counter() - started
    print(f"\ntotal {total:.0f} s")
    write("security", [Table(columns, rows, title=title, notes=notes) for title, columns, rows, notes in sections],
          database="", inputs=(
              f"the OFAC slice of tests/fixtures/sanctions; one published text file; {args.guessers} guessing addresses × "
              f"{args.rounds} rounds; {args.downloads} downloads; paging values × {args.paging_rounds}; {args.repeats} "
              f"page requests with and without the middleware; {args.hashes:,} client hashes, {args.rate_sample:,} timed. "
              f"Django's test Client in one process (no server); seed {args.seed}."),
          environment=())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
