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


# -- legacy and open spreadsheets (nothing installed writes XLS or ODS: these are built by hand) --

XLS_ROWS = [
    ["姓名", "身份证号", "数量", "出生日期", "入所时间", "在押", "核查"],
    ["阿不都热合曼", "650102199001011234", 3, dt.date(1990, 1, 1), dt.datetime(2017, 3, 1, 9, 30), True, ("error", 0x2A)],
    ["Excel float", 6.50102199001011e17, 12.5, None, None, False, None],
]
OLE_FREE, OLE_END, OLE_FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _biff(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _xl_string(text: str, length: str = "<H") -> bytes:
    return struct.pack(length, len(text)) + b"\x01" + text.encode("utf-16-le")


def _excel_serial(value: dt.date) -> float:
    if isinstance(value, dt.datetime):
        return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return float((value - dt.date(1899, 12, 30)).days)


def biff8_workbook(
    sheets: dict[str, list[list[object]]],
    merged: dict[str, list[tuple[int, int, int, int]]] | None = None,
    dimensions: dict[str, bytes] | None = None,
    encrypted: bool = False,
) -> bytes:
    """The Workbook stream of an Excel 97-2003 file (BIFF8): strings in the SST, numbers as
    NUMBER or RK records, dates through date formats, booleans and errors as BOOLERR."""
    strings: list[str] = []
    for rows in sheets.values():
        for row in rows:
            strings.extend(v for v in row if isinstance(v, str) and v not in strings)
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(_xl_string(s) for s in strings)
    xf_general, xf_date, xf_datetime = 0, 1, 2

    def glob(positions: list[int]) -> bytes:
        records = [_biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0x41, 0x06))]
        records.append(_biff(0x0042, struct.pack("<H", 1200)))  # code page: UTF-16
        if encrypted:
            records.append(_biff(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48)))  # FilePass, RC4
        for ifmt in (0, 14, 22):  # XF: general, m/d/yyyy, m/d/yyyy h:mm
            records.append(_biff(0x00E0, struct.pack("<HH", 0, ifmt) + bytes(16)))
        for name, position in zip(sheets, positions):
            records.append(_biff(0x0085, struct.pack("<IBB", position, 0, 0) + _xl_string(name, "<B")))
        records.append(_biff(0x00FC, sst))
        records.append(_biff(0x000A, b""))
        return b"".join(records)

    bodies = []
    for name, rows in sheets.items():
        width = max((len(r) for r in rows), default=0)
        records = [_biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0x41, 0x06))]
        records.append(_biff(0x0200, (dimensions or {}).get(name) or struct.pack("<IIHHH", 0, len(rows), 0, width, 0)))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, tuple):  # ("error", code)
                    records.append(_biff(0x0205, struct.pack("<HHHBB", r, c, xf_general, value[1], 1)))
                elif isinstance(value, bool):
                    records.append(_biff(0x0205, struct.pack("<HHHBB", r, c, xf_general, int(value), 0)))
                elif isinstance(value, str):
                    records.append(_biff(0x00FD, struct.pack("<HHHI", r, c, xf_general, strings.index(value))))
                elif isinstance(value, int) and abs(value) < 2**29:
                    records.append(_biff(0x027E, struct.pack("<HHHi", r, c, xf_general, (value << 2) | 2)))  # RK integer
                elif isinstance(value, dt.date):
                    xf = xf_datetime if isinstance(value, dt.datetime) else xf_date
                    records.append(_biff(0x0203, struct.pack("<HHHd", r, c, xf, _excel_serial(value))))
                else:
                    records.append(_biff(0x0203, struct.pack("<HHHd", r, c, xf_general, float(value))))  # type: ignore[arg-type]
        for first_row, last_row, first_col, last_col in (merged or {}).get(name, []):
            records.append(_biff(0x00E5, struct.pack("<HHHHH", 1, first_row, last_row, first_col, last_col)))
        records.append(_biff(0x000A, b""))
        bodies.append(b"".join(records))
    start = len(glob([0] * len(sheets)))
    positions = []
    for body in bodies:
        positions.append(start)
        start += len(body)
    return glob(positions) + b"".join(bodies)


def summary_information(author: str, title: str, created: dt.datetime, codepage: int = 936) -> bytes:
    """A \\x05SummaryInformation property set: code page, title, author, creation time."""
    import uuid

    def lpstr(text: str) -> bytes:
        raw = text.encode(f"cp{codepage}") + b"\x00"
        raw += b"\x00" * (-len(raw) % 4)
        return struct.pack("<II", 30, len(raw)) + raw

    ticks = int((created - dt.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
    values = {
        1: struct.pack("<IhH", 2, codepage, 0),
        2: lpstr(title),
        4: lpstr(author),
        12: struct.pack("<IQ", 64, ticks),
    }
    offset = 8 + 8 * len(values)
    table, blob = b"", b""
    for pid, value in values.items():
        table += struct.pack("<II", pid, offset + len(blob))
        blob += value
    section = struct.pack("<II", offset + len(blob), len(values)) + table + blob
    fmtid = uuid.UUID("f29f85e0-4ff9-1068-ab91-08002b27b3d9").bytes_le
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, bytes(16), 1) + fmtid + struct.pack("<I", 48) + section


def ole2_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (MS-CFB version 3, 512-byte sectors) holding these streams in its root
    storage; streams under 4096 bytes go to the mini stream, as Office writes them."""
    sector = 512
    mini, mini_fat, starts = bytearray(), [], {}
    for name, data in streams.items():
        if len(data) >= 4096 or not data:
            continue
        first, count = len(mini) // 64, -(-len(data) // 64)
        starts[name] = first
        mini += data + b"\x00" * (count * 64 - len(data))
        mini_fat += [first + i + 1 for i in range(count - 1)] + [OLE_END]
    names = list(streams)
    directory = bytearray()
    layout: list[tuple[str, bytes]] = []  # (what, bytes) in sector order after the FAT
    regions: dict[str, tuple[int, int]] = {}

    def add(what: str, data: bytes) -> None:
        padded = data + b"\x00" * (-len(data) % sector)
        layout.append((what, padded))

    def entry(name: str, kind: int, start: int, size: int, child: int = OLE_FREE, right: int = OLE_FREE) -> bytes:
        raw = (name + "\x00").encode("utf-16-le")
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", OLE_FREE, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    # Sector numbers depend on how many FAT sectors come first: settle that, then write.
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    big = {n: d for n, d in streams.items() if len(d) >= 4096}
    sizes = [4 * 128 * -(-(len(names) + 1) // 4)]  # directory: 4 entries a sector
    sizes += [len(mini_fat_bytes)] if mini_fat_bytes else []
    sizes += [len(mini)] if mini else []
    sizes += [len(d) for d in big.values()]
    body_sectors = sum(-(-s // sector) for s in sizes)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + body_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "test files stay small"
    next_sector = fat_sectors
    fat = [OLE_FAT] * fat_sectors

    def place(what: str, data: bytes) -> int:
        nonlocal next_sector
        count = -(-len(data) // sector)
        first = next_sector
        fat.extend([first + i + 1 for i in range(count - 1)] + [OLE_END])
        next_sector += count
        regions[what] = (first, len(data))
        add(what, data)
        return first

    dir_size = sizes[0]
    dir_first = next_sector
    next_sector += dir_size // sector
    fat.extend([dir_first + i + 1 for i in range(dir_size // sector - 1)] + [OLE_END])
    mini_fat_first = place("minifat", mini_fat_bytes) if mini_fat_bytes else OLE_END
    mini_first = place("mini", bytes(mini)) if mini else OLE_END
    big_first = {name: place(name, data) for name, data in big.items()}
    directory += entry("Root Entry", 5, mini_first, len(mini), child=1 if names else OLE_FREE)
    for index, name in enumerate(names, start=1):
        data = streams[name]
        start = big_first.get(name, starts.get(name, OLE_END))
        directory += entry(name, 2, start, len(data), right=index + 1 if index < len(names) else OLE_FREE)
    directory += b"\x00" * (dir_size - len(directory))
    fat += [OLE_FREE] * (fat_sectors * 128 - len(fat))
    difat = list(range(fat_sectors)) + [OLE_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_first, 0, 4096, mini_fat_first, 1 if mini_fat_bytes else 0, OLE_END, 0)
        + struct.pack("<109I", *difat)
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + bytes(directory) + b"".join(data for _, data in layout)
    return header + body


@pytest.fixture
def make_xls(tmp_path: Path) -> Callable[..., Path]:
    def make(sheets: dict[str, list[list[object]]] | None = None, name: str = "roster.xls", properties: bool = True, **options: object) -> Path:
        workbook = biff8_workbook(sheets or {"在押人员": XLS_ROWS, "说明": [[], ["备注", "空行之后"]]}, **options)  # type: ignore[arg-type]
        workbook += b"\x00" * max(0, 4096 - len(workbook))  # Excel pads small workbooks past the mini-stream cutoff
        streams = {"Workbook": workbook}
        if properties:
            streams["\x05SummaryInformation"] = summary_information("王建国", "在押人员名单", dt.datetime(2013, 5, 6, 8, 15))
        path = tmp_path / name
        path.write_bytes(ole2_file(streams))
        return path

    return make


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"""


def ods_cell(value: object = None, repeat: int = 1, **attrs: str) -> str:
    """One table:table-cell as LibreOffice writes it."""
    extra = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    extra += "".join(f' {k.replace("__", ":").replace("_", "-")}="{v}"' for k, v in attrs.items())
    if value is None:
        return f"<table:table-cell{extra}/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"{extra}><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{extra}><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, dt.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{extra}><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p></table:table-cell>'


def ods_row(*cells: str, repeat: int = 1) -> str:
    extra = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{extra}>{''.join(cells)}</table:table-row>"


ODS_TABLES = {
    "在押人员": "".join(
        [
            ods_row(*(ods_cell(h) for h in ["姓名", "身份证号", "数量", "出生日期", "入所时间", "在押", "比例"])),
            ods_row(
                ods_cell("阿不都热合曼"),
                # an ID number stored as a number, every digit in the XML
                '<table:table-cell office:value-type="float" office:value="653121198503127518"><text:p>6.53121198503128E+17</text:p></table:table-cell>',
                ods_cell(3),
                ods_cell(dt.date(1990, 1, 1)),
                ods_cell(dt.datetime(2017, 3, 1, 9, 30)),
                ods_cell(True),
                '<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>',
            ),
            ods_row(
                '<table:table-cell office:value-type="string"><text:p>古丽<text:s text:c="2"/>努尔</text:p><text:p>第二行</text:p>'
                "<office:annotation><text:p>批注不是单元格内容</text:p></office:annotation></table:table-cell>",
                '<table:table-cell office:value-type="float" office:value="6.50102199001011E+17"><text:p>x</text:p></table:table-cell>',
                '<table:table-cell office:value-type="time" office:time-value="PT13H45M10S"><text:p>13:45:10</text:p></table:table-cell>',
                ods_cell(None, repeat=2),
                ods_cell(False),
            ),
            ods_row(ods_cell(None, repeat=1024), repeat=3),  # blank rows inside the table are kept
            ods_row(ods_cell("合计", table__number_columns_spanned="3"), "<table:covered-table-cell/>" * 2, ods_cell("两人"), ods_cell(None, repeat=1020)),
            ods_row(ods_cell(None, repeat=1024), repeat=1048570),  # LibreOffice's trailing empty rows
        ]
    ),
    "说明": ods_row(ods_cell(None, repeat=2)) + ods_row(ods_cell("备注"), ods_cell(12.0)),
}
ODS_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><meta:initial-creator>王建国</meta:initial-creator>
<meta:creation-date>2017-03-01T09:30:00.123456789</meta:creation-date><dc:date>2017-03-02T18:05:00</dc:date><dc:creator>李明</dc:creator>
<dc:title>在押人员名单</dc:title></office:meta></office:document-meta>"""


def ods_bytes(tables: dict[str, str], manifest_extra: str = "", meta: str = ODS_META) -> bytes:
    """A minimal valid ODS package: the mimetype member stored first, then manifest, content, meta."""
    content = ODS_CONTENT.format(tables="".join(f'<table:table table:name="{n}">{rows}</table:table>' for n, rows in tables.items()))
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)
    return buffer.getvalue()


@pytest.fixture
def make_ods(tmp_path: Path) -> Callable[..., Path]:
    def make(tables: dict[str, str] | None = None, name: str = "roster.ods", **options: str) -> Path:
        path = tmp_path / name
        path.write_bytes(ods_bytes(tables or ODS_TABLES, **options))
        return path

    return make
