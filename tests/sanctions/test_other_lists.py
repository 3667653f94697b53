"""The EU (FSF XML and annex CSV), UK (FCDO XML) and Canada (SEMA XML) lists: names in both scripts, listing dates,
malformed entries by line, idempotent re-import, screening, and the gap matrix fed by a confirmed EU match.

The fixture files are written here, in each list's published layout, from the reference facts of
``xinjiang_designations.csv`` (the four officials and the XPCC Public Security Bureau the EU, UK and Canada listed
on 2021-03-22); their ids, remarks and the unrelated entries are made up for the tests.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adalet.sanctions import gaps
from adalet.sanctions.importers import canada, eu, uk
from adalet.sanctions.importers.apply import apply
from adalet.sanctions.importers.records import ListImportError
from adalet.sanctions.models import Designation, ImportRun, SanctionedEntity
from adalet.sanctions.officials import load_registry, match_officials, review
from adalet.sanctions.screening import Query, current_index
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db

XINJIANG = ["ZHU Hailun", "WANG Mingshan", "WANG Junzheng", "CHEN Mingguo", "XPCC PUBLIC SECURITY BUREAU"]


def facts() -> list[dict[str, str]]:
    """The five rows of the facts file the EU listed on 2021-03-22."""
    with open(FACTS, encoding="utf-8", newline="") as stream:
        rows = {r["name"]: r for r in csv.DictReader(stream)}
    assert all(rows[n]["eu"] == rows[n]["uk"] == rows[n]["canada"] == "2021-03-22" for n in XINJIANG)
    return [rows[n] for n in XINJIANG]


def split_name(row: dict[str, str]) -> tuple[str, str]:
    family, _, given = row["name"].partition(" ")
    return family, given


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def run_command(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("sanctions", "import", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# ------------------------------------------------------------------ fixtures in each format

def fsf_xml(rows: list[dict[str, str]]) -> str:
    entries = []
    for i, row in enumerate(rows, 1):
        person = row["schema"] == "Person"
        family, given = split_name(row)
        dated = ' designationDate="2021-03-22"' if i == 3 else ""  # newer exports carry it on the entry
        names = (f'    <nameAlias firstName="{given}" middleName="" lastName="{family}" wholeName="{row["name"]}" '
                 f'function="Official" gender="M" title="" nameLanguage="" strong="true" regulationLanguage="en" '
                 f'logicalId="{100 + i}"/>\n' if person else
                 f'    <nameAlias wholeName="Public Security Bureau of the Xinjiang Production and Construction Corps" '
                 f'nameLanguage="" strong="true" logicalId="{100 + i}"/>\n')
        names += f'    <nameAlias wholeName="{row["name_zh"]}" nameLanguage="ZH" strong="true" logicalId="{200 + i}"/>\n'
        if i == 1:
            names += '    <nameAlias wholeName="Zhu H." nameLanguage="" strong="false" logicalId="300"/>\n'
        year, month = (row["birth"].split("-") + [""])[:2] if row["birth"] else ("", "")
        birth = (f'    <birthdate circa="false" calendarType="GREGORIAN" city="" zipCode="" birthdate="" dayOfMonth="0" '
                 f'monthOfYear="{int(month)}" year="{year}" region="" place="" countryIso2Code="CN" '
                 f'countryDescription="CHINA" regulationLanguage="en" logicalId="{400 + i}"/>\n') if year else ""
        entries.append(
            f'  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.9000.{i}" '
            f'logicalId="900{i}"{dated}>\n'
            f'    <remark>Test remark {i}.</remark>\n'
            f'    <regulation regulationType="regulation" organisationType="council" publicationDate="2021-03-22" '
            f'entryIntoForceDate="2021-03-22" numberTitle="2021/478 (OJ L99I)" programme="CHN" logicalId="{500 + i}">\n'
            f'      <publicationUrl>https://eur-lex.europa.eu/eli/reg_impl/2021/478/oj</publicationUrl>\n'
            f'    </regulation>\n'
            f'    <subjectType code="{"person" if person else "enterprise"}" classificationCode="{"P" if person else "E"}"/>\n'
            f'{names}{birth}'
            + ('    <citizenship region="" countryIso2Code="CN" countryDescription="CHINA" logicalId="1"/>\n'
               if person else "")
            + '  </sanctionEntity>\n'
        )
    unrelated = (
        '  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.9000.50" logicalId="9050">\n'
        '    <regulation regulationType="regulation" publicationDate="2014-03-17" programme="UKR" logicalId="550"/>\n'
        '    <subjectType code="enterprise" classificationCode="E"/>\n'
        '    <nameAlias wholeName="Northwind Test Shipping LLC" strong="true" logicalId="650"/>\n'
        '  </sanctionEntity>\n')
    malformed = (
        '  <sanctionEntity designationDetails="" euReferenceNumber="EU.9000.99" logicalId="9099">\n'
        '    <nameAlias wholeName="No Subject Type" strong="true" logicalId="699"/>\n'
        '  </sanctionEntity>\n'
        '  <sanctionEntity euReferenceNumber="EU.9000.98">\n'
        '    <subjectType code="person"/><nameAlias wholeName="No Logical Id" strong="true"/>\n'
        '  </sanctionEntity>\n')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2021-03-23T10:00:00.000+01:00" '
            'globalFileId="1">\n' + "".join(entries) + unrelated + malformed + "</export>\n")


ANNEX_HEADER = ("celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName,country,"
                "nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,gender,appearance,ethnicity,"
                "fatherName,motherName,incorporationDate,legalForm,sector,registrationNumber,taxNumber,idNumber,innCode,"
                "ogrnCode,kppCode,okpoCode,leiCode,swiftBic,ticker,imoNumber,mmsi,flag,address,phone,email,website,notes")


def annex_csv(rows: list[dict[str, str]]) -> str:
    header = ANNEX_HEADER.split(",")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)

    def put(**cells: str) -> None:
        writer.writerow([cells.get(h, "") for h in header])

    base = {"celex": "32020R1998", "programKey": "EU-HR", "measure": "Asset freeze"}
    put(**base, recordId="1", annex="I.A", startDate="2.3.2021", schema="Person", name="Jane EXAMPLE",
        reason="A made-up entry\nwhose reason runs over two lines.", birthDate="Approximately 1970")
    when = {"ZHU Hailun": "22.3.2021", "WANG Mingshan": "22 March 2021", "WANG Junzheng": "22.3.2021",
            "CHEN Mingguo": "22 Mar. 2021"}
    for n, row in enumerate(rows[:4], 5):
        family, given = split_name(row)
        year, month = row["birth"].split("-")
        put(**base, recordId=str(n), annex="I.A", startDate=when[row["name"]], schema="Person",
            name=f"{family} {given}", alias=row["name_zh"], nationality="Chinese",
            birthDate=f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(month) - 1]} {year}",
            gender="male", notes="Test note; \"quoted; value\"" if n == 5 else "")
    put(**base, recordId="1", annex="I.B", startDate="22.3.2021", schema="Organization",
        name="Xinjiang Production and Construction Corps Public Security Bureau", alias=rows[4]["name_zh"])
    put(**{**base, "measure": "Travel ban"}, recordId="1", annex="I.B", startDate="22.3.2021", schema="Organization",
        name="Xinjiang Production and Construction Corps Public Security Bureau")  # same entry, second measure
    writer.writerow(["32020R1998", "9", "EU-HR"])  # too few fields
    put(**base, recordId="10", annex="I.A", startDate="22.3.2021", schema="Ship", name="Bad Schema")
    put(**base, recordId="11", annex="I.A", startDate="sometime in 2021", schema="Person", name="Undated PERSON")
    return out.getvalue()


def uk_xml(rows: list[dict[str, str]]) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
             '<Designations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n  <DateGenerated>23/03/2021</DateGenerated>\n']
    for i, row in enumerate(rows, 1):
        person = row["schema"] == "Person"
        family, given = split_name(row)
        name = (f"<Name1>{given}</Name1><Name6>{family}</Name6>" if person
                else "<Name6>Xinjiang Production and Construction Corps Public Security Bureau</Name6>")
        details = ""
        if person:
            year, month = row["birth"].split("-")
            details = (f"    <IndividualDetails><Individual><DOBs><DOB>dd/{month}/{year}</DOB></DOBs>"
                       "<Nationalities><Nationality>China</Nationality></Nationalities>"
                       "<Positions><Position>Official</Position></Positions></Individual></IndividualDetails>\n")
        parts.append(
            "  <Designation>\n"
            "    <LastUpdated>22/03/2021</LastUpdated>\n    <DateDesignated>22/03/2021</DateDesignated>\n"
            f"    <UniqueID>GHR90{i:02d}</UniqueID>\n"
            f"    <Names><Name>{name}<NameType>Primary Name</NameType></Name>"
            + ("<Name><Name6>XPCC PSB</Name6><NameType>Alias</NameType></Name>" if not person else "")
            + "</Names>\n"
            f"    <NonLatinNames><NonLatinName><NameNonLatinScript>{row['name_zh']}</NameNonLatinScript>"
            "<NonLatinScriptType>Chinese</NonLatinScriptType><NonLatinScriptLanguage>Chinese</NonLatinScriptLanguage>"
            "</NonLatinName></NonLatinNames>\n"
            "    <RegimeName>The Global Human Rights Sanctions Regulations 2020</RegimeName>\n"
            f"    <IndividualEntityShip>{'Individual' if person else 'Entity'}</IndividualEntityShip>\n"
            "    <DesignationSource>UK</DesignationSource>\n"
            "    <SanctionsImposed>Asset freeze|Travel Ban</SanctionsImposed>\n"
            f"    <OtherInformation>Test information {i}.</OtherInformation>\n"
            f"{details}  </Designation>\n")
    parts.append(
        "  <Designation>\n    <DateDesignated>29/06/2012</DateDesignated>\n    <UniqueID>AFG9001</UniqueID>\n"
        "    <Names><Name><Name6>TEST MONEY EXCHANGE</Name6><NameType>Primary Name</NameType></Name>"
        "<Name><Name6>Test Hawala</Name6><NameType>Alias</NameType><AliasStrength>Low quality a.k.a</AliasStrength>"
        "</Name></Names>\n"
        "    <RegimeName>The Afghanistan (Sanctions) (EU Exit) Regulations 2020</RegimeName>\n"
        "    <IndividualEntityShip>Entity</IndividualEntityShip>\n  </Designation>\n"
        "  <Designation>\n    <UniqueID>GHR9099</UniqueID>\n"
        "    <Names><Name><Name6>Spaceship Entry</Name6><NameType>Primary Name</NameType></Name></Names>\n"
        "    <IndividualEntityShip>Spaceship</IndividualEntityShip>\n  </Designation>\n"
        "</Designations>\n")
    return "".join(parts)


def canada_xml(rows: list[dict[str, str]], bilingual: bool = False) -> str:
    def tag(name: str, value: str) -> str:
        french = {"Country": "Pays", "LastName": "NomDeFamille", "GivenName": "Prenom", "EntityOrShip": "EntiteOuNavire",
                  "DateOfBirthOrShipBuildDate": "DateDeNaissanceOuDateDeConstructionDuNavire", "Schedule": "Annexe",
                  "Item": "NumeroDarticle", "DateOfListing": "DateDinscription", "Aliases": "Alias"}
        full = f"{name}-{french[name]}" if bilingual else name
        return f"<{full}>{value}</{full}>"

    records = []
    for i, row in enumerate(rows, 1):
        person = row["schema"] == "Person"
        family, given = split_name(row)
        if person:
            year, month = row["birth"].split("-")
            body = (tag("LastName", family.title()) + tag("GivenName", given)
                    + tag("DateOfBirthOrShipBuildDate", f"{year}-{month}") + tag("Schedule", "1, Part 1")
                    + tag("Item", str(i)))
        else:
            body = (tag("EntityOrShip", "Xinjiang Production and Construction Corps Public Security Bureau")
                    + tag("Schedule", "1, Part 2") + tag("Item", "1"))
        records.append(f"  <record>{tag('Country', 'China / Chine')}{body}{tag('DateOfListing', '2021-03-22')}"
                       f"{tag('Aliases', row['name_zh'])}</record>\n")
    records.append(f"  <record>{tag('Country', 'Russia / Russie')}{tag('EntityOrShip', 'Test Bank JSC')}"
                   f"{tag('Schedule', '1, Part 2')}{tag('Item', '9')}{tag('DateOfListing', '2022-02-24')}"
                   f"{tag('Aliases', 'TB, Test Bank Joint Stock Company')}</record>\n")
    records.append(f"  <record>{tag('Country', 'China / Chine')}{tag('Schedule', '1, Part 1')}{tag('Item', '99')}"
                   f"{tag('DateOfListing', '2021-03-22')}</record>\n")  # no name
    return '<?xml version="1.0" encoding="utf-8"?>\n<data-donnees>\n' + "".join(records) + "</data-donnees>\n"


# ------------------------------------------------------------------ tests

def test_eu_fsf_xml(tmp_path: Path) -> None:
    rows = facts()
    text = fsf_xml(rows)
    path = tmp_path / "fsf.xml"
    path.write_text(text, encoding="utf-8")
    summary = run_command("eu", str(path))
    assert (summary["authority"], summary["added"], summary["removed"]) == ("eu-fsf", 6, 0)
    no_subject, no_id = line_of(text, 'logicalId="9099"'), line_of(text, 'euReferenceNumber="EU.9000.98"')
    assert summary["problems"] == [
        f"fsf.xml line {no_subject}: sanctionEntity 9099: no subjectType; skipped",
        f"fsf.xml line {no_id}: sanctionEntity ?: no logicalId; skipped",
    ]
    zhu = SanctionedEntity.objects.get(authority="eu-fsf", source_id="eu-fsf-9001")
    assert zhu.names == ["ZHU Hailun", "朱海仑"] and zhu.properties["weakAlias"] == ["Zhu H."]
    assert (zhu.birth_dates, zhu.nationalities, zhu.programs) == (["1958-01"], ["cn"], ["CHN"])
    assert (zhu.listed_on, zhu.listed_on_source, zhu.remarks) == (date(2021, 3, 22), "list", "Test remark 1.")
    wang = SanctionedEntity.objects.get(source_id="eu-fsf-9003")
    assert wang.names == ["WANG Junzheng", "王君正"] and wang.birth_dates == ["1963-05"]
    psb = SanctionedEntity.objects.get(source_id="eu-fsf-9005")
    assert psb.schema == "Organization" and "新疆生产建设兵团公安局" in psb.names
    assert SanctionedEntity.objects.get(source_id="eu-fsf-9050").listed_on == date(2014, 3, 17)
    assert Designation.objects.get(entity=wang).listed_on == date(2021, 3, 22)

    best = current_index().screen(Query(names=["王君正"], schema="Person"))[0]
    assert (best.entry.id, best.match) == ("eu-fsf-9003", True)

    again = run_command("eu", str(path))  # the same file: nothing changes
    assert (again["added"], again["removed"], again["amended"], again["unchanged"]) == (0, 0, 0, 6)
    # an entry dropped from the list is removed; the malformed one (9099) is held, not removed
    path.write_text(text.replace("Northwind Test Shipping LLC", "Northwind Test Shipping Ltd")
                    .replace(text[text.index('  <sanctionEntity designationDetails="" unitedNationId="" '
                                             'euReferenceNumber="EU.9000.4"'):text.index(
                                                 '  <sanctionEntity designationDetails="" unitedNationId="" '
                                                 'euReferenceNumber="EU.9000.5"')], ""), encoding="utf-8")
    changed = run_command("eu", str(path))
    assert (changed["added"], changed["removed"], changed["amended"]) == (0, 1, 1)
    assert SanctionedEntity.objects.get(source_id="eu-fsf-9004").removed_on is not None


def test_eu_annex_csv(tmp_path: Path) -> None:
    rows = facts()
    text = annex_csv(rows)
    path = tmp_path / "32020R1998.csv"
    path.write_text(text, encoding="utf-8")
    summary = run_command("eu", str(path))
    assert (summary["authority"], summary["added"]) == ("eu-oj-32020r1998", 7)
    lines = text.splitlines()
    bad = next(i for i, x in enumerate(lines, 1) if x.startswith("32020R1998,9,"))
    assert lines[2].startswith("whose reason") and bad == 10  # the two-line reason counts as two lines
    assert summary["problems"] == [
        f"32020R1998.csv line {bad}: 3 fields instead of 45; row skipped",
        f"32020R1998.csv line {bad + 1}: schema 'Ship' is not one of Asset, Company, LegalEntity, Organization, "
        "Person, Vessel; row skipped",
        f"32020R1998.csv line {bad + 2}: startDate 'sometime in 2021' is not a full date; imported without a listing date",
    ]
    by_id = {e.source_id: e for e in SanctionedEntity.objects.filter(authority="eu-oj-32020r1998")}
    wang = by_id["eu-32020r1998-i-a-7"]
    assert (wang.names, wang.birth_dates, wang.listed_on, wang.listed_on_source) == (
        ["WANG Junzheng", "王君正"], ["1963-05"], date(2021, 3, 22), "list")
    assert by_id["eu-32020r1998-i-a-6"].listed_on == date(2021, 3, 22)  # "22 March 2021"
    assert by_id["eu-32020r1998-i-a-8"].listed_on == date(2021, 3, 22)  # "22 Mar. 2021"
    assert by_id["eu-32020r1998-i-a-5"].remarks == "Test note; quoted; value"
    assert by_id["eu-32020r1998-i-a-1"].birth_dates == ["1970"] and by_id["eu-32020r1998-i-a-1"].listed_on == date(2021, 3, 2)
    psb = by_id["eu-32020r1998-i-b-1"]
    assert psb.names == ["Xinjiang Production and Construction Corps Public Security Bureau", "新疆生产建设兵团公安局"]
    assert psb.properties["measure"] == ["Asset freeze", "Travel ban"]
    assert by_id["eu-32020r1998-i-a-11"].listed_on_source == "first-seen"
    assert current_index().screen(Query(names=["王君正"], schema="Person"))[0].entry.id == "eu-32020r1998-i-a-7"

    parsed = eu.parse(path)
    assert parsed.held == {"eu-32020r1998-i-a-10"}
    again = apply("eu-oj-32020r1998", "eu", str(path), parsed)
    assert (again.added, again.removed, again.amended, again.changed) == (0, 0, 0, False)


def test_uk_xml(tmp_path: Path) -> None:
    rows = facts()
    text = uk_xml(rows)
    path = tmp_path / "UK_Sanctions_List.xml"
    path.write_text(text, encoding="utf-8")
    summary = run_command("uk", str(path))
    assert (summary["authority"], summary["added"]) == ("gb-fcdo", 6)
    line = line_of(text, "<UniqueID>GHR9099") - 1
    assert summary["problems"] == [f"UK_Sanctions_List.xml line {line}: Designation GHR9099: IndividualEntityShip "
                                   "'Spaceship' is not Individual, Entity or Ship; skipped"]
    chen = SanctionedEntity.objects.get(source_id="gb-fcdo-GHR9004")
    assert (chen.names, chen.birth_dates, chen.nationalities) == (["Mingguo CHEN", "陈明国"], ["1966-10"], ["China"])
    assert (chen.listed_on, chen.listed_on_source, chen.remarks) == (date(2021, 3, 22), "list", "Test information 4.")
    assert chen.programs == ["The Global Human Rights Sanctions Regulations 2020"]
    assert chen.properties["provisions"] == ["Asset freeze", "Travel Ban"]
    psb = SanctionedEntity.objects.get(source_id="gb-fcdo-GHR9005")
    assert psb.schema == "Organization" and psb.names[1:] == ["XPCC PSB", "新疆生产建设兵团公安局"]
    exchange = SanctionedEntity.objects.get(source_id="gb-fcdo-AFG9001")
    assert exchange.names == ["TEST MONEY EXCHANGE"] and exchange.properties["weakAlias"] == ["Test Hawala"]
    assert current_index().screen(Query(names=["陈明国"], schema="Person", birth_dates=["1966"]))[0].entry.id == \
        "gb-fcdo-GHR9004"
    again = run_command("uk", str(path))
    assert (again["added"], again["removed"], again["amended"], again["unchanged"]) == (0, 0, 0, 6)


def test_canada_xml_both_tag_styles(tmp_path: Path) -> None:
    rows = facts()
    for bilingual in (False, True):
        text = canada_xml(rows, bilingual)
        path = tmp_path / f"sema-{bilingual}.xml"
        path.write_text(text, encoding="utf-8")
        parsed = canada.parse(path)
        assert len(parsed.records) == 6
        assert parsed.problems == [f"{path.name} line {len(text.splitlines()) - 1}: record: no name (EntityOrShip, "
                                   "LastName, GivenName); skipped"]
        assert parsed.held == {"ca-sema-china-1-part-1-99"}
    summary = run_command("canada", str(path))
    assert (summary["authority"], summary["added"]) == ("ca-sema", 6)
    zhu = SanctionedEntity.objects.get(source_id="ca-sema-china-1-part-1-1")
    assert (zhu.names, zhu.birth_dates, zhu.programs) == (["Hailun Zhu", "朱海仑"], ["1958-01"], ["China"])
    assert (zhu.listed_on, zhu.listed_on_source) == (date(2021, 3, 22), "list")
    bank = SanctionedEntity.objects.get(source_id="ca-sema-russia-1-part-2-9")
    assert bank.names == ["Test Bank JSC", "TB", "Test Bank Joint Stock Company"] and bank.schema == "Organization"
    assert current_index().screen(Query(names=["朱海仑"], schema="Person"))[0].entry.id == "ca-sema-china-1-part-1-1"
    again = run_command("canada", str(tmp_path / "sema-False.xml"))  # the other tag style: the same entries
    assert (again["added"], again["removed"], again["amended"]) == (0, 0, 0)


def test_unsafe_or_broken_xml_is_refused(tmp_path: Path) -> None:
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                   '<export><sanctionEntity logicalId="1"><subjectType code="person"/>'
                   '<nameAlias wholeName="&x;"/></sanctionEntity></export>\n', encoding="utf-8")
    with pytest.raises(ListImportError, match="line 2: a DOCTYPE"):
        eu.parse(xxe)
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(uk_xml(facts())[:1500], encoding="utf-8")
    with pytest.raises(ListImportError, match=r"line \d+: not well-formed XML .*nothing imported"):
        uk.parse(truncated)
    with pytest.raises(CommandError, match="not well-formed"):
        run_command("uk", str(truncated))
    assert not ImportRun.objects.filter(authority="gb-fcdo").exists()
    with pytest.raises(ListImportError, match="no celex, recordId"):
        (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        eu.parse(tmp_path / "x.csv")


def test_gap_matrix_gets_the_eu_listing_date_from_a_confirmed_match(tmp_path: Path) -> None:
    path = tmp_path / "fsf.xml"
    path.write_text(fsf_xml(facts()), encoding="utf-8")
    run_command("eu", str(path))
    load_registry(FACTS)
    matches = [m for m in match_officials() if m.entity.authority == "eu-fsf"]
    # the four officials, and the bureau: its name in characters is the list's alias as written (1.0), and the
    # registry's "XPCC PUBLIC SECURITY BUREAU" is the list's "Public Security Bureau of the Xinjiang Production and
    # Construction Corps" once the abbreviation is read
    assert {m.official.name for m in matches} == {*XINJIANG[:4], "XPCC PUBLIC SECURITY BUREAU"}
    bureau = next(m for m in matches if m.official.name == "XPCC PUBLIC SECURITY BUREAU")
    assert bureau.score == 1.0 and "is written as the listed name" in " ".join(bureau.explanation)
    listed = bureau.entity.names[0]
    assert "Construction Corps" in listed
    read = current_index().screen(Query(["XPCC PUBLIC SECURITY BUREAU"], "Organization"))[0]
    assert (read.entry.id, read.match) == (bureau.entity.source_id, True)
    assert "construction corps" in " ".join(read.explanation)
    wang = next(m for m in matches if m.official.name == "WANG Junzheng")
    assert wang.entity.source_id == "eu-fsf-9003"
    before = {r.name: r.cells["eu"] for r in gaps.gap_matrix()}
    assert before["WANG Junzheng"].basis == "reference"  # proposed matches do not count
    review([wang.pk], "confirmed", "x")
    cell = {r.name: r.cells["eu"] for r in gaps.gap_matrix()}["WANG Junzheng"]
    assert (cell.basis, cell.date) == ("list", "2021-03-22")
    assert cell.detail == "eu-fsf-9003 (CHN)"
