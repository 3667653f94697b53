"""Zip: lazy members, nested archives, bombs stopped by counting real bytes, unsafe names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from adalet.archive.extractors._common import ZIP_RATIO_FLOOR
from adalet.archive.extractors.archive import GuardedStream, ZipExtractor, _Tally
from adalet.archive.extractors.base import ExtractionError, Limits, Member

from .conftest import run_extractor

ZIP = "application/zip"


def members(path: Path, **context: object) -> list[Member]:
    result = run_extractor(ZipExtractor(), path, ZIP, **context)
    assert result.members is not None
    return list(result.members)


def test_members_are_streamed_and_directories_skipped(make_zip) -> None:
    path = make_zip({"a/": b"", "a/名单.txt": "阿不都".encode(), "b.bin": b"\x00\x01"}, comment="在押人员档案".encode())
    result = run_extractor(ZipExtractor(), path, ZIP)
    assert [path for path, _ in result.metadata.pop("members_modified")] == ["a/名单.txt", "b.bin"]  # their zip times
    assert result.metadata == {"member_count": 2, "directory_count": 1, "declared_size": 11, "comment": "在押人员档案"}
    assert result.text == "a/名单.txt\nb.bin"
    listed = list(result.members or [])
    assert [(m.path, m.size, m.failure) for m in listed] == [("a/名单.txt", 9, None), ("b.bin", 2, None)]
    with listed[0].open() as stream:  # type: ignore[misc]
        assert stream.read().decode() == "阿不都"
    with listed[0].open() as stream:  # a fresh stream each time
        assert stream.read(3).decode() == "阿"


def test_members_are_lazy(make_zip) -> None:
    result = run_extractor(ZipExtractor(), make_zip({"x": b"1"}), ZIP)
    import types

    assert isinstance(result.members, types.GeneratorType)


def test_gbk_names_from_windows_are_decoded(gbk_named_zip: Path) -> None:
    listed = members(gbk_named_zip)
    assert [m.path for m in listed] == ["在押人员名单.txt", "照片/阿不都.jpg"]
    with listed[0].open() as stream:  # type: ignore[misc]
        assert stream.read().decode() == "在押人员名单.txt"


def test_nested_zip_is_read_from_the_member_stream(nested_zip: Path, tmp_path: Path) -> None:
    outer = {m.path: m for m in members(nested_zip)}
    assert set(outer) == {"readme.txt", "inner.zip"}
    inner_path = tmp_path / "inner.zip"
    with outer["inner.zip"].open() as stream:  # type: ignore[misc]
        inner_path.write_bytes(stream.read())
    inner = members(inner_path, depth=1)
    assert [m.path for m in inner] == ["deep/名单.txt"]
    with inner[0].open() as stream:  # type: ignore[misc]
        assert stream.read().decode() == "阿不都热合曼\n"


def test_too_deep(nested_zip: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(ZipExtractor(), nested_zip, ZIP, depth=9)
    assert caught.value.code == "zip_bomb"
    assert caught.value.reason == "archive nested 9 levels deep, over the limit of 8"
    assert run_extractor(ZipExtractor(), nested_zip, ZIP, depth=8).members is not None


def test_bomb_member_declaring_an_absurd_ratio_is_refused(bomb_zip) -> None:
    (member,) = members(bomb_zip(20))
    assert member.size == 20 * 1024 * 1024
    assert member.open is None
    assert member.failure is not None and member.failure.code == "zip_bomb"
    assert "compression ratio of" in member.failure.reason and "over the 200:1 limit" in member.failure.reason


def test_member_over_the_size_limit_is_refused(bomb_zip) -> None:
    (member,) = members(bomb_zip(20), limits=Limits(max_member_size=1024 * 1024, max_compression_ratio=10**6))
    assert member.failure is not None and member.failure.code == "zip_bomb"
    assert member.failure.reason == "member 'zeros.bin' declares 20,971,520 bytes, over the 1,048,576 byte limit"


def test_declared_archive_total(make_zip) -> None:
    path = make_zip({"a": b"1" * 600, "b": b"2" * 600})
    first, second = members(path, limits=Limits(max_archive_total=1000))
    assert first.failure is None
    assert second.failure is not None and second.failure.code == "zip_bomb" and second.open is None


class _Info:
    def __init__(self, compress_size: int) -> None:
        self.compress_size = compress_size


def test_stream_counts_real_bytes_whatever_was_declared() -> None:
    limits = Limits(max_compression_ratio=2)
    stream = GuardedStream(io.BytesIO(b"\x00" * (ZIP_RATIO_FLOOR + 10)), _Info(100), limits, _Tally(10**12), 0, "lies.bin")  # type: ignore[arg-type]
    with pytest.raises(ExtractionError) as caught:
        stream.read()
    assert caught.value.code == "zip_bomb"
    assert caught.value.reason == "member 'lies.bin' expanded past 10,485,760 bytes from 100 compressed bytes (over the 2:1 ratio limit)"


def test_stream_member_size_limit_and_chunked_reads() -> None:
    limits = Limits(max_member_size=1000)
    stream = GuardedStream(io.BytesIO(b"x" * 1500), _Info(1500), limits, _Tally(10**12), 0, "big")  # type: ignore[arg-type]
    assert stream.read(600) == b"x" * 600
    with pytest.raises(ExtractionError) as caught:
        stream.read(600)
    assert caught.value.reason == "member 'big' is larger than the 1,000 byte limit"


def test_archive_total_counts_each_member_once() -> None:
    tally = _Tally(1000)
    limits = Limits()
    for _ in range(3):  # the same member re-read: still 800 bytes
        GuardedStream(io.BytesIO(b"a" * 800), _Info(800), limits, tally, 0, "a").read()  # type: ignore[arg-type]
    with pytest.raises(ExtractionError) as caught:
        GuardedStream(io.BytesIO(b"b" * 800), _Info(800), limits, tally, 1, "b").read()  # type: ignore[arg-type]
    assert caught.value.code == "zip_bomb"
    assert caught.value.reason == "archive expanded past its 1,000 byte total limit"


def test_real_bomb_stream_is_stopped_by_counting(bomb_zip) -> None:
    """Declared sizes within limits but a tiny archive total: counting stops the read."""
    path = bomb_zip(12)
    limits = Limits(max_compression_ratio=10**6, max_archive_total=11 * 1024 * 1024)
    result = run_extractor(ZipExtractor(), path, ZIP, limits=limits)
    # The declared total is over the limit, so the member is refused up front ...
    (member,) = list(result.members or [])
    assert member.failure is not None and member.failure.code == "zip_bomb"
    # ... and with the declared check out of the way, the stream stops on real bytes.
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
        stream = GuardedStream(zf.open(info), info, limits, _Tally(limits.max_archive_total), 0, "zeros.bin")
        with pytest.raises(ExtractionError) as caught:
            while stream.read(1024 * 1024):
                pass
    assert caught.value.reason == "archive expanded past its 11,534,336 byte total limit"


def test_unsafe_paths_are_flagged_but_kept_as_evidence(traversal_zip: Path) -> None:
    listed = members(traversal_zip)
    by_path = {m.path: m for m in listed}
    assert list(by_path) == ["etc/passwd", "abs/path", "Windows/win.ini", "ok/escape.txt", "fine/名单.txt", "link"]
    expected = {
        "etc/passwd": "member name '../../etc/passwd' climbs out of the archive with '..'; kept as 'etc/passwd'",
        "abs/path": "member name '/abs/path' is an absolute path; kept as 'abs/path'",
        "Windows/win.ini": "member name 'C:\\\\Windows\\\\win.ini' starts with a drive letter; kept as 'Windows/win.ini'",
        "ok/escape.txt": "member name 'ok/../../escape.txt' climbs out of the archive with '..'; kept as 'ok/escape.txt'",
        "link": "member name 'link' is a symbolic link; kept as 'link'",
    }
    for path, reason in expected.items():
        failure = by_path[path].failure
        assert failure is not None and failure.code == "unsafe_path" and failure.reason == reason
    assert by_path["fine/名单.txt"].failure is None
    with by_path["etc/passwd"].open() as stream:  # type: ignore[misc]
        assert stream.read() == b"root:x:0:0"


def test_nul_in_a_name(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("report.txtXexe", b"MZ")
    path = tmp_path / "nul.zip"
    path.write_bytes(buffer.getvalue().replace(b"report.txtXexe", b"report.txt\x00exe"))
    (member,) = members(path)
    assert member.path == "report.txt_exe"
    assert member.failure is not None and member.failure.code == "unsafe_path"
    assert "NUL" in member.failure.reason


def test_encrypted_member(tmp_path: Path) -> None:
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("secret.txt", b"not really encrypted")
        zf.writestr("open.txt", b"hello")
    raw = bytearray(path.read_bytes())
    raw[6] |= 0x1  # the first local header's flags: encrypted
    central = raw.find(b"PK\x01\x02")
    raw[central + 8] |= 0x1  # and its central directory entry
    path.write_bytes(bytes(raw))
    locked, unlocked = members(path)
    assert locked.failure is not None and locked.failure.code == "encrypted" and locked.open is None
    assert unlocked.failure is None


def test_unknown_compression_method(make_zip) -> None:
    path = make_zip({"a.txt": b"hello"})
    raw = bytearray(path.read_bytes())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 10 : central + 12] = (99).to_bytes(2, "little")  # AES-encrypted entries use method 99
    path.write_bytes(bytes(raw))
    (member,) = members(path)
    assert member.failure is not None and member.failure.code == "unsupported" and member.open is None


def test_too_many_members(make_zip) -> None:
    path = make_zip({f"{i}.txt": b"x" for i in range(5)})
    with pytest.raises(ExtractionError) as caught:
        run_extractor(ZipExtractor(), path, ZIP, limits=Limits(max_members=4))
    assert caught.value.code == "too_large"
    assert caught.value.reason == "archive has 5 entries, over the 4 limit"


def test_truncated_zip_is_malformed(nested_zip: Path, truncated) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(ZipExtractor(), truncated(nested_zip), ZIP)
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("zip is damaged or truncated")


def test_corrupt_member_data_is_malformed_on_read(make_zip) -> None:
    path = make_zip({"a.txt": b"hello world " * 100})
    raw = bytearray(path.read_bytes())
    raw[40:60] = b"\xff" * 20  # inside the deflated data
    path.write_bytes(bytes(raw))
    (member,) = members(path)
    with pytest.raises(ExtractionError) as caught, member.open() as stream:  # type: ignore[misc]
        stream.read()
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("member 'a.txt' is damaged")


def test_refused_member_with_an_unsafe_name_still_gets_a_safe_path(tmp_path: Path) -> None:
    path = tmp_path / "both.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../secret.txt", b"x")
    raw = bytearray(path.read_bytes())
    raw[6] |= 0x1
    raw[raw.find(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(raw))
    (member,) = members(path)
    assert member.path == "secret.txt" and member.open is None
    assert member.failure is not None and member.failure.code == "encrypted"
    assert member.failure.reason == (
        "member '../../secret.txt' is encrypted; "
        "member name '../../secret.txt' climbs out of the archive with '..'; kept as 'secret.txt'"
    )
