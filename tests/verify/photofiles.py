"""Real JPEGs for the EXIF and duplicate checks: made with Pillow, EXIF written through Image.Exif, read back by the
archive's own image extractor functions into the PhotoFacts a check sees."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from PIL import Image

from adalet.archive.extractors.image import convenience, perceptual_hash, read_exif
from adalet.demo.identities import resident_id
from adalet.verify.context import PhotoFacts, VerifyContext

EXIF_IFD = 0x8769
MAKE, MODEL, SOFTWARE = 0x010F, 0x0110, 0x0131
DATE_TIME_ORIGINAL, BODY_SERIAL_NUMBER = 0x9003, 0xA431
EXIF_TIME = "%Y:%m:%d %H:%M:%S"


def jpeg(image: Image.Image, *, captured: dt.datetime | None = None, camera: tuple[str, str, str] | None = None,
         software: str | None = None) -> bytes:
    """*image* as a JPEG; with *captured*, *camera* (make, model, serial) or *software*, carrying EXIF."""
    exif = Image.Exif()
    if camera is not None:
        make, model, serial = camera
        exif[MAKE], exif[MODEL] = make, model
        if serial:
            exif.get_ifd(EXIF_IFD)[BODY_SERIAL_NUMBER] = serial
    if software is not None:
        exif[SOFTWARE] = software
    if captured is not None:
        exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = captured.strftime(EXIF_TIME)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85, exif=exif if len(exif) or exif.get_ifd(EXIF_IFD) else b"")
    return buffer.getvalue()


def facts(item_id: int, name: str, data: bytes, folder: str = "leak.zip!/站") -> PhotoFacts:
    """What ingest would record of the file, read by the image extractor's own functions."""
    with Image.open(io.BytesIO(data)) as image:
        groups, _problems = read_exif(image)
        metadata: dict[str, object] = {"exif": groups, **convenience(groups)} if groups else {}
        image.load()
        metadata["phash"] = perceptual_hash(image)
    return PhotoFacts(item_id, f"{folder}/{name}", name, folder, hashlib.sha256(data).hexdigest(), metadata)


def id_name(n: int, named: dt.datetime) -> str:
    return f"{resident_id('653121', dt.date(1980, 1, 1), 2 * n + 1)}_{named:%Y%m%d%H%M%S}.jpg"


def context(photos: list[PhotoFacts]) -> VerifyContext:
    return VerifyContext(collection=None, as_of=dt.date(2018, 7, 31), as_of_source="given", photos=photos, rows=[])
