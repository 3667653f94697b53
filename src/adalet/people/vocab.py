"""The words records use: which column headers name which field, and which statuses and facilities mean held.

Both are data files in `people/data/` (headers.tsv, detention_terms.tsv) that a user extends with files of
the same format. Pure Python: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FIELDS = (
    "id_number",
    "name",
    "sex",
    "birth_date",
    "age",
    "ethnicity",
    "address",
    "registration",
    "residence",
    "facility",
    "status",
    "admitted",
    "released",
    "reason",
    "relative_name",
    "relative_relation",
    "relative_id_number",
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


class VocabularyError(ValueError):
    """A malformed line in a vocabulary file: names the file and line."""


def _lines(path: Path) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, [part.strip() for part in line.split("\t")]


def header_key(text: object) -> str:
    """A header as compared: NFKC, case-folded, without spaces or punctuation ('身份证号：' == '身份证号')."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text or "")).casefold())


@lru_cache(maxsize=1)
def known_headers() -> dict[str, str]:
    """header key -> field, from headers.tsv."""
    headers: dict[str, str] = {}
    path = DATA / "headers.tsv"
    for number, parts in _lines(path):
        if len(parts) != 2 or parts[0] not in FIELDS:
            raise VocabularyError(f"{path}:{number}: expected 'field<TAB>header' with a field from {', '.join(FIELDS)}")
        headers[header_key(parts[1])] = parts[0]
    return headers


@dataclass(frozen=True)
class DetentionTerms:
    """Terms of status and facility columns and whether each means held (True) or released (False)."""

    status: dict[str, bool]
    facility: dict[str, bool]

    @classmethod
    def load(cls, *extra: Path) -> DetentionTerms:
        status: dict[str, bool] = {}
        facility: dict[str, bool] = {}
        for path in (DATA / "detention_terms.tsv", *extra):
            if not path.is_file():
                raise VocabularyError(f"{path}: no such file")
            for number, parts in _lines(path):
                if len(parts) != 3 or parts[1] not in ("held", "released") or parts[2] not in ("status", "facility"):
                    raise VocabularyError(
                        f"{path}:{number}: expected 'term<TAB>held|released<TAB>status|facility', got {parts!r}"
                    )
                table = status if parts[2] == "status" else facility
                table[parts[0].casefold()] = parts[1] == "held"
        return cls(status, facility)

    @staticmethod
    def _longest(text: str, table: dict[str, bool]) -> tuple[str, bool] | None:
        folded = unicodedata.normalize("NFKC", text).casefold()
        found = [(term, held) for term, held in table.items() if term in folded]
        return max(found, key=lambda pair: len(pair[0])) if found else None

    def means_held(self, status: str, facility: str = "") -> tuple[bool | None, str]:
        """Whether a row means the person was held, and why: the status decides; without one, the facility."""
        if status.strip():
            found = self._longest(status, self.status)
            if found:
                return found[1], f"status {status!r} contains {found[0]!r}"
            return None, f"status {status!r} is not in the detention terms"
        if facility.strip():
            found = self._longest(facility, self.facility)
            if found:
                return found[1], f"no status; facility {facility!r} contains {found[0]!r}"
        return None, "no status, and the facility says nothing"
