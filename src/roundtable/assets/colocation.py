"""The co-location finder: where partners' buildings are close enough to share.

Pure functions on plain records (`Site`), no database; `queries_colocation.py`
builds the records from the assets a user may see, and the page, the command and
the benchmark call `find_groups`.

The definition, precisely:

- A **candidate** is a located asset that could be vacated: its utilisation is
  known and strictly below `utilisation_below` per cent, or its lease ends on a
  day from `on` to `on` plus `lease_months` calendar months, both days included
  (a lease that ended before `on`, or an asset with no lease end, is not a
  candidate by its lease). An asset missing utilisation and lease end is never a
  candidate, but may still be a neighbour.
- The **group of a candidate** is the candidate plus every located asset of
  *another* owner within `within_m` metres of it (distance included: exactly
  `within_m` metres apart counts). The candidate's owner's other buildings are not
  in it: the finder is about partners sharing. A candidate with no such neighbour
  has no group.
- Groups whose assets are a subset of another group's assets are dropped; of groups
  with the same assets, one is kept.
- A group's **operating cost** is what one move could save: the largest annual
  operating cost among the group's candidates (the building that could be vacated,
  `vacate`, listed first). Every candidate of a group is within `within_m` metres of
  an asset of another owner in it, so each could move. Missing costs are unknown,
  not nought: a group whose candidates have no cost has `operating_cost` None.
- **max_distance_m** is the largest distance between any two of its assets;
  **owners** the distinct owners, sorted.
- Groups are ranked by operating cost, highest first (unknown last), then by the
  name of the building to vacate, then by its id. Within a group, the building to
  vacate comes first, the others follow by name.

Distances are great-circle distances on WGS84 latitude and longitude
(`geography.grid.distance_m`), within about 0.5% of the ground distance: two or
three metres at 500 m. To avoid comparing every pair, assets are put in cells of
a grid at least `within_m` metres wide in both directions, and a candidate is
compared only with the assets of its own and the eight neighbouring cells.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from roundtable.core.words import listed
from roundtable.geography.grid import distance_m
from roundtable.recommendations.rules import add_months

DEFAULT_WITHIN_M = 500
DEFAULT_UTILISATION_BELOW = Decimal("50")
DEFAULT_LEASE_MONTHS = 12
MAX_WITHIN_M = 5000
MAX_LEASE_MONTHS = 120

# The haversine's radius (geography.grid.distance_m); a metre of latitude is
# 1 / (R * pi / 180) degrees along a meridian.
EARTH_RADIUS_M = 6_371_008.8
# Cells a little wider than needed, so rounding never splits a pair at exactly
# `within_m` across cells that are not neighbours.
CELL_MARGIN = 1.001


@dataclass(frozen=True)
class Site:
    """An asset as the finder sees it. `owner` is the owner's name."""

    id: int
    name: str
    owner: str
    postcode: str
    lat: float | None
    lon: float | None
    utilisation: Decimal | None = None
    lease_end: datetime.date | None = None
    operating_cost: Decimal | None = None


@dataclass(frozen=True)
class Options:
    """The finder's thresholds (the page's form and the command's options)."""

    within_m: int = DEFAULT_WITHIN_M
    utilisation_below: Decimal = DEFAULT_UTILISATION_BELOW
    lease_months: int = DEFAULT_LEASE_MONTHS
    on: datetime.date | None = None  # None: the caller's today

    def __post_init__(self) -> None:
        for problem in check_options(self.within_m, self.utilisation_below, self.lease_months):
            raise ValueError(problem)


@dataclass(frozen=True)
class Group:
    """Assets of two or more owners within `within_m` metres of a candidate."""

    sites: tuple[Site, ...]  # the building to vacate first, then by name
    vacate: Site | None  # the candidate with the largest known cost (None: no cost known)
    candidates: frozenset[int]
    max_distance_m: float
    owners: tuple[str, ...]
    operating_cost: Decimal | None


def check_options(within_m: int, utilisation_below: Decimal, lease_months: int) -> list[str]:
    """What is wrong with the thresholds, in words naming the option and the fix."""
    problems = []
    if not 1 <= within_m <= MAX_WITHIN_M:
        problems.append(f"Within: enter a number of metres from 1 to {MAX_WITHIN_M:,}, like 500")
    if not Decimal(0) <= utilisation_below <= Decimal(100):
        problems.append("Utilisation below: enter a percentage from 0 to 100, like 50")
    if not 0 <= lease_months <= MAX_LEASE_MONTHS:
        problems.append(
            f"Lease ends within: enter a number of months from 0 to {MAX_LEASE_MONTHS}, like 12"
        )
    return problems


def is_candidate(site: Site, options: Options, on: datetime.date) -> bool:
    """Whether the asset could be vacated: under-used, or its lease ends soon."""
    if site.utilisation is not None and site.utilisation < options.utilisation_below:
        return True
    if site.lease_end is None:
        return False
    return on <= site.lease_end <= add_months(on, options.lease_months)


class SpatialGrid:
    """Located sites bucketed in cells at least `size_m` metres wide and tall."""

    def __init__(self, sites: Sequence[Site], size_m: float) -> None:
        located = [s for s in sites if s.lat is not None and s.lon is not None]
        self.cell_lat = math.degrees(size_m / EARTH_RADIUS_M) * CELL_MARGIN
        # A degree of longitude is shortest at the latitude furthest from the
        # equator, so cells sized there are wide enough everywhere.
        widest = max((abs(s.lat) for s in located), default=0.0)
        self.cell_lon = self.cell_lat / max(math.cos(math.radians(widest)), 1e-6)
        self.cells: dict[tuple[int, int], list[Site]] = defaultdict(list)
        for site in located:
            self.cells[self.cell_of(site)].append(site)

    def cell_of(self, site: Site) -> tuple[int, int]:
        return (math.floor(site.lat / self.cell_lat), math.floor(site.lon / self.cell_lon))

    def near(self, site: Site) -> Iterable[Site]:
        """The sites in the site's cell and the eight around it."""
        row, column = self.cell_of(site)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                yield from self.cells.get((row + dr, column + dc), ())


def _distance(a: Site, b: Site) -> float:
    return distance_m(a.lat, a.lon, b.lat, b.lon)


def find_groups(
    sites: Sequence[Site], options: Options, *, on: datetime.date | None = None
) -> list[Group]:
    """The co-location groups among `sites`, ranked (see the module's docstring).

    `on` is the day leases are counted from; it defaults to `options.on`, and one of
    them must be given."""
    grid = SpatialGrid(sites, options.within_m)
    return _groups(sites, options, on or options.on, grid.near)


def find_groups_all_pairs(
    sites: Sequence[Site], options: Options, *, on: datetime.date | None = None
) -> list[Group]:
    """The same groups by comparing every candidate with every asset: the slow way,
    kept for the benchmark and to check the grid in tests."""
    return _groups(sites, options, on or options.on, lambda site: sites)


def _groups(
    sites: Sequence[Site],
    options: Options,
    on: datetime.date | None,
    near: Callable[[Site], Iterable[Site]],
) -> list[Group]:
    if on is None:
        raise ValueError("Say which day leases are counted from (on)")
    members: dict[int, frozenset[int]] = {}
    by_id: dict[int, Site] = {}
    # The haversine of `distance_m` without its square root and arcsine, which only
    # turn `h` into metres and keep the order: within reach when h <= `most`.
    # Latitudes, longitudes in radians and the cosine of the latitude, once a site.
    most = math.sin(options.within_m / (2 * EARTH_RADIUS_M)) ** 2
    rad = {
        s.id: (math.radians(s.lat), math.radians(s.lon), math.cos(math.radians(s.lat)))
        for s in sites
        if s.lat is not None and s.lon is not None
    }
    sin = math.sin
    for site in sites:
        if site.id not in rad or not is_candidate(site, options, on):
            continue
        p1, l1, c1 = rad[site.id]
        close = []
        for other in near(site):
            if other.owner == site.owner or other.id not in rad:
                continue
            p2, l2, c2 = rad[other.id]
            if sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin((l2 - l1) / 2) ** 2 <= most:
                close.append(other)
        if close:
            by_id[site.id] = site
            by_id.update((o.id, o) for o in close)
            members[site.id] = frozenset([site.id, *(o.id for o in close)])
    candidates = set(members)
    return sorted((_group(ids, by_id, candidates) for ids in _maximal(members.values())), key=_rank)


def _maximal(sets: Iterable[frozenset[int]]) -> list[frozenset[int]]:
    """The distinct sets that are not a subset of another set."""
    unique = sorted(set(sets), key=len, reverse=True)
    containing: dict[int, list[int]] = defaultdict(list)  # id -> indexes of kept sets
    kept: list[frozenset[int]] = []
    for ids in unique:
        # A superset, if any, was kept already (larger first) and holds every id:
        # look only through the kept sets holding its least shared id.
        rarest = min(ids, key=lambda i: len(containing.get(i, ())))
        if any(ids <= kept[k] for k in containing[rarest]):
            continue
        for i in ids:
            containing[i].append(len(kept))
        kept.append(ids)
    return kept


def _group(ids: frozenset[int], by_id: dict[int, Site], candidates: set[int]) -> Group:
    sites = [by_id[i] for i in ids]
    own = [s for s in sites if s.id in candidates]
    costed = [s for s in own if s.operating_cost is not None]
    vacate = min(costed, key=lambda s: (-s.operating_cost, s.name, s.id)) if costed else None
    first = vacate or min(own, key=lambda s: (s.name, s.id))
    rest = sorted((s for s in sites if s is not first), key=lambda s: (s.name, s.id))
    return Group(
        sites=(first, *rest),
        vacate=vacate,
        candidates=frozenset(s.id for s in own),
        max_distance_m=max((_distance(a, b) for a, b in combinations(sites, 2)), default=0.0),
        owners=tuple(sorted({s.owner for s in sites})),
        operating_cost=vacate.operating_cost if vacate else None,
    )


def _rank(group: Group) -> tuple:
    first = group.sites[0]
    cost = group.operating_cost
    return (cost is None, -(cost or 0), first.name, first.id)


TITLE_LENGTH = 300


def opportunity_title(group: Group) -> str:
    """The title an opportunity saved from `group` gets when none is given: the move
    it stands for, "Move out of Southall Town Hall into Southall Police Station"
    (the building that could be left, listed first, into the others), or "Share
    A, B and C" when no building's cost says which to leave."""
    names = [s.name for s in group.sites]
    if group.vacate is None:
        title = f"Share {listed(names)}"
    else:
        others = [s.name for s in group.sites if s is not group.vacate]
        title = f"Move out of {group.vacate.name} into {listed(others, 'or')}"
    return title[:TITLE_LENGTH]
