"""Screening in OpenSanctions' yente API: its request, its checks and its answer, over Adalet's own screening index.

yente (FastAPI) and its clients (nomenklatura's ``YenteEnricher``, the OpenSanctions API libraries) send
``{"queries": {"q1": {"schema": "Person", "properties": {"name": [...], ...}}}, "weights": {...}, "config": {...}}``
to ``/match/{dataset}`` with query parameters ``algorithm``, ``threshold``, ``cutoff``, ``limit``,
``include_dataset``, ``exclude_dataset``, ``exclude_schema``, ``topics``, ``exclude_entity_ids`` and ``changed_since``
(only entries whose ``last_change`` is that moment or later; a value not matching :data:`TS_PATTERN` is a 422).
This module does what yente does with them, in yente's order:

- the dataset must be in the catalog (404 ``No such dataset.``): ``default`` (also ``sanctions``, ``all``) is every
  imported list, a list's own name (``us_ofac_sdn``) that list only;
- ``algorithm`` must name one this server has (400 ``Invalid algorithm``, read lower-cased and trimmed as yente reads
  it): :data:`ALGORITHM` (``adalet``, the default; yente's aliases ``best`` and ``default`` name it too), or one of
  yente's own, nomenklatura's (``logic-v1``, ``logic-v2``, ``name-based``, ``name-qualified``, ``ofac``,
  ``regression-v1``: adalet.api.yente_scoring), which then scores Adalet's candidates with its own scores, features
  and explanations, as yente would;
- ``config`` keys must be the algorithm's (Adalet's has none: any key is a 400, as yente refuses a key its algorithm
  lacks; nomenklatura's take theirs, defaults for the rest); ``weights`` set the coefficients of the features by name
  (Adalet's: ``name``, ``birth_date``, others ignored; nomenklatura's: as the algorithm reads them);
- more than :data:`MAX_BATCH` queries is a 400, none at all a 400 (``No queries provided.``);
- each example becomes an FtM entity as yente builds it: properties its schema lacks are dropped, values are cleaned
  fuzzily (``"country": "Russia"`` → ``ru``), name parts are combined into a name, and that entity is what the
  answer echoes as ``query``. An unknown schema is a 400 (``Cannot parse example entity``); a missing one, like any
  body of the wrong shape, is the framework's 422. A query without a usable name answers 200 with no results; one of
  more names, or longer ones, than Adalet screens in a query is a 400 for the whole request (yente's bound on a
  query's search clauses refuses the whole request too; a query refused inside a 200, its client reads as no match);
- ``cutoff`` (deprecated in yente) is never above ``threshold``; both default to :data:`SCORE_THRESHOLD`.

Each result is yente's ``ScoredEntityResponse`` (``id``, ``caption``, ``schema``, ``properties`` of the entity's
schema only, ``datasets``, ``referents``, ``target``, ``first_seen``/``last_seen``/``last_change`` as naive UTC
seconds, ``score``, ``features``, ``match``) with ``explanations`` per feature (``{"score": …, "detail": …}``, as
nomenklatura's ``FtResult``) and, from Adalet's algorithm only, its own ``explanation`` (the list of reasons) beside
them. A nomenklatura algorithm's results are cut as yente cuts them (a score at the cutoff or below is left out); an
algorithm that fails is a 500 with one line (:class:`adalet.api.yente_scoring.ScoringFailed`), never "no match".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.helpers import combine_names
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from ninja import Schema
from pydantic import Field

from adalet.api import yente_scoring
from adalet.sanctions import screening

if TYPE_CHECKING:
    from nomenklatura.matching.types import ScoringAlgorithm, ScoringConfig

ALGORITHM = "adalet"
ALIASES = ("best", "default")
ALGORITHM_DESCRIPTION = (
    "Adalet's screening: blocking on name keys across scripts (Han, Uyghur Arabic script, Cyrillic, Latin), then "
    "the best pair of names scored by adalet.names (the same name in another script or order is 1.0); a birth date "
    "of the query that disagrees with every one of the entity's excludes it.")
ALGORITHM_CONFIG: dict[str, dict[str, Any]] = {}
SCORE_THRESHOLD = 0.70
MAX_BATCH = 100
MAX_MATCHES = 500
MATCH_PAGE = 5
#: candidates scored by a nomenklatura algorithm: yente's ``max(20, limit × MATCH_CANDIDATES)`` (its default 10); Adalet's
#: retrieval gives at most a few per query name, so this bound is seldom reached
MATCH_CANDIDATES = 10
MIN_CANDIDATES = 20
MAX_EXCLUDED_IDS = 50
#: yente's ``changed_since``: a date, or a date and time to the hour, minute or second (a 422 otherwise)
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
COLLECTIONS = ("default", "sanctions", "all")
FEATURE_URL = "adalet.sanctions.screening"  # yente links a feature's source; here: the module that computes it
FEATURES: dict[str, dict[str, Any]] = {
    "name": {"description": "Similarity of the best pair of names across scripts (adalet.names.compare)",
             "coefficient": 1.0, "url": FEATURE_URL},
    "birth_date": {"description": "A birth date of the query agrees with one of the entity's (one that disagrees "
                                  "with all of them excludes the entity whatever its weight)",
                   "coefficient": 0.0, "url": FEATURE_URL},
}
NAME_PROPERTIES = ("name", "alias", "firstName", "secondName", "middleName", "fatherName", "lastName")


class YenteError(Exception):
    """A request yente refuses as a whole: ``status`` (400, 404) and yente's ``detail``."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class EntityExample(Schema):
    id: str | None = None
    schema_: str = Field(..., alias="schema")
    properties: dict[str, str | list[Any]]


class EntityMatchQuery(Schema):
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    queries: dict[str, EntityExample | None]


@dataclass
class MatchParams:
    """The query string of a /match request, as yente reads it."""

    limit: int = MATCH_PAGE
    threshold: float = SCORE_THRESHOLD
    cutoff: float = SCORE_THRESHOLD
    algorithm: str = ALGORITHM
    include_dataset: list[str] = field(default_factory=list)
    exclude_dataset: list[str] = field(default_factory=list)
    exclude_schema: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    exclude_entity_ids: list[str] = field(default_factory=list)
    changed_since: str | None = None


@dataclass
class Scorer:
    """The algorithm a request names: Adalet's (``algorithm`` None) or one of nomenklatura's, with its config."""

    name: str
    algorithm: type[ScoringAlgorithm] | None = None
    config: ScoringConfig | None = None


def algorithm_named(name: str) -> str:
    """The algorithm a request's ``algorithm`` names (yente reads it lower-cased and trimmed), or a 400."""
    wanted = (name or "").strip().lower()
    if wanted == ALGORITHM or wanted in ALIASES:
        return ALGORITHM
    if yente_scoring.named(wanted) is not None:
        return wanted
    accepted = ", ".join((ALGORITHM, *ALIASES, *yente_scoring.algorithms()))
    raise YenteError(400, f"Invalid algorithm: {wanted!r} (this server has {accepted})")


def scorer_for(body: EntityMatchQuery, algorithm: str) -> Scorer:
    """The request's algorithm with its ``config`` and ``weights`` checked (400 for a key the algorithm lacks)."""
    name = algorithm_named(algorithm)
    found = yente_scoring.named(name)
    if found is None:
        for key in body.config:
            if key not in ALGORITHM_CONFIG:
                raise YenteError(400, f"Invalid configuration parameter: {key} for algorithm {ALGORITHM}")
        return Scorer(name)
    try:
        return Scorer(name, found, yente_scoring.scoring_config(found, body.weights, body.config))
    except yente_scoring.InvalidConfig as error:
        raise YenteError(400, str(error)) from None


def algorithms_document() -> dict[str, Any]:
    """``/algorithms``: yente's ``AlgorithmResponse``: Adalet's algorithm (its ``docs`` as nomenklatura's
    ``AlgorithmDocs``, ``features`` beside them as yente still gives them, with the names it accepts), then each of
    nomenklatura's that a request may name, with its own docs."""
    docs = {"name": ALGORITHM, "description": ALGORITHM_DESCRIPTION, "config": ALGORITHM_CONFIG, "features": FEATURES}
    listed = [docs | {"docs": docs, "accepts": [ALGORITHM, *ALIASES]}]
    for name, algorithm in yente_scoring.algorithms().items():
        described = yente_scoring.docs(algorithm)
        description = " ".join((described["description"] or "").split())
        listed.append({"name": name, "description": description, "features": described["features"],
                       "docs": described, "accepts": [name]})
    return {"algorithms": listed, "default": ALGORITHM, "best": ALGORITHM}


def check_dataset(name: str, index: screening.Index) -> None:
    if name not in COLLECTIONS and name not in index.datasets:
        raise YenteError(404, "No such dataset.")


def example_entity(example: EntityExample) -> EntityProxy:
    """The FtM entity yente makes of a query example: unknown properties dropped, values cleaned fuzzily (invalid ones
    dropped), name parts combined into names, countries hinted by other values (phone numbers, IBANs) added."""
    try:
        proxy = model.make_entity(example.schema_)
    except InvalidData as error:
        raise YenteError(400, f"Cannot parse example entity: {error}") from None
    proxy.id = example.id
    for prop, values in example.properties.items():
        if prop not in proxy.schema.properties:
            continue
        listed = values if isinstance(values, list) else [values]
        proxy.add(prop, [v for v in listed if isinstance(v, (str, int, float))], cleaned=False, fuzzy=True, quiet=True)
    combine_names(proxy)
    countries = set(proxy.get_type_values(registry.country))
    for held, value in list(proxy.itervalues()):
        hint = held.type.country_hint(value)
        if hint is not None and hint not in countries and "country" in proxy.schema.properties:
            proxy.add("country", hint, cleaned=True)
            countries.add(hint)
    return proxy


def echoed(proxy: EntityProxy) -> dict[str, Any]:
    """The query as yente echoes it: the example entity, after cleaning."""
    return {"id": proxy.id, "schema": proxy.schema.name, "properties": proxy.to_dict()["properties"]}


def name_problem(example: EntityExample, max_names: int, max_chars: int) -> str | None:
    """Why an example's names, as sent, are more than Adalet screens in one query (too many, one too long)."""
    names = [str(n) for p in NAME_PROPERTIES for n in as_list(example.properties.get(p))]
    if len(names) > max_names:
        return f"at most {max_names} names in a query"
    if any(len(n) > max_chars for n in names):
        return f"a name of at most {max_chars} characters"
    return None


def as_list(values: str | list[Any] | None) -> list[Any]:
    return [] if values is None else [values] if isinstance(values, str) else list(values)


def keeps(dataset: str, params: MatchParams) -> Callable[[screening.Entry], bool] | None:
    """The entries a request may answer with (its dataset and filters); None when every entry may."""
    include, exclude = set(params.include_dataset), set(params.exclude_dataset)
    topics, excluded_ids, excluded_schemas = set(params.topics), set(params.exclude_entity_ids), set(params.exclude_schema)
    only = None if dataset in COLLECTIONS else dataset
    since = params.changed_since
    if not (only or include or exclude or topics or excluded_ids or excluded_schemas or since):
        return None

    def keep(entry: screening.Entry) -> bool:
        datasets = set(entry.datasets)
        return ((only is None or only in datasets) and (not include or bool(include & datasets))
                and not exclude & datasets and (not topics or bool(topics & set(entry.properties.get("topics", []))))
                and entry.id not in excluded_ids and entry.schema not in excluded_schemas
                and (since is None or changed_since(entry, since)))

    return keep


def changed_since(entry: screening.Entry, since: str) -> bool:
    """Whether the entry last changed at or after *since* (yente's range on ``last_change``: an entry without one is
    left out). Both are naive UTC ISO text, so they compare as text: ``2024-05-01T10:00`` is before ``…T10:00:00``."""
    changed = wire_time(entry.last_change)
    return changed is not None and changed >= since


def wire_time(value: str | None) -> str | None:
    """A timestamp as yente sends it: UTC, to the second, without a zone (``2023-04-20T18:00:25``)."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()


def entity_properties(entry: screening.Entry) -> dict[str, list[Any]]:
    """The entry's properties that its FtM schema has (yente's entities carry no others), as lists of strings."""
    schema = model.get(entry.schema)
    return {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in entry.properties.items()
            if schema is None or k in schema.properties}


def entity_response(entry: screening.Entry) -> dict[str, Any]:
    """yente's ``EntityResponse`` of an index entry."""
    return {
        "id": entry.id, "caption": entry.caption, "schema": entry.schema, "properties": entity_properties(entry),
        "datasets": list(entry.datasets), "referents": [], "target": True,
        "first_seen": wire_time(entry.first_seen), "last_seen": wire_time(entry.last_seen or entry.last_change),
        "last_change": wire_time(entry.last_change),
    }


def scored_response(result: screening.Result, score: float, threshold: float) -> dict[str, Any]:
    """yente's ``ScoredEntityResponse`` with ``explanations``, and Adalet's ``explanation`` beside them."""
    birth = [line for line in result.explanation if line.startswith("birth date agrees")]
    explanations = {"name": {"score": result.features.get("name", 0.0),
                             "detail": "; ".join(line for line in result.explanation if line not in birth) or None}}
    if "birth_date" in result.features:
        explanations["birth_date"] = {"score": result.features["birth_date"], "detail": "; ".join(birth) or None}
    return entity_response(result.entry) | {
        "score": round(score, 4), "features": dict(result.features), "match": score >= threshold,
        "explanations": explanations, "explanation": list(result.explanation),
    }


def weighted(result: screening.Result, weights: dict[str, float]) -> float:
    """The result's score under the request's feature weights (yente's linear combination, clipped to 0..1)."""
    total = sum(weights.get(name, float(doc["coefficient"])) * result.features.get(name, 0.0)
                for name, doc in FEATURES.items())
    return min(1.0, max(0.0, total))


def match_one(proxy: EntityProxy, index: screening.Index, params: MatchParams, weights: dict[str, float],
              keep: Callable[[screening.Entry], bool] | None, scorer: Scorer | None = None) -> list[dict[str, Any]]:
    """The scored results for one example entity, best first, at most ``params.limit``, by the request's algorithm
    (Adalet's unless *scorer* names one of nomenklatura's)."""
    if not proxy.schema.matchable or params.limit <= 0:
        return []
    query = screening.Query.from_example(proxy.schema.name, proxy.to_dict()["properties"])
    if not query.names:
        return []
    if scorer is not None and scorer.algorithm is not None and scorer.config is not None:
        return nomenklatura_results(proxy, query, index, params, keep, scorer.algorithm, scorer.config)
    cutoff = min(params.cutoff, params.threshold)
    reweighted = any(weights.get(name, float(doc["coefficient"])) != float(doc["coefficient"])
                     for name, doc in FEATURES.items())
    if not reweighted:
        found = index.screen(query, limit=params.limit, threshold=params.threshold, cutoff=cutoff, keep=keep)
        return [scored_response(r, r.score, params.threshold) for r in found]
    # scores change with the weights: screen everything the scorer keeps, then score, cut and rank as weighted
    found = index.screen(query, limit=MAX_MATCHES, threshold=params.threshold, cutoff=0.0, keep=keep)
    scored = [(weighted(r, weights), r) for r in found]
    scored = sorted((s for s in scored if s[0] >= cutoff), key=lambda s: (-s[0], s[1].entry.id))
    return [scored_response(r, score, params.threshold) for score, r in scored[: params.limit]]


def candidates(query: screening.Query, index: screening.Index, limit: int,
               keep: Callable[[screening.Entry], bool] | None) -> list[screening.Entry]:
    """The entries Adalet retrieves for *query* (blocking, then the list names closest to each query name), for
    another algorithm to score: no cutoff and no birth-date rule (the scoring algorithm weighs dates itself)."""
    retrieval = screening.Query(names=query.names, schema=query.schema)
    wanted = max(MIN_CANDIDATES, limit * MATCH_CANDIDATES)
    return [r.entry for r in index.screen(retrieval, limit=wanted, threshold=1.0, cutoff=0.0, keep=keep)]


def nomenklatura_results(proxy: EntityProxy, query: screening.Query, index: screening.Index, params: MatchParams,
                         keep: Callable[[screening.Entry], bool] | None, algorithm: type[ScoringAlgorithm],
                         config: ScoringConfig) -> list[dict[str, Any]]:
    """Adalet's candidates scored by a nomenklatura algorithm and cut as yente cuts them: a score at the cutoff or
    below is left out, the rest best first (ties in retrieval order), at most ``params.limit``."""
    cutoff = min(params.cutoff, params.threshold)
    scored = yente_scoring.score(algorithm, proxy, candidates(query, index, params.limit, keep), config)
    kept = sorted((s for s in scored if s[1].score > cutoff), key=lambda s: -s[1].score)
    return [entity_response(entry) | yente_scoring.scored_response(result, params.threshold)
            for entry, result in kept[: params.limit]]


def check_request(body: EntityMatchQuery, params: MatchParams) -> Scorer:
    """What yente refuses before it reads any example (400): an unknown algorithm or configuration key, more than
    :data:`MAX_BATCH` queries, none, too many excluded IDs; the request's algorithm otherwise."""
    scorer = scorer_for(body, params.algorithm)
    if len(body.queries) > MAX_BATCH:
        raise YenteError(400, f"Too many queries in one batch (limit: {MAX_BATCH}): at most {MAX_BATCH} queries per request")
    if not any(example is not None for example in body.queries.values()):
        raise YenteError(400, "No queries provided.")
    if len(params.exclude_entity_ids) > MAX_EXCLUDED_IDS:
        raise YenteError(400, f"exclude_entity_ids: at most {MAX_EXCLUDED_IDS} IDs")
    return scorer


def match(body: EntityMatchQuery, dataset: str, params: MatchParams, index: screening.Index,
          max_names: int, max_name_chars: int) -> dict[str, Any]:
    """yente's ``EntityMatchResponse`` for a request, or :class:`YenteError` for one it refuses as a whole
    (:class:`adalet.api.yente_scoring.ScoringFailed` when a nomenklatura algorithm fails)."""
    check_dataset(dataset, index)
    scorer = check_request(body, params)
    given = {key: example for key, example in body.queries.items() if example is not None}
    examples = {key: example_entity(example) for key, example in given.items()}
    for key, example in given.items():  # Adalet's own bound on a query's names refuses the whole request, as yente's
        problem = name_problem(example, max_names, max_name_chars)  # on its clauses does: never a query left empty
        if problem is not None:
            raise YenteError(400, f"Query {key!r} has too many or too long names: {problem}")
    keep = keeps(dataset, params)
    limit = max(0, params.limit)
    responses: dict[str, Any] = {}
    for key, proxy in examples.items():
        results = match_one(proxy, index, params, body.weights, keep, scorer)
        responses[key] = {"status": 200, "results": results, "total": {"value": len(results), "relation": "eq"},
                          "query": echoed(proxy)}
    matcher = FEATURES if scorer.algorithm is None else yente_scoring.feature_docs(scorer.algorithm)
    return {"responses": responses, "matcher": matcher, "limit": limit}


def screening_units(body: EntityMatchQuery, max_names: int | None = None) -> int:
    """What a request costs against the search limits: each name it screens, and at least one per query (a query of
    more than *max_names* names, which refuses the request, not screened: one)."""
    def names(example: EntityExample) -> int:
        count = sum(len(as_list(example.properties.get(p))) for p in NAME_PROPERTIES)
        return 1 if max_names is not None and count > max_names else max(1, count)

    return sum(names(e) for e in body.queries.values() if e is not None) or 1
