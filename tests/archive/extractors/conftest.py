"""Factories that write REAL files of every supported format into tmp_path.

Each fixture returns a function `make(...) -> Path` (or a Path) so a test states what it needs.
Constants describe what the files contain, so tests can assert exact values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from adalet.archive.extractors.base import Context, Extraction, Extractor, Limits, Source

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

# -- what the files contain --------------------------------------------------------------------

EXIF = {
    "make": "Canon",
    "model": "Canon EOS 5D Mark IV",
    "software": "Adobe Photoshop 22.0 (Windows)",
    "serial": "032021001234",
    "original": "2018:07:15 14:32:09",
    "offset": "+08:00",
    "lat": (43, 49, 30),  # 43.825 N
    "lon": (87, 36, 54),  # 87.615 E
}
DOCX_PARAGRAPHS = ["新疆维吾尔自治区公安厅", "关于在押人员转移的通知", "请各看守所于三日内完成。"]
DOCX_TABLE = [["姓名", "民族", "关押场所"], ["阿不都热合曼", "维吾尔族", "乌鲁木齐市第三看守所"]]
XLSX_HEADERS = ["姓名", "身份证号", "性别", "出生日期", "民族", "住址", "关押场所", "状态"]
ID_NUMBER = 650102199001011234
ID_TEXT = "65010219900101123X"
PDF_LINES = ["新疆维吾尔自治区看守所在押人员名单", "身份证号 650102199001011234"]
SCAN_LINES = ["新疆维吾尔自治区", "看守所在押人员名单"]


def as_blob(path: Path) -> Path:
    """A read-only copy named by its SHA-256, without extension, as the blob store keeps originals."""
    data = path.read_bytes()
    blob = path.parent / "blobs" / hashlib.sha256(data).hexdigest()
    if not blob.exists():
        blob.parent.mkdir(exist_ok=True)
        blob.write_bytes(data)
        blob.chmod(0o444)
    return blob


def run_extractor(extractor: Extractor, path: Path, media_type: str, name: str | None = None, **context: object) -> Extraction:
    """Run an extractor on a file the way the pipeline does: a read-only blob plus the original name."""
    limits = context.pop("limits", None) or Limits()
    depth = int(context.pop("depth", 0))  # type: ignore[call-overload]
    blob = as_blob(path)
    source = Source(path=blob, name=name or path.name, media_type=media_type, size=blob.stat().st_size, depth=depth)
    return extractor.extract(source, Context(limits=limits, **context))  # type: ignore[arg-type]


def ocr_ready() -> bool:
    from adalet.archive import ocr

    return bool(shutil.which("tesseract")) and "chi_sim" in ocr.available_languages()


@pytest.fixture(autouse=True)
def _skip_ocr_without_tesseract(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("ocr") and not ocr_ready():
        pytest.skip("tesseract with chi_sim is not installed")


# -- images ------------------------------------------------------------------------------------


def _exif(orientation: int | None = None) -> object:
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    exif = Image.Exif()
    exif[0x010F] = EXIF["make"]
    exif[0x0110] = EXIF["model"]
    exif[0x0131] = EXIF["software"]
    if orientation:
        exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = EXIF["original"]
    sub[0x9011] = EXIF["offset"]
    sub[0xA431] = EXIF["serial"]
    sub[0x9286] = b"ASCII\x00\x00\x00camp gate"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = tuple(IFDRational(v) for v in EXIF["lat"])
    gps[3] = "E"
    gps[4] = tuple(IFDRational(v) for v in EXIF["lon"])
    return exif


@pytest.fixture
def jpeg_with_exif(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "photo.jpg", size: tuple[int, int] = (640, 480), orientation: int | None = None) -> Path:
        from PIL import Image

        path = tmp_path / name
        Image.new("RGB", size, (120, 50, 30)).save(path, "JPEG", exif=_exif(orientation), quality=90)
        return path

    return make


@pytest.fixture
def png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "plain.png"
    Image.new("RGBA", (300, 200), (0, 128, 255, 128)).save(path, "PNG")
    return path


def text_image(lines: list[str], size: int = 40) -> object:
    """A white page with black Chinese text, like a scan."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), size)
    image = Image.new("L", (size * (max(len(line) for line in lines) + 4), size * 2 * (len(lines) + 1)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size * 2, size + i * size * 2), line, font=font, fill=0)
    return image


@pytest.fixture
def scan_png(tmp_path: Path) -> Path:
    path = tmp_path / "scan.png"
    text_image(SCAN_LINES).save(path, "PNG")  # type: ignore[attr-defined]
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture
def huge_png(tmp_path: Path) -> Callable[..., Path]:
    """A valid PNG of width × height 1-bit grey pixels, streamed so it is tiny and quick."""

    def make(width: int = 20_000, height: int = 20_000, with_exif: bool = True) -> Path:
        path = tmp_path / "huge.png"
        row = b"\x00" + b"\x00" * ((width + 7) // 8)
        compressor = zlib.compressobj(9)
        with open(path, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n")
            fh.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)))
            if with_exif:
                fh.write(_chunk(b"eXIf", _exif().tobytes()[6:]))  # type: ignore[attr-defined]
            block = row * 1000
            body = b"".join(compressor.compress(block) for _ in range(height // 1000))
            body += compressor.compress(row * (height % 1000)) + compressor.flush()
            fh.write(_chunk(b"IDAT", body))
            fh.write(_chunk(b"IEND", b""))
        return path

    return make


# -- documents ---------------------------------------------------------------------------------


@pytest.fixture
def docx_cn(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    for paragraph in DOCX_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    props = document.core_properties
    props.author = "王建国"
    props.last_modified_by = "李明"
    props.title = "转移通知"
    props.created = dt.datetime(2017, 3, 1, 9, 30, 0)
    props.modified = dt.datetime(2017, 3, 2, 18, 5, 0)
    path = tmp_path / "notice.docx"
    document.save(path)
    return path


@pytest.fixture
def xlsx_cn(tmp_path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "在押人员"
    sheet.append(XLSX_HEADERS)
    sheet.append(["阿不都热合曼", ID_NUMBER, "男", dt.datetime(1990, 1, 1), "维吾尔族", "乌鲁木齐市天山区", "第三看守所", "在押"])
    sheet.append(["古丽", ID_TEXT, "女", dt.date(1985, 6, 30), "维吾尔族", None, "第三看守所", "转移"])
    sheet.append(["Excel float", 6.50102199001011e17, None, None, None, None, 12.0, 0.1])
    sheet.merge_cells("F5:H5")
    sheet["A5"] = "合计"
    sheet["F5"] = "两人"
    second = workbook.create_sheet("说明")
    second.append([None, None])
    second.append(["备注", True])
    workbook.properties.creator = "看守所管理系统"
    saved = io.BytesIO()
    workbook.save(saved)
    # openpyxl writes big ints as doubles; generators (and WPS) often write the integer literal,
    # which is what "an ID number stored as a number" looks like when no digit was lost.
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(repr(float(ID_NUMBER)).encode(), str(ID_NUMBER).encode())
                assert str(ID_NUMBER).encode() in data
            dst.writestr(info, data)
    return path


@pytest.fixture
def csv_gb18030(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    text = "姓名,身份证号,民族\r\n阿不都热合曼,650102199001011234,维吾尔族\r\n古丽,65010219900101123X,维吾尔族\r\n"
    path.write_bytes(text.encode("gb18030"))
    return path


@pytest.fixture
def text_file(tmp_path: Path) -> Callable[[str, str, str], Path]:
    def make(text: str, encoding: str, name: str = "note.txt") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make


def _register_song() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@pytest.fixture
def pdf_text(tmp_path: Path) -> Path:
    """Two pages with a Chinese text layer (reportlab, CID font STSong-Light)."""
    from reportlab.pdfgen import canvas

    font = _register_song()
    path = tmp_path / "list.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setAuthor("自治区公安厅")
    pdf.setTitle("在押人员名单")
    pdf.setCreator("WPS Office")
    for line_no, line in enumerate(PDF_LINES):
        pdf.setFont(font, 14)
        pdf.drawString(72, 760 - 24 * line_no, line)
    pdf.showPage()
    pdf.setFont(font, 14)
    pdf.drawString(72, 760, "第二页 共二页 以下空白")
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def pdf_scanned(tmp_path: Path) -> Path:
    """A one-page PDF made only of an image of Chinese text (Pillow writes it as a JPEG)."""
    scan = tmp_path / "scan-only.pdf"
    text_image(SCAN_LINES).save(scan, "PDF", resolution=150)  # type: ignore[attr-defined]
    return scan


@pytest.fixture
def pdf_encrypted(tmp_path: Path, pdf_text: Path) -> Callable[..., Path]:
    def make(user_password: str = "secret", owner_password: str | None = None) -> Path:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(pdf_text))
        writer.encrypt(user_password, owner_password)
        path = tmp_path / f"locked-{user_password or 'empty'}.pdf"
        with open(path, "wb") as fh:
            writer.write(fh)
        return path

    return make


# -- containers --------------------------------------------------------------------------------


def _zip_bytes(entries: dict[str, bytes], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        zf.comment = comment
    return buffer.getvalue()


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[..., Path]:
    def make(entries: dict[str, bytes], name: str = "bundle.zip", comment: bytes = b"") -> Path:
        path = tmp_path / name
        path.write_bytes(_zip_bytes(entries, comment))
        return path

    return make


@pytest.fixture
def nested_zip(make_zip: Callable[..., Path]) -> Path:
    inner = _zip_bytes({"deep/名单.txt": "阿不都热合曼\n".encode()})
    return make_zip({"readme.txt": b"outer", "inner.zip": inner}, name="outer.zip")


@pytest.fixture
def gbk_named_zip(tmp_path: Path) -> Path:
    """A zip as Windows makes it in China: GBK names, UTF-8 flag (0x800) not set."""
    names = ("在押人员名单.txt", "照片/阿不都.jpg")
    placeholders = {name: letter * len(name.encode("gbk")) for name, letter in zip(names, (b"A", b"B"))}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in names:
            zf.writestr(placeholders[name].decode("ascii"), name.encode("utf-8"))
    raw = buffer.getvalue()
    for name in names:  # same length, so offsets stay right; names are not covered by CRCs
        raw = raw.replace(placeholders[name], name.encode("gbk"))
    path = tmp_path / "windows.zip"
    path.write_bytes(raw)
    return path


@pytest.fixture
def bomb_zip(tmp_path: Path) -> Callable[..., Path]:
    """One member of `megabytes` MB of zeros, deflated while streaming (small and fast)."""

    def make(megabytes: int = 20, name: str = "bomb.zip") -> Path:
        path = tmp_path / name
        chunk = b"\x00" * (1024 * 1024)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("zeros.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
        return path

    return make


@pytest.fixture
def traversal_zip(tmp_path: Path) -> Path:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/passwd", b"root:x:0:0")
        zf.writestr("/abs/path", b"absolute")
        zf.writestr("C:\\Windows\\win.ini", b"[fonts]")
        zf.writestr("ok/../../escape.txt", b"escape")
        zf.writestr("fine/名单.txt", "安全".encode())
        link = zipfile.ZipInfo("link")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, b"/etc/shadow")
    return path


# -- damage ------------------------------------------------------------------------------------


@pytest.fixture
def truncated(tmp_path: Path) -> Callable[[Path], Path]:
    """A copy of a file cut in half."""

    def cut(path: Path) -> Path:
        data = path.read_bytes()
        target = tmp_path / f"cut-{path.name}"
        target.write_bytes(data[: len(data) // 2])
        return target

    return cut


@pytest.fixture
def unknown_binary(tmp_path: Path) -> Path:
    path = tmp_path / "blob.dat"
    path.write_bytes(bytes(range(256)) * 16 + b"\x00\x01\x02\x03" * 100)
    return path
