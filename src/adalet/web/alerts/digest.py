"""The alerts digest: one email per user with email-enabled watches, of what is new since the last digest
(`adalet alerts send`, and the task queued after a sanctions list or registry update: web.alerts.tasks).

For each watch the digest covers what lies after its `emailed` mark and up to the mark read now
(web.alerts.changes), as the user may see it; the email carries only the watches' titles, what changed in counts and
words, and links to the site (never an ID number, a detainee's name or a file's name). It goes out in the language
the user watched in, through the project's mail backend (campaigns.notices.connection: ADALET_EMAIL_BACKEND, or
files under $ADALET_HOME/mail).

Nothing assumes one process. A digest is claimed before it is sent: an `AlertDigest` row whose unique fingerprint is
the hash of the user and of every email-enabled watch's `emailed` mark (which carries how many digests covered the
watch, so a mark is never the same twice). The claim, the email and the marks moved on are one transaction: a
second `alerts send` reading the same marks at the same time fails to claim the same fingerprint (the database's
unique index waits for the first to commit) and sends nothing; one reading after the first committed starts from
the moved marks. An email that cannot be sent rolls back the claim and the marks (the error is the command's: fail
closed, the news is sent by the next run).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from adalet.campaigns import conf
from adalet.campaigns.notices import absolute, connection, language
from adalet.web.alerts import changes as alert_changes
from adalet.web.models import AlertDigest, Watch

log = logging.getLogger("adalet.web.alerts")


@dataclass
class SendReport:
    sent: int = 0  # digests sent
    lines: int = 0  # lines of news they carried
    claimed_elsewhere: int = 0  # digests another process had claimed
    users: list[str] = field(default_factory=list)


def fingerprint(user_id: int, watches: list[Watch]) -> str:
    marks = sorted([w.pk, w.emailed] for w in watches)
    return hashlib.sha256(json.dumps([user_id, marks], sort_keys=True).encode()).hexdigest()


def send_all(base_url: str | None = None) -> SendReport:
    """Send each user with email-enabled watches their digest, when something is new for them."""
    report = SendReport()
    users = get_user_model().objects.filter(watches__email=True, is_active=True).exclude(email="").distinct()
    for user in users.order_by("pk"):
        outcome = send_to(user, base_url)
        if outcome is None:
            report.claimed_elsewhere += 1
        elif outcome:
            report.sent += 1
            report.lines += outcome
            report.users.append(user.get_username())
    return report


def send_to(user: Any, base_url: str | None = None) -> int | None:
    """Send the user's digest: how many lines of news it carried (0: nothing new, nothing sent), or None when
    another process claimed the same digest first."""
    watches = list(Watch.objects.filter(user=user, email=True).select_related("official", "facility", "saved_search")
                   .order_by("pk"))
    if not watches:
        return 0
    viewer = alert_changes.viewer_for(user)
    code = language(watches[-1].language)
    sections, covered = [], []
    with translation.override(code):
        for watch in watches:
            upto = alert_changes.mark(watch)
            since = watch.emailed or upto
            found = alert_changes.changes(watch, viewer, since, upto)
            if found:
                sections.append({"title": alert_changes.title(watch), "link": absolute(alert_changes.page(watch), base_url),
                                 "lines": [change.line for change in found]})
                covered.append({"watch": watch.pk, "from": watch.emailed, "to": upto})
        if not sections:
            return 0
        body = render_to_string("web/alerts/digest.txt", {
            "sections": sections, "watches_link": absolute(reverse("workspace:watches"), base_url),
        })
        subject = _("Adalet: what is new in what you watch")
    lines = sum(len(s["lines"]) for s in sections)
    try:
        with transaction.atomic():
            digest = AlertDigest.objects.create(user=user, fingerprint=fingerprint(user.pk, watches), covered=covered,
                                                changes=lines)
            for entry in covered:
                count = int((entry["from"] or {}).get("digests", 0)) + 1
                Watch.objects.filter(pk=entry["watch"]).update(emailed={**entry["to"], "digests": count})
            message = EmailMessage(subject, body, conf.get("ADALET_EMAIL_FROM"), [user.email],
                                   headers={"Content-Language": code}, connection=connection())
            message.send(fail_silently=False)
            digest.sent_at = timezone.now()
            digest.save(update_fields=["sent_at"])
    except IntegrityError:
        log.info("alerts digest for user %s claimed by another process", user.pk)
        return None
    return lines
