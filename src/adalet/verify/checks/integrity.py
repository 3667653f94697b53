"""Integrity: every original of the collection is still in the blob store and still hashes to its SHA-256."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_noop as N_

from adalet.archive.reading import altered_originals, count_hashed_originals
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, Words, words

METHOD = "Every original of the collection is read back from the blob store and hashed again (SHA-256)."
STANDARD = "error: an original missing or no longer matching the hash taken at ingest (altered after ingest)."
EXAMINED = {"originals": "originals with a SHA-256 taken at ingest"}
ABSENT = (
    Absence("integrity", "originals", "Every one of the {originals:,} originals is in the blob store and still hashes to "
            "the SHA-256 taken at ingest: none is missing or altered."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    return {"originals": count_hashed_originals(ctx.collection)}


def run(ctx: VerifyContext) -> Iterator[Finding]:
    for locator, problem in altered_originals(ctx.collection):
        yield Finding.said("integrity", "error", _said(problem), locator, evidence={"problem": problem})


ALTERED = "altered: now hashes to "


def _said(problem: str) -> Words:
    """``altered_originals``' problem as words: missing, or altered (and its hash now)."""
    if problem.startswith(ALTERED):
        return words(N_("original altered: now hashes to {sha256}"), sha256=problem.removeprefix(ALTERED))
    if problem == "missing from the blob store":
        return words(N_("original missing from the blob store"))
    return words(N_("original {problem}"), problem=problem)
