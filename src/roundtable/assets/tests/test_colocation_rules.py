"""The co-location finder on hand-made points (no database)."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

import pytest

from roundtable.assets.colocation import (
    EARTH_RADIUS_M,
    Options,
    Site,
    SpatialGrid,
    check_options,
    find_groups,
    find_groups_all_pairs,
    is_candidate,
    opportunity_title,
)
from roundtable.geography.grid import distance_m

ON = datetime.date(2026, 3, 31)
BASE = (51.5129, -0.3047)  # Ealing
METRE_LAT = math.degrees(1 / EARTH_RADIUS_M)


def at(north_m: float, east_m: float, base: tuple[float, float] = BASE) -> tuple[float, float]:
    lat = base[0] + north_m * METRE_LAT
    return lat, base[1] + east_m * METRE_LAT / math.cos(math.radians(base[0]))


def site(pk: int, owner: str, north: float = 0, east: float = 0, **kw) -> Site:
    lat, lon = kw.pop("where", None) or at(north, east)
    name = kw.pop("name", f"Building {pk:02d}")
    values = {"utilisation": Decimal("80"), "operating_cost": Decimal("1000")} | kw
    return Site(pk, name, owner, "W5 2HL", lat, lon, **values)


def low(pk: int, owner: str, north: float = 0, east: float = 0, **kw) -> Site:
    return site(pk, owner, north, east, **({"utilisation": Decimal("20")} | kw))


OPTIONS = Options(on=ON)


def ids(groups) -> list[list[int]]:
    return [[s.id for s in g.sites] for g in groups]


def test_groups_an_under_used_building_with_another_owners_building_nearby():
    groups = find_groups([low(1, "Council"), site(2, "NHS", 300)], OPTIONS)
    assert ids(groups) == [[1, 2]]
    assert groups[0].owners == ("Council", "NHS")
    assert groups[0].max_distance_m == pytest.approx(300, abs=0.01)
    assert groups[0].operating_cost == Decimal("1000")


def test_leaves_out_a_building_just_beyond_the_distance():
    groups = find_groups(
        [low(1, "Council"), site(2, "NHS", 499.9), site(3, "Police", 500.1)], OPTIONS
    )
    assert ids(groups) == [[1, 2]]


def test_two_buildings_of_the_same_owner_do_not_make_a_group():
    assert find_groups([low(1, "Council"), site(2, "Council", 10)], OPTIONS) == []


def test_the_candidates_owners_other_buildings_stay_out_of_its_group():
    groups = find_groups([low(1, "Council"), site(2, "Council", 10), site(3, "NHS", 20)], OPTIONS)
    assert ids(groups) == [[1, 3]]


def test_well_used_buildings_with_long_leases_make_no_group():
    sites = [site(1, "Council", lease_end=ON.replace(year=2030)), site(2, "NHS", 10)]
    assert find_groups(sites, OPTIONS) == []


def test_utilisation_exactly_at_the_threshold_is_not_under_used():
    sites = [site(1, "Council", utilisation=Decimal("50")), site(2, "NHS", 10)]
    assert find_groups(sites, OPTIONS) == []
    sites[0] = site(1, "Council", utilisation=Decimal("49.9"))
    assert ids(find_groups(sites, OPTIONS)) == [[1, 2]]


@pytest.mark.parametrize(
    ("lease_end", "expected"),
    [
        (datetime.date(2026, 3, 30), False),  # ended the day before
        (ON, True),  # ends on the day
        (datetime.date(2027, 3, 31), True),  # exactly 12 months on
        (datetime.date(2027, 4, 1), False),  # a day later
    ],
)
def test_a_lease_ending_within_the_months_includes_both_ends(lease_end, expected):
    assert is_candidate(site(1, "Council", lease_end=lease_end), OPTIONS, ON) is expected


def test_months_count_to_the_end_of_a_shorter_month():
    # 31 August + 6 months is 28 February (2027 is not a leap year).
    options = Options(lease_months=6)
    day = datetime.date(2026, 8, 31)
    assert is_candidate(site(1, "C", lease_end=datetime.date(2027, 2, 28)), options, day)
    assert not is_candidate(site(1, "C", lease_end=datetime.date(2027, 3, 1)), options, day)


def test_missing_utilisation_and_lease_make_a_neighbour_not_a_candidate():
    unknown = site(2, "NHS", 10, utilisation=None, lease_end=None)
    assert not is_candidate(unknown, OPTIONS, ON)
    assert ids(find_groups([low(1, "Council"), unknown], OPTIONS)) == [[1, 2]]
    assert find_groups([unknown, site(3, "Council", 20)], OPTIONS) == []


def test_a_group_whose_candidates_have_no_cost_ranks_last_with_no_figure():
    sites = [
        low(1, "Council", name="Zebra House"),
        site(2, "NHS", 10),
        low(3, "Council", 5000, operating_cost=None, name="Aardvark House"),
        site(4, "NHS", 5010),
    ]
    groups = find_groups(sites, OPTIONS)
    assert ids(groups) == [[1, 2], [3, 4]]
    assert groups[1].operating_cost is None
    assert groups[1].vacate is None


def test_groups_rank_by_the_cost_one_move_saves_then_by_name():
    sites = [
        low(1, "Council", name="B", operating_cost=Decimal("500")),
        site(2, "NHS", 10),
        low(3, "Council", 5000, name="C", operating_cost=Decimal("900")),
        site(4, "NHS", 5010),
        low(5, "Council", 10000, name="A", operating_cost=Decimal("500")),
        site(6, "NHS", 10010),
    ]
    assert ids(find_groups(sites, OPTIONS)) == [[3, 4], [5, 6], [1, 2]]


def test_a_group_inside_another_is_dropped_and_the_larger_saves_the_dearer_building():
    # 1 (Council, dear) is near 2 (NHS) only; 3 (Police, cheap) is near both.
    sites = [
        low(1, "Council", 0, operating_cost=Decimal("9000")),
        site(2, "NHS", 300),
        low(3, "Police", 150, operating_cost=Decimal("10")),
    ]
    groups = find_groups(sites, OPTIONS)
    assert ids(groups) == [[1, 2, 3]]
    assert groups[0].vacate.id == 1
    assert groups[0].operating_cost == Decimal("9000")
    assert groups[0].candidates == {1, 3}


def test_two_candidates_with_the_same_neighbours_make_one_group():
    groups = find_groups([low(1, "Council"), low(2, "NHS", 100)], OPTIONS)
    assert ids(groups) == [[1, 2]]


def test_a_chain_makes_overlapping_groups_not_one_long_one():
    # 1 and 3 are 800 m apart: each is grouped with 2, not with each other.
    sites = [low(1, "Council", 0), site(2, "NHS", 400), low(3, "Police", 800)]
    groups = find_groups(sites, OPTIONS)
    assert sorted(ids(groups)) == [[1, 2], [3, 2]]
    assert all(g.max_distance_m == pytest.approx(400, abs=0.01) for g in groups)


def test_max_distance_is_the_widest_pair_not_the_distance_from_the_candidate():
    sites = [low(1, "Council"), site(2, "NHS", 0, 400), site(3, "Police", 0, -400)]
    assert find_groups(sites, OPTIONS)[0].max_distance_m == pytest.approx(800, abs=0.5)


def test_assets_with_no_location_are_left_out():
    unlocated = Site(2, "Nowhere", "NHS", "ZZ9 9ZZ", None, None)
    assert find_groups([low(1, "Council"), unlocated], OPTIONS) == []
    assert find_groups([Site(3, "X", "C", "", None, None, utilisation=Decimal(1))], OPTIONS) == []


def test_neighbours_across_a_cell_boundary_are_found():
    grid = SpatialGrid([low(1, "Council")], 500)
    # A point 1 m south-west of a cell corner and one 1 m north-east of it.
    corner = (
        math.ceil(BASE[0] / grid.cell_lat) * grid.cell_lat,
        math.ceil(BASE[1] / grid.cell_lon) * grid.cell_lon,
    )
    a = low(1, "Council", where=at(-1, -1, corner))
    b = site(2, "NHS", where=at(1, 1, corner))
    assert SpatialGrid([a, b], 500).cell_of(a) != SpatialGrid([a, b], 500).cell_of(b)
    assert ids(find_groups([a, b], OPTIONS)) == [[1, 2]]


def test_a_pair_exactly_a_cell_apart_along_a_meridian_is_found():
    grid = SpatialGrid([low(1, "Council")], 500)
    south = (math.floor(BASE[0] / grid.cell_lat) * grid.cell_lat + 1e-9, BASE[1])
    a = low(1, "Council", where=south)
    b = site(2, "NHS", where=at(499.99, 0, south))
    assert ids(find_groups([a, b], OPTIONS)) == [[1, 2]]


def test_cells_are_wide_enough_at_the_northern_edge_of_the_data():
    # Shetland and Cornwall in one list: cells sized at 60.5 N still catch a pair
    # 499 m apart east-west there.
    shetland = (60.5, -1.3)
    sites = [
        low(1, "Council", where=shetland),
        site(2, "NHS", where=at(0, 499, shetland)),
        site(3, "NHS", where=(50.1, -5.5)),
    ]
    assert ids(find_groups(sites, OPTIONS)) == [[1, 2]]


def test_the_grid_finds_exactly_what_comparing_every_pair_finds():
    rng = random.Random(14)  # noqa: S311 - reproducible test points, not secrets
    sites = [
        Site(
            pk,
            f"Building {pk}",
            rng.choice("ABCDE"),
            "",
            *at(rng.uniform(0, 4000), rng.uniform(0, 4000)),
            utilisation=Decimal(rng.randint(0, 100)),
            lease_end=ON + datetime.timedelta(days=rng.randint(-100, 800)),
            operating_cost=Decimal(rng.randint(1, 50) * 1000) if rng.random() > 0.1 else None,
        )
        for pk in range(400)
    ]
    grid, slow = find_groups(sites, OPTIONS), find_groups_all_pairs(sites, OPTIONS)
    assert len(grid) > 20
    assert grid == slow


def test_distances_match_the_haversine_of_the_points():
    a, b = low(1, "Council"), site(2, "NHS", 123, 321)
    group = find_groups([a, b], OPTIONS)[0]
    assert group.max_distance_m == distance_m(a.lat, a.lon, b.lat, b.lon)


def test_the_day_leases_count_from_must_be_given():
    with pytest.raises(ValueError, match="which day"):
        find_groups([low(1, "Council")], Options())


@pytest.mark.parametrize(
    ("within", "below", "months", "message"),
    [
        (0, Decimal(50), 12, "Within: enter a number of metres from 1 to 5,000"),
        (5001, Decimal(50), 12, "Within"),
        (500, Decimal("100.1"), 12, "Utilisation below: enter a percentage from 0 to 100"),
        (500, Decimal(-1), 12, "Utilisation below"),
        (500, Decimal(50), -1, "Lease ends within: enter a number of months from 0 to 120"),
        (500, Decimal(50), 121, "Lease ends within"),
    ],
)
def test_bad_thresholds_are_refused_with_the_option_and_the_fix(within, below, months, message):
    assert any(p.startswith(message) for p in check_options(within, below, months))
    with pytest.raises(ValueError, match=message.split(":")[0]):
        Options(within_m=within, utilisation_below=below, lease_months=months)


def test_an_opportunitys_title_says_which_building_is_left_for_which():
    # "Share with Southall Town Hall" read as moving into the building to be left.
    sites = [
        low(1, "Council", name="Southall Town Hall", operating_cost=Decimal("420000")),
        site(2, "Police", 100, name="Southall Police Station"),
        site(3, "College", 150, name="Southall campus"),
    ]
    (group,) = find_groups(sites, OPTIONS)
    assert opportunity_title(group) == (
        "Move out of Southall Town Hall into Southall Police Station or Southall campus"
    )
    unknown = [low(1, "Council", name="Zebra House", operating_cost=None), site(2, "NHS", 10)]
    (group,) = find_groups(unknown, OPTIONS)
    assert opportunity_title(group) == "Share Zebra House and Building 02"
