"""yente's reading endpoints over Adalet's screening index: ``/search/{dataset}``, ``/entities/{id}`` (with the
adjacent entities nomenklatura's client expands), ``/catalog`` and readiness.

- **Search** reads ``q`` as a name and answers the entities whose best name scores :data:`SEARCH_CUTOFF` or more
  (every entity when ``q`` is empty), filtered as yente filters (``schema`` and its descendants, datasets, topics,
  countries, ``target``), in yente's ``SearchResponse`` with its default facets (countries, topics, datasets).
- **An entity** is yente's ``EntityResponse``; with ``nested`` (yente's default) its designations come along as FtM
  ``Sanction`` entities under its ``sanctions`` property, as yente nests the entities that point at it: a
  ``Sanction`` nested there leaves out its ``entity`` (the entity it sits in), which the client restores. A listing
  date is given only when the list (or a dates file) gave one, not the day of Adalet's first import.
- **The catalog** is each imported list as a dataset (its version the finish time of its last import), and the
  collections /match accepts (``default``, ``sanctions``, ``all``: every list).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

from followthemoney import model
from followthemoney.types import registry

from adalet.api.yente import COLLECTIONS, MatchParams, YenteError, check_dataset, entity_response, keeps, wire_time
from adalet.sanctions import screening

SEARCH_CUTOFF = screening.CUTOFF
MAX_PAGE = 500
MAX_OFFSET = 9_999 - MAX_PAGE
FACETS = ("countries", "topics", "datasets", "schema")
DEFAULT_FACETS = ("countries", "topics", "datasets")
FACET_LABELS = {"countries": "Countries", "topics": "Topics", "datasets": "Data sources", "schema": "Entity types"}

_ids: weakref.WeakKeyDictionary[screening.Index, dict[str, screening.Entry]] = weakref.WeakKeyDictionary()
_ids_lock = threading.Lock()


def by_id(index: screening.Index) -> dict[str, screening.Entry]:
    """The index's entries by ID (built once per index)."""
    with _ids_lock:
        found = _ids.get(index)
        if found is None:
            found = _ids[index] = {entry.id: entry for entry in index.entries}
        return found


def countries_of(entry: screening.Entry) -> set[str]:
    schema = model.get(entry.schema)
    if schema is None:
        return set()
    return {str(v) for prop, values in entry.properties.items() if prop in schema.properties
            and schema.properties[prop].type == registry.country for v in values}


def search(index: screening.Index, dataset: str, q: str, schema: str, params: MatchParams, countries: list[str],
           datasets: list[str], target: bool | None, limit: int, offset: int, facets: list[str]) -> dict[str, Any]:
    """yente's ``SearchResponse`` for a text query (a name)."""
    check_dataset(dataset, index)
    wanted = model.get(schema)
    if wanted is None:
        raise YenteError(400, "Invalid schema")
    params.include_dataset = [*params.include_dataset, *datasets]
    keep = keeps(dataset, params)
    country_set = set(countries)

    def allowed(entry: screening.Entry) -> bool:
        entry_schema = model.get(entry.schema)
        return ((entry_schema is not None and entry_schema.is_a(wanted)) and (keep is None or keep(entry))
                and (not country_set or bool(country_set & countries_of(entry))) and target is not False)

    text = q.strip()
    if text:
        query = screening.Query(names=[text], schema="Thing")
        found = [r.entry for r in index.screen(query, limit=len(index.entries), threshold=1.01, cutoff=SEARCH_CUTOFF,
                                               keep=allowed)]
    else:
        found = sorted((e for e in index.entries if allowed(e)), key=lambda e: e.id)
    limit, offset = max(0, limit), max(0, offset)
    return {
        "results": [entity_response(e) for e in found[offset: offset + limit]],
        "facets": {name: facet(name, found) for name in facets},
        "total": {"value": len(found), "relation": "eq"},
        "limit": limit, "offset": offset,
    }


def facet(name: str, entries: list[screening.Entry]) -> dict[str, Any]:
    """Counts of one facet's values over the entries found, most frequent first."""
    values_of: Callable[[screening.Entry], set[str]] = {
        "countries": countries_of,
        "topics": lambda e: set(e.properties.get("topics", [])),
        "datasets": lambda e: set(e.datasets),
        "schema": lambda e: {e.schema},
    }[name]
    counts: dict[str, int] = {}
    for entry in entries:
        for value in values_of(entry):
            counts[value] = counts.get(value, 0) + 1
    labels: Callable[[str], str] = {
        "countries": lambda v: registry.country.names.get(v, v),
        "topics": lambda v: registry.topic.names.get(v, v),
        "datasets": lambda v: v,
        "schema": lambda v: model.schemata[v].label if v in model.schemata else v,
    }[name]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {"label": FACET_LABELS[name],
            "values": [{"name": value, "label": labels(value), "count": count} for value, count in ranked]}


def sanctions_of(entry: screening.Entry) -> list[dict[str, Any]]:
    """The entry's designations as FtM ``Sanction`` entities (yente's nested shape, without their ``entity``)."""
    from adalet.sanctions.models import Designation

    rows = Designation.objects.filter(entity__source_id=entry.id, entity__authority=entry.authority,
                                      entity__removed_on__isnull=True).order_by(
        "authority", "program", "id").values_list("authority", "program", "listed_on", "removed_on", "source_record",
                                                  "entity__listed_on_source")
    sanctions = []
    for authority, program, listed_on, removed_on, source_record, listed_from in rows:
        if listed_from == "first-seen":  # the day Adalet first saw it, not a listing date the list gave
            listed_on = None
        proxy = model.make_entity("Sanction")
        proxy.make_id("adalet-sanction", entry.id, authority, program)
        properties: dict[str, list[str]] = {"authority": [authority], "program": [program]}
        if listed_on is not None:
            properties["listingDate"] = [listed_on.isoformat()]
            properties["startDate"] = [listed_on.isoformat()]
        if removed_on is not None:
            properties["endDate"] = [removed_on.isoformat()]
        if source_record:
            properties["authorityId"] = [source_record]
        sanctions.append({
            "id": proxy.id, "caption": program or "Sanction", "schema": "Sanction", "properties": properties,
            "datasets": list(entry.datasets), "referents": [], "target": False,
            "first_seen": wire_time(entry.first_seen), "last_seen": wire_time(entry.last_seen or entry.last_change),
            "last_change": wire_time(entry.last_change),
        })
    return sanctions


def entity(index: screening.Index, entity_id: str, nested: bool) -> dict[str, Any]:
    """yente's ``EntityResponse`` of one current entity, with its adjacent entities when ``nested``; 404 if none."""
    entry = by_id(index).get(entity_id)
    if entry is None:
        raise YenteError(404, "No such entity!")
    data = entity_response(entry)
    if nested:
        sanctions = sanctions_of(entry)
        if sanctions:
            data["properties"]["sanctions"] = sanctions
    return data


def catalog(index: screening.Index) -> dict[str, Any]:
    """yente's ``DataCatalogModel``: each imported list, and the collections of all of them."""
    from adalet.sanctions.models import ImportRun

    versions: dict[str, str] = {}
    for authority, finished in ImportRun.objects.filter(finished_at__isnull=False).order_by("id").values_list(
            "authority", "finished_at"):
        if finished is not None:
            versions[screening.dataset_name(authority)] = finished.strftime("%Y%m%d%H%M%S")
    names = sorted(index.datasets)
    latest = max((versions.get(n, "") for n in names), default="") or "0"
    datasets = [dataset_model(n, f"{n} (imported list)", versions.get(n, latest), []) for n in names]
    datasets += [dataset_model(c, f"Every imported list ({c})", latest, names) for c in COLLECTIONS]
    return {"datasets": datasets, "current": [d["name"] for d in datasets], "outdated": [], "index_stale": False}


def dataset_model(name: str, title: str, version: str, children: list[str]) -> dict[str, Any]:
    return {"name": name, "title": title, "summary": None, "url": None, "load": True, "entities_url": None,
            "version": version, "index_version": version, "index_current": True, "children": children}


def ready(index: screening.Index) -> bool:
    """Whether the index can answer: a screening service without any list would say "no match" to everything."""
    return bool(index.entries)
