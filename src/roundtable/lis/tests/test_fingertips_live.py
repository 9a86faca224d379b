"""`fingertips_py` 0.4 reads the LIS through a live server, as an analyst would read
Fingertips: its `base_url` is patched in the three modules that import it."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from roundtable.core.imports import read_table
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis.imports import DatasetOptions, import_indicators, import_observations
from roundtable.lis.models import Dataset
from roundtable.lis.tests.factories import LsoaFactory
from roundtable.lis.tests.test_fingertips import SECRETS, build_place
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Indicator, Submission
from roundtable.performance.tests.factories import IndicatorValueFactory

ftp = pytest.importorskip("fingertips_py")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # fingertips_py 0.4 calls drop_duplicates(inplace=True), which pandas 3.1 deprecates.
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop_duplicates"),
]


@pytest.fixture
def fingertips(live_server, monkeypatch):
    """`fingertips_py` pointed at the live server."""
    from fingertips_py import api_calls, metadata, retrieve_data

    base = f"{live_server.url}/fingertips/api/"
    for module in (api_calls, metadata, retrieve_data):
        monkeypatch.setattr(module, "base_url", base)
    return ftp


@pytest.fixture
def demo(partnership, tmp_path) -> SimpleNamespace:
    """Census residents for a small Westminster, imported as a partner would (one LSOA
    of three people, suppressed by the import, and the smallest other LSOA of its MSOA
    with it, which would give it away), beside the stroke dataset of the API tests."""
    place = build_place(partnership)
    westminster = LocalAuthorityFactory(code="E09000033", name="Westminster", population=2403)
    msoa = AreaFactory(
        code="E02000960",
        name="Westminster 001",
        area_type=AreaType.MSOA,
        parent=westminster,
        population=2403,
    )
    for code, people in (("E01004734", 1500), ("E01004735", 900), ("E01004736", 3)):
        LsoaFactory(code=code, name=f"Westminster {code}", parent=msoa, population=people)
    partnership.area = westminster
    partnership.save()
    indicators = tmp_path / "indicators.csv"
    indicators.write_text(
        "code,name,value_type,polarity,unit\nCEN-RES,Usual residents,count,none,people\n"
    )
    import_indicators(read_table(indicators), partnership)
    figures = tmp_path / "residents.csv"
    figures.write_text(
        "indicator,area_code,period,value\n"
        + "".join(
            f"CEN-RES,{code},2011,{people}\n"
            for code, people in (
                ("E09000033", 2403),
                ("E02000960", 2403),
                ("E01004734", 1500),
                ("E01004735", 900),
                ("E01004736", 3),
            )
        )
    )
    options = DatasetOptions(
        slug=f"{partnership.slug}-census-2011-residents", title="Census 2011: usual residents"
    )
    import_observations(figures, partnership, options)
    place.census = Dataset.objects.get(slug=f"{partnership.slug}-census-2011-residents")
    place.residents = Indicator.objects.get(partnership=partnership, code="CEN-RES")
    return place


def test_reads_the_fixed_tables(fingertips, demo):
    assert fingertips.get_all_ages()[1] == {"Id": 1, "Name": "All ages"}
    assert fingertips.get_all_sexes() == {1: "Male", 2: "Female", 4: "Persons"}
    assert fingertips.metadata.get_sex_id("Persons") == 4
    notes = fingertips.get_all_value_notes()
    assert notes == {10001: "Value suppressed for disclosure control due to small count"}
    areas = fingertips.get_all_areas()
    assert areas[401] == {"Name": "Districts & UAs (from Apr 2021)", "ShortName": "Districts & UAs"}
    assert set(fingertips.get_areas_for_area_type(401)) == {"E09000009", "E09000033"}


def test_reads_profiles_and_their_area_types(fingertips, demo):
    profiles = fingertips.get_all_profiles()
    assert {p["Key"] for p in profiles.values()} == {"stroke", demo.census.slug}
    assert fingertips.metadata.get_profile_by_key("stroke")["Id"] == demo.dataset.pk
    assert fingertips.get_profile_by_id(demo.census.pk)["Name"] == "Census 2011: usual residents"
    assert fingertips.get_domains_in_profile(demo.census.pk) == [demo.census.pk]
    assert sorted(fingertips.get_area_type_ids_for_profile(demo.census.pk)) == [3, 401, 10001]


def test_reads_indicator_metadata(fingertips, demo):
    metadata = fingertips.get_metadata_for_indicator(demo.stroke.pk)
    assert metadata["Descriptive"]["Name"] == "Stroke admissions"
    assert fingertips.get_multiplier_and_calculation_for_indicator(demo.stroke.pk) == (
        100000,
        "Byar",
    )
    everything = fingertips.get_metadata_for_all_indicators()
    assert set(everything) == {str(demo.stroke.pk), str(demo.residents.pk)}
    frame = fingertips.get_metadata_for_indicator_as_dataframe([demo.stroke.pk, demo.residents.pk])
    assert list(frame["Indicator number"]) == ["STR1", "CEN-RES"]


def test_reads_the_metadata_of_a_profile_and_of_everything(fingertips, demo):
    frame = fingertips.get_metadata(profile_ids=demo.census.pk)
    assert list(frame["Indicator ID"]) == [demo.residents.pk]
    assert len(fingertips.get_metadata_for_all_indicators_from_csv()) == 2


def test_an_unknown_indicator_is_a_name_error(fingertips, demo):
    with pytest.raises(NameError):
        fingertips.get_metadata_for_indicator_as_dataframe(demo.hidden.pk)


def test_reads_an_indicator_at_every_geography_it_has(fingertips, demo):
    frame = fingertips.get_data_for_indicator_at_all_available_geographies(demo.residents.pk)
    by_area = dict(zip(frame["Area Code"], frame["Value"], strict=True))
    assert by_area["E09000033"] == 2403
    assert by_area["E02000960"] == 2403
    assert by_area["E01004734"] == 1500
    assert math.isnan(by_area["E01004736"])  # three people: suppressed
    assert math.isnan(by_area["E01004735"])  # 2403 - 1500 - 900 would give it away
    suppressed = frame[frame["Area Code"] == "E01004736"].iloc[0]
    assert suppressed["Value note"] == "Value suppressed for disclosure control due to small count"
    assert set(frame["Parent Code"]) == {"E92000001"}


def test_reads_indicators_by_area_type(fingertips, demo):
    frame = fingertips.get_data_by_indicator_ids(
        [demo.stroke.pk], 10001, parent_area_type_id=401, include_sortable_time_periods=True
    )
    assert list(frame.columns[:7]) == [
        "Indicator ID",
        "Indicator Name",
        "Parent Code",
        "Parent Name",
        "Area Code",
        "Area Name",
        "Area Type",
    ]
    persons = frame[frame["Sex"] == "Persons"]
    assert list(persons["Area Code"]) == ["E01000001", "E01000002", "E01000003", "E01099999"]
    assert list(persons["Value"].fillna(-1)) == [100, -1, 102, 103]


def test_reads_all_the_data_of_a_profile(fingertips, demo):
    frame = fingertips.get_all_data_for_profile(demo.census.pk)
    assert len(frame) == 5  # the borough, its MSOA and three LSOAs
    assert set(frame["Area Type"]) == {"Districts & UAs", "MSOA", "LSOA"}
    only = fingertips.get_all_data_for_profile(
        demo.dataset.pk, area_type_id=401, filter_by_area_codes="E09000009"
    )
    assert list(only["Value"]) == [101]


def test_nothing_the_public_may_not_see_comes_back(fingertips, demo):
    frames = [
        fingertips.get_all_data_for_profile(demo.dataset.pk),
        fingertips.get_data_for_indicator_at_all_available_geographies(demo.stroke.pk),
    ]
    for frame in frames:
        text = frame.to_csv()
        for secret in SECRETS:
            assert secret not in text


def test_reads_recent_trends_new_data_and_goals(fingertips, demo, partnership, tmp_path):
    """Five financial years of a proportion imported as a partner would, with a public
    goal for the latest: fingertips_py reads Fingertips' last three data columns."""
    indicators = tmp_path / "screening.csv"
    indicators.write_text("code,name,value_type,polarity\nSCR,Screening uptake,proportion,higher\n")
    import_indicators(read_table(indicators), partnership)
    screening = Indicator.objects.get(partnership=partnership, code="SCR")
    screening.lead_agency = OrganisationFactory(partnership=partnership)
    screening.save()
    years = ("2007/08", "2008/09", "2009/10", "2010/11", "2011/12")
    figures = tmp_path / "uptake.csv"
    figures.write_text(
        "indicator,area_code,period,count,denominator\n"
        + "".join(f"SCR,E01004734,{year},{200 + 60 * n},1000\n" for n, year in enumerate(years))
    )
    options = DatasetOptions(slug="screening", title="Screening uptake")
    import_observations(figures, partnership, options)
    IndicatorValueFactory(indicator=screening, period="2011/12", actual=44, target=40)
    Submission.objects.create(
        partnership=partnership,
        organisation=screening.lead_agency,
        period="2011/12 Q4",
        state=SubmissionState.APPROVED,
    )
    profile = Dataset.objects.get(slug="screening")
    # Blank text cells come back as NaN in float columns: read them all as text.
    frame = fingertips.get_all_data_for_profile(profile.pk).astype(object).fillna("")
    latest = frame[frame["Time period"] == "2011/12"].iloc[0]
    assert latest["Recent Trend"] == "Increasing and getting better"
    assert latest["Compared to goal"] == "Better"  # 44% against a goal of 40%
    earlier = frame[frame["Time period"] != "2011/12"]
    assert set(earlier["Recent Trend"]) == {""}
    assert set(earlier["Compared to goal"]) == {""}  # no goal for those years
    assert set(frame["New data"]) == {"New data"}  # imported just now
