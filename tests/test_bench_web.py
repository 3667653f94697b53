"""bench/web.py stays honest without a load run: its reading of wrk's report, on real wrk 4.1.0 output."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_web", ROOT / "bench" / "web.py")
web = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
sys.modules["bench_web"] = web
spec.loader.exec_module(web)  # type: ignore[union-attr]

# `wrk -t 2 -c 50 -d 3s --latency --timeout 30s -s rotate.lua` with the bench's script (two paths, one a 404).
WITH_HOOK = """Running 3s test @ http://127.0.0.1:18931
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    27.17ms  129.16ms   1.67s    95.69%
    Req/Sec     1.06k   549.03     2.08k    62.00%
  Latency Distribution
     50%    3.08ms
     75%    3.73ms
     90%    4.71ms
     99%  722.82ms
  5381 requests in 3.01s, 1.81MB read
  Non-2xx or 3xx responses: 2689
Requests/sec:   1787.73
Transfer/sec:    617.05KB
adalet-wrk: requests=5381 duration_us=3009957 non2xx=2689 connect=0 read=0 write=0 status=2689 timeout=0 p50_us=3082 p95_us=98021 p99_us=722817 max_us=1666500 mean_us=27168
"""

# A plain `wrk --latency --timeout 1s` against a server slower than the timeout: every request timed out, and
# wrk leaves timed-out requests out of its latency figures (hence the bench's --timeout 30s).
PLAIN_TIMEOUTS = """Running 3s test @ http://127.0.0.1:18932/index.html
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     6.40      5.86    15.00     80.00%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  20 requests in 3.01s, 3.65KB read
  Socket errors: connect 0, read 0, write 0, timeout 20
Requests/sec:      6.65
Transfer/sec:      1.21KB
"""


def test_reads_the_report_and_the_lua_done_line() -> None:
    m = web.parse_wrk(WITH_HOOK)
    assert m.client == "wrk"
    assert m.requests == 5381 and m.seconds == 3.009957
    assert m.requests_per_s == 1787.73
    assert (m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms) == (3.082, 98.021, 722.817, 1666.5)
    assert m.non2xx == 2689  # counted by the Lua response hook: any status outside 200-299
    assert m.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    assert m.distribution == {50: 3.08, 75: 3.73, 90: 4.71, 99: 722.82}  # wrk's own lines, in ms


def test_reads_socket_errors_and_a_report_without_the_hook() -> None:
    m = web.parse_wrk(PLAIN_TIMEOUTS)
    assert m.requests == 20 and m.requests_per_s == 6.65
    assert m.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 20}
    assert math.isnan(m.p95_ms)  # wrk prints no p95 of its own: never made up from the other lines
    assert m.distribution == {50: 0.0, 75: 0.0, 90: 0.0, 99: 0.0}


def test_time_units() -> None:
    assert [web._ms(v) for v in ("850.00us", "3.08ms", "1.67s", "2.00m")] == [0.85, 3.08, 1670.0, 120000.0]


def test_lua_script_rotates_through_quoted_paths() -> None:
    script = web.lua_script(["/search?q=%E5%85%AC", '/odd"path'])
    assert 'local paths = {"/search?q=%E5%85%AC", "/odd\\"path"}' in script
    assert "latency:percentile(95)" in script and "%%" not in script  # the template's escapes all resolved


def test_registered_in_make_bench() -> None:
    run = (ROOT / "bench" / "run.py").read_text()
    assert '"web.py"' in run


def test_reads_the_page_cache_hits_the_lua_hook_counts() -> None:
    line = "adalet-wrk: requests=5381 duration_us=3009957 non2xx=2689 connect=0"
    m = web.parse_wrk(WITH_HOOK.replace(line, line.replace("non2xx=2689", "non2xx=2689 hits=2692")))
    assert m.cache_hits == 2692 and m.non2xx == 2689 and m.requests == 5381
    assert web.parse_wrk(WITH_HOOK).cache_hits == 0  # a report from before the hook counted hits


def test_uncached_sets_add_a_new_parameter_to_every_request() -> None:
    assert "local unique = false" in web.lua_script(["/"])
    script = web.lua_script(["/search?q=x", "/api/collections"], unique=True)
    assert "local unique = true" in script and '"nocache=" .. id .. "-" .. n' in script
    assert 'headers["X-Adalet-Cache"]' in script and "hits=%d" in script
