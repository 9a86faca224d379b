"""The catalogue's facets: which datasets the reader's choices list, each value's
count, and the addresses that add or remove a choice. Plain functions, no database.

A facet (theme, publisher, area type, licence) holds any number of choices, ticked
in the page's filter panel (`?theme=Health&theme=Population`; an address of the
single-choice days, `?theme=Health`, is one choice). A dataset is listed when it has
any of a facet's choices (OR within a facet) and that for every facet with choices
(AND across facets). Each value counts the datasets with it among those the search
words and the other facets' choices list, so a facet's own choices do not narrow its
own counts (disjunctive faceting, as CKAN's and Solr's multi-select pages count): a
chosen value counts the listed datasets that have it, and another value the datasets
with it that ticking it would add to or keep in the list. A value no such dataset has
is left out, unless it is one of the reader's choices: that is kept, with its count
(0), so they can see it and take it off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlencode

# A dataset's values, facet by facet: {"theme": ["Health", "Population"], ...}.
Values = Mapping[str, Sequence[str]]
# The reader's choices, facet by facet, in the form's order: {"theme": ["Health"]}.
Chosen = Mapping[str, Sequence[str]]


def read_chosen(asked: Mapping[str, Iterable[str]], facets: Sequence[str]) -> dict[str, list[str]]:
    """The choices of an address (each facet's values as `QueryDict.getlist` gives
    them), in the order of `facets`: trimmed, blanks (the old "Any") left out, each
    value once, in the order given."""
    return {
        name: list(dict.fromkeys(v.strip() for v in asked.get(name, ()) if v.strip()))
        for name in facets
    }


def matches(values: Values, chosen: Chosen, *, besides: str = "") -> bool:
    """Whether a dataset with `values` has one of the chosen values of every facet
    with choices, the choices of the facet `besides` left out."""
    return all(
        any(value in values.get(name, ()) for value in wanted)
        for name, wanted in chosen.items()
        if wanted and name != besides
    )


def facet_counts(
    datasets: Sequence[Values], facets: Sequence[str], chosen: Chosen
) -> dict[str, dict[str, int]]:
    """For each facet, its values with the number of `datasets` (those the search
    words find) that have the value and every other facet's choice; sorted by
    value. A value counts once a dataset even if the dataset names it twice; the
    reader's choices are kept with 0 when no such dataset has them."""
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        tally: dict[str, int] = {}
        for values in datasets:
            if matches(values, chosen, besides=name):
                for value in dict.fromkeys(values.get(name, ())):
                    tally[value] = tally.get(value, 0) + 1
        for value in chosen.get(name, ()):
            tally.setdefault(value, 0)
        counts[name] = dict(sorted(tally.items()))
    return counts


def query_string(q: str, chosen: Chosen) -> str:
    """The catalogue's query string for the search words `q` and the choices, as the
    form sends them: `q`, then each facet's values in order."""
    pairs = ([("q", q)] if q else []) + [
        (name, value) for name, values in chosen.items() for value in values
    ]
    return urlencode(pairs)


def adding(q: str, chosen: Chosen, facet: str, value: str) -> str:
    """The query string with `value` added to the choices of `facet` (a dataset
    card's theme link), the search words and every other choice kept; a value
    already chosen is named once."""
    more = {**chosen, facet: list(dict.fromkeys([*chosen.get(facet, ()), value]))}
    return query_string(q, more)


def removing(q: str, chosen: Chosen, facet: str, value: str) -> str:
    """The query string without `value` among the choices of `facet` (a selected
    filter's Remove link), the search words and every other choice kept."""
    fewer = {**chosen, facet: [v for v in chosen.get(facet, ()) if v != value]}
    return query_string(q, fewer)
