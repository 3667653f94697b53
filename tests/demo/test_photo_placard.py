"""The demo's photos never show a resident ID number in their pixels: the placard carries a booking number unrelated
to the person, so published thumbnails (gallery, relative-search cards) hold no ID number the site cannot mask."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from adalet.demo.identities import PersonFactory
from adalet.demo.photos import Camera, Photo, PhotoRenderer


def test_the_pixels_do_not_depend_on_the_id_number() -> None:
    person = PersonFactory(random.Random(3)).make()
    other = dataclasses.replace(person, id_number="653121199001011234")
    camera = Camera("Canon", "Canon EOS 80D", "123456789012", None)
    taken = dt.datetime(2018, 5, 6, 10, 27, 18)
    drawn = [PhotoRenderer().render(Photo(who, True, taken, camera, None), random.Random(7)) for who in (person, other)]
    assert drawn[0] == drawn[1]
    assert person.id_number.encode() not in drawn[0]
