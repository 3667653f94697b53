"""The one detector of personal numbers: every spelling of an ID number real files and attackers use is found, in
the original text's offsets; ordinary numbers (dates, years, amounts, short codes) are not."""

from __future__ import annotations

import random

import pytest

from adalet.lib.personal import BULLET, find, folded, mask, window

ID = "653121197405229571"
SPELLINGS = {
    "plain": ID,
    "fullwidth": "".join(chr(0xFF10 + int(d)) for d in ID),
    "arabic-indic": "".join(chr(0x0660 + int(d)) for d in ID),
    "extended arabic-indic": "".join(chr(0x06F0 + int(d)) for d in ID),
    "devanagari": "".join(chr(0x0966 + int(d)) for d in ID),
    "mathematical bold": "".join(chr(0x1D7CE + int(d)) for d in ID),
    "zero-width inside": "\u200b".join(ID),
    "bidi controls": "\u202e" + ID[:9] + "\u2066" + ID[9:] + "\u2069",
    "word joiner and soft hyphen": ID[:6] + "\u2060" + ID[6:14] + "\u00ad" + ID[14:],
    "spaces": f"{ID[:6]} {ID[6:14]} {ID[14:]}",
    "hyphens": f"{ID[:6]}-{ID[6:10]}-{ID[10:14]}-{ID[14:]}",
    "ideographic space and en dash": f"{ID[:6]}\u3000{ID[6:14]}\u2013{ID[14:]}",
    "line break": f"{ID[:9]}\n{ID[9:]}",
    "minus signs": f"{ID[:6]}\u2212{ID[6:14]}\u2212{ID[14:]}",
    "spaced hyphens": f"{ID[:6]} - {ID[6:14]} - {ID[14:]}",
    "letters right after": ID + "abc",
    "check letter X": ID[:17] + "X",
    "fullwidth X": ID[:17] + "\uff38",
    "combining mark": ID[:3] + "\u0301" + ID[3:],
}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_is_found_in_the_original_offsets(name: str) -> None:
    spelled = SPELLINGS[name]
    text = f"姓名：阿依古丽 身份证号：{spelled}，住址：某村"
    found = find(text)
    assert len(found) == 1 and found[0].kind == "id", name
    assert found[0].canonical == ID[:17] + ("x" if "X" in name else ID[17])
    assert text[found[0].start : found[0].end].strip() == spelled.strip("\u202e\u2069").replace("abc", "") or name in (
        "bidi controls",
    )
    masked = mask(text)
    assert BULLET * 12 in masked and "阿依古丽" in masked and "某村" in masked
    assert not any(f.kind == "id" for f in find(masked))
    assert ID[6:] not in "".join(c for c in folded(masked) if c.isdigit())


def test_runs_of_ten_digits_are_personal_numbers_and_ordinary_numbers_are_not() -> None:
    assert [f.canonical for f in find("电话 13812345678，卡号 6222020200112233445")] == ["13812345678", "6222020200112233445"]
    assert [f.kind for f in find("旧身份证 653121740522957")] == ["digits"]  # 15-digit first-generation ID
    for ordinary in ("2018年3月5日", "年份 2017 2018 2019 2020", "第 12 号 共 345 人", "1 000 000 000 元", "2018-03-05 12:30",
                     "653121", "123456789", "ISBN 978-3-16-148410-0", "tel. +86 991 123 4567"):
        assert find(ordinary) == [], ordinary


def test_an_id_inside_a_longer_run_is_still_found() -> None:
    assert [f.kind for f in find(f"x{ID}{ID[:10]}9")] == ["id", "digits"]
    assert [f.canonical for f in find("653121197405229571653122198001011234")] == [ID, "653122198001011234"]


def test_window_hides_what_the_cut_leaves_of_a_number() -> None:
    text = f"张三 身份证 {ID} 住址 某村"
    start = text.index(ID)
    for a, b in [(start + 1, len(text)), (0, start + 5), (start + 3, start + 12), (start + 7, start + 20)]:
        piece = window(text, a, b)
        digits = "".join(c for c in folded(piece) if c.isdigit())
        assert len(digits) <= 6 and digits in ID[:6], (a, b, piece)
    assert window("2019年3月5日", 0, 5) == "2019年"  # a cut beside a number, not through one, hides nothing
    assert window("号码 123456789 结束", 4, 16) == "•••••••• 结束"  # the cut goes through a short number: hidden


def test_random_spellings_of_random_ids_never_survive_masking() -> None:
    rng = random.Random(14)
    separators = ["", " ", "-", "\u200b", "\u00a0", "\u3000", "\n", ".", "\u2060"]
    for _ in range(2000):
        region = str(rng.randint(110000, 829999))
        birth = f"{rng.randint(1930, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = region + birth + f"{rng.randint(0, 999):03d}" + rng.choice("0123456789X")
        digits = [chr(rng.choice([0x30, 0xFF10, 0x0660, 0x06F0])+ int(c)) if c != "X" else c for c in number]
        spelled = "".join(d + (rng.choice(separators) if rng.random() < 0.3 else "") for d in digits)
        text = rng.choice(["", "名单：", "ID ", "身份证号码"]) + spelled + rng.choice(["", "号", " 男", "abc"])
        found = find(text)
        assert [f.kind for f in found] == ["id"], text
        assert found[0].canonical == number.lower()
        rest = "".join(c for c in folded(mask(text)) if c.isdigit())
        assert rest == region, text


def test_house_addresses_are_hidden_below_the_county_and_places_are_not() -> None:
    for address, county_level in [
        ("新疆维吾尔自治区喀什地区疏附县托克扎克镇阿亚格曼干村3组45号", "新疆维吾尔自治区喀什地区疏附县"),
        ("住址：疏勒县罕南力克镇英买里村", "住址：疏勒县"),
        ("乌鲁木齐市天山区人民路123号4栋2单元302室", "乌鲁木齐市天山区"),
        ("阿亚格曼干村十二组四十五号", ""),
        ("伊宁县铁日木乡2村4组57号", "伊宁县"),
    ]:
        masked = mask(address)
        assert masked == county_level + BULLET * 6, (address, masked)
    for place in ("在托克扎克镇派出所开会", "疏附县看守所", "第12号文件", "新疆维吾尔自治区公安厅关于加强在押人员管理的通知",
                  "各乡镇派出所、村警务室要做到应收尽收"):
        assert mask(place) == place, place
    text = "甲" * 300 + "托克扎克镇阿亚格曼干村3组45号" + "乙" * 300
    masked = mask(text)  # where a township's name begins is not written: up to 10 ideographs before it may go too
    assert masked.startswith("甲" * 290) and masked.endswith(BULLET * 6 + "乙" * 300) and "扎克" not in masked
    start = text.index("阿亚格")
    assert "阿亚格" not in window(text, start - 3, start + 8) and "45号" not in window(text, start, len(text))


@pytest.mark.parametrize("text", [
    "身份证号    653121    19740522    1032", "653121_19740522_1059", "653121，19740522，1155", "653121|19740522|1155",
    "六五三一二一一九七四〇五二二一〇七五",
])
def test_spellings_a_second_attack_found(text: str) -> None:
    assert "19740522" not in mask(text) and "一九七四" not in mask(text) and BULLET * 12 in mask(text)


def test_grouped_phones_and_old_ids_and_addresses_in_other_scripts() -> None:
    for number in ("138 0013 8000", "138-0013-8000", "653121 740522 957"):
        assert not any(c.isdigit() for c in mask(number)), number
    for address in ("توقزاق بازىرى ئاياغمانگان كەنتى 3-گۇرۇپپا 57-نومۇر", "Toqzaq baziri, Ayaghmangan kenti, 3-guruppa, 57-nomur",
                    "托克扎克鎮阿亞格曼干村3組57號", "托克扎克镇 阿亚格曼干村 3组 57号", "托克扎克镇阿亚格曼干村三小队57号"):
        assert mask(address) == BULLET * 6, address
    for ordinary in ("共计 12, 345, 678 人", "1,000,000,000元", "第一百二十三号", "年份 2017 2018 2019 2020"):
        assert mask(ordinary) == ordinary
