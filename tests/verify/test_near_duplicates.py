"""Near-duplicates on real JPEGs: different people at one backdrop are not copies, a re-encode or resize of one
photo is, a pair filed under two identities says so; and the calibration bench's rule on a small measurement."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from adalet.verify.checks import duplicates
from tests.verify.photofiles import context, facts, id_name, jpeg

ROOT = Path(__file__).resolve().parents[2]
START = dt.datetime(2018, 3, 1, 9)


def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_nearduplicates", ROOT / "bench" / "nearduplicates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_nearduplicates"] = module
    spec.loader.exec_module(module)
    return module


def station(people: int, seed: int) -> list[Image.Image]:
    nd = bench()
    rng = random.Random(seed)
    backdrop = nd.backdrop(rng)
    return [nd.mugshot(backdrop, rng) for _ in range(people)]


def test_different_people_against_one_backdrop_are_not_near_duplicates() -> None:
    photos = [facts(i, id_name(i, START + dt.timedelta(minutes=i)), jpeg(image)) for i, image in enumerate(station(12, 5))]
    assert list(duplicates.run(context(photos))) == []


def test_a_reencoded_and_resized_copy_under_another_id_number_is_found_and_says_so() -> None:
    people = station(10, 6)
    photos = [facts(i, id_name(i, START + dt.timedelta(minutes=i)), jpeg(image)) for i, image in enumerate(people)]
    copy_image = Image.open(io.BytesIO(jpeg(people[4].resize((300, 400)))))
    copy = facts(50, id_name(50, START + dt.timedelta(hours=2)), jpeg(copy_image))
    [finding] = duplicates.run(context([*photos, copy]))
    assert (finding.item, finding.evidence["other"], finding.severity) == (copy.locator, photos[4].locator, "warning")
    assert finding.evidence["different_identities"] is True
    assert finding.evidence["identities"] == [photos[4].name_id, copy.name_id]


def test_a_resave_filed_for_the_same_person_is_context() -> None:
    [person] = station(1, 7)
    original = facts(1, id_name(1, START), jpeg(person))
    again = facts(2, id_name(1, START + dt.timedelta(days=30)), jpeg(Image.open(io.BytesIO(jpeg(person)))))
    [finding] = duplicates.run(context([original, again]))
    assert (finding.severity, finding.evidence["different_identities"]) == ("info", False)


def test_the_rule_chooses_between_the_distributions() -> None:
    nd = bench()
    separated = nd.Distances(np.array([9, 10, 12] * 400), np.array([0] * 980 + [3] * 20), {})
    assert nd.choose_threshold(separated).threshold == 3  # the copies' 99th percentile, below the people's
    overlapping = nd.Distances(np.array([2] + [20] * 2000), np.array([0] * 90 + [30] * 10), {})
    choice = nd.choose_threshold(overlapping)
    assert not choice.separated and choice.threshold == 19  # false alarms first: below the people's 0.1th percentile


def test_small_measurement_reencodes_within_the_threshold_and_people_mostly_beyond() -> None:
    distances = bench().measure(seed=3, people=24, copies=6)
    for kind in ("re-encode", "re-save twice", "resize"):
        assert distances.copies_by_kind[kind].max() <= duplicates.MAX_DISTANCE + 5
        assert np.median(distances.copies_by_kind[kind]) <= duplicates.MAX_DISTANCE
    assert np.median(distances.different_people) > 4 * duplicates.MAX_DISTANCE
