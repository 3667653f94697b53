"""Decoding order: BOM, UTF-8, BOM-less UTF-16, GB18030, charset_normalizer, latin-1."""

from __future__ import annotations

import pytest

from adalet.archive.textcodec import LATIN1_FALLBACK, decode_text, decode_text_ex, looks_like_text

CHINESE = "新疆维吾尔自治区公安厅\n关于在押人员的通知 2017年\n身份证号 65010219900101123X\n"


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-32", "utf-32-le"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_round_trip(encoding: str, reported: str) -> None:
    assert decode_text(CHINESE.encode(encoding)) == (CHINESE, reported)


def test_bom_is_stripped_and_big_endian_bom_honoured() -> None:
    data = b"\xfe\xff" + "名单".encode("utf-16-be")
    assert decode_text(data) == ("名单", "utf-16-be")


def test_gb18030_four_byte_characters() -> None:
    text = "𠀀 Uyghur ئۇيغۇر\n"  # outside GBK: needs GB18030's four-byte sequences
    assert decode_text(text.encode("gb18030")) == (text, "gb18030")


def test_newlines_are_normalised() -> None:
    assert decode_text("一\r\n二\r三\n".encode("gb18030"))[0] == "一\n二\n三\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Le préfet a signé l'arrêté. Les détenus ont été transférés à l'hôpital général. "
            "Il était une fois une princesse très élégante qui habitait un château près de la forêt.\n",
            "cp1252",
        ),
        ("Правительство Синьцзяна объявило о переводе заключённых в другой лагерь. Это было в марте.\n", "cp1251"),
    ],
)
def test_other_legacy_encodings_reach_charset_normalizer(text: str, encoding: str) -> None:
    assert decode_text((text * 3).encode(encoding)) == (text * 3, encoding)


def test_latin1_last_resort_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class Nothing:
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: Nothing())
    result = decode_text_ex(b"caf\xe9 \x80")
    assert result.text == "caf\xe9 \x80"
    assert result.encoding == LATIN1_FALLBACK
    assert result.warnings and "latin-1" in result.warnings[0]


def test_looks_like_text() -> None:
    assert looks_like_text(CHINESE.encode("gb18030"))
    assert looks_like_text(CHINESE.encode("utf-16-le"))
    assert looks_like_text(CHINESE.encode("utf-8")[:-1])  # cut mid-character
    assert not looks_like_text(bytes(range(256)))
    assert not looks_like_text(b"")
