"""What the report states of a run: for each check what it examined, what it found and what it did *not* find;
each camera's clock; the reviewers' sign-off state.

Built only from a run's dictionary (``Verification.as_dict``) and the checks' descriptions (``checks.SPECS``), in
a fixed order, so the same run always reads the same. A "not found" sentence is a check's ``Absence``, stated when
no finding contradicts it; when the check examined nothing its basis counts, the report says so instead of
claiming an absence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from adalet.verify.cameras import duration
from adalet.verify.checks import SPECS, CheckSpec
from adalet.verify.titles import title

SEVERITY_ORDER = ("error", "warning", "info")
REVIEWED = ("error", "warning")
CLOCK_FINDINGS = ("exif_time_mismatch", "exif_time_order")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def _by_severity(findings: list[dict[str, Any]]) -> str:
    counts = Counter(f["severity"] for f in findings)
    names = {"error": ("error", None), "warning": ("warning", None), "info": ("for context", "for context")}
    return ", ".join(plural(counts[s], *names[s]) for s in SEVERITY_ORDER if counts[s])


def _origin(data: dict[str, Any], name: str) -> str | None:
    """The check that gives findings named ``name``: as the run recorded it, else as a check describes it."""
    origin = data.get("origins", {}).get(name)
    if origin:
        return str(origin)
    for spec in SPECS.values():
        if name in spec.coverage or any(a.finding == name for a in spec.absent):
            return spec.name
    return None


def _absences(spec: CheckSpec, counts: dict[str, int], findings: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(the absences that hold, stated; what could not be examined, stated)."""
    if not counts:
        return [], []
    held, unexamined = [], defaultdict(list)
    for absence in spec.absent:
        if any(f["check"] == absence.finding and f["severity"] in absence.severities for f in findings):
            continue
        if not counts.get(absence.basis):
            unexamined[absence.basis].append(absence.finding)
            continue
        held.append(absence.text.format(**counts))
    return held, [
        f"Not examined, as there are no {spec.examined_labels.get(basis, basis)}: "
        + ", ".join(title(name) for name in names) + "."
        for basis, names in unexamined.items()
    ]


def check_statements(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per check, in the report's order: method, standard, examined, found, not found."""
    by_check: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for finding in data["findings"]:
        by_check[_origin(data, finding["check"])].append(finding)
    statements = []
    for name, spec in SPECS.items():
        findings = by_check.get(name, [])
        counts = data.get("examined", {}).get(name, {})
        held, unexamined = _absences(spec, counts, findings)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for finding in findings:
            groups[finding["check"]].append(finding)
        found = [
            {"finding": f, "title": title(f), "count": len(g), "by_severity": _by_severity(g),
             "kind": g[0]["kind"]}
            for f, g in sorted(groups.items(), key=lambda kv: (min(SEVERITY_ORDER.index(x["severity"]) for x in kv[1]), kv[0]))
        ]
        statements.append({
            "name": name, "method": spec.method, "standard": spec.standard,
            "examined": [(label, f"{counts[key]:,}") for key, label in spec.examined_labels.items() if key in counts],
            "found": found, "found_total": _by_severity(findings), "absent": held, "unexamined": unexamined,
        })
    return statements


def _clock(evidence: dict[str, Any]) -> str:
    if not evidence.get("modelled"):
        return "too few photos to model its clock: its times are not judged"
    offset = float(evidence["offset_seconds"])
    if evidence.get("utc_hours") is not None:
        return f"keeps UTC{evidence['utc_hours']:+g} ({duration(offset)} against the file names' Beijing time)"
    if abs(offset) < 60:
        return "agrees with the file names' time"
    return f"runs {duration(offset)} against the file names' time"


def cameras(data: dict[str, Any]) -> dict[str, Any]:
    """Each camera's clock as the exif check inferred it (its context findings), with the photos flagged against it."""
    flagged = Counter(
        str(f["evidence"].get("camera")) for f in data["findings"] if f["check"] in CLOCK_FINDINGS
    )
    rows = []
    for finding in data["findings"]:
        if finding["check"] != "exif_camera_clock":
            continue
        e = finding["evidence"]
        drift = e.get("drift_seconds")
        rows.append({
            "label": e["label"], "photos": e["photos"], "first": str(e["first"])[:10], "last": str(e["last"])[:10],
            "modelled": e["modelled"], "clock": _clock(e), "utc_hours": e.get("utc_hours"),
            "offset": e.get("offset_seconds"),
            "spread": duration(e["spread_seconds"], signed=False) if e.get("spread_seconds") is not None else "—",
            "tolerance": duration(e["tolerance_seconds"], signed=False) if e.get("tolerance_seconds") is not None else "—",
            "drift": duration(drift) if drift is not None and abs(drift) >= 60 else "none",
            "drift_seconds": drift if drift is not None and abs(drift) >= 60 else None,
            "flagged": flagged[str(e["label"])],
        })
    rows.sort(key=lambda r: (r["label"], r["first"]))
    return {"rows": rows, "summary": _camera_summary(rows)}


def _camera_summary(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No camera: no photo carries both a file-name time and an EXIF capture time."
    zones = Counter(r["utc_hours"] for r in rows if r["modelled"] and r["utc_hours"] is not None)
    parts = [f"{plural(n, 'keeps', 'keep')} UTC{zone:+g}" for zone, n in sorted(zones.items())]
    apart = [r for r in rows if r["modelled"] and r["utc_hours"] is None and abs(r["offset"]) >= 60]
    if apart:
        parts.append(f"{plural(len(apart), 'runs', 'run')} apart from the file names (by "
                     + ", ".join(duration(r["offset"]) for r in apart) + ")")
    agree = sum(1 for r in rows if r["modelled"] and r["utc_hours"] is None and abs(r["offset"]) < 60)
    if agree:
        parts.append(f"{plural(agree, 'agrees', 'agree')} with the file names")
    drifting = [abs(r["drift_seconds"]) for r in rows if r["drift_seconds"] is not None]
    if drifting:
        parts.append(f"{plural(len(drifting), 'drifts', 'drift')} (up to {duration(max(drifting), signed=False)})")
    small = sum(1 for r in rows if not r["modelled"])
    if small:
        parts.append(f"{plural(small, 'has', 'have')} too few photos to model")
    flagged = sum(r["flagged"] for r in rows)
    judged = "no photo departs from its camera's clock" if not flagged else (
        f"{plural(flagged, 'photo')} flagged against {'its' if flagged == 1 else 'their'} camera's clock")
    return f"{plural(len(rows), 'camera')}: " + "; ".join(parts) + f". {judged[0].upper()}{judged[1:]}."


def review(data: dict[str, Any]) -> dict[str, Any]:
    """The reviewers' sign-off state of the run's findings, as recorded when the run began."""
    reviewable = [f for f in data["findings"] if f["severity"] in REVIEWED]
    signed = [f for f in data["findings"] if f.get("signoff")]
    decisions = Counter(f["signoff"]["decision"] for f in signed)
    settled = sum(1 for f in reviewable if f.get("signoff") and f["signoff"]["decision"] in ("confirmed", "dismissed"))
    return {
        "reviewable": len(reviewable),
        "settled": settled,
        "pending": len(reviewable) - settled,
        "decisions": [(d, decisions[d]) for d in ("confirmed", "dismissed", "noted") if decisions[d]],
        "reviewers": sorted({str(f["signoff"]["reviewer"]) for f in signed}),
        "latest": max((str(f["signoff"]["at"]) for f in signed), default=None),
        "signed": signed,
    }

