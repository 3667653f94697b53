"""Camera clocks on real JPEGs: a camera's own offset is learned from its photos (UTC+6, a drift, a reset clock are
no finding), a photo off its camera's offset is, cameras side by side are never compared, and clean photos of
several cameras raise nothing."""

from __future__ import annotations

import datetime as dt
import random

from PIL import Image

from adalet.verify.checks import exif
from adalet.verify.context import PhotoFacts
from adalet.verify.findings import Finding
from tests.verify.photofiles import context, facts, id_name, jpeg

CANON = ("Canon", "Canon EOS 80D", "123456789012")
NIKON = ("NIKON CORPORATION", "NIKON D5300", "7654321")
SONY = ("SONY", "ILCE-6000", "")
START = dt.datetime(2018, 3, 1, 9)
PICTURE = Image.new("RGB", (48, 64), (180, 190, 200))


def shot(n: int, named: dt.datetime, camera: tuple[str, str, str], offset: dt.timedelta, **more: object) -> PhotoFacts:
    return facts(n, id_name(n, named), jpeg(PICTURE, captured=named + offset, camera=camera, **more))  # type: ignore[arg-type]


def problems(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.check, f.item) for f in found if f.severity != "info"]


def clocks(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.check == "exif_camera_clock"]


def test_a_camera_on_xinjiang_time_is_one_info_finding_and_no_photo_is_flagged() -> None:
    photos = [shot(i, START + dt.timedelta(minutes=3 * i), CANON, dt.timedelta(hours=-2, seconds=i % 7)) for i in range(30)]
    found = list(exif.run(context(photos)))
    assert problems(found) == []
    [clock] = clocks(found)
    assert clock.severity == "info"
    assert clock.evidence["utc_hours"] == 6 and abs(clock.evidence["offset_seconds"] + 7200) < 10
    assert "keeps UTC+6" in clock.message and "-2 h" in clock.message and "#123456789012" in clock.message


def test_one_photo_three_hours_off_its_cameras_offset_is_flagged() -> None:
    photos = [shot(i, START + dt.timedelta(minutes=3 * i), CANON, dt.timedelta(hours=-2)) for i in range(20)]
    photos[9] = shot(9, START + dt.timedelta(minutes=27), CANON, dt.timedelta(hours=-5))
    found = list(exif.run(context(photos)))
    assert problems(found) == [("exif_time_mismatch", photos[9].locator)]
    [mismatch] = [f for f in found if f.check == "exif_time_mismatch"]
    assert mismatch.evidence["departure_seconds"] == 3 * 3600


def test_a_drifting_clock_and_a_reset_clock_are_followed() -> None:
    drifting = [shot(i, START + dt.timedelta(days=i), CANON, dt.timedelta(minutes=i / 2)) for i in range(80)]  # 40 min
    reset = [shot(100 + i, START + dt.timedelta(hours=i), NIKON, dt.timedelta(days=-400 if i < 12 else 0)) for i in range(25)]
    found = list(exif.run(context(drifting + reset)))
    assert problems(found) == []
    drift = {f.evidence["label"]: f.evidence["drift_seconds"] / 60 for f in clocks(found)}["Canon EOS 80D #123456789012"]
    assert 30 <= drift <= 40  # 39.5 minutes from first to last photo, measured between the medians at either end


def test_two_cameras_side_by_side_in_one_session_are_no_finding() -> None:
    cameras = [(CANON, dt.timedelta(0)), (NIKON, dt.timedelta(hours=-2))]
    photos = [shot(i, START + dt.timedelta(seconds=40 * i), *cameras[(i // 2) % 2 if i % 5 else 1 - (i // 2) % 2])
              for i in range(40)]
    found = list(exif.run(context(photos)))
    assert problems(found) == []
    assert len(clocks(found)) == 2


def test_backwards_capture_within_one_camera_is_flagged_but_never_across_cameras() -> None:
    photos = [shot(i, START + dt.timedelta(minutes=i), CANON, dt.timedelta(0)) for i in range(12)]
    photos += [shot(50 + i, START + dt.timedelta(minutes=i, seconds=30), NIKON, dt.timedelta(minutes=-8)) for i in range(12)]
    # within Canon's tolerance of its offset each, but together captured 16 minutes before the photo named before it
    photos[6] = shot(6, START + dt.timedelta(minutes=6), CANON, dt.timedelta(minutes=8))
    photos[7] = shot(7, START + dt.timedelta(minutes=7), CANON, dt.timedelta(minutes=-9))
    found = list(exif.run(context(photos)))
    assert problems(found) == [("exif_time_order", photos[7].locator)]


def test_a_camera_with_too_few_photos_is_said_so_and_never_judged() -> None:
    photos = [shot(i, START + dt.timedelta(minutes=i), SONY, dt.timedelta(hours=5 * i)) for i in range(3)]
    found = list(exif.run(context(photos)))
    assert problems(found) == []
    [clock] = clocks(found)
    assert clock.evidence["modelled"] is False and "too few photos to model this camera's clock" in clock.message


def test_a_photo_without_exif_is_coverage_not_authenticity() -> None:
    photos = [facts(1, id_name(1, START), jpeg(PICTURE))]
    [finding] = exif.run(context(photos))
    assert (finding.check, finding.severity, finding.evidence) == ("exif_missing", "info", {"coverage": True})


def test_two_hundred_clean_photos_of_three_cameras_raise_nothing() -> None:
    """The flood test: real clocks (Beijing, Xinjiang, drifting), seconds of jitter, sessions interleaving cameras."""
    rng = random.Random(16)
    cameras = [(CANON, lambda _t: dt.timedelta(0)), (NIKON, lambda _t: dt.timedelta(hours=-2)),
               (SONY, lambda t: dt.timedelta(minutes=-3 + 0.25 * (t - START).days))]
    photos, named = [], START
    for n in range(200):
        named += dt.timedelta(seconds=rng.randint(20, 90)) if n % 40 else dt.timedelta(days=rng.randint(1, 20))
        camera, clock = rng.choice(cameras)
        jitter = dt.timedelta(seconds=rng.randint(-20, 20))
        photos.append(facts(n, id_name(n, named), jpeg(PICTURE, captured=named + clock(named) + jitter, camera=camera,
                                                           software=rng.choice([None, "Ver.1.01", "V1.0.3"]))))
    found = list(exif.run(context(photos)))
    assert [f for f in found if f.severity != "info"] == []
    assert sorted(f.evidence["utc_hours"] or 0 for f in clocks(found)) == [0, 0, 6]


def test_one_model_without_serial_at_two_stations_is_two_cameras_each_with_its_own_clock() -> None:
    """A phone model bought in bulk: one station set it to Xinjiang time, the other to Beijing time. Without a body
    serial EXIF cannot tell the devices apart, so each folder's photos are a camera of their own; a photo off its own
    station's clock is still flagged."""
    phone = ("HUAWEI", "ALP-AL00", "")
    stations = [("leak.zip!/照片.zip!/甲看守所", dt.timedelta(hours=-2)), ("leak.zip!/照片.zip!/乙拘留所", dt.timedelta(0))]
    photos = []
    for n in range(60):
        folder, offset = stations[n % 3 == 0]  # two thirds on Xinjiang time
        named = START + dt.timedelta(hours=5 * n)
        if n == 31:
            offset += dt.timedelta(hours=3)
        photos.append(facts(n, id_name(n, named), jpeg(PICTURE, captured=named + offset, camera=phone), folder=folder))
    found = list(exif.run(context(photos)))
    assert problems(found) == [("exif_time_mismatch", photos[31].locator)]
    assert sorted((f.evidence["label"], f.evidence["utc_hours"]) for f in clocks(found)) == [
        ("HUAWEI ALP-AL00 in 乙拘留所", None), ("HUAWEI ALP-AL00 in 甲看守所", 6),
    ]
    assert {f.evidence["camera"]["folder"] for f in clocks(found)} == {folder for folder, _ in stations}
