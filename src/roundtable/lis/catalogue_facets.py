"""The catalogue's facet counts: plain functions, no database.

Each value of a facet counts the datasets that would be listed if the reader chose it,
with the search words and the other facets' choices as they are (conjunctive across
facets). A facet holds one choice at a time (the page's select, `?theme=Health`), and
choosing another value of it replaces that choice, so a facet's own choice does not
narrow its own counts (disjunctive within a facet, as CKAN's and Solr's faceted
pages count). A value no listed dataset has is left out, unless it is the reader's
choice: that is kept, with its count, so they can see it and take it off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

# A dataset's values, facet by facet: {"theme": ["Health", "Population"], ...}.
Values = Mapping[str, Sequence[str]]


def matches(values: Values, chosen: Mapping[str, str], *, besides: str = "") -> bool:
    """Whether a dataset with `values` has every chosen value, the choice of the
    facet `besides` left out."""
    return all(
        value in values.get(name, ()) for name, value in chosen.items() if value and name != besides
    )


def facet_counts(
    datasets: Sequence[Values], facets: Sequence[str], chosen: Mapping[str, str]
) -> dict[str, dict[str, int]]:
    """For each facet, its values with the number of `datasets` (those the search
    words find) that choosing the value would list; sorted by value. A value counts
    once a dataset even if the dataset names it twice."""
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        tally: dict[str, int] = {}
        for values in datasets:
            if matches(values, chosen, besides=name):
                for value in dict.fromkeys(values.get(name, ())):
                    tally[value] = tally.get(value, 0) + 1
        if chosen.get(name):
            tally.setdefault(chosen[name], 0)
        counts[name] = dict(sorted(tally.items()))
    return counts


def choosing(q: str, chosen: Mapping[str, str], facet: str, value: str) -> str:
    """The catalogue's query string with `value` chosen for `facet` and the search
    words and the other facets' choices kept, as the form sends them: what a link to
    a facet's value (a dataset card's theme) goes to. A facet holds one choice, so
    `value` takes the place of that facet's own; the value already chosen is
    chosen once, not twice."""
    picked = {**chosen, facet: value}
    pairs = ([("q", q)] if q else []) + [(name, v) for name, v in picked.items() if v]
    return urlencode(pairs)
