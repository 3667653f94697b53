from __future__ import annotations

import pytest

from adalet.names import NameKind, detect_script
from adalet.names.script import MAX_CHARS, clean


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("陈全国", NameKind.HAN),
        ("陳全國", NameKind.HAN),
        ("艾尔肯·吐尼亚孜", NameKind.HAN_TRANSCRIBED),
        ("艾尔肯•吐尼亚孜", NameKind.HAN_TRANSCRIBED),
        ("艾尔肯．吐尼亚孜", NameKind.HAN_TRANSCRIBED),
        ("艾尔肯・吐尼亚孜", NameKind.HAN_TRANSCRIBED),
        ("买买提江", NameKind.HAN_TRANSCRIBED),
        ("ئەركىن تۇنىياز", NameKind.ARABIC),
        ("CHEN, Quanguo", NameKind.LATIN),
        ("Shöhret Zakir", NameKind.LATIN),
        ("陈全国 Chen Quanguo", NameKind.MIXED),
        ("", NameKind.EMPTY),
        ("·,;-!?", NameKind.EMPTY),
        ("\x00\x07\u200b", NameKind.EMPTY),
    ],
)
def test_detect_script(name: str, kind: NameKind) -> None:
    assert detect_script(name) is kind


def test_clean_caps_and_strips_controls() -> None:
    assert clean("Chen\x00 \u200bQuan\tguo") == "Chen Quan guo"
    assert len(clean("a" * 10_000)) == MAX_CHARS
    assert clean("艾尔肯．吐尼亚孜") == "艾尔肯·吐尼亚孜"
    assert clean(None) == ""  # type: ignore[arg-type]


def test_ascii_names_are_read_as_their_letters_say() -> None:
    """The ASCII shortcut of detect_script agrees with counting letters by script."""
    import random
    import string

    from adalet.names.script import script_runs

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(string.printable) for _ in range(rng.randrange(0, 12)))
        counts = script_runs(clean(text))
        expected = NameKind.LATIN if counts["latin"] else NameKind.EMPTY
        assert detect_script(text) is expected, repr(text)
