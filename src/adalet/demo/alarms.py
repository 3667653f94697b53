"""False alarms and recall of a ``verify --json`` report, scored against a synthetic leak's manifest.

A finding of severity warning or error is placed on a spreadsheet row by (item locator, sheet, row)
and on a photo by its item locator. Placed on a clean row or photo (manifest ``planted`` None) it is
a false alarm, traced to the benign irregularities that entry carries; on a planted one under
another check than the planted one it is an extra finding; placed on neither it is unplaced. A
planted problem of severity warning or error is found when a warning or error of its check sits on
its row or photo. Rates are per 1,000 clean rows and per 1,000 clean photos (the manifest's
``counts.clean_rows`` and ``counts.clean_photos``). Info findings are context and never counted.

Scoring only reads the two documents: it owes nothing to the checks or to the generator's code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

PROBLEM = ("warning", "error")
Place = tuple[str, str | None, int | None]


def locator(entry: dict[str, Any]) -> str:
    """An item's locator from a manifest entry's ``archive`` and ``path`` (as the archive app writes it)."""
    return "!/".join([*entry["archive"], entry["path"]])


def per_1000(count: int, clean: int) -> float:
    return round(1000 * count / clean, 2) if clean else 0.0


def allowance(clean: int) -> int:
    """False warnings allowed: at most 1 per 1,000 clean entries, in whole alarms (floor(clean / 1000))."""
    return clean // 1000


@dataclass
class Alarms:
    clean_rows: int
    clean_photos: int
    false_rows: list[dict[str, Any]] = field(default_factory=list)  # findings on clean rows, with "tags"
    false_photos: list[dict[str, Any]] = field(default_factory=list)  # findings on clean photos, with "tags"
    extra: list[dict[str, Any]] = field(default_factory=list)  # on a planted entry, under another check
    unplaced: list[dict[str, Any]] = field(default_factory=list)  # on no row or photo of the manifest
    planted: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)

    def count(self, kind: str, severity: str) -> int:
        found = self.false_rows if kind == "rows" else self.false_photos
        return sum(1 for finding in found if finding["severity"] == severity)

    @property
    def found(self) -> int:
        return self.planted - len(self.missed)

    @property
    def recall(self) -> float:
        return round(self.found / self.planted, 4) if self.planted else 1.0

    def causes(self) -> Counter[tuple[str, str, str]]:
        """(check, severity, irregularity tag or 'none') of each false alarm: which check, on what."""
        return Counter(
            (finding["check"], finding["severity"], tag)
            for finding in self.false_rows + self.false_photos
            for tag in finding["tags"] or ["none"]
        )

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, float] = {}
        for kind, clean in (("rows", self.clean_rows), ("photos", self.clean_photos)):
            for severity in PROBLEM:
                found = self.count(kind, severity)
                figures[f"false_{severity}s_{kind}"] = found
                figures[f"false_{severity}s_per_1000_{kind}"] = per_1000(found, clean)
        return {
            "clean_rows": self.clean_rows,
            "clean_photos": self.clean_photos,
            **figures,
            "extra": len(self.extra),
            "unplaced": len(self.unplaced),
            "planted": self.planted,
            "found": self.found,
            "recall": self.recall,
            "missed": [f"{p['check']} {locator(p)} {p['sheet'] or ''} {p['row'] or ''}".strip() for p in self.missed],
            "causes": {" / ".join(key): n for key, n in sorted(self.causes().items())},
        }


def score(manifest: dict[str, Any], report: dict[str, Any]) -> Alarms:
    """Place each warning and error of ``report`` on the manifest's rows and photos."""
    rows: dict[Place, dict[str, Any]] = {}
    for person in manifest["people"]:
        source = person["source"]
        rows[(locator(source), source["sheet"], source["row"])] = person
    photos = {locator(photo): photo for photo in manifest["photos"]}
    counts = manifest["counts"]
    alarms = Alarms(counts["clean_rows"], counts["clean_photos"])
    hits: set[tuple[str, Place]] = set()
    for finding in report["findings"]:
        if finding["severity"] not in PROBLEM:
            continue
        place: Place = (finding["item"], finding["sheet"], finding["row"])
        entry, bucket = (rows.get(place), alarms.false_rows) if finding["row"] is not None else (None, None)
        if entry is None and finding["row"] is None:
            place = (finding["item"], None, None)
            entry, bucket = photos.get(finding["item"]), alarms.false_photos
        if entry is None or bucket is None:
            alarms.unplaced.append(finding)
        elif entry["planted"] is None:
            bucket.append({**finding, "tags": list(entry.get("irregularities") or ())})
        elif entry["planted"] != finding["check"]:
            alarms.extra.append(finding)
        else:
            hits.add((finding["check"], place))
    for problem in manifest["planted"]:
        if problem["severity"] not in PROBLEM:
            continue
        alarms.planted += 1
        if (problem["check"], (locator(problem), problem["sheet"], problem["row"])) not in hits:
            alarms.missed.append(problem)
    return alarms
