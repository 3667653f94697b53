"""Detention: the two police bureaus of the leak, their facilities, statuses and reasons.

The 2022 Xinjiang Police Files came from the public security bureaus of
Shufu county (疏附县, Kashgar) and Tekes county (特克斯县, Ili). Each bureau
here runs a few facilities of three kinds: detention centres (看守所),
administrative detention (拘留所) and "vocational skills education and
training centres" (职业技能教育培训中心). Status and reason vocabularies are
those seen in such records; who gets which is random. ``DETAINED_STATUSES``
and ``RELEASED_STATUSES`` say which statuses mean the person is held.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from adalet.demo.places import JIASHI, KASHGAR, SHUFU, SHULE, TEKES, TIANSHAN, YINING, ZHAOSU, County

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of values drawn with given weights."""

    def __init__(self, pairs: tuple[tuple[T, float], ...]) -> None:
        self.values = tuple(value for value, _ in pairs)
        self._cumulative = tuple(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self._cumulative, rng.random() * self._cumulative[-1])]


DETENTION_CENTRE = "看守所"
DETENTION = "拘留所"
TRAINING_CENTRE = "培训中心"

STATUSES: dict[str, Weighted[str]] = {
    DETENTION_CENTRE: Weighted((("在押", 0.55), ("收押", 0.2), ("关押", 0.1), ("已释放", 0.1), ("释放", 0.05))),
    DETENTION: Weighted((("拘留", 0.7), ("释放", 0.2), ("已释放", 0.1))),
    TRAINING_CENTRE: Weighted((("教育转化", 0.6), ("关押", 0.15), ("结业", 0.15), ("已释放", 0.1))),
}
# What each status means for the person now: held, or let go. Every status in STATUSES is in exactly one.
DETAINED_STATUSES = frozenset({"在押", "收押", "关押", "拘留", "教育转化"})
RELEASED_STATUSES = frozenset({"已释放", "释放", "结业"})
REASONS: dict[str, tuple[str, ...]] = {
    DETENTION_CENTRE: (
        "涉嫌组织、领导、参加恐怖组织罪",
        "涉嫌煽动民族仇恨、民族歧视罪",
        "涉嫌宣扬恐怖主义、极端主义罪",
        "涉嫌非法持有宣扬恐怖主义、极端主义物品罪",
        "涉嫌聚众扰乱社会秩序罪",
        "涉嫌盗窃罪",
        "涉嫌故意伤害罪",
        "涉嫌寻衅滋事罪",
        "涉嫌诈骗罪",
    ),
    DETENTION: (
        "非法宗教活动",
        "私自讲经",
        "未经批准出境",
        "寻衅滋事",
        "赌博",
        "无证驾驶",
        "使用翻墙软件",
        "拒不配合检查",
    ),
    TRAINING_CENTRE: (
        "宗教氛围浓厚",
        "持有暴恐音视频",
        "安装使用境外通讯软件",
        "非法宗教活动",
        "境外关系人员",
        "出国（境）人员",
        "不放心人员",
        "戴面纱",
        "留大胡子",
        "家属被判刑",
        "私自学习宗教知识",
    ),
}
ONLY_FOR_SEX = {"戴面纱": "女", "留大胡子": "男"}
# Admissions fall in these windows, by facility kind.
ADMISSION_WINDOWS: dict[str, tuple[dt.date, dt.date]] = {
    DETENTION_CENTRE: (dt.date(2016, 6, 1), dt.date(2018, 7, 15)),
    DETENTION: (dt.date(2018, 1, 2), dt.date(2018, 7, 20)),
    TRAINING_CENTRE: (dt.date(2017, 4, 1), dt.date(2018, 7, 15)),
}


@dataclass(frozen=True)
class Facility:
    name: str
    kind: str

    def status(self, rng: random.Random) -> str:
        return STATUSES[self.kind].pick(rng)

    def reason(self, rng: random.Random, sex: str) -> str:
        while True:
            reason = rng.choice(REASONS[self.kind])
            if ONLY_FOR_SEX.get(reason, sex) == sex:
                return reason

    def admission(self, rng: random.Random) -> dt.date:
        first, last = ADMISSION_WINDOWS[self.kind]
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))


@dataclass(frozen=True)
class Bureau:
    county: County
    short: str  # one-character abbreviation used in document numbers
    facilities: Weighted[Facility]
    home_counties: Weighted[County]  # where its detainees are registered
    ethnicities: Weighted[str]

    @property
    def name(self) -> str:
        return self.county.name


SHUFU_BUREAU = Bureau(
    SHUFU,
    "疏",
    Weighted(
        (
            (Facility("疏附县第一看守所", DETENTION_CENTRE), 0.2),
            (Facility("疏附县第二看守所", DETENTION_CENTRE), 0.1),
            (Facility("疏附县拘留所", DETENTION), 0.1),
            (Facility("疏附县职业技能教育培训中心", TRAINING_CENTRE), 0.4),
            (Facility("疏附县职业技能教育培训中心二分校", TRAINING_CENTRE), 0.2),
        )
    ),
    Weighted(((SHUFU, 0.85), (KASHGAR, 0.06), (SHULE, 0.04), (JIASHI, 0.03), (TIANSHAN, 0.02))),
    Weighted((("维吾尔族", 0.97), ("汉族", 0.02), ("回族", 0.01))),
)
TEKES_BUREAU = Bureau(
    TEKES,
    "特",
    Weighted(
        (
            (Facility("特克斯县看守所", DETENTION_CENTRE), 0.3),
            (Facility("特克斯县拘留所", DETENTION), 0.15),
            (Facility("特克斯县职业技能教育培训中心", TRAINING_CENTRE), 0.55),
        )
    ),
    Weighted(((TEKES, 0.85), (YINING, 0.07), (ZHAOSU, 0.05), (TIANSHAN, 0.03))),
    Weighted((("维吾尔族", 0.5), ("哈萨克族", 0.38), ("汉族", 0.07), ("回族", 0.05))),
)
BUREAUS: Weighted[Bureau] = Weighted(((SHUFU_BUREAU, 0.6), (TEKES_BUREAU, 0.4)))
