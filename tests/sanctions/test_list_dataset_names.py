"""Every list's authority is a dataset name, whatever its format: the EU (FSF XML, annex CSV), UK and Canada importers
go through the rule FtM imports already did (yente's: lowercase letters, digits and _, after - becomes _). A good
name imports under it; a bad one, given with --authority or read from the file (an EU annex's CELEX), is one line
naming it, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from adalet.sanctions.importers.records import ListImportError
from adalet.sanctions.importers.run import import_list, parse_list
from adalet.sanctions.models import ImportRun, SanctionedEntity
from adalet.sanctions.screening import dataset_name
from tests.sanctions.test_other_lists import annex_csv, canada_xml, facts, fsf_xml, run_command, uk_xml

pytestmark = pytest.mark.django_db

FILES = {"eu": ("fsf.xml", fsf_xml), "uk": ("fcdo.xml", uk_xml), "canada": ("sema.xml", canada_xml)}


def written(tmp_path: Path, fmt: str) -> Path:
    name, make = FILES[fmt]
    path = tmp_path / name
    path.write_text(make(facts()), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_a_given_authority_that_is_no_dataset_name_is_one_line_and_imports_nothing(tmp_path: Path, fmt: str) -> None:
    path = written(tmp_path, fmt)
    with pytest.raises(CommandError) as refused:
        run_command(fmt, str(path), "--authority", "Peer List (test)")
    message = str(refused.value)
    assert "\n" not in message
    assert message == ("--authority 'Peer List (test)': 'Peer List (test)' is not a dataset name (lowercase letters, "
                       "digits and _ only, e.g. 'peer_list_test'); nothing imported")
    assert not ImportRun.objects.filter(fmt=fmt).exists() and not SanctionedEntity.objects.filter(
        authority="Peer List (test)").exists()


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_a_good_authority_imports_under_its_dataset_name(tmp_path: Path, fmt: str) -> None:
    run = import_list(fmt, written(tmp_path, fmt), authority=f"xx-{fmt}-peer")
    assert (run.authority, dataset_name(run.authority)) == (f"xx-{fmt}-peer", f"xx_{fmt}_peer")
    assert SanctionedEntity.objects.filter(authority=f"xx-{fmt}-peer").count() == run.added > 0


def test_an_authority_read_from_the_file_is_checked_too(tmp_path: Path) -> None:
    good = tmp_path / "32020R1998.csv"
    good.write_text(annex_csv(facts()), encoding="utf-8")
    assert parse_list("eu", good).authority == "eu-oj-32020r1998"
    bad = tmp_path / "bad.csv"  # a CELEX written with a space: the authority read from it is no dataset name
    bad.write_text(annex_csv(facts()).replace("32020R1998", "32020R 1998"), encoding="utf-8")
    with pytest.raises(ListImportError) as refused:
        parse_list("eu", bad)
    assert str(refused.value) == ("eu authority read from bad.csv 'eu-oj-32020r 1998': 'eu_oj_32020r 1998' is not a "
                                  "dataset name (lowercase letters, digits and _ only, e.g. 'eu_oj_32020r_1998'); "
                                  "nothing imported")
    assert not SanctionedEntity.objects.filter(authority__startswith="eu-oj-32020r ").exists()
