"""yente's own scoring algorithms (nomenklatura's ``logic-v1``, ``logic-v2``, ``name-based``…) over Adalet's candidates.

yente scores the candidates its index returns with the nomenklatura algorithm a /match request names, calling
``compare(query=…, result=…, config=…)`` on each. A request naming one of them is answered the same way here
(adalet.api.yente): Adalet retrieves the candidates as for its own algorithm (blocking on name keys across scripts,
then the list names closest to each query name: adalet.sanctions.screening, with no cutoff and no birth-date rule),
and the named algorithm scores each of them. Scores, features and explanations are that algorithm's own; only the
candidates differ from yente's (Adalet's retrieval by name, not yente's search over every property: an entity that
shares an identifier and no name with the query is not a candidate here).

The algorithms served are :data:`nomenklatura.matching.ALGORITHMS` less its dedupe algorithm (``er-unstable``,
"not for screening" in its own words). A request's ``config`` is checked as yente checks it (a key the algorithm
lacks is a 400, :class:`InvalidConfig`); keys not given take the algorithm's defaults; a value the algorithm could not
read as its declared type is a 400 too (yente would fail while scoring). ``weights`` reach the algorithm as given.

Fail closed: an algorithm that raises, or returns a score that is not a number from 0 to 1, is :class:`ScoringFailed`
(a 500 with one line), never an empty answer.

Cost: nomenklatura is imported on the first request that needs it (not at start); logic-v2 builds rigour's name
tagger on its first comparison in a process (measured here: 7-12 s and about 380 MB, once per worker).
"""

from __future__ import annotations

import logging
import math
from functools import cache
from typing import TYPE_CHECKING, Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from adalet.sanctions import screening

if TYPE_CHECKING:
    from nomenklatura.matching.types import MatchingResult, ScoringAlgorithm, ScoringConfig

log = logging.getLogger(__name__)
ConfigValue = str | int | float | bool | None
QUERY_ID = "query"


class InvalidConfig(ValueError):
    """A request's ``config`` the algorithm cannot take (yente: 400)."""


class ScoringFailed(RuntimeError):
    """An algorithm raised or answered nonsense while scoring: the request fails (500), it never answers "no match"."""


@cache
def algorithms() -> dict[str, type[ScoringAlgorithm]]:
    """nomenklatura's screening algorithms by name (its dedupe algorithm left out), in nomenklatura's order."""
    from nomenklatura.matching import ALGORITHMS, DedupeAlgorithm

    return {a.NAME: a for a in ALGORITHMS if a is not DedupeAlgorithm}


def named(name: str) -> type[ScoringAlgorithm] | None:
    return algorithms().get(name)


def docs(algorithm: type[ScoringAlgorithm]) -> dict[str, Any]:
    """The algorithm's ``AlgorithmDocs`` (name, description, config with defaults, features) as JSON."""
    return algorithm.get_docs().model_dump(mode="json")


def feature_docs(algorithm: type[ScoringAlgorithm]) -> dict[str, Any]:
    """yente's ``matcher``: the algorithm's features with their descriptions, coefficients and source links."""
    return {name: doc.model_dump(mode="json") for name, doc in algorithm.get_feature_docs().items()}


def readable(kind: str, value: ConfigValue) -> bool:
    """Whether nomenklatura reads *value* as a config value of *kind* (``float``, ``integer``, ``boolean``, ``string``);
    None always (the default is taken)."""
    if value is None:
        return True
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if isinstance(value, bool):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and (kind != "integer" or number.is_integer())


def scoring_config(algorithm: type[ScoringAlgorithm], weights: dict[str, float], config: dict[str, ConfigValue]) -> ScoringConfig:
    """The request's ``weights`` and ``config`` for *algorithm*: unknown or unreadable keys are :class:`InvalidConfig`."""
    from nomenklatura.matching.types import ScoringConfig

    for key, value in config.items():
        var = algorithm.CONFIG.get(key)
        if var is None:
            raise InvalidConfig(f"Invalid configuration parameter: {key} for algorithm {algorithm.NAME}")
        if not readable(var.type.value, value):
            raise InvalidConfig(
                f"Invalid configuration value: {key} for algorithm {algorithm.NAME} takes a {var.type.value}, not {value!r}"
            )
    return ScoringConfig(weights=dict(weights), config=dict(config))


def candidate_entity(entry: screening.Entry) -> EntityProxy:
    """The FtM entity of an index entry, as the algorithm compares it: its schema's properties, values cleaned by FtM
    (a value FtM cannot read is left out, as yente's indexer leaves it out); stubs (``sanctions``) are not values."""
    proxy = model.make_entity(entry.schema)
    proxy.id = entry.id
    for name, values in entry.properties.items():
        prop = proxy.schema.properties.get(name)
        if prop is None or prop.stub:
            continue
        listed = values if isinstance(values, list) else [values]
        proxy.add(prop, [str(v) for v in listed if isinstance(v, (str, int, float))], quiet=True)
    return proxy


def score(
    algorithm: type[ScoringAlgorithm], query: EntityProxy, entries: list[screening.Entry], config: ScoringConfig
) -> list[tuple[screening.Entry, MatchingResult]]:
    """Each entry with the algorithm's comparison of *query* with it, in the entries' order. A query sent without an
    ``id`` is compared under :data:`QUERY_ID` (FtM cannot hash an entity without one; nomenklatura's name analysis
    does)."""
    if query.id is None:
        query = query.clone()
        query.id = QUERY_ID
    scored = []
    for entry in entries:
        try:
            result = algorithm.compare(query=query, result=candidate_entity(entry), config=config)
            value = float(result.score)
        except Exception as error:  # fail closed: the request fails rather than leave this candidate out
            log.exception("scoring %s with %s failed", entry.id, algorithm.NAME)
            detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
            raise ScoringFailed(f"Scoring failed: {algorithm.NAME} on {entry.id}: {detail}") from error
        if not 0.0 <= value <= 1.0:  # NaN included
            raise ScoringFailed(f"Scoring failed: {algorithm.NAME} on {entry.id} gave the score {value!r}")
        scored.append((entry, result))
    return scored


def scored_response(result: MatchingResult, threshold: float) -> dict[str, Any]:
    """The scoring fields of yente's ``ScoredEntityResponse``: the algorithm's score, its ``explanations`` (each
    nomenklatura's ``FeatureResult``: score, detail, and the query's and candidate's values used) and ``features``
    (the same scores by name, as yente gave them before ``explanations``), ``match`` against the threshold."""
    explanations = {name: feature.model_dump(mode="json") for name, feature in result.explanations.items()}
    return {
        "score": result.score,
        "features": {name: e["score"] for name, e in explanations.items()},
        "match": result.score >= threshold,
        "explanations": explanations,
    }
