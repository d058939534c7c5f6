"""What every search engine answers (`search.engines`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    """The organic results of the requested page, the number of visible matches and the facets.

    `organic`: (kind, object) pairs in rank order, kind «page» or «document», for the positions
    the requested page shows after the promoted pages. `facets`: {facet name: [FacetValue]}.
    `count_exact`: False when `count` is a lower bound (see the engine).
    """

    organic: list = field(default_factory=list)
    count: int = 0
    facets: dict = field(default_factory=dict)
    count_exact: bool = True


class FallBack(Exception):  # not an error: a decision
    """Raised by an engine that should not answer this search: the database backend does
    (`search.engines.with_fallback`, logged by whoever raises it)."""
