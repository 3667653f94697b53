"""Xinjiang counties: administrative region codes (with their history) and street addresses.

Region codes are GB/T 2260 county codes as published by the Ministry of Civil
Affairs (县级以上行政区划代码), cross-checked against python-stdnum's
``stdnum/cn/loc.dat`` (taken from zh.wikipedia.org "中华人民共和国行政区划代码
(6区)"). Some codes changed over time: the Ili counties moved from 6524xx
(before 1984) to 6541xx (1984-2001) and 6540xx (from 2001); Urumqi's urban
districts had the single code 650120 (乌鲁木齐市市区) before 1983. A resident ID
number carries the code that was valid when it was first assigned, so
``County.code_for(year)`` picks the code valid in the birth year, the rule
``stdnum.cn.ric.validate`` checks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from stdnum import numdb

REGION = "新疆维吾尔自治区"


@dataclass(frozen=True)
class County:
    name: str
    prefecture: str
    codes: tuple[tuple[int, str], ...]  # (first year valid, code), ascending
    places: tuple[str, ...]  # towns (乡/镇) or, when urban, streets
    urban: bool = False

    def code_for(self, year: int) -> str:
        """The region code in force in ``year``."""
        code = self.codes[0][1]
        for first_year, candidate in self.codes:
            if year >= first_year:
                code = candidate
        return code

    def named_by_code(self, year: int) -> bool:
        """Whether python-stdnum's region data names this county for the code in force in ``year``.

        Not so for Urumqi's pre-1983 650120, named 市区 (urban districts): an address in 天山区 would not match it.
        """
        return self.name in region_names(self.code_for(year))

    def address(self, rng: random.Random) -> str:
        place = rng.choice(self.places)
        if self.urban:
            building = f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
            detail = f"{place}{rng.randint(1, 400)}号{building}"
        else:
            village = rng.choice(VILLAGES) if rng.random() < 0.6 else f"{rng.randint(1, 25)}"
            detail = f"{place}{village}村{rng.randint(1, 12)}组{rng.randint(1, 180)}号"
        return f"{REGION}{self.prefecture}{self.name}{detail}"


@cache
def region_names(code: str) -> tuple[str, ...]:
    """Every county name python-stdnum's region data has given ``code``, validity years dropped."""
    info = {key: value for _, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    return tuple(name.rsplit("]", 1)[-1] for name in info.get("county", "").split(",") if name)


VILLAGES = (
    "阿克其",
    "阔什艾日克",
    "英吾斯塘",
    "喀拉墩",
    "托万克",
    "巴格其",
    "铁提尔",
    "库木巴格",
    "阿热买里",
    "亚喀艾日克",
    "萨依巴格",
    "恰克玛克",
    "阿亚格",
    "兰干",
    "克孜勒",
)

SHUFU = County(
    "疏附县",
    "喀什地区",
    ((0, "653121"),),
    (
        "托克扎克镇",
        "兰干乡",
        "乌帕尔镇",
        "塔什米里克乡",
        "铁日木乡",
        "布拉克苏乡",
        "萨依巴格乡",
        "站敏乡",
        "木什乡",
        "吾库萨克镇",
    ),
)
TEKES = County(
    "特克斯县",
    "伊犁哈萨克自治州",
    ((0, "652427"), (1984, "654127"), (2001, "654027")),
    (
        "特克斯镇",
        "乔拉克铁热克镇",
        "喀拉达拉镇",
        "齐勒乌泽克镇",
        "喀拉托海镇",
        "阔克苏乡",
        "阔克铁热克柯尔克孜民族乡",
    ),
)
KASHGAR = County(
    "喀什市",
    "喀什地区",
    ((0, "653101"),),
    (
        "人民东路",
        "解放北路",
        "色满路",
        "吐曼路",
        "克孜都维路",
        "艾提尕尔路",
    ),
    urban=True,
)
SHULE = County("疏勒县", "喀什地区", ((0, "653122"),), ("疏勒镇", "罕南力克镇", "巴仁乡", "洋大曼乡", "阿拉力乡"))
JIASHI = County("伽师县", "喀什地区", ((0, "653129"),), ("巴仁镇", "西克尔库勒镇", "卧里托格拉克乡", "英买里乡"))
TIANSHAN = County(
    "天山区",
    "乌鲁木齐市",
    ((0, "650120"), (1983, "650102")),
    (
        "解放南路",
        "新华南路",
        "人民路",
        "和平南路",
        "团结路",
        "延安路",
    ),
    urban=True,
)
YINING = County(
    "伊宁市",
    "伊犁哈萨克自治州",
    ((0, "652401"), (1984, "654101"), (2001, "654002")),
    (
        "解放路",
        "斯大林街",
        "新华西路",
        "阿合买提江街",
        "飞机场路",
    ),
    urban=True,
)
ZHAOSU = County(
    "昭苏县",
    "伊犁哈萨克自治州",
    ((0, "652426"), (1984, "654126"), (2001, "654026")),
    (
        "昭苏镇",
        "喀夏加尔镇",
        "阿克达拉镇",
        "察汗乌苏蒙古族乡",
    ),
)
COUNTIES = (SHUFU, TEKES, KASHGAR, SHULE, JIASHI, TIANSHAN, YINING, ZHAOSU)
