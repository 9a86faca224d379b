"""What the addresses of compare areas and of the overview (tartan rug) ask for, read
without the database: each choice that cannot be used is left out (or left at its
default) and named, in the words the page's error summary shows, so the page is
shown with what it can use rather than a bare "problem with this address".

Compare areas reads its areas and indicators here (`asked_comparison`); which codes
name an area, or an indicator the reader may see, is then told to
`CompareChoices.among` (`comparisons.compare_areas` reads them). The overview's
choices (`asked_overview`) are checked here whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from roundtable.core import words
from roundtable.geography.choices import AreaType

if TYPE_CHECKING:
    from django.http import QueryDict

#: At most this many areas side by side: more is the tartan rug's work.
MAX_COMPARED = 20
#: The types of area the overview shows (not custom areas).
RUG_AREA_TYPES = tuple(t.value for t in AreaType if t != AreaType.CUSTOM)
RUG_BENCHMARKS = ("parent", "england")
#: The error of a comparison asked for as a download without an area to compare.
NOTHING_TO_DOWNLOAD = "area: add at least one area to compare before downloading the comparison"
#: An error's list of codes names at most this many, then how many more.
NAMED = 5


def chosen_codes(codes: Iterable[str]) -> list[str]:
    """The area codes of a comparison's address, each once, in order."""
    return list(dict.fromkeys(c.strip() for c in codes if c.strip()))


def listed(codes: Sequence[str]) -> str:
    """Codes in a sentence: "A", "A and B", "A, B and C"; past NAMED of them, how
    many more ("A, B, C, D, E and 3 more")."""
    if len(codes) > NAMED:
        return f"{', '.join(codes[:NAMED])} and {len(codes) - NAMED} more"
    return words.listed(codes)


def _left_out(kind: str, codes: Sequence[str], verb: str) -> str:
    """ "no area has the code X, so it is not compared", or of several codes."""
    if len(codes) == 1:
        return f"no {kind} has the code {codes[0]}, so it is not {verb}"
    return f"no {kind} has the codes {listed(codes)}, so they are not {verb}"


@dataclass(frozen=True)
class CompareChoices:
    """What a comparison's address asks for: its areas' codes (`area`, each once, in
    order, at most MAX_COMPARED) and its indicators' (`indicator`; every indicator
    when none), each code that cannot be used left out and named in `errors`,
    (parameter, words) pairs in the order the error summary lists them."""

    codes: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()

    def among(self, areas: Collection[str], indicators: Iterable[str]) -> CompareChoices:
        """The choices with the codes of no area in `areas`, and of no indicator in
        `indicators` (the LIS indicators the reader may see, matched without regard
        to case, kept as the indicator spells its code), left out and named. An
        indicator the reader may not see is named as one there is not."""
        unknown = [c for c in self.codes if c not in areas]
        by_lower = {code.lower(): code for code in indicators}
        missing = [c for c in self.indicator_codes if c.lower() not in by_lower]
        errors = list(self.errors)
        if unknown:
            errors.append(("area", f"area: {_left_out('area', unknown, 'compared')}"))
        if missing:
            words = _left_out("indicator on the LIS", missing, "shown")
            errors.append(("indicator", f"indicator: {words}"))
        kept = [by_lower[c.lower()] for c in self.indicator_codes if c.lower() in by_lower]
        return replace(
            self,
            codes=tuple(c for c in self.codes if c in areas),
            indicator_codes=tuple(dict.fromkeys(kept)),
            errors=tuple(errors),
        )


def asked_comparison(query: QueryDict) -> CompareChoices:
    """The areas and indicators a comparison's address asks for, each once, in
    order; past MAX_COMPARED areas the rest are left out and named."""
    codes = chosen_codes(query.getlist("area"))
    errors = []
    if len(codes) > MAX_COMPARED:
        over = codes[MAX_COMPARED:]
        some = f"the last {len(over)}, {listed(over)}, are" if len(over) > 1 else f"{over[0]} is"
        said = f"area: compare at most {MAX_COMPARED} areas, so {some} not compared"
        errors.append(("area", said))
        codes = codes[:MAX_COMPARED]
    indicators = tuple(dict.fromkeys(c.strip() for c in query.getlist("indicator") if c.strip()))
    return CompareChoices(tuple(codes), indicators, tuple(errors))


@dataclass(frozen=True)
class OverviewChoices:
    """What an overview's address asks for: the type of its areas (`area_type`, the
    first type of its child areas with figures when ""), what they are compared with
    (`benchmark`, "parent" or "england"; the parent when "") and the page of areas
    shown (`page`, from 1). A choice that cannot be used is left at its default and
    named in `errors`, by its parameter, in the words the error summary shows."""

    area_type: str = ""
    benchmark: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def left_out(self) -> tuple[str, ...]:
        """The parameters the page's own links leave out, so that they ask for the
        overview it shows: each one in error."""
        return tuple(sorted(self.errors))


def unknown_area_type(typed: str) -> str:
    """The error naming an overview's `area_type=` there is not."""
    return (
        f"area_type: there is no type of area \u201c{typed}\u201d; choose one from "
        "\u201cAreas\u201d"
    )


def unknown_benchmark(typed: str) -> str:
    """The error naming an overview's `benchmark=` there is not."""
    return (
        f"benchmark: there is no benchmark \u201c{typed}\u201d; choose the parent area or England"
    )


def asked_overview(query: QueryDict) -> OverviewChoices:
    """The overview's choices in its address: `area_type` (one of RUG_AREA_TYPES) and
    `benchmark` (one of RUG_BENCHMARKS), both in any case, and `page` (a whole number
    from 1; a page past the last is the last, as `Paginator.get_page` has it). One
    it cannot use is named in `errors`, with what was typed, and the default used
    instead: the first type of area with figures, the parent, page 1."""
    errors: dict[str, str] = {}
    typed_type = query.get("area_type", "").strip()
    area_type = typed_type.lower()
    if area_type and area_type not in RUG_AREA_TYPES:
        errors["area_type"], area_type = unknown_area_type(typed_type), ""
    typed_benchmark = query.get("benchmark", "").strip()
    benchmark = typed_benchmark.lower()
    if benchmark and benchmark not in RUG_BENCHMARKS:
        errors["benchmark"], benchmark = unknown_benchmark(typed_benchmark), ""
    typed_page = query.get("page", "").strip()
    # Digits only: not "+2", "1_0" or "²", which `int` reads or refuses.
    page = int(typed_page) if typed_page.isdecimal() and typed_page.isascii() else 0
    if not typed_page:
        page = 1
    elif page < 1:
        errors["page"], page = (
            f"page: there is no page \u201c{typed_page}\u201d; the first page is shown",
            1,
        )
    return OverviewChoices(area_type, benchmark, page, errors)
