"""The delivery package: organizations first, then individuals, by country, with counts; cells that a spreadsheet
would run are defused; each export is audited; the PDF holds the letter, the list and the counts."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import User
from django.test import Client
from pypdf import PdfReader

from adalet.archive.models import CustodyRecord
from adalet.campaigns import countries, deadlines, delivery
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, known, sign


def signed(client: Client) -> None:
    for i, (name, country) in enumerate([("Zeynep Kaya", "TR"), ("Adam Berg", "SE"), ("Ali Can", "TR")]):
        sign(client, name=name, country=country, email=f"p{i}@example{i}.org", ip=f"192.0.2.{i}")
        confirm_last(client)
    known()  # approved on an earlier letter: verified from its own domain
    sign(client, "organization")
    confirm_last(client)
    sign(client, name="Pending Person", email="pending@example.org", ip="192.0.2.40")  # never confirmed


def test_rows_are_organizations_first_then_individuals_by_country(client: Client, letter: Letter) -> None:
    signed(client)
    rows = [(r["type"], r["country"], r["organization"] or r["name"]) for r in delivery.rows(letter)]
    sweden, turkey, usa = countries.name("SE"), countries.name("TR"), countries.name("US")
    assert sweden == "Sweden" and usa.startswith("United States")
    assert rows == [("organization", usa, "Uyghur Rights Watch"), ("individual", sweden, "Adam Berg"),
                    ("individual", turkey, "Ali Can"), ("individual", turkey, "Zeynep Kaya")]


def test_spreadsheet_formulas_are_defused(client: Client, letter: Letter) -> None:
    for cell in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"]:
        assert delivery.safe_cell(cell) == "'" + cell
    assert delivery.safe_cell("Plain") == "Plain"
    sign(client, name="Ann Formula", affiliation="-2+3 Institute", title="+Professor")
    confirm_last(client)
    table = list(csv.reader(io.StringIO(delivery.csv_text(letter))))
    assert table[0] == delivery.HEADER
    row = dict(zip(table[0], table[1]))
    assert row["affiliation"] == "'-2+3 Institute" and row["title or role"] == "'+Professor"
    assert all(cell[:1] not in "=+-@" for line in table for cell in line if cell)


def test_export_through_the_page_is_audited_and_delivers_a_closed_letter(client: Client, letter: Letter) -> None:
    signed(client)
    client.force_login(User.objects.create_user("organizer", password="pw-for-tests-only", is_staff=True))
    deadlines.close(letter, actor="organizer")
    response = client.get("/letters/letter-2022/export.csv")
    assert response.status_code == 200 and 'filename="letter-2022-signatories.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Uyghur Rights Watch" in text and "Zeynep Kaya" in text and "@" not in text.replace("'@", "")
    record = CustodyRecord.objects.get(action="export-personal-data")
    assert record.actor == "organizer" and record.subject == "letter-2022"
    letter.refresh_from_db()
    assert letter.delivered_at is not None
    assert Client().get("/letters/letter-2022/export.csv").status_code == 302  # visitors are sent to log in


def test_the_pdf_has_the_letter_the_list_and_the_counts(client: Client, letter: Letter) -> None:
    signed(client)
    files = delivery.export(letter, actor="organizer", kinds=("pdf",))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["letter-2022.pdf"])).pages)
    text = " ".join(text.split())
    assert "Open letter on the Xinjiang Police Files" in text and "We, the undersigned" in text
    assert "1 organizations and 3 individuals" in text
    assert text.index("Uyghur Rights Watch") < text.index("Adam Berg") < text.index("Zeynep Kaya")
    assert "Pending Person" not in text


def test_purge_erases_what_delivery_does_not_need(client: Client, letter: Letter, clock: object) -> None:
    from datetime import timedelta

    signed(client)
    sign(client, name="Hidden Person", email="h@example.org", visibility="hidden", ip="192.0.2.41")
    confirm_last(client)
    deadlines.close(letter, actor="organizer")
    delivery.export(letter, actor="organizer", kinds=("csv",))
    assert delivery.purge(actor="organizer", days=30)["letters"] == 0  # not yet
    clock.set(clock.at + timedelta(days=31))  # type: ignore[attr-defined]
    assert delivery.purge(actor="organizer", days=30, dry_run=True) == {"letters": 1, "deleted": 1, "erased": 5}
    assert Signature.objects.filter(name="Pending Person").exists()
    summary = delivery.purge(actor="organizer", days=30)
    assert summary == {"letters": 1, "deleted": 1, "erased": 5}
    assert not Signature.objects.filter(name="Pending Person").exists()
    assert set(Signature.objects.values_list("email", flat=True)) == {""}
    assert set(Signature.objects.values_list("ip_hash", flat=True)) == {""}
    assert not Signature.objects.filter(name="Hidden Person").exists()
    assert Signature.objects.filter(name="Zeynep Kaya").exists()  # needed for delivery
    assert CustodyRecord.objects.filter(action="campaign-purge").count() == 1
    assert delivery.purge(actor="organizer", days=30)["letters"] == 0
