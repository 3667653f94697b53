"""A meeting of 25 people sharing one connection signs together; so does a bot, from another connection. Neither is
refused under the default limits: past the burst threshold both are held for review. The held signers are told
so (in the email and on the confirmation page). Moderators find the held signatures from the workspace's
dashboard, grouped by connection with how many confirmed their email, and release the meeting's confirmed ones in
one decision while the bot's unconfirmed ones are rejected; each decision on the custody log."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.campaigns import conf, guard, held, letters
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, sign

MEETING_IP, BOT_IP = "198.51.100.30", "203.0.113.99"
FIRST_NAMES = ["Arzu", "Bilal", "Dilnur", "Erkin", "Gulnar", "Halmurat", "Ilham", "Jamila", "Kamil", "Leyla",
               "Mahire", "Nur", "Omer", "Parhat", "Qadir", "Rahile", "Sadir", "Tahir", "Ugur", "Vasila", "Yusup",
               "Zulfiye", "Abla", "Berdi", "Cemile"]


def moderator() -> Client:
    user = User.objects.create_user("mod", password="pw-for-tests-only")
    user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    client = Client()
    client.force_login(user)
    return client


def meeting(client: Client, confirming: int) -> list[int]:
    """25 people on one connection, each from their own mailbox; the first *confirming* open their link."""
    statuses = []
    for i, first in enumerate(FIRST_NAMES):
        statuses.append(sign(client, name=f"{first} Yilmaz", email=f"{first.lower()}@uni{i}.example.edu",
                             ip=MEETING_IP).status_code)
        if i < confirming:
            confirm_last(client)
    return statuses


def test_the_defaults_hold_a_meeting_for_review_and_never_refuse_it() -> None:
    assert conf.DEFAULTS["ADALET_SIGN_FLAG_IP"] < len(FIRST_NAMES) < conf.DEFAULTS["ADALET_SIGN_RATE_PER_IP"]


def test_a_meeting_is_held_told_so_and_released_by_a_moderator(client: Client, letter: Letter) -> None:
    statuses = meeting(client, confirming=22)
    assert statuses == [302] * 25  # none refused: 5 pending as usual, 20 held
    states = list(Signature.objects.order_by("pk").values_list("state", flat=True))
    assert states[:5] == ["confirmed"] * 5 and states[5:] == ["flagged"] * 20
    assert letters.tally(letter)["individuals"] == 5
    held_mail = [m for m in mail.outbox if m.to == ["abla@uni22.example.edu"]][0]
    assert "held for review" in held_mail.body and "moderators see which signatures were confirmed" in held_mail.body
    first_mail = [m for m in mail.outbox if m.to == ["arzu@uni0.example.edu"]][0]
    assert "held for review" not in first_mail.body
    page = confirm_last(Client()).content.decode()  # the last signer (held) opens the link
    assert '<h1 id="held">Your signature is received and awaiting review</h1>' in page
    assert "signature is confirmed" not in page

    mod = moderator()
    dashboard = mod.get("/workspace/").content.decode()
    assert '<span id="held-count">20</span>' in dashboard and 'href="/workspace/held/"' in dashboard
    queue = mod.get("/workspace/held/").content.decode()
    assert 'href="/letters/letter-2022/moderate/"' in queue
    group = f"ip:{guard.ip_hash(MEETING_IP)}"
    assert f'data-group="{group}"\n         data-held="20" data-confirmed="18"' in queue  # 17 before, the last just now
    assert "20 held · 18 confirmed their email" in queue and "20 distinct mailboxes · 20 email domains" in queue
    answer = mod.post("/workspace/held/letter-2022/", {"decision": "release-confirmed", "group": group,
                                                       "expected": "18"})
    assert answer.status_code == 302
    assert letters.tally(letter)["individuals"] == 23
    assert Signature.objects.filter(state="flagged").count() == 2  # the two who never confirmed still wait
    record = CustodyRecord.objects.get(action="campaign-approve")
    assert record.actor == "mod" and '"count":18' in record.body


def test_a_bots_burst_reads_differently_and_is_rejected(client: Client, letter: Letter) -> None:
    for i in range(8):
        sign(client, name=f"Bot Person {chr(65 + i)}", email=f"user{i}@bots.example", ip=BOT_IP)  # never confirmed
    mod = moderator()
    queue = mod.get("/workspace/held/").content.decode()
    group = f"ip:{guard.ip_hash(BOT_IP)}"
    assert f'data-group="{group}"\n         data-held="3" data-confirmed="0"' in queue
    assert 'value="release-confirmed"' not in queue  # nothing confirmed: nothing to release in one go
    assert f"/letters/letter-2022/moderate/?ip_hash={guard.ip_hash(BOT_IP)}" in queue  # everything from it, in bulk
    ids = [str(pk) for pk in held.held(letter).values_list("pk", flat=True)]
    mod.post("/workspace/held/letter-2022/", {"decision": "reject", "signature": ids, "note": "bot"})
    assert Signature.objects.filter(state="invalidated").count() == 3 and not held.held(letter).exists()
    record = CustodyRecord.objects.get(action="campaign-invalidate")
    assert '"reason":"bot"' in record.body and '"count":3' in record.body


def test_releasing_a_group_that_changed_since_the_page_refuses(client: Client, letter: Letter, settings: object) -> None:
    settings.ADALET_SIGN_FLAG_IP = 0  # type: ignore[attr-defined]
    sign(client, email="one@example.org", name="One Person", ip=MEETING_IP)
    confirm_last(client)
    group = f"ip:{guard.ip_hash(MEETING_IP)}"
    sign(client, email="two@example.org", name="Two Person", ip=MEETING_IP)
    confirm_last(client)  # confirmed after the moderator's page showed one
    mod = moderator()
    mod.post("/workspace/held/letter-2022/", {"decision": "release-confirmed", "group": group, "expected": "1"})
    assert held.held(letter).count() == 2 and not CustodyRecord.objects.filter(action="campaign-approve").exists()
    assert "look again" in mod.get("/workspace/held/").content.decode()


def test_releasing_a_held_organization_does_not_list_it(client: Client, letter: Letter, settings: object) -> None:
    settings.ADALET_SIGN_FLAG_IP = 0  # type: ignore[attr-defined]
    sign(client, "organization")
    confirm_last(client)
    signature = Signature.objects.get()
    assert held.release(letter, [signature.pk], actor="mod") == 1
    signature.refresh_from_db()
    assert signature.state == "confirmed" and not signature.counts and letters.tally(letter)["organizations"] == 0


def test_only_moderators_see_and_decide_held_signatures(client: Client, letter: Letter, settings: object) -> None:
    settings.ADALET_SIGN_FLAG_IP = 0  # type: ignore[attr-defined]
    sign(client)
    researcher = User.objects.create_user("res", password="pw-for-tests-only")
    researcher.groups.add(Group.objects.get_or_create(name="researcher")[0])
    other = Client()
    other.force_login(researcher)
    assert other.get("/workspace/held/").status_code == 403
    pk = str(Signature.objects.get().pk)
    assert other.post("/workspace/held/letter-2022/", {"decision": "release", "signature": [pk]}).status_code == 403
    assert "held-count" not in other.get("/workspace/").content.decode()
    assert Signature.objects.get().state == "flagged"
