"""Scoring two names: :func:`compare` → :class:`Match` (score 0..1 + explanation).

Rules, strongest evidence first:

1. Both names in Han characters: characters decide. The same characters
   after traditional→simplified folding score 1.0; different characters score
   at most 0.5 even when the pinyin is equal (李强/李蔷) or the given-name
   characters are only reordered (王建国/王国建). Two transcribed (Uyghur) names
   with different characters may be one name transcribed twice (孜/兹), so
   those are compared by reading, capped at 0.9.
2. Otherwise every Latin form of one name is compared with every form of the
   other (:func:`form_score`) and the best pair wins. Parts are aligned
   order-free; a surname aligned to a given name costs a little.
3. Part similarity is the Levenshtein similarity of folded spellings, taken
   through :func:`part_weight`, which sends anything below 0.75 to 0: a
   different family or given name is a strong penalty, not a small one
   (Huo Liujun / Huo Liuqun stays below 0.7). When one side is a Uyghur
   reading (Arabic script or characters) vowels vary between romanisations,
   so the floor is 0.6 and parts with the same consonant skeleton count as
   at least 0.9 similar (Rabiye Qadir / Rebiya Kadeer). Otherwise, when
   both spellings are valid pinyin, similarity is at most the share of equal
   syllables (Keqiang / Keqing: one name syllable differs, another name).
   Two Latin spellings that differ only as the spelling traditions of Uyghur
   names differ (data/uyghur_latin_variants.tsv, :mod:`adalet.names.spelling`:
   Memet / Mamat, Ömer / Omar, Alimzhan / Alimjan) weigh the table's weight
   (0.9 for a vowel correspondence), unless both are valid pinyin.
4. A part without counterpart weighs 0.75 of a matched one, a full one when
   one side comes from Han characters (the pinyin name is complete: an
   extra Latin word means another name), and a full one too when it is written
   before every part the two names share (:func:`denominator`): Memet Erkin
   Tuniyaz is another person than Erkin Tuniyaz (a Uyghur name is the given name
   and the father's: a given name put before a whole name is a child's, the
   shared parts its father's and grandfather's), while a middle or last part left
   out (Isa Yusuf Alptekin / Isa Alptekin, Tahir Hamut Izgil / Tahir Hamut) is
   the same person's name given shorter. A title (Haji, Dr) is not a given name, and one title in two spellings
   aligned to each other (Damolla / Дамулла) counts as the same word.
5. A form may carry a ceiling: a Latin name read as Wade-Giles without a
   Wade-Giles trait (:mod:`adalet.names.latin_readings`) is only a possible
   match (Li Ping / Li Bing are two pinyin names; Lin Piao / Lin Biao too, for
   all the letters say).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from adalet.names import sounds, spelling
from adalet.names.forms import GIVEN, SURNAME, Analysis, Form, Part, analyse
from adalet.names.latin import fold, skeleton
from adalet.names.pinyin_syllables import syllable_similarity
from adalet.names.script import NameKind

#: Score given when characters differ between two Chinese names.
DIFFERENT_CHARS_CAP = 0.5
#: Cap for two transcribed names in different characters.
TRANSCRIBED_CAP = 0.9
#: Factor when a surname aligns with a given name (order swapped with roles known).
ROLE_SWAP = 0.97
#: Weight of a part that has no counterpart on the other side.
UNMATCHED_WEIGHT = 0.75
#: Part-similarity floors of :func:`part_weight`: strict, and for Uyghur readings.
STRICT_FLOOR = 0.75
UYGHUR_FLOOR = 0.6
#: Similarity credited to two Uyghur-reading parts with equal consonant skeletons.
SKELETON_SIMILARITY = 0.9
#: Least sound similarity (:mod:`adalet.names.sounds`) that counts between a part transcribed into Chinese and a
#: written one; below it the part's spellings decide alone (Hemit / 艾买提 Ehmet stays apart).
SOUND_MIN = 0.85
#: Words before a name that are titles, not given names (folded): they do not make a name another person's.
#: A title left without counterpart weighs nothing (Khoja Iparhan is Iparhan; Оспан батыр is Ospan).
TITLES = frozenset(fold(t) for t in (
    "haji", "hajji", "hadji", "hajim", "hoja", "khoja", "xoja", "molla", "mulla", "mullah", "damolla", "damulla",
    "imam", "sheikh", "shaykh", "shaikh", "qari", "ahun", "akhun", "axun", "ishan", "ependi", "efendi", "batyr",
    "batur", "dr", "prof", "mr", "mrs", "ms", "sir",
))
_UYGHUR_FORMS = ("uyghur", "uly")
_HAN_FORMS = ("pinyin", "wade-giles")

_HAN_KINDS = (NameKind.HAN, NameKind.HAN_TRANSCRIBED)


@dataclass
class Match:
    """Result of :func:`compare`: a score in 0..1 and why."""

    score: float
    explanation: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 4), "explanation": list(self.explanation)}


def part_weight(similarity: float, floor: float = STRICT_FLOOR) -> float:
    """Map a string similarity to evidence: 1 stays 1, ≤ *floor* becomes 0, linear between."""
    if similarity >= 0.999:
        return 1.0
    return max(0.0, (similarity - floor) / (1.0 - floor))


def pair_weight(p: Part, q: Part, similarity: float, floor: float) -> float:
    """:func:`part_weight` of two aligned parts; two titles that weigh anything weigh 1: one title in two spellings
    (Damolla / Дамулла) is no difference, a title being no evidence of a name either way."""
    v = part_weight(similarity, floor)
    if 0.0 < v < 1.0 and p.keys[0] in TITLES and q.keys[0] in TITLES:
        return 1.0
    return v


@lru_cache(maxsize=262144)
def _key_sim(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int, int]:
    """Best similarity between two key lists and the indexes that gave it."""
    sb = set(b)
    for i, k in enumerate(a):
        if k in sb:
            return 1.0, i, b.index(k)
    best = (0.0, 0, 0)
    for i, k in enumerate(a):
        hit = extractOne(k, b, scorer=Levenshtein.normalized_similarity, score_cutoff=best[0])
        if hit and hit[1] > best[0]:
            best = (hit[1], i, hit[2])
    return best


@lru_cache(maxsize=262144)
def _skeleton_hit(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int] | None:
    sb = {skeleton(k): j for j, k in enumerate(b)}
    for i, k in enumerate(a):
        sk = skeleton(k)
        if len(sk) >= 2 and sk in sb and (len(sk) > 3 or sk[0] != "V" or _first_vowels_agree(k, b[sb[sk]])):
            return i, sb[sk]
    return None


def _first_vowels_agree(a: str, b: str) -> bool:
    """Whether two vowel-initial keys begin with one vowel or two that Uyghur spellings write for each other (e/a,
    o/u, i/e: sounds' harmony pairs), a leading y (a glide) left out: a short skeleton (V and one or two consonants)
    is the whole of such a name, so its first vowel must agree (Eysa / Asiye, not Ishan / Yasin or Aman / Imin)."""
    x, y = a.lstrip("y")[:1], b.lstrip("y")[:1]
    return x == y or x + y in sounds._HARMONY


@lru_cache(maxsize=262144)
def _variant_hit(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int, int] | None:
    """Best spelling-variant weight (:func:`adalet.names.spelling.explain`) between two key lists, and the indexes."""
    sb: dict[str, list[int]] = {}
    for j, m in enumerate(b):
        sb.setdefault(spelling.signature(m), []).append(j)
    best: tuple[float, int, int] | None = None
    for i, k in enumerate(a):
        for j in sb.get(spelling.signature(k), ()):
            found = spelling.explain(k, b[j])
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], i, j)
    return best


def part_similarity(p: Part, q: Part, uyghur: bool = False, variants: bool = True) -> tuple[float, str, str]:
    """Similarity of two parts with the spellings that matched best.

    With *variants* (neither part read from Han characters or as Wade-Giles: those readings are exact), spelling
    variants of the table weigh its weight (given as the similarity that :func:`part_weight` turns into it). With
    *uyghur*, parts sharing a consonant skeleton score at least :data:`SKELETON_SIMILARITY`; without, two different
    valid pinyin words score at most their share of equal syllables.
    """
    sim, i, j = _key_sim(p.keys, q.keys)
    exact = sim >= 0.999
    # below MIN_SIMILARITY, or without a shared signature, no key pair is a variant (spelling.explain)
    if (variants and not exact and sim >= spelling.MIN_SIMILARITY
            and not spelling.signatures(p.keys).isdisjoint(spelling.signatures(q.keys))):
        hit = _variant_hit(p.keys, q.keys)
        if hit is not None:
            floor = UYGHUR_FLOOR if uyghur else STRICT_FLOOR
            variant = floor + hit[0] * (1.0 - floor)
            if variant > sim:
                sim, i, j = variant, hit[1], hit[2]
    if uyghur and not exact and sim < SKELETON_SIMILARITY and _other_first_sound(p.keys[i], q.keys[j]):
        sim = min(sim, UYGHUR_FLOOR)
    if uyghur and sim < SKELETON_SIMILARITY:
        skel = _skeleton_hit(p.keys, q.keys)
        if skel:
            return SKELETON_SIMILARITY, p.spellings[skel[0]], q.spellings[skel[1]]
    if uyghur and sim < SOUND_MIN and bool(p.sounds) != bool(q.sounds):
        heard = _sound_hit(p, q) if p.sounds else _sound_hit(q, p)
        if heard is not None:
            return heard if p.sounds else (heard[0], heard[2], heard[1])
    if not uyghur and not exact:
        syl = syllable_similarity(p.spellings[i], q.spellings[j])
        if syl is not None:
            sim = min(sim, syl)
    return sim, p.spellings[i], q.spellings[j]


def _other_first_sound(a: str, b: str) -> bool:
    """Whether two folded keys begin with consonants that no spelling or transcription writes for each other (Semet /
    Memet, Tomer / Omer): a Uyghur name keeps its first consonant in every script (the classes of
    :mod:`adalet.names.sounds`; an h, y or w may be unwritten)."""
    x, y = a[:1], b[:1]
    if not x or not y or x == y:
        return False
    if x in "aeiou" and y in "aeiou":
        return False
    if x in "hyw" or y in "hyw":
        return False
    return not any(x in cls and y in cls for cls in sounds._CLASSES)


def _sound_hit(transcribed: Part, written: Part) -> tuple[float, str, str] | None:
    """The sound similarity (:func:`adalet.names.sounds.similarity`) of a part transcribed into Chinese with a
    written one, and the spellings that show it, when it reaches :data:`SOUND_MIN`; else None."""
    sim, j = sounds.similarity(transcribed.sounds, written.keys, SOUND_MIN)
    if sim < SOUND_MIN:
        return None
    return sim, transcribed.text, written.spellings[j]


def _order(part: Part, index: int) -> tuple[bool, int]:
    """Place of a part in the name as it is said: given names first, a surname (known by its role) last."""
    return part.role == SURNAME, index


def denominator(pb: tuple[Part, ...], k: int, perm: tuple[int, ...], unmatched: float) -> float:
    """What an alignment of *k* parts with the longer form's parts *pb* (``perm``: the part each is aligned to) is
    divided by: *k*, and for each part of *pb* left without counterpart *unmatched*, or 1.0 when it comes before
    every aligned part and is not a title (another person's given name before the shared ones); a title
    without counterpart counts nothing."""
    n = len(pb)
    taken = set(perm)
    titles = sum(1 for j in range(n) if j not in taken and weightless(pb, j))
    if n == k or unmatched >= 1.0:
        return k + unmatched * (n - k - titles)
    first = min(_order(pb[j], j) for j in perm) if perm else (True, n)
    lead = sum(1 for j in range(n) if j not in taken and _order(pb[j], j) < first and not weightless(pb, j))
    return k + unmatched * (n - k - lead - titles) + lead


def weightless(parts: tuple[Part, ...], j: int) -> bool:
    """Whether part *j*, left without counterpart, counts nothing: a title, or an initial after the first part (the
    middle name a writer abbreviates, Ilshat H. Kokbore, which another spelling leaves out: Ilshat Kokbure)."""
    key = parts[j].keys[0]
    return key in TITLES or (j > 0 and len(key) == 1 and len(parts) >= 3)


def _align(fa: Form, fb: Form) -> tuple[float, list[tuple[Part, Part, float, str, str]]]:
    pa, pb = fa.parts, fb.parts
    swap = len(pa) > len(pb)
    if swap:
        pa, pb = pb, pa
    uyghur = fa.kind in _UYGHUR_FORMS or fb.kind in _UYGHUR_FORMS
    floor = UYGHUR_FLOOR if uyghur else STRICT_FLOOR
    han = fa.kind in _HAN_FORMS or fb.kind in _HAN_FORMS
    unmatched = 1.0 if han else UNMATCHED_WEIGHT
    sims = [[part_similarity(p, q, uyghur, not han) for q in pb] for p in pa]

    def pair_value(i: int, j: int) -> float:
        v = pair_weight(pa[i], pb[j], sims[i][j][0], floor)
        roles = {pa[i].role, pb[j].role}
        if roles == {SURNAME, GIVEN}:
            v *= ROLE_SWAP
        return v

    best_total = -1.0
    best_perm: tuple[int, ...] = ()
    if len(pb) <= 5:
        for perm in permutations(range(len(pb)), len(pa)):
            total = sum(pair_value(i, j) for i, j in enumerate(perm))
            if total > best_total:
                best_total, best_perm = total, perm
    else:  # greedy for long names
        used: set[int] = set()
        perm_l: list[int] = []
        for i in range(len(pa)):
            j = max((j for j in range(len(pb)) if j not in used), key=lambda j: pair_value(i, j))
            used.add(j)
            perm_l.append(j)
        best_perm = tuple(perm_l)
        best_total = sum(pair_value(i, j) for i, j in enumerate(best_perm))
    k = len(pa)
    score = min(best_total / denominator(pb, k, best_perm, unmatched), fa.ceiling, fb.ceiling)
    pairs = []
    for i, j in enumerate(best_perm):
        sim, sa, sb = sims[i][j]
        if swap:
            pairs.append((pb[j], pa[i], sim, sb, sa))
        else:
            pairs.append((pa[i], pb[j], sim, sa, sb))
    return score, pairs


def form_score(fa: Form, fb: Form) -> float:
    """Score of the best alignment of two forms (0..1)."""
    return _align(fa, fb)[0]


def _side(a: Analysis, f: Form) -> str:
    return f.label if f.kind == "latin" else f"{a.clean} → {f.label}"


def _details(pairs: list[tuple[Part, Part, float, str, str]]) -> str:
    bits = []
    for p, q, sim, sa, sb in pairs:
        role = p.role or q.role
        name = {SURNAME: "surname ", GIVEN: "given name "}.get(role, "")
        variant = spelling.explain(fold(sa), fold(sb)) if sa != sb and sim > SKELETON_SIMILARITY else None
        if sim >= 0.999:
            how = f" ({spelling.describe(variant)})" if variant and variant[1] else ""
            bits.append(f"{name}{sa}" if sa == sb else f"{name}{sa} ~ {sb}{how}")
        elif variant is not None and sim > SKELETON_SIMILARITY:
            bits.append(f"{name}{sa} ~ {sb} (spelling variant: {spelling.describe(variant)})")
        else:
            bits.append(f"{name}{sa} ≠ {sb} ({sim:.2f})")
    return ", ".join(bits)


def _best_forms(a: Analysis, b: Analysis) -> Match:
    best: tuple[float, Form | None, Form | None, list[tuple[Part, Part, float, str, str]]] = (0.0, None, None, [])
    for fa in a.forms:
        for fb in b.forms:
            s, pairs = _align(fa, fb)
            if s > best[0] or best[1] is None:
                best = (s, fa, fb, pairs)
            if s >= 1.0:
                break
        if best[0] >= 1.0:
            break
    score, best_a, best_b, pairs = best
    if best_a is None or best_b is None:
        return Match(0.0, ["no comparable forms"])
    link = "=" if score >= 0.999 else "≈" if score >= 0.7 else "vs"
    return Match(round(min(1.0, score), 4), [f"{_side(a, best_a)} {link} {_side(b, best_b)} ({_details(pairs)})"])


def _compare_chars(a: Analysis, b: Analysis) -> Match:
    ca, cb = a.chars, b.chars
    if ca == cb:
        how = "same characters" if a.clean == b.clean else "same characters after traditional→simplified folding"
        return Match(1.0, [f"{a.clean} = {b.clean}: {how} ({ca})"])
    if a.kind is NameKind.HAN_TRANSCRIBED and b.kind is NameKind.HAN_TRANSCRIBED:
        m = _best_forms(a, b)
        score = min(m.score, TRANSCRIBED_CAP)
        return Match(
            score,
            [f"different transcription characters {ca} / {cb}, compared by reading (capped {TRANSCRIBED_CAP})"] + m.explanation,
        )
    same_pos = sum(1 for x, y in zip(ca, cb) if x == y)
    ratio = same_pos / max(len(ca), len(cb))
    score = round(DIFFERENT_CHARS_CAP * ratio * 0.9, 4)
    note = ""
    if sorted(ca) == sorted(cb):
        note = "; same characters in another order"
    elif [[p.text for p in f.parts] for f in a.forms[:1]] == [[p.text for p in f.parts] for f in b.forms[:1]]:
        note = "; same pinyin, which does not count between two names in characters"
    return Match(score, [f"{a.clean} ≠ {b.clean}: different characters ({ca} / {cb}){note}"])


#: Score of two tone-marked pinyin names that differ only by their tones (Chén Yí / Chén Yì): two names.
TONES_DIFFER_CAP = 0.5
#: Combining marks of the four pinyin tones (macron, acute, caron, grave), after NFD.
_TONE_MARKS = frozenset("\u0304\u0301\u030c\u0300")


def _tones(text: str) -> tuple[str, str] | None:
    """(letters without tone marks, the tone marks in order) of a name written with pinyin tone marks, else None."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.casefold())
    marks = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    if not marks:
        return None
    return "".join(ch for ch in decomposed if ch not in _TONE_MARKS), marks


def tones_differ(a: Analysis, b: Analysis) -> bool:
    """Two Latin names written in tone-marked pinyin, the same letters, other tones: Mandarin tells them apart (陈毅
    Chén Yì is not 陈仪 Chén Yí), so their letters do not make them one name."""
    if a.kind is not NameKind.LATIN or b.kind is not NameKind.LATIN:
        return False
    ta, tb = _tones(a.clean), _tones(b.clean)
    return ta is not None and tb is not None and ta[0] == tb[0] and ta[1] != tb[1]


def tones_differ_match(a: Analysis, b: Analysis) -> Match:
    """The :class:`Match` of two tone-marked pinyin names that differ only by their tones (:func:`tones_differ`)."""
    return Match(TONES_DIFFER_CAP, [f"{a.clean} ≠ {b.clean}: the same letters in other tones, two Mandarin names"])


def compare(a: str, b: str) -> Match:
    """Compare two person names in any script. Bad input (not a string, nothing usable) scores 0 with the reason;
    a failure of the analysis itself (a missing converter or table) raises: it is never turned into "no match"."""
    aa, ab = analyse(a if isinstance(a, str) else ""), analyse(b if isinstance(b, str) else "")
    for x in (aa, ab):
        if x.kind is NameKind.EMPTY or not x.forms:
            return Match(0.0, [f"no usable name in {x.raw[:40]!r}"])
    if aa.kind in _HAN_KINDS and ab.kind in _HAN_KINDS:
        return _compare_chars(aa, ab)
    if tones_differ(aa, ab):
        return tones_differ_match(aa, ab)
    return _best_forms(aa, ab)
