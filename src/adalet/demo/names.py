"""Fictional personal names: Uyghur, Kazakh, Han and Hui names written in Chinese characters.

Uyghur and Kazakh names follow the official Chinese transcription style
"given name·father's given name" (e.g. 艾尔肯·吐尼亚孜); Han and Hui names are
surname + one or two given characters. Every name is a random combination of
common transcriptions and characters: no name refers to a real person.
"""

from __future__ import annotations

import random

UYGHUR_MALE = (
    "艾尔肯",
    "阿不都热合曼",
    "买买提",
    "艾合买提",
    "吐尔逊",
    "伊敏",
    "阿布力孜",
    "努尔买买提",
    "艾则孜",
    "阿卜杜拉",
    "买买提明",
    "吐尔洪",
    "艾买提",
    "阿里木",
    "热合曼",
    "亚森",
    "卡德尔",
    "肉孜",
    "麦麦提",
    "艾力",
    "阿力木江",
    "艾克拜尔",
    "买合木提",
    "吐逊江",
    "司马义",
    "玉素甫",
    "阿地力",
    "热西提",
    "吾斯曼",
    "喀斯木",
    "吐尼亚孜",
    "尼亚孜",
    "阿不都",
    "米吉提",
    "艾山",
    "玉山",
    "依力哈木",
    "阿合买提江",
    "努尔",
    "克热木",
    "塔依尔",
    "阿不都克里木",
    "麦麦提敏",
    "阿巴斯",
    "吾买尔",
    "帕尔哈提",
    "迪力夏提",
    "阿布都外力",
    "图尔贡",
    "买吐送",
)
UYGHUR_FEMALE = (
    "热依拉",
    "古丽",
    "阿依",
    "阿依古丽",
    "如克亚",
    "阿依努尔",
    "努尔古丽",
    "帕提古丽",
    "米热古丽",
    "祖丽胡玛尔",
    "阿米娜",
    "海丽其汗",
    "帕提玛",
    "阿依先木",
    "热孜婉古丽",
    "麦尔哈巴",
    "古再丽努尔",
    "再努尔",
    "阿孜古丽",
    "布合力其汗",
    "阿依提拉",
    "阿娜尔古丽",
    "古丽尼沙",
    "热娜古丽",
    "迪丽拜尔",
    "米娜瓦尔",
    "吾尔尼萨",
    "玛依拉",
    "努尔妮萨",
    "茹鲜古丽",
    "阿依谢姆",
    "排孜莱提",
)
KAZAKH_MALE = (
    "叶尔兰",
    "努尔兰",
    "别克",
    "加尔肯",
    "哈力木拉提",
    "叶尔江",
    "阿依登",
    "赛力克",
    "努尔波拉提",
    "叶尔波拉提",
    "马合沙提",
    "达吾列提",
    "阿斯哈尔",
    "木拉提",
    "胡安",
    "叶尔肯",
    "巴合提别克",
    "哈布力",
    "吐尔逊别克",
    "沙肯",
)
KAZAKH_FEMALE = (
    "古丽娜尔",
    "加娜尔",
    "沙吾列",
    "阿依达娜",
    "巴合提古丽",
    "古丽米拉",
    "玛丽亚",
    "阿娜尔",
    "木合达斯",
    "哈丽玛",
    "加米拉",
    "阿依江",
)
HAN_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "郭")
HUI_SURNAMES = ("马", "杨", "丁", "穆", "白", "韩", "冶", "哈", "撒", "海")
HAN_GIVEN_MALE = "伟强磊军勇杰涛斌明超刚平辉鹏华飞建国志新宏峰波"
HAN_GIVEN_FEMALE = "芳娟敏静丽艳娜霞燕玲桂英红梅琴云莉萍洁雪慧"


def _han_given(rng: random.Random, sex: str) -> str:
    chars = HAN_GIVEN_MALE if sex == "男" else HAN_GIVEN_FEMALE
    return "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))


def person_name(rng: random.Random, ethnicity: str, sex: str) -> str:
    """A fictional name in the usual Chinese-character form for the ethnicity."""
    if ethnicity in ("维吾尔族", "哈萨克族"):
        male, female = (UYGHUR_MALE, UYGHUR_FEMALE) if ethnicity == "维吾尔族" else (KAZAKH_MALE, KAZAKH_FEMALE)
        given = rng.choice(male if sex == "男" else female)
        return f"{given}·{rng.choice(male)}"
    surnames = HUI_SURNAMES if ethnicity == "回族" else HAN_SURNAMES
    return rng.choice(surnames) + _han_given(rng, sex)
