"""Dossiers with a case, read back from the PDF's text: on records built here with known truth (a month-precision
post, a gap in the career, a post over an area with no facility, a status-only hold, an undated row, a facility of
unknown county, another holder of the same post), the dossier states the posts with their sources and areas, counts
equal to `adalet officials responsibility --json` and to the hand count, masked examples (no ID number or address
anywhere in the text), the documents naming the official with their SHA-256, the criteria of exactly the
jurisdictions asked, and what weighs against the designation; a dossier without posts says so; a fictional demo
official's dossier says so on every page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from adalet.archive import search
from adalet.archive.models import Collection, IngestRun, Item, Passage
from adalet.demo.officials import entities
from adalet.people.models import Detention, Facility, Person, SourceRow
from adalet.people.officials import PostSpec, add_post, upsert_official
from adalet.sanctions.dossier import build, render_html, render_pdf
from adalet.sanctions.ftm_posts import import_posts

pytestmark = pytest.mark.django_db

D = dt.date
ID = "653121197405229571"  # a valid-looking resident ID: its birth date and sequence must never be shown
ADDRESS = "伊犁哈萨克自治州特克斯县喀拉托海镇阿亚格曼干村3组45号"
NEVER = ("19740522957", "197405229571", "阿亚格曼干村", "喀拉托海镇", "3组45号", "19800101123")
# (name, facility, admitted, released, detained): the truth each post's count is checked against is written by hand
ROWS = {
    "a": ("阿依古丽", "特克斯县看守所", D(2017, 3, 2), None, True),  # first month of post 1 (month precision)
    "b": ("吐尔逊 653121198001011234", "特克斯县看守所", D(2017, 5, 10), D(2017, 9, 1), False),  # an ID in the name
    "c": ("买买提", "特克斯县看守所", D(2016, 12, 1), None, True),  # before post 1, held by its status only
    "d": ("古丽娜", "昭苏县拘留所", D(2019, 2, 1), D(2019, 3, 1), False),  # post 2
    "e": ("艾力", "特克斯县看守所", D(2018, 8, 1), D(2018, 9, 1), False),  # in the career's gap: counted nowhere
    "f": ("热依汗", "特克斯县看守所", None, None, True),  # no admission date
    "g": ("努尔", "无名中心", D(2017, 6, 1), None, True),  # a facility of unknown county
}
POSTS = [  # (title, unit, start, end, source)
    ("局长", "特克斯县公安局", "2017-03", "2018-06", "registry file A, row 4"),
    ("副局长", "伊犁哈萨克自治州公安局", "2019-01-01", "2019-06-30", "registry file B, row 9"),
    ("局长", "和田地区公安局", "2020", "2020", "registry file A, row 5"),
]
TRUTH = {"posts": [(2, 3), (1, 3), (0, 0)], "admitted": 3, "held": 4, "people": 4}


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace removed (the PDF breaks long hashes and names over lines)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def case() -> Person:
    collection = Collection.objects.create(name="leak")
    run = IngestRun.objects.create(collection=collection, root_path="/leak", actor="test")
    sheet = Item.objects.create(collection=collection, run=run, locator=f"leak/{ID}-名单.xlsx", path="list.xlsx",
                                name="list.xlsx", sha256="d" * 64)
    facilities = {name: Facility.objects.create(name=name) for name in {r[1] for r in ROWS.values()}}
    for n, (name, facility, admitted, released, detained) in enumerate(ROWS.values()):
        source = SourceRow.objects.create(collection=collection, item=sheet, locator=sheet.locator, sheet="在押人员",
                                          row=n + 2)
        person = Person.objects.create(collection=collection, name=name, id_number=ID[:-4] + f"{n:04d}",
                                       address=ADDRESS, birth_date=D(1974, 5, 22))
        Detention.objects.create(person=person, facility=facilities[facility], admitted=admitted, released=released,
                                 detained=detained, status="在押" if detained else "已释放", source=source)
    memo = Item.objects.create(collection=collection, run=run, locator="leak/会议纪要.txt", path="memo.txt",
                               name="会议纪要.txt", sha256="c" * 64, media_type="text/plain")
    search.index([Passage.objects.create(item=memo, collection=collection, media_type="text/plain", ordinal=0,
                                         text="会议由孙案例同志主持，部署收押工作。")])
    official, _ = upsert_official("SUN Anli", other_names=["孙案例"])
    for title, unit, start, end, source in POSTS:
        add_post(official, PostSpec(title, unit, start, end, source))
    other, _ = upsert_official("LI Other")
    add_post(other, PostSpec("局长", "特克斯县公安局", "2018-01", "2018-12", "a newspaper of 2018-02"))
    return official


def test_the_dossier_states_posts_counts_examples_documents_and_criteria(case: Person) -> None:
    out = io.StringIO()
    call_command("officials", "responsibility", "SUN Anli", "--json", stdout=out)
    report = json.loads(out.getvalue())
    dossier = build(case, to=["us", "eu"])
    assert [(p["admitted"], p["held"]) for p in dossier.posts] == TRUTH["posts"] == [
        (p["admitted_during_tenure"], p["held_during_tenure"]) for p in report["posts"]]
    assert (dossier.counts["admitted"], dossier.counts["held"], dossier.counts["people"]) == (
        report["admitted_during_tenure"]["count"], report["held_during_tenure"]["count"], len(report["people"])) == (
        TRUTH["admitted"], TRUTH["held"], TRUTH["people"])
    pages = pdf_text(render_pdf(dossier))
    text = "".join(pages)
    # the posts, with their sources, tenures and areas (unit -> counties, and how that is known)
    for title, unit, start, end, source in POSTS:
        assert squeeze(f"{title}@{unit},{start}to{end}") in text and squeeze(source) in text
    assert squeeze("Tekes County (特克斯县)") in text and squeeze("read from the unit's name") in text
    assert squeeze("2017-03 (the whole month: first day 2017-03-01)") in text
    # the counts as the PDF states them, per post and in total, with the rule and its limits in plain words
    for n, (admitted, held) in enumerate(TRUTH["posts"], 1):
        section = text.split(f"3.{n}", 1)[1].split(f"3.{n + 1}" if n < 3 else "4.Thecounts", 1)[0]
        assert f"Admittedduringthetenure{admitted}Heldduringthetenure{held}" in section
    assert squeeze(f"{TRUTH['admitted']} detentions admitted during a tenure, {TRUTH['held']} held during one, of "
                   f"{TRUTH['people']} people") in text
    for words in ("admitted on a day of the tenure", "known only to the month or the year", "Release dates are often missing",
                  "located by name", "Command responsibility is an argument the reader must make"):
        assert squeeze(words) in text or squeeze(words.replace("located by name", "placed in a county by their name")) in text
    # examples, masked: names and the source row shown, never an ID number or an address
    assert "阿依古丽" in text and "买买提" in text and "古丽娜" in text and "艾力" not in text
    assert re.search(r"吐尔逊653121\D{12}1974", text)  # the number in a recorded name is masked as the site masks it
    assert "leak/653121••••" in text and "sheet在押人员,row2" in text and "d" * 64 in text
    for secret in NEVER:
        assert secret not in text, secret
    # the documents naming the official, with item and SHA-256
    assert "leak/会议纪要.txt" in text and "c" * 64 in text and "“孙案例”" in text
    # the criteria of exactly the jurisdictions asked
    assert "ExecutiveOrder13818" in text and "PublicLaw116-145" in text and "2020/1998" in text
    for absent in ("SI2020/680", "GlobalHumanRightsSanctionsRegulations2020", "SpecialEconomicMeasuresAct",
                   "JusticeforVictims", "S.C.2017"):
        assert absent not in text, absent
    assert "addressedto:UnitedStates,EuropeanUnion." in text
    # what weighs against the designation, measured on these records
    against = text.split("9.Informationthatweighsagainstthedesignation", 1)[1]
    for words in ("局长 @ 和田地区公安局 (2020 to 2020): no facility of the records is in its area",
                  "No post is recorded from 2018-07-01 to 2018-12-31",
                  "1 of the 2 admitted fall in the first or last month",
                  "1 of the 3 held were admitted before the tenure and have no release date",
                  "2 of the 3 held were admitted before the tenure",
                  "the registry also records LI Other in this post from 2018-01 to 2018-12 (source: a newspaper of 2018-02)",
                  "1 records in the posts' facilities have no admission date",
                  "1 records are in 1 facilities of unknown county"):
        assert squeeze(words) in against, words
    assert "FICTIONAL" not in text


def test_examples_stay_masked_when_the_dossier_is_unmasked(case: Person) -> None:
    html = render_html(build(case, masked=False))
    for secret in NEVER:
        assert secret not in html, secret
    assert ID not in html  # the item's locator is unmasked in evidence only; examples mask it always


def test_the_command_addresses_the_jurisdictions_asked_and_refuses_unknown_ones(case: Person, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    said = io.StringIO()
    call_command("dossier", "孙案例", "--out", str(out), "--to", "uk,ca", "--collection", "leak", stdout=said)
    text = "".join(pdf_text(out.read_bytes()))
    assert "GlobalHumanRightsSanctionsRegulations2020" in text and "SpecialEconomicMeasuresAct" in text
    assert "JusticeforVictimsofCorruptForeignOfficialsAct" in text and "ExecutiveOrder13818" not in text
    assert "2020/1998" not in text and "PublicLaw116-145" not in text
    assert "3 posts, 4 detentions held during them (3 admitted)" in said.getvalue()
    with pytest.raises(CommandError, match="unknown jurisdiction xx"):
        call_command("dossier", "孙案例", "--out", str(out), "--to", "us,xx")
    with pytest.raises(CommandError, match="no collection named 'nowhere'"):
        call_command("dossier", "孙案例", "--out", str(out), "--collection", "nowhere")
    add_post(case, PostSpec("Chief", "Ministry of Truth", "2018", "2019"))
    with pytest.raises(CommandError, match="Ministry of Truth"):
        call_command("dossier", "孙案例", "--out", str(out))


def test_a_dossier_without_posts_says_nothing_is_counted() -> None:
    official, _ = upsert_official("ZHAO Noposts")
    dossier = build(official)
    assert dossier.posts == [] and (dossier.counts["admitted"], dossier.counts["held"]) == (0, 0)
    text = "".join(pdf_text(render_pdf(dossier)))
    assert "Noposts recorded" not in text and "Nopostsrecorded:nothingiscounted(0admitted,0held)" in text
    assert squeeze("No posts are recorded, so the records place no detention under this official") in text


def test_a_fictional_demo_officials_dossier_says_so_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities(7)) + "\n", encoding="utf-8")
    import_posts(path)
    demo = Person.objects.filter(name__contains="(fictional)").order_by("pk").first()
    assert demo is not None
    dossier = build(demo)
    assert dossier.fictional and dossier.posts
    pages = pdf_text(render_pdf(dossier))
    assert len(pages) > 2
    assert all("FICTIONAL—ademoofficialgeneratedbyAdalet" in page for page in pages)
    real, _ = upsert_official("QIAN Real")
    assert not build(real).fictional
