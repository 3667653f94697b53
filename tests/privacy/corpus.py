"""The attacker's corpus: a small leak with resident ID numbers planted in every spelling and every hiding place
that real files and issue 14 know of, and house addresses in the records, ingested, mapped, linked and published
(photos included) the way tests/web/conftest.py's `build_leak` publishes the demo leak.

Every planted number is valid-looking (a real region code, a real birth date, a sequence whose parity is the
recorded sex, the GB 11643 check digit) and each hiding place has a number of its own, so a leak names its channel.
`Corpus.plants` lists them all; `Corpus.addresses` the planted house addresses. Everything is seeded: the same
files every run.

Hiding places:
  records sheet (人员/在押人员名单.xlsx): the ID column (plain), a 备注 column in every other spelling, an ID inside
    a name cell, a facility cell and a status cell; 住址 holds house addresses;
  人员/说明.xlsx: a cell comment, the page header and the page footer (no ID in any cell);
  文件/通报_*.txt: running Chinese text with one number each, one file per spelling;
  file names: a plain and a fullwidth number in names, an Arabic-Indic one in an archive member's name;
  PDFs: page text (plain and hyphenated), and a PDF whose page has none but an annotation and an attachment do;
  JPEGs: the name of a photo of a recorded person, EXIF (ImageDescription where the gallery cuts it, Artist where
    the viewer's metadata cuts it, XPComment in fullwidth digits), a COM segment, bytes after the end-of-image marker;
  DOCX: body text (spaced number), and a tracked deletion in a document whose body holds none;
  and a second collection, never published, with a number of its own (`build_corpus`).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection
from adalet.people.records import map_collection
from adalet.people.xref import xref_photos
from adalet.verify.runner import verify_collection

COLLECTION = "privacy-attack"
RESTRICTED = "privacy-restricted"
SEED = "adalet/privacy/14"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"

# Common Han characters for running text (so that every bigram near a number is rare in the corpus).
HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
    "还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
    "没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
    "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
)
HOUSES = [  # (region code, address prefix up to the county, township and village) of the records
    ("653121", "新疆维吾尔自治区喀什地区疏附县", "托克扎克镇阿亚格曼干村"),
    ("653121", "新疆维吾尔自治区喀什地区疏附县", "塔什米里克乡库木巴格村"),
    ("654127", "新疆维吾尔自治区伊犁哈萨克自治州特克斯县", "喀拉托海镇阔布村"),
    ("653122", "新疆维吾尔自治区喀什地区疏勒县", "罕南力克镇英买里村"),
    ("653121", "新疆维吾尔自治区喀什地区疏附县", "吾库萨克镇托格拉克村"),
    ("654127", "新疆维吾尔自治区伊犁哈萨克自治州特克斯县", "齐勒乌泽克乡琼库什台村"),
    ("653101", "新疆维吾尔自治区喀什地区喀什市", "浩罕乡阿克塔什村"),
    ("653122", "新疆维吾尔自治区喀什地区疏勒县", "巴仁乡阿热买里村"),
]
NAMES = [
    ("阿不都热合曼·买买提", "男"), ("热依拉·吐尔逊", "女"), ("艾尔肯·阿不力孜", "男"), ("古丽娜尔·艾海提", "女"),
    ("买买提明·托乎提", "男"), ("阿卜杜拉·卡德尔", "男"), ("帕提古丽·吾拉木", "女"), ("努尔买买提·司马义", "男"),
]


def check_digit(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number(region: str, born: dt.date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def candidates(region: str, born: dt.date, male: bool) -> list[str]:
    """Every ID number a masked row (region, birth date, sex) can stand for: 500 sequences of the sex's parity."""
    return [id_number(region, born, s) for s in range(1000) if s % 2 == (1 if male else 0)]


# -- spellings -------------------------------------------------------------------------------------------------


def fullwidth(number: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else "\uff38" for c in number)


def arabic_indic(number: str) -> str:
    return "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in number)


SPELLINGS = {
    "plain": lambda n: n,
    "fullwidth": fullwidth,
    "arabic-indic": arabic_indic,
    "zero-width": lambda n: "\u200b".join(n),
    "spaces": lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
    "hyphens": lambda n: f"{n[:6]}-{n[6:10]}-{n[10:14]}-{n[14:]}",
    "letters after": lambda n: n + "ABC",
    "ideographic space and soft hyphen": lambda n: f"{n[:6]}\u3000{n[6:14]}\u00ad{n[14:]}",
}


@dataclass(frozen=True)
class Plant:
    number: str  # the 18 characters
    where: str  # the hiding place (and spelling)

    @property
    def digits(self) -> str:
        return self.number.upper()


@dataclass
class Person:
    row: int
    name: str
    sex: str
    born: dt.date
    number: str
    address: str
    house: str  # the part of the address below the county: what must never show
    county: str
    facility: str
    status: str


@dataclass
class Corpus:
    root: Path
    plants: list[Plant] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file name -> text (running text around numbers)
    collection: Collection | None = None

    @property
    def addresses(self) -> list[str]:
        return [p.address for p in self.people]

    def plant(self, rng: random.Random, where: str, *, region: str | None = None, male: bool | None = None,
              born: dt.date | None = None, check: str | None = None) -> str:
        """A new valid-looking number, recorded with its hiding place."""
        taken = {p.number[i : i + 10] for p in self.plants for i in range(9)}  # no two share 10 characters
        while True:
            reg = region or rng.choice(["653121", "654127", "653122", "653101"])
            birth = born or dt.date(rng.randint(1950, 2001), rng.randint(1, 12), rng.randint(1, 28))
            sequence = rng.randrange(0, 1000)
            if male is not None and sequence % 2 != (1 if male else 0):
                continue
            number = id_number(reg, birth, sequence)
            if taken.isdisjoint(number[i : i + 10] for i in range(9)) and (check is None or number[-1] == check):
                self.plants.append(Plant(number, where))
                return number


def han_text(rng: random.Random, length: int) -> str:
    """Running Chinese-looking text with punctuation every 8 to 20 characters."""
    out: list[str] = []
    while len(out) < length:
        out.extend(rng.choice(HAN) for _ in range(rng.randint(8, 20)))
        out.append(rng.choice("，，。；"))
    return "".join(out[:length])


# -- files -----------------------------------------------------------------------------------------------------


def records_xlsx(corpus: Corpus, rng: random.Random, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "在押人员"
    ws.append(["疏附县公安局在押人员名单（2018年）"])
    ws.append(["序号", "姓名", "身份证号", "性别", "出生日期", "民族", "住址", "关押场所", "状态", "入所时间", "备注"])
    remarks = ["fullwidth", "arabic-indic", "zero-width", "spaces", "hyphens", "letters after",
               "ideographic space and soft hyphen", None]
    for i, ((name, sex), (region, prefix, village)) in enumerate(zip(NAMES, HOUSES, strict=True)):
        born = dt.date(rng.randint(1955, 1998), rng.randint(1, 12), rng.randint(1, 28))
        number = corpus.plant(rng, f"records sheet row {i + 3}: ID column (plain)", region=region, male=sex == "男",
                              born=born, check="X" if i == 1 else None)
        house = f"{village}{rng.randint(1, 9)}组{rng.randint(10, 99)}号"
        facility, status = "疏附县看守所", "在押"
        if i == 5:  # an ID inside the name cell
            name = f"{name}（{corpus.plant(rng, f'records sheet row {i + 3}: name cell')}）"
        if i == 6:
            facility = f"疏附县看守所（{corpus.plant(rng, f'records sheet row {i + 3}: facility cell')}）"
        if i == 7:
            status = f"在押 {corpus.plant(rng, f'records sheet row {i + 3}: status cell')}"
        remark = ""
        if remarks[i]:
            other = corpus.plant(rng, f"records sheet row {i + 3}: 备注 cell ({remarks[i]})")
            remark = f"曾用身份证号{SPELLINGS[remarks[i]](other)}，已核实"
        county = prefix.split("地区")[-1].split("自治州")[-1]
        corpus.people.append(Person(i + 3, name, sex, born, number, prefix + house, house, county, facility, status))
        admitted = dt.date(2017, rng.randint(3, 12), rng.randint(1, 28))
        row = [i + 1, name, number, sex, born, "维吾尔族", prefix + house, facility, status, admitted, remark]
        ws.append(row)
        corpus.texts[f"在押人员名单.xlsx row {i + 3}"] = "\t".join(str(cell) for cell in row)
    wb.save(path)


def notes_xlsx(corpus: Corpus, path: Path) -> None:
    """Numbers only where the extraction does not look: a cell comment, the page header and footer."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    rng = random.Random(f"{SEED}/notes")
    wb = Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["说明", "本表为各乡镇汇总，以公安局核对为准"])
    ws.append(["民族", "维吾尔族"])
    ws["B1"].comment = Comment(f"核对人身份证号 {corpus.plant(rng, '说明.xlsx: cell comment')}", "审核")
    ws.oddHeader.center.text = f"制表人 {corpus.plant(rng, '说明.xlsx: page header')}"
    ws.oddFooter.left.text = f"审核人 {corpus.plant(rng, '说明.xlsx: page footer')}"
    wb.save(path)


def running_texts(corpus: Corpus, folder: Path) -> None:
    """One text per spelling: ~450 characters of running text, the number after 身份证号 near the middle."""
    rng = random.Random(f"{SEED}/texts")
    for n, (spelling, spell) in enumerate(SPELLINGS.items()):
        number = corpus.plant(rng, f"文件/通报_{n}.txt: running text ({spelling})")
        text = han_text(rng, 200) + "，身份证号：" + spell(number) + "，" + han_text(rng, 250) + "。\n"
        name = f"通报_{n}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        corpus.texts[name] = text


def named_files(corpus: Corpus, folder: Path) -> None:
    rng = random.Random(f"{SEED}/names")
    plain = corpus.plant(rng, "file name (plain)")
    (folder / f"{plain}_简历.txt").write_text("个人简历。本人自愿参加职业技能教育培训。\n", encoding="utf-8")
    wide = corpus.plant(rng, "file name (fullwidth)")
    (folder / f"档案_{fullwidth(wide)}.txt").write_text("档案材料，见附件。\n", encoding="utf-8")
    member = corpus.plant(rng, "archive member's name (arabic-indic)")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"内部/{arabic_indic(member)}.txt", "内部材料，不得外传。\n".encode())
    (folder / "档案.zip").write_bytes(out.getvalue())


def pdfs(corpus: Corpus, folder: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Text
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(f"{SEED}/pdf")

    def page(lines: list[str]) -> bytes:
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=A4, pageCompression=0)
        c.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            c.drawString(60, 780 - 18 * i, line)
        c.showPage()
        c.save()
        return out.getvalue()

    plain = corpus.plant(rng, "PDF page text (plain)")
    hyphens = corpus.plant(rng, "PDF page text (hyphens)")
    (folder / "通知_正文.pdf").write_bytes(page([
        "Notice 2018 No. 17 on the transfer of detainees",
        f"Detainee resident ID {plain} to be transferred to the county detention centre",
        f"Second detainee, ID {SPELLINGS['hyphens'](hyphens)}, stays at the training centre",
        "Every village committee reports by the end of the month",
    ]))
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(page([
        "Notice 2018 No. 18 on village visits",
        "Teams of the work group visit every household once a week",
        "The list of households is attached",
    ]))))
    note = corpus.plant(rng, "PDF annotation")
    writer.add_annotation(page_number=0, annotation=Text(rect=(50, 550, 200, 650), text=f"核对 ID {note}", open=False))
    attached = corpus.plant(rng, "PDF embedded attachment")
    writer.add_attachment("名单.txt", f"身份证号 {attached}\n".encode())
    out = io.BytesIO()
    writer.write(out)
    (folder / "通知_附件.pdf").write_bytes(out.getvalue())


def _jpeg(seed: int, exif_extra: dict[int, object] | None = None, **save: object) -> bytes:
    image = Image.new("RGB", (96, 128), (40 + seed * 17 % 200, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 5D"
    for tag, value in (exif_extra or {}).items():
        exif[tag] = value
    exif.get_ifd(0x8769)[0x9003] = f"2018:03:05 10:{seed:02d}:10"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80, **save)
    return out.getvalue()


def photos(corpus: Corpus, folder: Path) -> None:
    rng = random.Random(f"{SEED}/photos")
    for i, person in enumerate(corpus.people[:3]):  # photos of recorded people, named by their number (xref)
        (folder / f"{person.number}_201803051{i}1010.jpg").write_bytes(_jpeg(i))
    filler = "Gate camera 3 at the north wall of the county detention centre, checked by the duty officer on the"
    filler = (filler + " morning shift of the same day; the person photographed has resident ID ")
    filler = (filler * 2)[:190]
    cut = corpus.plant(rng, "JPEG EXIF ImageDescription (at 190 characters: the gallery cuts at 200)")
    wide = corpus.plant(rng, "JPEG EXIF XPComment (fullwidth)")
    viewer = corpus.plant(rng, "JPEG EXIF Artist (at 290 characters: the viewer's metadata cuts at 300)")
    (folder / "门岗_01.jpg").write_bytes(_jpeg(5, {
        0x010E: filler + cut,
        0x013B: (filler + filler)[:290] + viewer,
        0x9C9C: f"ID {fullwidth(wide)}".encode("utf-16-le") + b"\0\0",
    }))
    com = corpus.plant(rng, "JPEG COM segment")
    (folder / "门岗_02.jpg").write_bytes(_jpeg(6, comment=f"ID {com}".encode()))
    tail = corpus.plant(rng, "JPEG bytes after the end-of-image marker")
    (folder / "门岗_03.jpg").write_bytes(_jpeg(7) + f"身份证号:{tail}\n".encode())


def docx_files(corpus: Corpus, folder: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    rng = random.Random(f"{SEED}/docx")
    doc = Document()
    doc.add_paragraph("关于在押人员转移的报告")
    spaced = corpus.plant(rng, "DOCX body (spaces)")
    body = han_text(rng, 60) + "，身份证号" + SPELLINGS["spaces"](spaced) + "，" + han_text(rng, 60) + "。"
    doc.add_paragraph(body)
    corpus.texts["报告.docx"] = body
    doc.save(folder / "报告.docx")

    doc = Document()
    doc.add_paragraph("关于村委会走访的报告")
    paragraph = doc.add_paragraph("走访对象已核实。")
    deleted = corpus.plant(rng, "DOCX tracked deletion")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="审核" w:date="2018-03-05T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">身份证号 {deleted}</w:delText></w:r></w:del>'
    ))
    doc.save(folder / "修订.docx")


def write_corpus(root: Path) -> Corpus:
    """The leak's files under root/leak (no database needed)."""
    leak = root / "leak"
    for sub in ("人员", "文件", "照片"):
        (leak / sub).mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root=leak)
    rng = random.Random(f"{SEED}/records")
    records_xlsx(corpus, rng, leak / "人员" / "在押人员名单.xlsx")
    notes_xlsx(corpus, leak / "人员" / "说明.xlsx")
    running_texts(corpus, leak / "文件")
    named_files(corpus, leak / "文件")
    pdfs(corpus, leak / "文件")
    photos(corpus, leak / "照片")
    docx_files(corpus, leak / "文件")
    numbers = [p.number for p in corpus.plants]
    assert len(numbers) == len(set(numbers))
    return corpus


def restricted_folder(corpus: Corpus, root: Path) -> Path:
    """A collection that stays unpublished: nothing of it may reach a visitor or a role-less account at all."""
    rng = random.Random(f"{SEED}/restricted")
    folder = root / "restricted"
    folder.mkdir(parents=True, exist_ok=True)
    number = corpus.plant(rng, "unpublished collection: text (plain)")
    (folder / "内部通报.txt").write_text(f"未公开材料。在押人员身份证号{number}，{han_text(rng, 80)}。\n", encoding="utf-8")
    return folder


def build_corpus(root: Path, name: str = COLLECTION) -> Corpus:
    """Written, ingested (no OCR), mapped to records, photos linked, verified, and published with its photos; and
    a small collection RESTRICTED (never published) beside it."""
    corpus = write_corpus(root)
    ingest(restricted_folder(corpus, root), RESTRICTED, ocr=False, source="privacy attack corpus, restricted")
    ingest(corpus.root, name, ocr=False, source="privacy attack corpus (synthetic)")
    map_collection(name)
    xref_photos(name)
    verify_collection(name)
    collection = Collection.objects.get(name=name)
    collection.is_public = True
    collection.photos_public = True
    collection.title = "Privacy attack corpus"
    collection.save()
    corpus.collection = collection
    return corpus
