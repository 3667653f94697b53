"""Letters as staff make them on the web: created with their text in each language (the letter's own, the others
as translations, each with its own versions), dates, a signature goal and asks; edited language by language
(`letters.revise` for the letter's own text, `letters.translate` for the others: a material change asks the signers
who read the earlier text to confirm again). Dates change here only before the letter opens (afterwards the
deadline is extended, with a reason, on the manage page). Every change is on the custody log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from adalet.archive import custody
from adalet.campaigns import deadlines, letters, outcomes
from adalet.campaigns.models import Letter


@dataclass
class Edited:
    """What an edit did: the languages whose text changed and how many signers were asked to confirm again."""

    languages: list[str] = field(default_factory=list)
    asked: int = 0
    settings: dict[str, Any] = field(default_factory=dict)


def create(data: dict[str, Any], texts: dict[str, tuple[str, str]], *, actor: str,
           base_url: str | None = None) -> Letter:
    """A letter from the staff form's cleaned *data* and its *texts* (language → title, body); audited."""
    own = data["language"]
    title, body = texts[own]
    draft = letters.Draft(slug=data["slug"], title=title, recipients=data["recipients"].strip(), body=body,
                          opens_at=data["opens_at"], deadline=data["deadline"], time_zone=data["time_zone"])
    with transaction.atomic():
        letter = letters.create(draft, actor=actor)
        letter.language, letter.goal = own, data.get("goal")
        letter.save(update_fields=["language", "goal"])
        custody.append("campaign-edit", actor=actor, subject=letter.slug,
                       detail={"language": own, "goal": letter.goal})
        for code, (other_title, other_body) in texts.items():
            if code != own:
                letters.translate(letter, code, title=other_title, body=other_body, material=True,
                                  note="first text", actor=actor, base_url=base_url)
        if data.get("officials"):
            outcomes.add_asks(letter, data["officials"], data["jurisdictions"], actor=actor)
    return letter


def _setting(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def edit(letter: Letter, data: dict[str, Any], texts: dict[str, tuple[str, str]], *, actor: str,
         base_url: str | None = None) -> Edited:
    """Apply the staff form's cleaned *data* to *letter*: each language's text, the recipients, the goal and (before
    it opens) its dates. Returns what changed."""
    done = Edited()
    material, note = bool(data.get("material")), (data.get("note") or "").strip()
    with transaction.atomic():
        wanted: dict[str, Any] = {"goal": data.get("goal")}
        if "deadline" in data and deadlines.status(letter) in ("draft", "upcoming"):
            wanted.update(opens_at=data["opens_at"], deadline=data["deadline"], original_deadline=data["deadline"],
                          time_zone=data["time_zone"])
        if data["language"] != letter.language and data["language"] in texts:
            wanted["language"] = data["language"]  # which text is the letter's own: the others become translations
        changed = {name: value for name, value in wanted.items() if getattr(letter, name) != value}
        if changed.get("language"):
            previous, letter.language = letter.language, changed["language"]
            letter.save(update_fields=["language"])
            letters.translate(letter, previous, title=letter.title, body=letter.body, material=False,
                              note="was the letter's own language", actor=actor)
        for name, value in changed.items():
            setattr(letter, name, value)
        if changed:
            letter.save(update_fields=list(changed))
            done.settings = {name: _setting(value) for name, value in changed.items()}
            custody.append("campaign-edit", actor=actor, subject=letter.slug, detail=done.settings)
        own_title, own_body = texts[letter.language]
        before = letter.version
        done.asked += letters.revise(letter, title=own_title, recipients=data["recipients"].strip(), body=own_body,
                                     material=material, note=note, actor=actor)
        if letter.version != before:
            done.languages.append(letter.language)
        current = letters.translations(letter)
        for code, (title, body) in texts.items():
            if code == letter.language:
                continue
            existed = current.get(code)
            done.asked += letters.translate(letter, code, title=title, body=body, material=material, note=note,
                                            actor=actor, base_url=base_url)
            if existed is None or (existed.title, existed.body) != (title, body):
                done.languages.append(code)
    return done
