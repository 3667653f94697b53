"""Each check on hand-made facts: it finds what it should, and nothing on clean input."""

from __future__ import annotations

import datetime as dt
import io
import random

import imagehash
from PIL import Image

from adalet.archive.extractors.image import perceptual_hash
from adalet.demo.identities import resident_id
from adalet.people.facts import RowFacts
from adalet.verify.checks import dates, duplicates, exif, id_conflicts, id_numbers
from adalet.verify.context import PhotoFacts, VerifyContext

AS_OF = dt.date(2018, 7, 31)
CANON = {"camera_make": "Canon", "camera_model": "Canon EOS 80D", "camera_serial": "123456789012"}
NIKON = {"camera_make": "NIKON CORPORATION", "camera_model": "NIKON D5300", "camera_serial": "7654321"}


def photo(n: int, taken: dt.datetime, *, meta: dict | None = None, folder: str = "leak.zip!/站", phash: str | None = None) -> PhotoFacts:
    number = resident_id("653121", dt.date(1980, 1, 1), 2 * n + 1)
    name = f"{number}_{taken:%Y%m%d%H%M%S}.jpg"
    metadata = {"exif": {"image": {}}, "capture_time": taken.isoformat(), **CANON} if meta is None else meta
    if phash:
        metadata["phash"] = phash
    return PhotoFacts(n, f"{folder}/{name}", name, folder, f"{n:064x}", metadata)


def context(photos: list[PhotoFacts] = (), rows: list[RowFacts] = ()) -> VerifyContext:  # type: ignore[assignment]
    return VerifyContext(collection=None, as_of=AS_OF, as_of_source="given", photos=list(photos), rows=list(rows))


def session(count: int, start: dt.datetime) -> list[PhotoFacts]:
    return [photo(i, start + dt.timedelta(seconds=60 * i)) for i in range(count)]


def test_clean_session_has_no_exif_findings() -> None:
    assert [f for f in exif.run(context(session(8, dt.datetime(2018, 3, 1, 9)))) if f.severity != "info"] == []


def test_exif_problems_each_found_once() -> None:
    shots = session(8, dt.datetime(2018, 3, 1, 9))
    start = shots[0].name_time
    shots[2] = photo(2, start + dt.timedelta(minutes=2), meta={"exif": {"image": {}}, "capture_time": "2018-03-01T14:02:00", **CANON})
    shots[4] = photo(4, start + dt.timedelta(minutes=4), meta={})
    shots[5] = photo(5, start + dt.timedelta(minutes=5), meta={"exif": {"image": {}}, "capture_time": (start + dt.timedelta(minutes=5)).isoformat(), **CANON, "software": "Adobe Photoshop CS6 (Windows)"})
    shots[6] = photo(6, start + dt.timedelta(minutes=6), meta={"exif": {"image": {}}, "capture_time": (start + dt.timedelta(minutes=6)).isoformat(), **NIKON, "software": "Ver.1.02"})
    found = {(f.check, f.severity, f.item) for f in exif.run(context(shots)) if f.check != "exif_camera_clock"}
    assert found == {
        ("exif_time_mismatch", "warning", shots[2].locator),
        ("exif_missing", "info", shots[4].locator),  # coverage, not authenticity
        ("exif_editor", "warning", shots[5].locator),
        # firmware "Ver.1.02" is not an editor, and a second camera in the session is no finding
    }


def portrait(seed: int) -> Image.Image:
    """A distinct picture per seed: a random 12 x 16 grid of greys, enlarged."""
    rng = random.Random(seed)
    grid = Image.new("L", (12, 16))
    grid.putdata([rng.randrange(256) for _ in range(12 * 16)])
    return grid.resize((360, 480), Image.Resampling.BILINEAR).convert("RGB")


def reencoded(image: Image.Image, quality: int, scale: float) -> Image.Image:
    buffer = io.BytesIO()
    image.resize((int(image.width * scale), int(image.height * scale))).save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_near_duplicates_found_through_reencoding_and_resizing() -> None:
    originals = [portrait(seed) for seed in range(12)]
    hashes = [perceptual_hash(image) for image in originals]
    copy_hash = perceptual_hash(reencoded(originals[3], 60, 0.8))
    assert imagehash.hex_to_hash(copy_hash) - imagehash.hex_to_hash(hashes[3]) <= duplicates.MAX_DISTANCE
    start = dt.datetime(2018, 3, 1, 9)
    shots = [photo(i, start + dt.timedelta(minutes=i), phash=h) for i, h in enumerate(hashes)]
    copy = photo(50, start + dt.timedelta(hours=1), phash=copy_hash)
    found = list(duplicates.run(context(shots + [copy])))
    assert [(f.item, f.evidence["other"]) for f in found] == [(copy.locator, shots[3].locator)]  # the later one


def row(n: int, **values: object) -> RowFacts:
    return RowFacts("leak.zip!/名单.xlsx", "看守所", n, dict(values), {"id_number": values.get("id_number")}, {}, [])


def test_row_checks_find_impossible_and_inconsistent_values() -> None:
    good = resident_id("653121", dt.date(1980, 1, 1), 11)
    old = resident_id("653121", dt.date(1903, 4, 1), 13)
    rows = [
        row(2, id_number=good, birth_date="1980-01-01", sex="M", address="新疆维吾尔自治区喀什地区疏附县站敏乡", admitted="2018-01-02"),
        row(3, id_number=good[:-1] + ("0" if good[-1] != "0" else "1"), birth_date="1980-01-01", sex="M"),
        row(4, id_number=good, birth_date="1980-01-02", sex="F", name="甲"),
        row(5, id_number=old, birth_date="1903-04-01", sex="M"),
        row(6, birth_date="1980-01-01", admitted="1979-12-31"),
        row(7, birth_date="1980-01-01", admitted="2018-09-01"),
        row(8, id_number=good, birth_date="1980-01-01", name="乙"),
    ]
    ctx = context(rows=rows)
    found = {(f.check, f.row) for check in (id_numbers.run, dates.run, id_conflicts.run) for f in check(ctx)}
    assert found == {
        ("id_checksum", 3),
        ("id_stated_birth_date", 4),
        ("id_stated_sex", 4),
        ("impossible_age", 5),  # 115 years old
        ("impossible_age", 6),  # admitted before birth
        ("date_after_archive", 7),
        ("id_conflict", 4),  # the number of row 2, another birth date
        ("id_conflict", 8),  # the number of row 4, another name
    }


def test_the_address_compared_is_the_registration_never_the_residence() -> None:
    number = resident_id("653121", dt.date(1980, 1, 1), 11)  # 疏附县
    shufu, tekes = "新疆维吾尔自治区喀什地区疏附县站敏乡3号", "新疆维吾尔自治区伊犁哈萨克自治州特克斯县特克斯镇3号"
    rows = [
        row(2, id_number=number, registration=shufu, residence=tekes),  # lives elsewhere: genuine
        row(3, id_number=number, residence=tekes),  # only the residence: nothing to compare
        row(4, id_number=number, registration=tekes, residence=shufu),  # registered elsewhere: worth a look
        row(5, id_number=number, address=tekes),  # 住址, unqualified: read as on the ID card, the registration
        row(6, id_number=number, registration=shufu, address=tekes),  # the registration column wins
    ]
    found = [(f.check, f.row, f.evidence["address"]) for f in id_numbers.run(context(rows=rows))]
    assert found == [("id_address", 4, tekes), ("id_address", 5, tekes)]


def test_id_conflict_reads_names_as_the_name_analysis_does() -> None:
    number = resident_id("653121", dt.date(1980, 1, 1), 11)
    one_name = ["吐尔逊·艾买提", "吐尔逊艾买提", "吐爾遜・艾買提", "吐尔逊 艾买提", "吐尔逊．艾买提"]
    rows = [row(2 + i, id_number=number, name=name) for i, name in enumerate(one_name)]
    assert list(id_conflicts.run(context(rows=rows))) == []
    latin = [row(2, id_number=number, name="TUNIYAZ, Erkin"), row(3, id_number=number, name="ＥＲＫＩＮ　ＴＵＮＩＹＡＺ")]
    assert list(id_conflicts.run(context(rows=latin))) == []
    other = [*rows, row(9, id_number=number, name="吐尔逊·艾力")]  # another person's name under the number
    found = list(id_conflicts.run(context(rows=other)))
    assert [(f.row, f.evidence["fields"]["name"]) for f in found] == [(9, ["吐尔逊·艾买提", "吐尔逊·艾力"])]


def test_clocks_left_out_of_the_archive_date_are_context() -> None:
    ctx = context()
    ctx.clock_outliers = (("leak.zip!/a.jpg", dt.datetime(2035, 1, 1)), ("leak.zip!/a.jpg", dt.datetime(2036, 1, 1)))
    found = [(f.check, f.severity, f.item, f.evidence["time"]) for f in dates.run(ctx)]
    assert found == [("clock_outlier", "info", "leak.zip!/a.jpg", dt.datetime(2035, 1, 1))]
