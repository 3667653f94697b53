"""The collection page's verifiable bundle: `{% site_bundle collection as bundle %}` gives the latest one built
(adalet.bundles.store: checkpoint size, root, signing key), or None while none is."""

from django import template

from adalet.archive.models import Collection
from adalet.bundles import store

register = template.Library()


@register.simple_tag
def site_bundle(collection: Collection) -> store.SiteBundle | None:
    return store.latest(collection) if collection.is_public else None
