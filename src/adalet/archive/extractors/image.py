"""Images (JPEG, PNG, GIF, TIFF, BMP, WebP) through Pillow: all EXIF, a thumbnail, OCR of scans.

Metadata:
* ``exif``: the base IFD (``image``), the Exif IFD 0x8769 (``exif``), the GPS IFD 0x8825
  (``gps``) and the interoperability IFD (``interop``), keyed by tag name (PIL.ExifTags),
  values JSON-safe (rationals -> float, tuples -> lists, bytes -> ASCII text or hex);
* convenience keys: ``capture_time`` (DateTimeOriginal, else DateTimeDigitized, ISO, with the
  EXIF offset when recorded), ``camera_make``, ``camera_model``, ``camera_serial``
  (BodySerialNumber, else CameraSerialNumber), ``software``, ``gps`` {lat, lon[, alt]} in
  decimal degrees, ``width``, ``height``, ``format``, ``mode``;
* ``phash``: the 64-bit perceptual hash (imagehash.phash, hex) of the upright image, computed here
  once so that near-duplicate detection never decodes the pixels again.

Decisions:
* Size limit: Pillow's own bomb check is suspended only while the header is parsed (under a
  lock); our limit is Limits.max_image_pixels. Over it, pixels are never decoded: metadata
  and EXIF are returned with ``failure=ExtractionError(code="too_large")``.
* Truncated or corrupt pixel data: when the header (and EXIF) read fine, they are returned
  with ``failure=ExtractionError(code="malformed")`` and no thumbnail; an unreadable header
  raises ExtractionError(code="malformed"). Same rule for every format.
* OCR: never for photos. An image is OCR'd only when ``context.ocr`` is on AND it has no
  camera EXIF (Make, Model, DateTimeOriginal or a body serial): scans, screenshots, faxes.
  Every frame of a multi-page TIFF is OCR'd into ``pages``. OCR that is unavailable or fails
  is a warning, not a failure.
* Thumbnail: at most 256 px, JPEG, EXIF orientation applied; JPEGs use ``draft`` (DCT scaling).
  The thumbnail and the pHash of a JPEG always come from that scaled decoding (a second one when OCR
  needs the full resolution), so a file's pHash does not depend on whether OCR was on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import threading
import warnings as pywarnings
from collections.abc import Iterator
from typing import Any, ClassVar

from adalet.archive import ocr
from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import clip_text
from adalet.archive.extractors.base import Context, Derivative, Extraction, ExtractionError, Extractor, Source

THUMBNAIL_SIZE = 256
MAX_BYTES_SHOWN = 1024
EXIF_IFD, GPS_IFD, INTEROP_IFD = 0x8769, 0x8825, 0xA005
_POINTERS = {EXIF_IFD, GPS_IFD, INTEROP_IFD}
_XP_TAGS = {0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F}  # Windows XPTitle/Comment/Author/Keywords/Subject
_USER_COMMENT = 0x9286
_PIXEL_ERRORS = (OSError, SyntaxError, EOFError, ValueError, IndexError, MemoryError)

_open_lock = threading.Lock()


@contextlib.contextmanager
def _pillow_bomb_check_suspended() -> Iterator[None]:
    """Parse headers of any size: our own limit is applied before pixels are decoded."""
    from PIL import Image

    with _open_lock:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- EXIF --------------------------------------------------------------------------------------


def _bytes(value: bytes) -> str:
    stripped = value.rstrip(b"\x00")
    if stripped and all(32 <= b < 127 or b in (9, 10, 13) for b in stripped):
        return stripped.decode("ascii")
    shown = value[:MAX_BYTES_SHOWN].hex()
    return shown if len(value) <= MAX_BYTES_SHOWN else f"{shown}… ({len(value)} bytes)"


def _user_comment(value: bytes, big_endian: bool) -> str:
    prefix, body = value[:8], value[8:]
    if prefix.startswith(b"UNICODE"):
        return body.decode("utf-16-be" if big_endian else "utf-16-le", "replace").rstrip("\x00 ")
    if prefix.startswith(b"JIS"):
        return body.decode("shift_jis", "replace").rstrip("\x00 ")
    for encoding in ("ascii", "utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return body.decode(encoding).rstrip("\x00 ")
    return _bytes(value)


def jsonable(value: Any) -> Any:
    """An EXIF value as JSON: rationals -> float (None for x/0), tuples -> lists, bytes -> text/hex."""
    from PIL.TiffImagePlugin import IFDRational

    if isinstance(value, IFDRational):
        return None if value.denominator == 0 else float(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return value.rstrip("\x00")
    if isinstance(value, (bytes, bytearray)):
        return _bytes(bytes(value))
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def _ifd(items: dict[int, Any], names: dict[int, str], big_endian: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tag, value in items.items():
        if tag in _POINTERS and not isinstance(value, (bytes, str)):
            continue
        name = names.get(tag) or f"0x{tag:04X}"
        if tag in _XP_TAGS:
            raw = bytes(value) if isinstance(value, (bytes, tuple, list)) else None
            out[name] = raw.decode("utf-16-le", "replace").rstrip("\x00") if raw is not None else jsonable(value)
        elif tag == _USER_COMMENT and isinstance(value, bytes):
            out[name] = _user_comment(value, big_endian)
        else:
            out[name] = jsonable(value)
    return out


def read_exif(image: Any) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """All EXIF groups of an opened image, JSON-safe, plus warnings for unreadable parts."""
    from PIL.ExifTags import GPSTAGS, TAGS

    warnings: list[str] = []
    try:
        exif = image.getexif()
    except Exception as exc:  # noqa: BLE001 - damaged EXIF block
        raise_if_environmental(exc)
        return {}, [f"EXIF unreadable: {_first_line(exc)}"]
    big_endian = getattr(exif, "endian", "<") == ">"
    groups: dict[str, dict[str, Any]] = {}
    base = _ifd(dict(exif.items()), TAGS, big_endian)
    if base:
        groups["image"] = base
    for key, tag, names in (("exif", EXIF_IFD, TAGS), ("gps", GPS_IFD, GPSTAGS), ("interop", INTEROP_IFD, TAGS)):
        try:
            items = exif.get_ifd(tag)
        except Exception as exc:  # noqa: BLE001
            raise_if_environmental(exc)
            warnings.append(f"EXIF {key} block unreadable: {_first_line(exc)}")
            continue
        if items:
            groups[key] = _ifd(dict(items), names, big_endian)
    return groups, warnings


def _exif_time(value: Any, offset: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    text = moment.isoformat()
    if isinstance(offset, str) and re.fullmatch(r"[+-]\d\d:\d\d", offset.strip()):
        text += offset.strip()
    return text


def _degrees(values: Any, ref: Any, limit: float) -> float | None:
    try:
        d, m, s = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    result = d + m / 60 + s / 3600
    if not math.isfinite(result) or abs(result) > limit:
        return None
    if isinstance(ref, str) and ref.strip().upper() in ("S", "W"):
        result = -result
    return round(result, 7)


def convenience(groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The handy keys (capture_time, camera_*, software, gps) from the EXIF groups."""
    base, exif, gps = groups.get("image", {}), groups.get("exif", {}), groups.get("gps", {})
    found: dict[str, Any] = {}
    capture = _exif_time(exif.get("DateTimeOriginal"), exif.get("OffsetTimeOriginal")) or _exif_time(
        exif.get("DateTimeDigitized"), exif.get("OffsetTimeDigitized")
    )
    for key, value in (
        ("capture_time", capture),
        ("camera_make", base.get("Make")),
        ("camera_model", base.get("Model")),
        ("camera_serial", exif.get("BodySerialNumber") or base.get("CameraSerialNumber")),
        ("software", base.get("Software")),
    ):
        if isinstance(value, str):
            value = value.strip()
        if value:
            found[key] = value
    lat = _degrees(gps.get("GPSLatitude"), gps.get("GPSLatitudeRef"), 90)
    lon = _degrees(gps.get("GPSLongitude"), gps.get("GPSLongitudeRef"), 180)
    if lat is not None and lon is not None:
        found["gps"] = {"lat": lat, "lon": lon}
        alt = gps.get("GPSAltitude")
        if isinstance(alt, float):
            found["gps"]["alt"] = -alt if gps.get("GPSAltitudeRef") in (1, "01", "\x01") else alt
    return found


def is_photo(metadata: dict[str, Any]) -> bool:
    """A camera picture (not a scan/screenshot): it carries camera EXIF."""
    return any(metadata.get(k) for k in ("camera_make", "camera_model", "camera_serial")) or bool(
        metadata.get("exif", {}).get("exif", {}).get("DateTimeOriginal")
    )


# -- pixels ------------------------------------------------------------------------------------

_ORIENTATION = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}


def _rgb(image: Any) -> Any:
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode.startswith("I") or image.mode == "F":
        image = image.convert("I")
        high = image.getextrema()[1] or 1
        scale = 255 / high if high > 255 else 1
        image = image.point(lambda v: v * scale).convert("L")
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def thumbnail(image: Any, orientation: Any) -> bytes:
    from PIL import Image

    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), resample=Image.Resampling.BILINEAR, reducing_gap=2.0)
    if orientation in _ORIENTATION:
        thumb = thumb.transpose(getattr(Image.Transpose, _ORIENTATION[orientation]))
    buffer = io.BytesIO()
    thumb = _rgb(thumb)
    thumb.info = {}  # Pillow would carry the original's comment segment and ICC profile into the thumbnail
    thumb.save(buffer, format="JPEG", quality=80)
    return strip_jpeg(buffer.getvalue())


def strip_jpeg(data: bytes) -> bytes:
    """A JPEG with only what draws the picture: no comment (COM) or application segments but JFIF's (EXIF, XMP,
    ICC, IPTC...), nothing after the end-of-image marker. Data that is not a well-formed JPEG comes back empty."""
    if not data.startswith(b"\xff\xd8"):
        return b""
    out = [b"\xff\xd8"]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return b""
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        if marker == 0xDA:  # start of scan: the entropy-coded data runs to the end-of-image marker
            end = data.find(b"\xff\xd9", pos + 2 + length)  # never inside scan data, where FF is stuffed as FF 00
            if end == -1:
                return b""
            out.append(data[pos : end + 2])
            return b"".join(out)
        keep = marker not in (0xFE,) and not (0xE1 <= marker <= 0xEF) and not (marker == 0xE0 and b"JFIF" not in segment[4:9])
        if keep:
            out.append(segment)
        pos += 2 + length
    return b""



def perceptual_hash(image: Any, orientation: Any = None) -> str:
    """imagehash's DCT perceptual hash (64 bits, hex) of the upright image: equal for re-encoded or resized copies."""
    import imagehash
    from PIL import Image

    small = image.copy()
    small.thumbnail((128, 128), resample=Image.Resampling.BILINEAR)
    if orientation in _ORIENTATION:
        small = small.transpose(getattr(Image.Transpose, _ORIENTATION[orientation]))
    return str(imagehash.phash(_rgb(small)))


def _frames(image: Any, max_pixels: int) -> Iterator[Any]:
    frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    for index in range(frames):
        if index:
            image.seek(index)
            if image.width * image.height > max_pixels:
                continue
            image.load()
        yield image.copy()


class ImageExtractor(Extractor):
    name: ClassVar[str] = "image"
    media_types: ClassVar[tuple[str, ...]] = ("image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp", "image/webp")
    extensions: ClassVar[tuple[str, ...]] = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp")
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        from PIL import Image, ImageFile

        # Damage must be reported, never papered over: WeasyPrint, once imported, sets this to True process-wide.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with pywarnings.catch_warnings(record=True) as caught:  # Pillow warns about corrupt EXIF etc.
            pywarnings.simplefilter("always")
            with _pillow_bomb_check_suspended():
                try:
                    image = Image.open(source.path)
                except Exception as exc:  # noqa: BLE001 - UnidentifiedImageError, SyntaxError, struct.error...
                    raise ExtractionError(f"image header is unreadable: {_first_line(exc)}") from exc
            with image:
                extraction = self._extract(image, context, source.path)
        for warning in caught:
            line = f"Pillow: {str(warning.message).strip()}"
            if line not in extraction.warnings:
                extraction.warnings.append(line)
        return extraction

    def _extract(self, image: Any, context: Context, path: Any) -> Extraction:
        limits = context.limits
        width, height = image.size
        metadata: dict[str, Any] = {"width": width, "height": height, "format": image.format, "mode": image.mode}
        if image.format in ("TIFF", "WEBP") and getattr(image, "n_frames", 1) > 1:
            metadata["frames"] = image.n_frames  # cheap for these; GIF would decode every frame to count
        warnings: list[str] = []
        # PNG keeps EXIF after the pixels sometimes: Pillow would decode them to find it.
        exif_now = image.format != "PNG" or "exif" in image.info
        if exif_now:
            self._exif(image, metadata, warnings)

        pixels = width * height
        if pixels > limits.max_image_pixels:
            reason = (
                f"image is {width}×{height} = {pixels / 1e6:.4g} megapixels, over the "
                f"{limits.max_image_pixels / 1e6:.4g} megapixel limit; pixels not decoded"
            )
            return Extraction(metadata=metadata, warnings=warnings, failure=ExtractionError(reason, code="too_large"))

        want_ocr = context.ocr and not is_photo(metadata)
        if image.format == "JPEG" and not want_ocr:
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        try:
            image.load()
        except _PIXEL_ERRORS as exc:
            reason = f"image data is damaged or truncated ({_first_line(exc)}); metadata read, pixels not decoded"
            return Extraction(metadata=metadata, warnings=warnings, failure=ExtractionError(reason))
        if not exif_now:
            self._exif(image, metadata, warnings)
        self._info(image, metadata)

        orientation = metadata.get("exif", {}).get("image", {}).get("Orientation")
        scaled = image if image.format != "JPEG" or not want_ocr else self._scaled_jpeg(path)
        if scaled is None:
            reason = "image data is damaged or truncated (its scaled decoding failed); metadata read, no thumbnail"
            return Extraction(metadata=metadata, warnings=warnings, failure=ExtractionError(reason))
        with contextlib.ExitStack() as stack:
            if scaled is not image:
                stack.enter_context(scaled)
            derivatives = [Derivative(kind="thumbnail", media_type="image/jpeg", data=thumbnail(scaled, orientation))]
            metadata["phash"] = perceptual_hash(scaled, orientation)
        extraction = Extraction(metadata=metadata, derivatives=derivatives, warnings=warnings)
        if want_ocr:
            self._ocr(image, context, extraction)
        return extraction

    @staticmethod
    def _scaled_jpeg(path: Any) -> Any:
        """The JPEG decoded as ingest decodes it without OCR (DCT-scaled to the thumbnail's size), or None if that
        fails: the thumbnail and the pHash come from this one decoding whatever the options, so the same file has the
        same pHash whether OCR read it (a full decoding moves the pHash by up to 2 bits) or not."""
        from PIL import Image

        with _pillow_bomb_check_suspended():
            scaled = Image.open(path)
        try:
            scaled.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            scaled.load()
        except _PIXEL_ERRORS:
            scaled.close()
            return None
        return scaled

    def _exif(self, image: Any, metadata: dict[str, Any], warnings: list[str]) -> None:
        groups, problems = read_exif(image)
        warnings.extend(problems)
        if groups:
            metadata["exif"] = groups
            metadata.update(convenience(groups))

    def _info(self, image: Any, metadata: dict[str, Any]) -> None:
        info: dict[str, Any] = {}
        for key, value in image.info.items():
            if key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp"):
                continue
            if isinstance(value, (str, int, float, tuple)) and len(str(value)) < 4096:
                info[str(key)] = jsonable(value)
        if info:
            metadata["info"] = info
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
        if xmp:
            xmp = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
            metadata["xmp"] = xmp[:65536]

    def _ocr(self, image: Any, context: Context, extraction: Extraction) -> None:
        pages: list[str] = []
        try:
            for frame in _frames(image, context.limits.max_image_pixels):
                pages.append(ocr.ocr_image(_rgb(frame), context.ocr_languages))
        except ExtractionError as exc:
            extraction.warnings.append(exc.reason)
        except _PIXEL_ERRORS as exc:
            extraction.warnings.append(f"frame {len(pages) + 1} unreadable for OCR: {_first_line(exc)}")
        text = "\n\n".join(p for p in pages if p)
        if text:
            extraction.text = clip_text(text, context.limits, extraction.warnings)
            if len(pages) > 1:
                extraction.pages = pages
            extraction.derivatives.append(Derivative(kind="ocr", media_type="text/plain", data="\f".join(pages).encode("utf-8")))
