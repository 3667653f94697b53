"""The collection page's verifiable bundle: `{% site_bundle collection as bundle %}` gives the latest one built
(adalet.bundles.store: checkpoint size, root, signing key), or None while none is; `{% verifier_sha256 %}` the
SHA-256 of the verifier every bundle carries (in groups of eight hex digits), for a reader to compare with their copy; `|checkpoint_root` a root as
the signed checkpoint's third line writes it (base64)."""

import base64
import functools
import hashlib

from django import template

from adalet.archive.models import Collection
from adalet.bundles import store
from adalet.bundles.build import verifier_source
from adalet.lib.display import fingerprint

register = template.Library()


@register.simple_tag
def site_bundle(collection: Collection) -> store.SiteBundle | None:
    return store.latest(collection) if collection.is_public else None


@register.simple_tag
@functools.cache
def verifier_sha256() -> str:
    """The verifier's SHA-256 in groups of eight hex digits, as fingerprints are shown: never 18 decimal digits in a
    row, which would read as an ID number (this one's hex holds such a run)."""
    return fingerprint(hashlib.sha256(verifier_source().encode("utf-8")).hexdigest())


@register.filter
def checkpoint_root(root_hex: str) -> str:
    """A Merkle root in base64, as the checkpoint note prints it (so a reader compares the two by eye). Never shown
    in hex on the site: 64 hex digits can hold 18 decimal ones in a row, which reads as an ID number."""
    return base64.b64encode(bytes.fromhex(root_hex)).decode()
