"""yente's reading endpoints over Adalet's screening index: ``/search/{dataset}``, ``/entities/{id}`` (with the
adjacent entities nomenklatura's client expands), ``/catalog`` and readiness.

- **Search** reads ``q`` as a name and answers the entities whose best name scores :data:`SEARCH_CUTOFF` or more
  (every entity when ``q`` is empty), filtered as yente filters (``schema`` and its descendants, ``include_dataset``,
  ``exclude_dataset``, ``exclude_schema``, ``changed_since``, ``target``; ``countries``, ``topics``, ``datasets`` and
  each ``filter=field:value`` any of a field's values, or all of them with ``filter_op=AND``), sorted as ``sort``
  asks (``first_seen:desc``), in yente's ``SearchResponse`` with the facets asked for (:data:`FACETS`; by default
  countries, topics, datasets). A ``q`` that yente's query syntax cannot parse (``invalid/query``) is its 400
  unless ``simple=true``.
- **An entity** is yente's ``EntityResponse``; with ``nested`` (yente's default) its designations come along as FtM
  ``Sanction`` entities under its ``sanctions`` property, as yente nests the entities that point at it: a
  ``Sanction`` nested there leaves out its ``entity`` (the entity it sits in), which the client restores. A listing
  date is given only when the list (or a dates file) gave one, not the day of Adalet's first import.
- **Adjacent entities** (``/entities/{id}/adjacent``, yente's paged form of the same nesting) are those designations,
  a page per property.
- **The catalog** is each imported list as a dataset (its version the finish time of its last import), and the
  collections /match accepts (``default``, ``sanctions``, ``all``: every list).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model
from followthemoney.types import registry

from adalet.api.yente import COLLECTIONS, MatchParams, YenteError, check_dataset, entity_response, keeps, wire_time
from adalet.sanctions import screening

SEARCH_CUTOFF = screening.CUTOFF
MAX_PAGE = 500
MAX_OFFSET = 9_999 - MAX_PAGE
#: the facets yente's /search counts (its ``Facet``: the dataset, the schema and FtM's type groups)
FACETS = ("countries", "topics", "datasets", "schema", "identifiers", "genders", "names")
DEFAULT_FACETS = ("countries", "topics", "datasets")
#: the fields a ``filter=field:value`` may name besides ``properties.<name>`` (another matches nothing, as in yente)
FILTER_FIELDS = frozenset({*FACETS, "target"})
#: ``sort=field:order`` fields with a value per entry (others, and ``_score``, keep the order found)
SORT_FIELDS = frozenset({"id", "canonical_id", "entity_id", "caption", "schema", "first_seen", "last_seen",
                         "last_change"})

_ids: weakref.WeakKeyDictionary[screening.Index, dict[str, screening.Entry]] = weakref.WeakKeyDictionary()
_ids_lock = threading.Lock()


def by_id(index: screening.Index) -> dict[str, screening.Entry]:
    """The index's entries by ID (built once per index)."""
    with _ids_lock:
        found = _ids.get(index)
        if found is None:
            found = _ids[index] = {entry.id: entry for entry in index.entries}
        return found


def type_values(entry: screening.Entry, group: str) -> set[str]:
    """The values of the entry's properties of one FtM type group (``countries``, ``identifiers``, ``genders``…)."""
    schema = model.get(entry.schema)
    kind = registry.groups.get(group)
    if schema is None or kind is None:
        return set()
    return {str(v) for prop, values in entry.properties.items() if prop in schema.properties
            and schema.properties[prop].type == kind for v in values}


def countries_of(entry: screening.Entry) -> set[str]:
    return type_values(entry, "countries")


def field_values(entry: screening.Entry, name: str) -> set[str]:
    """The values a yente filter or facet of this name sees in the entry (none for a field yente does not index)."""
    if name == "datasets":
        return set(entry.datasets)
    if name == "schema":
        return {entry.schema}
    if name == "target":
        return {"true"}
    if name == "topics":
        return set(entry.properties.get("topics", []))
    if name.startswith("properties."):
        return {str(v) for v in entry.properties.get(name.removeprefix("properties."), [])}
    return type_values(entry, name) if name in FILTER_FIELDS else set()


def parse_filters(filters: list[str]) -> list[tuple[str, str]]:
    """yente's ``filter=field:value`` parameters (``properties.birthDate:1972-01-26``); one without ``:`` is a 400."""
    parsed = []
    for given in filters:
        name, colon, value = given.partition(":")
        if not colon:
            raise YenteError(400, f"Invalid filter: {given!r}")
        parsed.append((name, value))
    return parsed


def filtered(terms: list[tuple[str, str]], operator: str) -> Callable[[screening.Entry], bool]:
    """The entries that pass every field's terms: any of a field's values (``OR``, yente's default) or all (``AND``)."""
    wanted: dict[str, set[str]] = {}
    for name, value in terms:
        if value:
            wanted.setdefault(name, set()).add(value)

    def passes(entry: screening.Entry) -> bool:
        for name, values in wanted.items():
            held = field_values(entry, name)
            if not (values <= held if operator == "AND" else values & held):
                return False
        return True

    return passes


def sort_value(entry: screening.Entry, name: str) -> str | None:
    if name in ("id", "canonical_id", "entity_id"):
        return entry.id
    if name in ("first_seen", "last_seen", "last_change"):
        return wire_time(getattr(entry, name) or (entry.last_change if name == "last_seen" else None))
    return entry.caption if name == "caption" else entry.schema


def sorted_as_asked(entries: list[screening.Entry], sorts: list[str]) -> list[screening.Entry]:
    """yente's ``sort=field:order`` (``asc`` unless ``desc``; an entry without the field last), the first sort first,
    ties in the order found (best score first)."""
    ordered = list(entries)
    for given in reversed(sorts):
        name, _, order = given.rpartition(":") if ":" in given else (given, "", "asc")
        if name not in SORT_FIELDS:
            continue
        values = {entry.id: sort_value(entry, name) for entry in ordered}
        present = sorted((e for e in ordered if values[e.id] is not None), key=lambda e: str(values[e.id]),
                         reverse=order == "desc")
        ordered = present + [e for e in ordered if values[e.id] is None]
    return ordered


def syntax_problem(q: str) -> str | None:
    """Why yente's query-string syntax (Elasticsearch's ``query_string``, used unless ``simple=true``) cannot parse
    *q*, for the mistakes it refuses with a 400: a regular expression's ``/``, a quote, a bracket left open, a
    trailing ``\\``. Adalet reads what parses as a name."""
    opened: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    quote = slash = False
    escaped = False
    for char in q:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"' and not slash:
            quote = not quote
        elif char == "/" and not quote:
            slash = not slash
        elif quote or slash:
            continue
        elif char in "([{":
            opened.append(char)
        elif char in pairs and (not opened or opened.pop() != pairs[char]):
            return f"unbalanced {char!r}"
    problems = [what for what, left in (("a trailing escape", escaped), ("an unclosed quote", quote),
                                        ("an unclosed regular expression", slash), ("an unclosed bracket", opened))
                if left]
    return problems[0] if problems else None


@dataclass
class SearchFilters:
    """What /search narrows its results by, beside the dataset, schema and :class:`MatchParams`."""

    terms: list[tuple[str, str]] = field(default_factory=list)  # countries, topics, datasets and each ``filter``
    operator: str = "OR"
    target: bool | None = None


def search(index: screening.Index, dataset: str, q: str, schema: str, params: MatchParams, filters: SearchFilters,
           limit: int, offset: int, facets: list[str], sorts: list[str], simple: bool = False) -> dict[str, Any]:
    """yente's ``SearchResponse`` for a text query (a name)."""
    check_dataset(dataset, index)
    wanted = model.get(schema)
    if wanted is None:
        raise YenteError(400, "Invalid schema")
    keep = keeps(dataset, params)
    passes = filtered(filters.terms, filters.operator)

    def allowed(entry: screening.Entry) -> bool:
        entry_schema = model.get(entry.schema)
        return ((entry_schema is not None and entry_schema.is_a(wanted)) and (keep is None or keep(entry))
                and passes(entry) and filters.target is not False)

    text = q.strip()
    problem = None if simple else syntax_problem(text)
    if problem is not None:
        raise YenteError(400, f"Invalid query syntax: {problem} (simple=true reads it as typed)")
    if text:
        query = screening.Query(names=[text], schema="Thing")
        found = [r.entry for r in index.screen(query, limit=len(index.entries), threshold=1.01, cutoff=SEARCH_CUTOFF,
                                               keep=allowed)]
    else:
        found = sorted((e for e in index.entries if allowed(e)), key=lambda e: e.id)
    found = sorted_as_asked(found, sorts)
    limit, offset = max(0, limit), max(0, offset)
    return {
        "results": [entity_response(e) for e in found[offset: offset + limit]],
        "facets": {name: facet(name, found) for name in facets},
        "total": {"value": len(found), "relation": "eq"},
        "limit": limit, "offset": offset,
    }


def facet_label(name: str, value: str) -> str:
    """A facet value's label as yente gives it: a schema's plural, a type's caption (a country's name), else itself."""
    if name == "schema":
        return model.schemata[value].plural if value in model.schemata else value
    kind = registry.groups.get(name)
    return (kind.caption(value) if kind is not None else None) or value


def facet(name: str, entries: list[screening.Entry]) -> dict[str, Any]:
    """Counts of one facet's values over the entries found, most frequent first, labelled as yente labels them."""
    counts: dict[str, int] = {}
    for entry in entries:
        for value in field_values(entry, name):
            counts[value] = counts.get(value, 0) + 1
    kind = registry.groups.get(name)
    label = "Data sources" if name == "datasets" else "Entity types" if name == "schema" else (
        kind.plural if kind is not None else name)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {"label": label,
            "values": [{"name": value, "label": facet_label(name, value), "count": count} for value, count in ranked]}


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
    entry = current(index, entity_id)
    data = entity_response(entry)
    if nested:
        sanctions = sanctions_of(entry)
        if sanctions:
            data["properties"]["sanctions"] = sanctions
    return data


def adjacent_page(found: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """yente's ``AdjacentResultsResponse``: one page of an entity's adjacent entities for one property."""
    limit, offset = max(0, limit), max(0, offset)
    return {"results": found[offset: offset + limit], "total": {"value": len(found), "relation": "eq"},
            "limit": limit, "offset": offset}


def current(index: screening.Index, entity_id: str) -> screening.Entry:
    entry = by_id(index).get(entity_id)
    if entry is None:
        raise YenteError(404, "No such entity!")
    return entry


def adjacent(index: screening.Index, entity_id: str, limit: int, offset: int) -> dict[str, Any]:
    """yente's ``EntityAdjacentResponse`` (``/entities/{id}/adjacent``): the entity, and a page of its adjacent
    entities per property that has any (here its designations, under ``sanctions``)."""
    entry = current(index, entity_id)
    sanctions = sanctions_of(entry)
    pages = {"sanctions": adjacent_page(sanctions, limit, offset)} if sanctions else {}
    return {"entity": entity_response(entry), "adjacent": pages}


def adjacent_by_property(index: screening.Index, entity_id: str, prop: str, limit: int, offset: int) -> dict[str, Any]:
    """``/entities/{id}/adjacent/{property}``: a page of the entities adjacent through one of the schema's entity
    properties (404 ``No such property!`` for a name that is not one)."""
    entry = current(index, entity_id)
    schema = model.get(entry.schema)
    held = schema.properties.get(prop) if schema is not None else None
    if held is None or held.type != registry.entity:
        raise YenteError(404, "No such property!")
    return adjacent_page(sanctions_of(entry) if prop == "sanctions" else [], limit, offset)


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
