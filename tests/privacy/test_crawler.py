"""The crawler attack (issue 14, points 2-5 and 9): with the planted corpus published, walk every page, API answer
and served file a visitor can reach, anonymously and again signed in with an account that has no role, and fail on
any 10 consecutive characters of a planted ID number (after normalisation, see leaks.py) or any planted house
address anywhere in a response: body, headers (Content-Disposition, Location), the bytes of originals and
thumbnails (their zip members and PDF streams included).

The crawl starts at `/` and follows every same-site link (href, src, GET forms with their default values, paths
and item ids in JSON), and also asks the known endpoints directly: search and API search for words of the corpus,
names, region codes and address words; every item id of the collection and a few past it (viewer, original,
thumbnail); collection, photos and statistics pages; facilities, sanctions, relatives, letters; sitemap and robots
if any. Each request comes from another address (another /24), as a patient attacker's would, so per-client rate
limits (tested in test_oracle.py) do not end the crawl early. At most MAX_REQUESTS requests per persona.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from adalet.archive.models import Item
from tests.privacy.corpus import RESTRICTED, Corpus
from tests.privacy.leaks import Detector, Finding

pytestmark = pytest.mark.django_db

MAX_REQUESTS = 800
SKIP_PREFIXES = ("/logout/", "/i18n/", "/static/", "/login/code/")
QUERIES = [
    "在押", "看守所", "身份证号", "核实", "公安局", "说明", "通报", "档案", "简历", "门岗", "名单", "走访",
    "热依拉", "阿卜杜拉", "买买提", "帕提古丽", "努尔买买提", "托克扎克镇", "阿亚格曼干村", "喀拉托海镇", "组",
    "6531", "653121", "654127", "ID", "Gate camera", "detainee", "的一", "是在",
]


class Links(HTMLParser):
    """Same-site addresses of a page: href, src, action of GET forms with their default values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("href", "src", "data-src", "poster", "hx-get"):
            if a.get(key):
                self.found.append(a[key])
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": [],
                         "select": None}
        elif self.form is not None and tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "image", "file", "reset") or tag == "button":
                self.form["fields"].append((a["name"], a.get("value", "")))
        elif self.form is not None and tag == "select":
            self.form["select"] = [a.get("name", ""), None]
        elif self.form is not None and tag == "option" and self.form["select"]:
            if self.form["select"][1] is None or "selected" in a:
                self.form["select"][1] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if self.form is None:
            return
        if tag == "select" and self.form["select"]:
            name, value = self.form["select"]
            if name and value is not None:
                self.form["fields"].append((name, value))
            self.form["select"] = None
        if tag == "form":
            if self.form["method"] == "get":
                query = urlencode(self.form["fields"])
                self.found.append(f"{self.form['action'] or '.'}?{query}")
            self.form = None


def json_links(value: Any, out: list[str]) -> None:
    """Paths, item ids and collection names in an API answer."""
    if isinstance(value, dict):
        if isinstance(value.get("item_id"), int):
            out += [f"/items/{value['item_id']}/", f"/items/{value['item_id']}/original", f"/thumbnails/{value['item_id']}"]
        if isinstance(value.get("name"), str) and "is_public" in value:
            name = value["name"]
            out += [f"/collections/{name}/", f"/collections/{name}/photos/", f"/collections/{name}/statistics/"]
        for item in value.values():
            json_links(item, out)
    elif isinstance(value, list):
        for item in value:
            json_links(item, out)
    elif isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        out.append(value)


class Crawl:
    def __init__(self, client: Client, detector: Detector, persona: str) -> None:
        self.client, self.detector, self.persona = client, detector, persona
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.requests = 0
        self.leaks: dict[str, list[tuple[str, Finding]]] = defaultdict(list)  # hiding place -> (url, finding)
        self.addresses: dict[str, list[str]] = defaultdict(list)  # house -> urls
        self.statuses: dict[int, int] = defaultdict(int)

    def add(self, url: str, base: str = "/") -> None:
        url = urljoin(base, url.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/") or path.startswith(SKIP_PREFIXES) or path in self.seen:
            return
        self.seen.add(path)
        self.queue.append(path)

    def run(self, limit: int = MAX_REQUESTS) -> None:
        while self.queue and self.requests < limit:
            self.visit(self.queue.popleft())

    def visit(self, url: str) -> None:
        self.requests += 1
        n = self.requests
        response = self.client.get(url, REMOTE_ADDR=f"10.{(n >> 8) & 255}.{n & 255}.7", HTTP_ACCEPT="*/*")
        self.statuses[response.status_code] += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        kind = response.get("Content-Type", "")
        page = any(k in kind for k in ("html", "json", "text/plain", "xml", "svg"))
        original = not page or "attachment" in response.get("Content-Disposition", "")
        headers = "\n".join(f"{k}: {v}" for k, v in response.items()).encode()
        findings = self.detector.in_answer(headers, "text/plain") + self.detector.in_answer(
            body, kind, original=original
        )
        for finding in findings:
            self.leaks[finding.plant.where].append((url, finding))
        text = headers.decode() + body.decode("utf-8", "replace")
        for house in self.detector.addresses_in(text) + (self.detector.addresses_in_file(body) if original else []):
            if url not in self.addresses[house]:
                self.addresses[house].append(url)
        if response.status_code in (301, 302, 303, 307, 308) and response.get("Location"):
            self.add(response["Location"], url)
        if "html" in kind:
            parser = Links()
            parser.feed(body.decode("utf-8", "replace"))
            for link in parser.found:
                self.add(link, url)
        elif "json" in kind:
            out: list[str] = []
            try:
                json_links(json.loads(body), out)
            except ValueError:
                pass
            for link in out:
                self.add(link, url)

    def report(self) -> str:
        lines = [f"{self.persona}: {self.requests} requests ({dict(self.statuses)}); leaked:"]
        for where, hits in sorted(self.leaks.items()):
            urls = sorted({u for u, _ in hits})
            lines.append(f"  [{where}] at {len(urls)} URL(s), e.g. {urls[:4]}")
            lines.append(f"      {hits[0][1].describe()}")
        for house, urls in sorted(self.addresses.items()):
            lines.append(f"  address {house[:4]}… at {len(urls)} URL(s), e.g. {urls[:4]}")
        return "\n".join(lines)


def seeds(crawl: Crawl, corpus: Corpus) -> None:
    name = corpus.collection.name  # type: ignore[union-attr]
    for url in ("/", f"/collections/{RESTRICTED}/", f"/api/search?collection={RESTRICTED}&q=6531", "/api/collections", "/api/openapi.json", "/api/docs", "/facilities/", "/sanctions/", "/relatives/",
                "/letters/", "/sitemap.xml", "/robots.txt", "/workspace/", f"/collections/{name}/",
                f"/collections/{name}/photos/", f"/collections/{name}/statistics/", "/admin/"):
        crawl.add(url)
    for query in QUERIES:
        crawl.add("/search?" + urlencode({"q": query}))
        crawl.add("/api/search?" + urlencode({"q": query, "limit": 100}))
    ids = list(Item.objects.filter(collection__name__in=[name, RESTRICTED]).values_list("pk", flat=True))
    for item_id in range(max(1, min(ids) - 3), max(ids) + 4):  # sequential ids, as an attacker enumerates them
        for url in (f"/items/{item_id}/", f"/items/{item_id}/original", f"/thumbnails/{item_id}"):
            crawl.add(url)


def crawl_and_check(client: Client, corpus: Corpus, detector: Detector, persona: str) -> None:
    crawl = Crawl(client, detector, persona)
    seeds(crawl, corpus)
    crawl.run()
    assert crawl.statuses[200] > 40, crawl.report()  # the crawl saw the site (a broken site proves nothing)
    if crawl.leaks or crawl.addresses:
        pytest.fail(crawl.report(), pytrace=False)


def test_an_anonymous_crawl_finds_no_id_number_and_no_address(client: Client, corpus: Corpus, detector: Detector) -> None:
    crawl_and_check(client, corpus, detector, "anonymous")


def test_an_account_without_a_role_finds_no_id_number_and_no_address(
    roleless_client: Client, corpus: Corpus, detector: Detector
) -> None:
    crawl_and_check(roleless_client, corpus, detector, "signed in without a role")
