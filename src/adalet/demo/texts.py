"""Texts of speeches and notices, assembled from the stock phrases of Xinjiang security documents.

Speeches (讲话) are given by a fictional official at a county meeting; notices
(通知) are issued by the county public security bureau under a document
number such as 疏公发〔2018〕23号. Officials are random names; figures are
random numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from adalet.demo.custody import Bureau
from adalet.demo.names import person_name

OFFICIAL_TITLES = (
    ("县委书记", "汉族"),
    ("县委副书记、政法委书记", "汉族"),
    ("县委常委、公安局局长", "汉族"),
    ("县公安局政委", "维吾尔族"),
    ("县公安局副局长", "维吾尔族"),
    ("县公安局副局长", "汉族"),
    ("看守所所长", "汉族"),
    ("职业技能教育培训中心主任", "维吾尔族"),
)
MEETINGS = (
    "全县维稳工作会议",
    "严打专项斗争推进会",
    "教育转化工作推进会",
    "看守所安全管理工作会议",
    "全县政法工作会议",
    "社会稳定和长治久安工作会议",
    "全县公安工作会议",
)
NOTICE_TOPICS = (
    "进一步加强看守所安全管理工作",
    "做好在押人员教育转化工作",
    "深入开展严打专项行动",
    "加强重点人员排查管控",
    "做好职业技能教育培训中心学员结业考核工作",
    "规范在押人员信息采集工作",
    "做好重大节日期间维稳安保工作",
)
HEADINGS = (
    "提高政治站位，充分认识当前维稳形势的严峻性复杂性",
    "坚持严打高压态势不动摇",
    "扎实推进教育转化工作",
    "全面加强监所安全管理",
    "压实工作责任，确保各项措施落到实处",
    "规范信息采集，夯实基础工作",
)
SENTENCES = (
    "当前，{county}维稳形势总体平稳可控，但反分裂斗争形势依然严峻复杂。",
    "各单位要坚持严打高压态势不动摇，做到露头就打、先发制敌。",
    "要把教育转化工作作为当前的重中之重，确保在押人员思想转化率达到{pct}%以上。",
    "{facility}要严格落实二十四小时值班制度，严防脱逃、自杀、袭警等事故发生。",
    "截至{date}，全县共收押各类人员{n}人，其中教育转化{m}人。",
    "公安局要会同司法局、教育局等部门，切实做好学员结业考核工作。",
    "对排查出的重点人员，要做到应收尽收、不漏一人。",
    "要坚持稳中求进，确保社会大局持续稳定、长期稳定。",
    "各乡镇、各部门要层层压实责任，主要领导要亲自抓、负总责。",
    "看守所要加强监控设施建设，做到全覆盖、无死角。",
    "对在押人员要严格执行出入所登记、体检、照相等制度，信息采集率要达到百分之百。",
    "要以社会稳定和长治久安总目标为统领，深入推进严打专项斗争。",
    "{official}同志要亲自过问，每周向县委汇报一次工作进展。",
    "{facility}现有在押人员{n}人，超出设计容量{pct}%，要抓紧做好分流工作。",
    "各派出所要对辖区内境外关系人员、出国（境）人员开展拉网式排查。",
    "对思想转化不彻底的人员，一律不得提前结业。",
    "要加强民警队伍建设，严明工作纪律，严禁泄露工作秘密。",
    "近期，{facility}共组织开展法律法规和国家通用语言学习{m}场次。",
)
SPEECH_CLOSING = (
    "同志们，维护社会稳定责任重大、使命光荣。让我们紧密团结，真抓实干，为实现社会稳定和长治久安总目标作出新的更大贡献！"
)
NUMERALS = "一二三四五六七八九十"
TITLE, CENTRE, LEFT, INDENT, RIGHT = "title", "centre", "left", "indent", "right"
SPEECH, NOTICE = "speech", "notice"
DATES = (dt.date(2017, 1, 3), dt.date(2018, 7, 27))  # documents are dated within this span


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Official:
    name: str
    title: str
    bureau: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "bureau": self.bureau}


def make_officials(bureau: Bureau, rng: random.Random) -> list[Official]:
    return [Official(person_name(rng, ethnicity, "男"), title, bureau.name) for title, ethnicity in OFFICIAL_TITLES]


@dataclass(frozen=True)
class Text:
    kind: str  # SPEECH or NOTICE
    title: str
    date: dt.date
    author: Official  # speaker, or the official who signed the notice
    issuer: str  # the organ in whose name it goes out
    number: str | None  # document number of a notice
    paragraphs: tuple[str, ...]
    mentioned: tuple[Official, ...]

    def blocks(self) -> list[tuple[str, str]]:
        """The text as laid out on the page: (line, alignment) with alignment title/centre/left/indent/right."""
        if self.kind == SPEECH:
            head = [(self.author.name, CENTRE), (f"（{chinese_date(self.date)}）", CENTRE), ("同志们：", LEFT)]
            tail: list[tuple[str, str]] = []
        else:
            head = [(self.number or "", CENTRE), ("各派出所、各科所队，看守所、拘留所、教培中心：", LEFT)]
            tail = [("特此通知。", INDENT), (self.issuer, RIGHT), (chinese_date(self.date), RIGHT)]
        return [(self.title, TITLE), *head, *((p, INDENT) for p in self.paragraphs), *tail]

    @property
    def lines(self) -> list[str]:
        return [line for line, _ in self.blocks()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "date": self.date.isoformat(),
            "author": self.author.to_dict(),
            "issuer": self.issuer,
            "number": self.number,
            "officials": [o.to_dict() for o in self.mentioned],
            "text": "\n".join(self.lines),
        }


def _paragraph(
    rng: random.Random, bureau: Bureau, officials: list[Official], mentioned: list[Official], day: dt.date
) -> str:
    sentences = []
    for template in rng.sample(SENTENCES, rng.randint(2, 4)):
        official = rng.choice(officials)
        if "{official}" in template and official not in mentioned:
            mentioned.append(official)
        m = rng.randint(20, 900)
        sentences.append(
            template.format(
                county="我县",
                facility=rng.choice(bureau.facilities.values).name,
                official=f"{official.title}{official.name}",
                pct=rng.choice((80, 85, 90, 95, 98)),
                n=m + rng.randint(50, 3000),
                m=m,
                date=chinese_date(day),
            )
        )
    return "".join(sentences)


def compose(
    kind: str,
    bureau: Bureau,
    officials: list[Official],
    day: dt.date,
    number: int,
    rng: random.Random,
    *,
    sections: int,
) -> Text:
    """A speech or notice dated ``day`` with ``sections`` numbered sections; ``number`` is a notice's serial number."""
    author = rng.choice(officials[:4])
    mentioned = [author]
    paragraphs = []
    for index, heading in enumerate(rng.sample(HEADINGS, sections)):
        paragraphs.append(f"{NUMERALS[index]}、{heading}")
        paragraphs.extend(_paragraph(rng, bureau, officials, mentioned, day) for _ in range(rng.randint(1, 2)))
    if kind == SPEECH:
        title = f"在{rng.choice(MEETINGS)}上的讲话"
        return Text(
            kind, title, day, author, f"中共{bureau.name}委员会", None, (*paragraphs, SPEECH_CLOSING), tuple(mentioned)
        )
    title = f"关于{rng.choice(NOTICE_TOPICS)}的通知"
    doc_number = f"{bureau.short}公发〔{day.year}〕{number}号"
    return Text(kind, title, day, author, f"{bureau.name}公安局", doc_number, tuple(paragraphs), tuple(mentioned))
