"""Benchmark of the personal-data detector (issue 14): what `adalet.lib.personal` masks, what it misses, what it costs.

`adalet.lib.personal` (`find`, `find_addresses`, `mask`) is the one detector of resident ID numbers in any spelling,
runs of 10+ digits and Chinese house addresses. The baseline, measured in the same run on the same inputs, is what it
replaced: the masking regex of `adalet.lib.privacy.mask_id_numbers` before commit d8b028c (copied below).

    python bench/privacy.py [--random 5000] [--texts 2000] [--repeats 5] [--seed 7]

1. **Hold-out recall.** The planted ID numbers of the adversarial corpus of tests/privacy/corpus.py (written by
   another engineer, never used to build the detector): its texts as planted, and every one of its numbers written in
   every spelling of its `SPELLINGS`, inside its running text (`han_text`, "身份证号：" before the number). Then
   `--random` valid-looking IDs of this bench's own seeded generator (its own region codes, dates, spellings and
   surrounding texts, independent of tests/privacy/test_detector.py). A number *survives* when any 10 consecutive
   characters of it can be read in the masked text: NFKC, every Unicode decimal digit to ASCII, format characters and
   combining marks removed, whitespace, hyphens/dashes, dots and slashes between digits removed, upper case.
2. **False alarms** on text that holds no personal number: the documents (speeches and notices, .docx and .pdf, text
   extracted by Adalet's own extractors; not the personnel spreadsheets, not the scans) of the synthetic leak
   `write_leak(people=200, docs=12, seed=7)`, and `--texts` more documents from the same generator
   (`adalet.demo.documents.plan_documents`). Spans and characters masked, and what they were.
3. **Speed**: characters per second of `mask()` against the baseline regex, and of the search index's analysis
   `fts5_columns(text, key=b"k")` against the same analysis without personal-number substitution
   (`_analyze(normalize(text))`, joined the same way), on the leak's document passages and its spreadsheets' row
   blocks (as `adalet.archive.passages` cuts them); best of `--repeats`.

The corpus module imports Django models, so Django is set up with a temporary ADALET_HOME and SQLite (no database
is opened). The table goes to docs/bench/privacy.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# The replaced masker: adalet.lib.privacy's ID_NUMBER and mask_id_numbers before this change (commit d8b028c), as
# they were, the baseline of every figure here.
ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{11}[0-9Xx](?![0-9A-Za-z])")


def baseline_mask(text: str) -> str:
    return ID_NUMBER.sub(lambda m: m.group(1) + "•" * 12, text)


# --- How an attacker reads a masked text (this bench's own, not the detector's fold) --------------------------------


class _Reading(dict):
    """str.translate table: Unicode decimal digits to ASCII, format characters and combining marks to nothing."""

    def __missing__(self, code: int) -> int | str | None:
        ch = chr(code)
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            value: int | str | None = str(digit)
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            value = None
        else:
            value = code
        self[code] = value
        return value


_READING = _Reading()
_BETWEEN_DIGITS = re.compile("(?<=[0-9])[\\s\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d./]+(?=[0-9X])")
_RUN = re.compile(r"[0-9X]{10,}")
WINDOW = 10


def reading(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_READING)
    return _BETWEEN_DIGITS.sub("", text).upper()


def survives(number: str, masked: str) -> bool:
    """Whether any WINDOW consecutive characters of `number` (18 characters) can be read in `masked`."""
    number = number.upper()
    windows = {number[i : i + WINDOW] for i in range(len(number) - WINDOW + 1)}
    return any(run[i : i + WINDOW] in windows for run in _RUN.findall(reading(masked)) for i in range(len(run) - WINDOW + 1))


# --- The bench's own generator of ID numbers, spellings and surrounding text ----------------------------------------

REGIONS = ("653121", "653122", "653101", "654127", "654101", "652427", "650102", "652201", "653201", "652101",
           "110105", "310104", "440305", "510107", "420106", "230103")


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2, as GB 11643 computes it."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def random_id(rng: random.Random, *, check_x: bool | None = None) -> str:
    while True:
        born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(28_000))
        first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + check_character(first17)
        if check_x is None or (number[-1] == "X") == check_x:
            return number


def _in_digits(zero: int, x: str = "X") -> Callable[[str, random.Random], str]:
    return lambda n, _r: "".join(chr(zero + int(c)) if c.isdigit() else x for c in n)


def _groups(n: str, sizes: Sequence[int]) -> list[str]:
    out, at = [], 0
    for size in sizes:
        out.append(n[at : at + size])
        at += size
    return [g for g in out if g]


def _inserted(n: str, rng: random.Random, pool: str, count: int) -> str:
    chars = list(n)
    for _ in range(count):
        chars.insert(rng.randint(1, len(chars) - 1), rng.choice(pool))
    return "".join(chars)


def _marked(n: str, rng: random.Random) -> str:
    places = set(rng.sample(range(len(n)), 3))
    return "".join(c + (rng.choice("\u0301\u0308\u20e3") if i in places else "") for i, c in enumerate(n))


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SCRIPTS = (0x30, 0xFF10, 0x0660, 0x06F0)
#: spelling -> (write the number, wants a number ending in X)
RANDOM_SPELLINGS: dict[str, tuple[Callable[[str, random.Random], str], bool | None]] = {
    "plain": (lambda n, _r: n, None),
    "plain, lower-case x": (lambda n, _r: n.lower(), True),
    "fullwidth": (_in_digits(0xFF10, "\uff38"), None),
    "Arabic-Indic": (_in_digits(0x0660), None),
    "extended Arabic-Indic": (_in_digits(0x06F0), None),
    "Devanagari": (_in_digits(0x0966), None),
    "mathematical monospace": (_in_digits(0x1D7F6), None),
    "superscript": (lambda n, _r: "".join(_SUPERSCRIPTS[int(c)] if c.isdigit() else c for c in n), None),
    "mixed scripts": (lambda n, r: "".join(chr(r.choice(_SCRIPTS) + int(c)) if c.isdigit() else c for c in n), None),
    "zero-width space between digits": (lambda n, _r: "\u200b".join(n), None),
    "format characters inside (ZWJ, bidi, BOM, soft hyphen…)": (
        lambda n, r: _inserted(n, r, "\u200c\u200d\u2060\ufeff\u202e\u2066\u2069\u00ad", r.randint(1, 4)), None),
    "combining marks": (_marked, None),
    "spaces 6-8-4": (lambda n, _r: " ".join(_groups(n, (6, 8, 4))), None),
    "spaces in fours": (lambda n, _r: " ".join(_groups(n, (4, 4, 4, 4, 2))), None),
    "space between every digit": (lambda n, _r: " ".join(n), None),
    "hyphens 6-4-4-4": (lambda n, _r: "-".join(_groups(n, (6, 4, 4, 4))), None),
    "dots 6-8-4": (lambda n, _r: ".".join(_groups(n, (6, 8, 4))), None),
    "slashes 6-8-4": (lambda n, _r: "/".join(_groups(n, (6, 8, 4))), None),
    "line break inside": (lambda n, r: (lambda k: n[:k] + r.choice(("\n", "\r\n")) + n[k:])(r.randint(4, 14)), None),
    "ideographic spaces 6-8-4": (lambda n, _r: "\u3000".join(_groups(n, (6, 8, 4))), None),
    "no-break spaces 6-8-4": (lambda n, _r: "\u00a0".join(_groups(n, (6, 8, 4))), None),
    "en dashes 6-8-4": (lambda n, _r: "\u2013".join(_groups(n, (6, 8, 4))), None),
    "fullwidth hyphens 6-8-4": (lambda n, _r: "\uff0d".join(_groups(n, (6, 8, 4))), None),
    "minus signs 6-8-4": (lambda n, _r: "\u2212".join(_groups(n, (6, 8, 4))), None),
    "spaced hyphens 6 - 8 - 4": (lambda n, _r: " - ".join(_groups(n, (6, 8, 4))), None),
    "letters right after": (lambda n, r: n + "".join(r.choice("ABCDEFGHKMNPQRSTUVWYZabcdefghkmnp") for _ in range(r.randint(1, 3))), None),
}

_PHRASES = ("经核查", "该人员", "现住", "户籍所在地", "被收押", "家属已通知", "情况属实", "请各单位注意", "已核实", "备注",
            "按规定办理", "移交看守所", "由派出所负责", "登记在册", "重点人员", "教育转化", "相关材料附后")
_NAMES = ("阿不力米提·吐尔逊", "古丽米拉·买买提", "艾力·热合曼", "王建华", "努尔兰·哈力克", "迪丽拜尔·艾山")
_UYGHUR = ("كىملىك نومۇرى", "تۇرۇشلۇق ئادرېسى", "ئىسمى", "قولغا ئېلىنغان")


def filler(rng: random.Random, phrases: int) -> str:
    return "".join(rng.choice(_PHRASES) + rng.choice("，，。；、") for _ in range(phrases))


#: where a number stands: (name, text around the written number)
CONTEXTS: tuple[tuple[str, Callable[[str, random.Random], str]], ...] = (
    ("running Chinese text", lambda s, r: f"{filler(r, 4)}身份证号：{s}，{filler(r, 4)}"),
    ("between ideographs", lambda s, r: f"{filler(r, 3)}{s}{filler(r, 3)}"),
    ("table row", lambda s, r: f"{r.randint(1, 900)}\t{r.choice(_NAMES)}\t男\t{s}\t维吾尔族\t疏附县看守所"),
    ("English", lambda s, r: f"Detainee {r.choice(_NAMES)}, ID no. {s}, transferred to the detention centre."),
    ("fullwidth parentheses", lambda s, r: f"{r.choice(_NAMES)}（{s}）{filler(r, 2)}"),
    ("Uyghur text", lambda s, r: f"{r.choice(_UYGHUR)}: {s} ، {r.choice(_UYGHUR)}"),
    ("alone in a cell", lambda s, _r: s),
)


def random_plants(count: int, seed: int) -> list[tuple[str, str, str, str]]:
    """(spelling, context, number, text) for `count` numbers: spellings in turn, contexts drawn at random."""
    rng = random.Random(f"bench/privacy/random/{seed}")
    names = list(RANDOM_SPELLINGS)
    out = []
    for i in range(count):
        spelling = names[i % len(names)]
        spell, check_x = RANDOM_SPELLINGS[spelling]
        number = random_id(rng, check_x=check_x)
        context, around = rng.choice(CONTEXTS)
        out.append((spelling, context, number, around(spell(number, rng), rng)))
    return out


# --- Inputs: the corpus, the leak ------------------------------------------------------------------------------------


def setup_django(home: Path) -> None:
    os.environ["ADALET_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary home (never opened)
    os.environ["DJANGO_SETTINGS_MODULE"] = "adalet.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def spelling_of(where: str) -> str:
    found = re.search(r"\(([^)]*)\)$", where)
    return found.group(1) if found and not found.group(1).startswith("at ") else "plain"


def leak_passages(folder: Path, seed: int) -> tuple[list[str], list[str], list[tuple[str, str]], dict[str, int]]:
    """The leak's document passages, its spreadsheets' passages, its people's (ID number, house address), and counts.

    The house address is the part of the address below the county (township, village, group, number, or street and
    number), what a mask must hide."""
    from adalet.archive.extractors import choose
    from adalet.archive.extractors.base import Context, Source
    from adalet.archive.passages import passages_of
    from adalet.demo.leak import LEAK_ZIP, write_leak

    manifest = write_leak(folder / "leak", people=200, docs=12, seed=seed)
    documents: list[str] = []
    sheets: list[str] = []
    counts = Counter[str]()
    with zipfile.ZipFile(folder / "leak" / LEAK_ZIP) as leak:
        for info in leak.infolist():
            name = info.filename
            if info.is_dir() or name.endswith(".zip") or name.startswith("扫描件/"):  # photos; scans have no text
                continue
            path = folder / "members" / f"{len(counts)}{Path(name).suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(leak.read(info))
            extractor = choose("", path.suffix)
            if extractor is None:
                continue
            extraction = extractor.extract(Source(path, Path(name).name, "", path.stat().st_size), Context(ocr=False))
            texts = [text for _, text in passages_of(Path(name).name, extraction)]
            is_sheet = extraction.table is not None
            (sheets if is_sheet else documents).extend(texts)
            counts["spreadsheets" if is_sheet else "documents"] += 1
    people = [(p["id_number"], p["address"].split(p["county"], 1)[-1]) for p in manifest.people]
    return documents, sheets, people, dict(counts)


def generated_documents(count: int, seed: int) -> list[str]:
    from adalet.demo.documents import plan_documents

    planned = plan_documents(count, random.Random(f"bench/privacy/documents/{seed}"), scans=False)
    return [doc.path + "\n" + "\n".join(doc.text.lines) for doc in planned]


# --- Measures --------------------------------------------------------------------------------------------------------


def masked_spans(texts: Sequence[str]) -> tuple[dict[str, int], dict[str, int], Counter[tuple[str, str]]]:
    """Spans and characters masked by the baseline and by the new detector, and what the new one masked."""
    from adalet.lib import personal

    base = {"spans": 0, "chars": 0}
    new = {"spans": 0, "chars": 0}
    what: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for match in ID_NUMBER.finditer(text):
            base["spans"] += 1
            base["chars"] += match.end() - match.start(1) - 6
        for found in personal._sensitive(text):
            new["spans"] += 1
            new["chars"] += found.end - found.keep
            what[found.kind, text[found.start : found.end]] += 1
    return base, new, what


def best_rates(funcs: Sequence[Callable[[str], object]], texts: Sequence[str], repeats: int,
               min_seconds: float = 0.25) -> list[float]:
    """Characters per second of each function over `texts`, best of `repeats`: the functions take turns in each
    repetition (so that a busy moment of the machine does not fall on one only), each pass repeated to last about
    `min_seconds`."""
    chars = sum(map(len, texts))

    def one(func: Callable[[str], object], loops: int) -> float:
        started = time.perf_counter()
        for _ in range(loops):
            for text in texts:
                func(text)
        return time.perf_counter() - started

    loops = [max(1, math.ceil(min_seconds / max(one(func, 1), 1e-6))) for func in funcs]
    best = [math.inf] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            best[i] = min(best[i], one(func, loops[i]))
    return [n * chars / seconds for n, seconds in zip(loops, best, strict=True)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=5000, help="random ID numbers of the bench's own generator")
    parser.add_argument("--texts", type=int, default=2000, help="generated documents for false alarms (beside the leak's)")
    parser.add_argument("--repeats", type=int, default=5, help="speed: best of this many repetitions")
    parser.add_argument("--seed", type=int, default=7, help="the leak's seed (and the bench's generators')")
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="adalet-bench-privacy-") as tmp:
        tmp_path = Path(tmp)
        setup_django(tmp_path / "home")
        from adalet.archive.search import analysis
        from adalet.lib import personal
        from tests.privacy import corpus as attack

        # 1. hold-out recall ------------------------------------------------------------------------------------
        corpus = attack.write_corpus(tmp_path / "corpus")
        planted_in: dict[str, dict[str, list[int]]] = {}  # spelling -> column -> [numbers, baseline, new]

        def count(spelling: str, column: str, number: str, text: str) -> None:
            row = planted_in.setdefault(spelling, {}).setdefault(column, [0, 0, 0])
            row[0] += 1
            row[1] += survives(number, baseline_mask(text))
            row[2] += survives(number, personal.mask(text))

        missed: list[str] = []
        for text in corpus.texts.values():
            for plant in corpus.plants:
                if survives(plant.number, text):  # planted in this text (as the attacker reads it)
                    count(spelling_of(plant.where), "as planted", plant.number, text)
                    if survives(plant.number, personal.mask(text)):
                        missed.append(f"corpus text, {plant.where}: {text[:80]!r}…")
        rng = random.Random(f"bench/privacy/respelled/{args.seed}")
        for spelling, spell in attack.SPELLINGS.items():
            for plant in corpus.plants:
                text = attack.han_text(rng, 200) + "，身份证号：" + spell(plant.number) + "，" + attack.han_text(rng, 250) + "。"
                count(spelling, "respelled", plant.number, text)

        by_spelling: dict[str, list[int]] = {}
        by_context: dict[str, list[int]] = {}
        random_missed: Counter[str] = Counter()
        for spelling, context, number, text in random_plants(args.random, args.seed):
            base, new = survives(number, baseline_mask(text)), survives(number, personal.mask(text))
            row = by_spelling.setdefault(spelling, [0, 0, 0])
            row[0] += 1
            row[1] += base
            row[2] += new
            crow = by_context.setdefault(context, [0, 0, 0])
            crow[0] += 1
            crow[1] += base
            crow[2] += new
            if new:
                random_missed[spelling] += 1
                if random_missed[spelling] <= 2:
                    missed.append(f"random, {spelling}: {text!r}")
        recall_seconds = time.perf_counter() - started

        # 2. false alarms ---------------------------------------------------------------------------------------
        documents, sheets, sheet_people, files = leak_passages(tmp_path, args.seed)
        generated = generated_documents(args.texts, args.seed)
        alarms = []
        kinds: Counter[tuple[str, str]] = Counter()
        for label, texts in ((f"leak documents ({files.get('documents', 0)} files, {len(documents)} passages)", documents),
                             (f"generated documents ({len(generated):,}: {args.texts:,} planned, scans left out)", generated)):
            base, new, what = masked_spans(texts)
            kinds.update(what)
            alarms.append([label, f"{sum(map(len, texts)):,}", base["spans"], f"{base['chars']:,}", new["spans"],
                           f"{new['chars']:,}"])
        base, new, what = masked_spans(sheets)
        sheet_text = "\n".join(sheets)
        sheet_row = [f"for comparison: leak spreadsheets ({files.get('spreadsheets', 0)} files, {len(sheets)} passages; "
                     f"hold IDs and addresses)", f"{len(sheet_text):,}", base["spans"], f"{base['chars']:,}", new["spans"],
                     f"{new['chars']:,}"]
        masked_sheets = {"baseline": "\n".join(baseline_mask(t) for t in sheets),
                         "new": "\n".join(personal.mask(t) for t in sheets)}
        ids_present = [n for n, _ in sheet_people if survives(n, sheet_text)]
        houses_present = [h for _, h in sheet_people if h and h in sheet_text]
        sheet_survivors = {
            "ids": [len(ids_present), *(sum(survives(n, m) for n in ids_present) for m in masked_sheets.values())],
            "houses": [len(houses_present), *(sum(h in m for h in houses_present) for m in masked_sheets.values())],
        }
        missed_houses = [h for h in houses_present if h in masked_sheets["new"]]
        sheet_kinds = Counter(kind for kind, _ in what.elements())

        # 3. speed ----------------------------------------------------------------------------------------------
        def analysis_baseline(text: str) -> tuple[str, str]:
            main, chars = analysis._analyze(analysis.normalize(text))
            return " ".join(main), " ".join(chars)

        speeds = []
        for label, texts in (("leak documents", documents), ("leak spreadsheets", sheets)):
            for what_name, base_func, new_func in (
                ("mask", baseline_mask, personal.mask),
                ("index analysis", analysis_baseline, lambda t: analysis.fts5_columns(t, key=b"k")),
            ):
                base_rate, new_rate = best_rates((base_func, new_func), texts, args.repeats)
                speeds.append([label, what_name, sum(map(len, texts)), base_rate, new_rate, new_rate / base_rate])

    # --- output -------------------------------------------------------------------------------------------------
    def pct(part: int, whole: int) -> str:
        return f"{part / whole:.1%}" if whole else "—"

    print(f"hold-out: {len(corpus.plants)} numbers planted by tests/privacy/corpus.py; {args.random:,} random numbers "
          f"({recall_seconds:.1f} s)")
    recall_rows = []
    for spelling, columns in planted_in.items():
        planted, resp = columns.get("as planted", [0, 0, 0]), columns.get("respelled", [0, 0, 0])
        recall_rows.append([spelling, planted[0] or "—", planted[1] if planted[0] else "—", planted[2] if planted[0] else "—",
                            resp[0], resp[1], resp[2], pct(resp[0] - resp[1], resp[0]), pct(resp[0] - resp[2], resp[0])])
    totals = [sum(c.get(k, [0, 0, 0])[i] for c in planted_in.values()) for k in ("as planted", "respelled") for i in range(3)]
    recall_rows.append(["all", *totals, pct(totals[3] - totals[4], totals[3]), pct(totals[3] - totals[5], totals[3])])
    recall_columns = ["spelling (tests/privacy/corpus.py)", "in the corpus's texts", "survive: baseline", "survive: new",
                      "every planted number respelled", "survive: baseline", "survive: new", "recall: baseline",
                      "recall: new"]
    random_rows = [[s, f"{n:,}", f"{b:,}", f"{w:,}", pct(n - b, n), pct(n - w, n)] for s, (n, b, w) in by_spelling.items()]
    rn, rb, rw = (sum(r[i] for r in by_spelling.values()) for i in range(3))
    random_rows.append(["all", f"{rn:,}", f"{rb:,}", f"{rw:,}", pct(rn - rb, rn), pct(rn - rw, rn)])
    context_rows = [[c, n, b, w, pct(n - b, n), pct(n - w, n)] for c, (n, b, w) in by_context.items()]
    random_columns_tail = ["numbers", "survive: baseline", "survive: new", "recall: baseline", "recall: new"]
    random_columns = ["spelling (this bench's generator)", *random_columns_tail]
    context_columns = ["text around the number", *random_columns_tail]
    alarm_columns = ["text (no personal numbers)", "characters", "spans: baseline", "characters: baseline",
                     "spans: new", "characters: new"]
    speed_columns = ["texts", "what", "characters", "baseline chars/s", "new chars/s", "new / baseline"]
    speed_rows = [[t, w, f"{c:,}", f"{b:,.0f}", f"{n:,.0f}", f"{r:.3f}"] for t, w, c, b, n, r in speeds]

    for title, columns, rows in (("hold-out: the adversarial corpus", recall_columns, recall_rows),
                                 ("hold-out: random numbers, by spelling", random_columns, random_rows),
                                 ("hold-out: random numbers, by context", context_columns, context_rows),
                                 ("false alarms", alarm_columns, [*alarms, sheet_row]),
                                 ("speed (best of %d)" % args.repeats, speed_columns, speed_rows)):
        print(f"\n{title}")
        print(" | ".join(str(c) for c in columns))
        for row in rows:
            print(" | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in row))
    masked_list = [f"{kind} {text!r} ×{n}" for (kind, text), n in kinds.most_common(12)]
    print("\nmasked in the documents: " + ("; ".join(masked_list) if masked_list else "nothing"))
    ids, houses = sheet_survivors["ids"], sheet_survivors["houses"]
    sheet_note = (f"Spreadsheets (they hold personal data: not false alarms): the new mask masked "
                  f"{', '.join(f'{v:,} {k}' for k, v in sheet_kinds.most_common())} spans. Of the leak's people, "
                  f"{ids[0]} ID numbers are readable in their text: {ids[1]} survive the baseline, {ids[2]} the new mask; "
                  f"{houses[0]} house addresses (below the county): {houses[1]} survive the baseline (it masks none), "
                  f"{houses[2]} the new mask" + (f", e.g. {', '.join(f'`{h}`' for h in missed_houses[:4])}" if missed_houses else "")
                  + ".")
    print(sheet_note)
    for line in missed:
        print(f"survives the new mask — {line}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")

    masked_note = (
        "What the new detector masked in those documents: "
        + ("; ".join(f"{kind} `{text}` (×{n})" for (kind, text), n in kinds.most_common(12)) if kinds else "nothing")
        + "."
    )
    write(
        "privacy",
        [
            Table(recall_columns, recall_rows, title="Hold-out recall: the adversarial corpus (tests/privacy/corpus.py)", notes=[
                f"{len(corpus.plants)} numbers planted by the corpus. \"In the corpus's texts\": its running texts, records "
                "rows and DOCX body as written (each number in its hiding place's spelling). \"Respelled\": every "
                "planted number in every spelling of the corpus's `SPELLINGS`, in its running text. A number survives when "
                "10 consecutive characters of it can be read in the masked text."]),
            Table(random_columns, random_rows, title=f"Hold-out recall: {args.random:,} random ID numbers of the bench's own generator"),
            Table(context_columns, context_rows, title="The same random numbers, by the text around them"),
            Table(alarm_columns, [*alarms, sheet_row], title="False alarms: what is masked in text without personal numbers",
                  notes=[masked_note,
                         sheet_note]),
            Table(speed_columns, speed_rows, title=f"Speed: characters per second, best of {args.repeats}", notes=[
                "`mask`: baseline the replaced regex (see Input), new `adalet.lib.personal.mask` (IDs, runs of digits and addresses). "
                "`index analysis`: baseline `_analyze(normalize(text))` joined as `fts5_columns` joins it, new "
                "`fts5_columns(text, key=b\"k\")` (personal numbers replaced by keyed-hash tokens first). "
                "\"new / baseline\" > 1: the new one is faster."]),
        ],
        database=None,
        inputs=(f"tests/privacy/corpus.py's corpus ({len(corpus.plants)} numbers); {args.random:,} random numbers "
                f"(seed {args.seed}); the leak `write_leak(people=200, docs=12, seed={args.seed})`: "
                f"{files.get('documents', 0)} documents with a text layer, {files.get('spreadsheets', 0)} spreadsheets; "
                f"{len(generated):,} generated documents. Baseline: the ID-number regex of adalet.lib.privacy before "
                "commit d8b028c."),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
