"""An organization counts and is listed only once verified: approved by a moderator, or in the registry of approved
organizations and confirmed from an address at the domain the registry holds for it. Typing its name, even with a
confirmed webmail address or one at its own new domain, lists nothing (test_impersonation.py: the attack)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.campaigns import letters
from adalet.campaigns.mailboxes import at_own_domain
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, known, sign


def test_own_domain() -> None:
    assert at_own_domain("a@uyghurrights.example.org", "https://www.uyghurrights.example.org/about")
    assert at_own_domain("a@mail.uyghurrights.example.org", "https://uyghurrights.example.org")
    assert not at_own_domain("a@gmail.com", "https://gmail.com")
    assert not at_own_domain("a@other.org", "https://uyghurrights.example.org")


def test_known_and_confirmed_from_its_own_domain_it_is_listed(client: Client, letter: Letter) -> None:
    known()
    sign(client, "organization")
    confirm_last(client)
    assert Signature.objects.get().verified_by == "registry"
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Uyghur Rights Watch" in page and 'id="count-organizations">1<' in page


def test_confirmed_from_its_own_domain_but_unknown_it_waits_for_a_moderator(client: Client, letter: Letter) -> None:
    sign(client, "organization")
    assert "is listed once it is verified" in confirm_last(client).content.decode()
    signature = Signature.objects.get()
    assert signature.state == "confirmed" and signature.verified_by == "" and not signature.counts
    assert 'id="count-organizations">0<' in client.get("/letters/letter-2022/").content.decode()


def test_someone_who_merely_typed_its_name_is_not_listed(client: Client, letter: Letter) -> None:
    sign(client, "organization", email="impostor@gmail.com")
    assert "is listed once it is verified" in confirm_last(client).content.decode()
    signature = Signature.objects.get()
    assert signature.state == "confirmed" and signature.verified_by == ""
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Uyghur Rights Watch" not in page and 'id="count-organizations">0<' in page
    assert letters.tally(letter)["organizations"] == 0


def test_a_moderator_approves_an_organization(client: Client, letter: Letter) -> None:
    sign(client, "organization", email="director@gmail.com")
    confirm_last(client)
    signature = Signature.objects.get()
    staff = User.objects.create_user("moderator", password="pw-for-tests-only", is_staff=True)
    visitor = Client()
    assert visitor.get("/letters/letter-2022/moderate/").status_code == 302  # staff only
    client.force_login(staff)
    queue = client.get("/letters/letter-2022/moderate/").content.decode()
    assert "Uyghur Rights Watch" in queue and "director@gmail.com" not in queue
    client.post("/letters/letter-2022/moderate/", {"action": "approve", "signature": signature.pk})
    signature.refresh_from_db()
    assert signature.verified_by == "moderator" and signature.counts
    assert "Uyghur Rights Watch" in visitor.get("/letters/letter-2022/").content.decode()
    approval = CustodyRecord.objects.get(action="campaign-approve")
    assert approval.actor == "moderator" and approval.subject == "letter-2022"


def test_a_logo_is_served_only_for_a_listed_organization(client: Client, letter: Letter, tmp_path: object) -> None:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(png, "PNG")
    png.seek(0)
    png.name = "logo.png"
    known()
    sign(client, "organization", logo=png)
    signature = Signature.objects.get()
    assert signature.logo_type == "image/png"
    assert client.get(f"/letters/letter-2022/logo/{signature.pk}/").status_code == 404
    confirm_last(client)
    response = client.get(f"/letters/letter-2022/logo/{signature.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_logo_that_is_not_an_image_is_refused(client: Client, letter: Letter) -> None:
    import io

    fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
    fake.name = "logo.png"
    response = sign(client, "organization", logo=fake)
    assert response.status_code == 400 and "not an image we can read" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_moderator_moderates_but_does_not_export(client: Client, letter: Letter) -> None:
    from django.contrib.auth.models import Group

    user = User.objects.create_user("mod", password="pw-for-tests-only")
    user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    client.force_login(user)
    assert client.get("/letters/letter-2022/moderate/").status_code == 200
    assert client.get("/letters/letter-2022/export.csv").status_code == 302
    assert not CustodyRecord.objects.filter(action="export-personal-data").exists()
