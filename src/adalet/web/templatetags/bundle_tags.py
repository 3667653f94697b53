"""The collection page's verifiable bundle: `{% site_bundle collection as bundle %}` gives the latest one built
(adalet.bundles.store: checkpoint size, root, signing key), or None while none is; `{% verifier_sha256 %}` the
SHA-256 of the verifier every bundle carries, for a reader to compare with their copy."""

import functools
import hashlib

from django import template

from adalet.archive.models import Collection
from adalet.bundles import store
from adalet.bundles.build import verifier_source

register = template.Library()


@register.simple_tag
def site_bundle(collection: Collection) -> store.SiteBundle | None:
    return store.latest(collection) if collection.is_public else None


@register.simple_tag
@functools.cache
def verifier_sha256() -> str:
    return hashlib.sha256(verifier_source().encode("utf-8")).hexdigest()
