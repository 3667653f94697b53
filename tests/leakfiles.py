"""Small real files for archive tests: a folder with Chinese text in several encodings, a CSV,
JPEG police photos with EXIF inside nested zips, and the hostile inputs the archive must survive."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

SPEECH = "疏附县公安局关于在押人员教育转化工作的讲话。王洋同志指出，要严格落实维稳措施。"
ROWS = [
    ("姓名", "身份证号", "性别", "状态"),
    ("阿不都·买买提", "653121198503127518", "男", "在押"),
    ("热依拉·吐尔逊", "65402719920817332x", "女", "已释放"),
]


def jpeg(model: str = "EOS 5D", when: datetime | None = None, size: tuple[int, int] = (96, 128), seed: int = 0) -> bytes:
    image = Image.new("RGB", size, (40 + seed % 200, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = model
    stamp = (when or datetime(2018, 3, 5, 10, 10, 10)).strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8769)[0x9003] = stamp
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def photos_zip(n: int, start: datetime = datetime(2018, 3, 5, 9, 0, 0)) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            when = start + timedelta(minutes=i)
            name = f"65312119850312{i:03d}{i % 10}_{when:%Y%m%d%H%M%S}.jpg"
            z.writestr(name, jpeg(when=when, seed=i))
    return out.getvalue()


def write_leak_folder(root: Path, photos: int = 6) -> Path:
    """leak/ with GB18030 and UTF-16 text, a CSV, and a zip holding a photo zip and a speech."""
    leak = root / "leak"
    (leak / "人员").mkdir(parents=True)
    (leak / "讲话.txt").write_bytes(SPEECH.encode("gb18030"))
    (leak / "notice-utf16.txt").write_bytes("Notice: transfer of detainees 转移".encode("utf-16"))
    (leak / "人员" / "名单.csv").write_bytes("\n".join(",".join(r) for r in ROWS).encode("gb18030"))
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("疏附县/照片.zip", photos_zip(photos))
        z.writestr("疏附县/讲话2.txt", ("第二次讲话 " + SPEECH).encode("utf-8"))
    (leak / "archive.zip").write_bytes(outer.getvalue())
    return leak


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid greyscale PNG of width × height zero pixels, compressed by streaming (≈400 kB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def zip_bomb(megabytes: int = 64) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("bomb.bin", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return out.getvalue()


def traversal_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("../../etc/passwd", "root:x:0:0")
        z.writestr("/abs/evil.txt", "absolute")
        z.writestr("ok.txt", "正常文件")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_hostile_folder(root: Path) -> Path:
    bad = root / "bad"
    bad.mkdir(parents=True)
    (bad / "truncated.jpg").write_bytes(jpeg(size=(400, 400))[:600])
    (bad / "huge.png").write_bytes(huge_png())
    (bad / "bomb.zip").write_bytes(zip_bomb())
    (bad / "traversal.zip").write_bytes(traversal_zip())
    (bad / "locked.pdf").write_bytes(encrypted_pdf())
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (bad / "mystery.bin").write_bytes(bytes(range(256)) * 4)
    (bad / "truncated.zip").write_bytes(photos_zip(3)[:700])
    return bad
