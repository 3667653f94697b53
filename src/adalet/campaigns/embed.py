"""The embeddable counter: /letters/SLUG/counter/, a tiny page that other sites put in an iframe, showing how many
have signed (and the goal, when there is one) and linking to the letter.

The one page of the site that may be framed: X-Frame-Options is left off it and its Content-Security-Policy's
frame-ancestors allows any site, while it loads nothing but the site's own stylesheet and runs no script. It sets
no cookie (a page of its own, without the site's forms and session) and may be cached for a minute by browsers and
proxies; the count itself is kept for as long in the shared cache, so that a busy embedding site costs one query a
minute. A draft letter has no counter.
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from adalet.campaigns import letters
from adalet.campaigns.models import Letter

#: How long a browser, a proxy and the shared cache keep the count (seconds).
SECONDS = 60


def count(letter: Letter) -> int:
    key = f"campaigns:counter:{letter.pk}:{letter.created_at.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = letters.tally(letter)["total"]
        cache.set(key, found, SECONDS)
    return int(found)


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # type: ignore[arg-type]  # django-csp types views without arguments
@cache_control(public=True, max_age=SECONDS)
def counter(request: HttpRequest, slug: str) -> HttpResponse:
    found = Letter.objects.filter(slug=slug, draft=False).first()
    if found is None:
        raise Http404
    total = count(found)
    percent = min(100, round(100 * total / found.goal)) if found.goal else None
    text = letters.text_for(found, getattr(request, "LANGUAGE_CODE", "") or found.language)
    return render(request, "campaigns/counter.html",
                  {"letter": found, "text": text, "total": total, "percent": percent})
