"""The refusals a signer sees (`guard.Refused`, raised in English by guard.py and signing.py), in the reader's language.

Each message below is the English text with its variable parts as ``%(name)s``; `translate` recognises a refusal's
text by it and returns the translation with the same parts filled in. Text it does not recognise is returned as it
is (tests/campaigns/test_translations.py checks that every refusal raised has its entry here).
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

MESSAGES = (
    gettext_noop("The form has expired. Please reload the page and sign again."),
    gettext_noop("The form was sent back faster than a person can fill it in. Please wait a moment and send it again."),
    gettext_noop("The %(label)s contains invisible or control characters."),
    gettext_noop("The %(label)s may only contain letters, spaces and simple punctuation (no markup or links)."),
    gettext_noop("The %(label)s mixes look-alike alphabets in one word (%(word)s); please type it again."),
    gettext_noop("Too many signatures have come from your network in the last hour. Please try again later."),
    gettext_noop("Too many signatures have come from addresses at %(domain)s in the last hour. Please try again later."),
    gettext_noop("This letter is not open for signatures yet."),
    gettext_noop("This letter is closed: signatures are no longer accepted."),
    gettext_noop("The letter is closed: signatures can no longer be withdrawn. Write to the organizers."),
)
PART = re.compile(r"%\((\w+)\)s")


@cache
def patterns() -> list[tuple[re.Pattern[str], str]]:
    found = []
    for message in MESSAGES:
        pieces = PART.split(message)  # text, name, text, name, ..., text
        regex = "".join(re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>.+?)" for i, piece in enumerate(pieces))
        found.append((re.compile(regex, re.S), message))
    return found


def translate(text: str) -> str:
    """A refusal's text in the active language; any other text unchanged."""
    for pattern, message in patterns():
        match = pattern.fullmatch(text)
        if match:
            return gettext(message) % match.groupdict()
    return text
