"""The demo's LIS: real open data through the same import as a partner's file, with
confidence limits, small-number suppression, and nothing written on a second load."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.geography.models import Area
from roundtable.geography.services import write_local_authority
from roundtable.geography.sources import Sources, read_local_authority
from roundtable.lis import opendata
from roundtable.lis.demo import load_demo_statistics
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.opendata import OpenDataSources
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.performance.models import Indicator

pytestmark = pytest.mark.django_db
WARWICK = "E07000222"


@pytest.fixture(scope="module")
def warwick_data():
    return read_local_authority(Sources.mini(), WARWICK)


@pytest.fixture
def warwick(warwick_data):
    """A partnership whose place is Warwick, its areas loaded, its demo LIS loaded."""
    report = write_local_authority(warwick_data)
    partnership = PartnershipFactory(slug="warwick", area=report.local_authority)
    load_demo_statistics(partnership)
    return partnership


def observations(slug: str, indicator: str, **where):
    return Observation.objects.filter(
        dataset__slug=f"warwick-{slug}", indicator__code=indicator, **where
    ).select_related("area")


def stroke_averages() -> dict[str, float]:
    sources = OpenDataSources.mini()
    text = opendata.read_member(sources.stroke_wheel, opendata.ADMISSIONS_MEMBER)
    return {name: average for _, name, average in opendata.read_stroke_admissions(text)}


def test_each_dataset_says_its_source_licence_and_method(warwick):
    datasets = Dataset.objects.filter(partnership=warwick).order_by("slug")
    assert [(d.slug, d.licence, d.time_covered) for d in datasets] == [
        ("warwick-census-2011-residents", "OGL-UK-3.0", "2011"),
        ("warwick-population-by-age-2020", "OGL-UK-3.0", "2020"),
        ("warwick-stroke-admissions-2017-19", "OGL-UK-3.0", "2017 - 19"),
    ]
    for dataset in datasets:
        assert all((dataset.source, dataset.themes, dataset.area_types))
        assert "Produced by" in dataset.method_notes
        assert "Open Government Licence v3.0" in dataset.method_notes
    stroke = datasets.get(slug="warwick-stroke-admissions-2017-19")
    assert "approximation" in stroke.method_notes
    population = datasets.get(slug="warwick-population-by-age-2020")
    assert "differ from ONS's published" in population.method_notes


def test_the_indicators_say_type_polarity_unit_and_method(warwick):
    stroke = Indicator.objects.get(partnership=warwick, code="STROKE-ADM")
    assert (stroke.value_type, stroke.polarity, stroke.multiplier, stroke.unit) == (
        "rate",
        "lower",
        100000,
        "per 100,000 person-years",
    )
    assert all((stroke.definition, stroke.data_source, stroke.ci_method))
    density = Indicator.objects.get(partnership=warwick, code="CEN-DENS")
    assert (density.value_type, density.unit) == ("other", "persons per hectare")


def test_census_households_and_density_by_lsoa_msoa_and_authority(warwick):
    lsoa = observations("census-2011-residents", "CEN-DENS", area__code="E01031255").get()
    assert lsoa.value == 38.2  # the census's own
    households = observations("census-2011-residents", "CEN-HH", area__code="E01031255").get()
    # A census count is complete, not a sample: no confidence limits are made up for it.
    assert (households.value, households.ci_method, households.lower_ci_95) == (627, "", None)
    assert Indicator.objects.get(partnership=warwick, code="CEN-HH").ci_method.startswith("None:")
    residents = {o.area.code: o.value for o in observations("census-2011-residents", "CEN-RES")}
    assert residents[WARWICK] == Area.objects.get(code=WARWICK).population == 137648
    density = observations("census-2011-residents", "CEN-DENS", area__code=WARWICK).get()
    assert density.value == 4.9  # 137,648 residents over 28,257 hectares
    # LSOAs, MSOAs, the authority, its region and England (from parent_areas.csv), and
    # England's other 278 authorities as comparators (from local_authorities.csv).
    assert observations("census-2011-residents", "CEN-DENS").count() == 86 + 15 + 1 + 2 + 278


def test_population_by_single_year_of_age_and_in_all(warwick):
    found = {
        o.age: o.value
        for o in observations("population-by-age-2020", "POP-MYE", area__code=WARWICK)
    }
    assert len(found) == 92
    assert (found[""], found["0"], found["90+"]) == (153153, 1350, 1574)


def test_stroke_admissions_are_three_years_over_three_years_of_residents(warwick):
    lsoa = observations("stroke-admissions-2017-19", "STROKE-ADM", area__name="Warwick 015E").get()
    assert stroke_averages()["Warwick 015E"] == pytest.approx(4.333333333)
    residents = lsoa.area.population
    assert (lsoa.count, lsoa.denominator) == (13, residents * 3)
    assert lsoa.value == pytest.approx(13 / (residents * 3) * 100_000)
    assert lsoa.ci_method == "Byar's method"
    assert lsoa.lower_ci_95 < lsoa.value < lsoa.upper_ci_95
    small = observations("stroke-admissions-2017-19", "STROKE-ADM", count=9).first()
    assert small.ci_method == "Exact Poisson"


def test_msoa_and_authority_stroke_counts_are_sums_of_their_lsoas(warwick):
    stroke = observations("stroke-admissions-2017-19", "STROKE-ADM")
    lsoas = [o for o in stroke if o.area.area_type == "lsoa"]
    authority = stroke.get(area__code=WARWICK)
    assert authority.count == sum(o.count for o in lsoas)
    assert authority.denominator == sum(o.denominator for o in lsoas)
    assert authority.value == pytest.approx(authority.count / authority.denominator * 100_000)


def test_small_stroke_counts_are_suppressed_with_a_second_cell_in_their_msoa(warwick):
    stroke = list(observations("stroke-admissions-2017-19", "STROKE-ADM", area__area_type="lsoa"))
    primary = [o for o in stroke if 1 <= o.count <= 4]
    assert primary
    assert all(o.suppressed for o in primary)
    secondary = [o for o in stroke if o.suppressed and o.count >= 5]
    assert secondary, "some MSOA has exactly one small count, so another cell is hidden"
    for msoa in {o.area.parent_id for o in stroke if o.suppressed}:
        hidden = [o for o in stroke if o.area.parent_id == msoa and o.suppressed]
        assert len(hidden) != 1
    assert not any(o.suppressed for o in stroke if o.count == 0)


def test_loading_the_demo_twice_writes_nothing_the_second_time(warwick):
    history = Dataset.history.count() + Indicator.history.count()
    ids = dict(Observation.objects.values_list("pk", "value"))
    connection.ensure_connection()
    raw = connection.connection
    before = raw.total_changes if connection.vendor == "sqlite" else None
    with CaptureQueriesContext(connection) as queries:
        said = load_demo_statistics(warwick)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY", "CREATE"))
    ]
    assert writes == []
    if before is not None:
        assert raw.total_changes == before
    assert Dataset.history.count() + Indicator.history.count() == history
    assert dict(Observation.objects.values_list("pk", "value")) == ids
    assert all("unchanged" in line for line in said[1:])


def test_a_changed_figure_is_put_back_on_the_next_load(warwick):
    households = observations("census-2011-residents", "CEN-HH", area__area_type="lsoa")
    wrong = observations("census-2011-residents", "CEN-HH", area__code=WARWICK).get()
    Observation.objects.filter(pk=wrong.pk).update(value=1)
    said = load_demo_statistics(warwick)
    wrong.refresh_from_db()
    assert wrong.value == sum(o.value for o in households)
    assert "observations of 3 indicators into" in said[1]


def test_the_council_of_the_place_publishes_the_open_data(warwick_data):
    report = write_local_authority(warwick_data)
    partnership = PartnershipFactory(slug="warwick", area=report.local_authority)
    OrganisationFactory(partnership=partnership, name="Warwickshire Police", type="Police")
    council = OrganisationFactory(
        partnership=partnership, name="Warwick District Council", type="Local authority"
    )
    load_demo_statistics(partnership)
    publishers = Dataset.objects.filter(partnership=partnership).values_list("publisher", flat=True)
    assert set(publishers) == {council.pk}


def test_the_other_authorities_of_england_are_published_as_comparators(warwick):
    """So that Warwick has statistical neighbours (found by a walk-through: every
    indicator of the demo's neighbours page led to none)."""
    density = observations("census-2011-residents", "CEN-DENS", area__area_type="local_authority")
    by_code = {o.area.code: o for o in density}
    assert len(by_code) == 279
    assert by_code["E09000009"].area.name == "Ealing"
    assert by_code["E09000009"].area.parent.code == "E12000007"  # London
    assert by_code["E09000009"].value == 60.9
    stroke = observations("stroke-admissions-2017-19", "STROKE-ADM", area__code="E06000001").get()
    assert (stroke.count, stroke.denominator) == (496, 276084)  # Hartlepool
    assert stroke.lower_ci_95 < stroke.value < stroke.upper_ci_95
    population = observations("population-by-age-2020", "POP-MYE", area__code="E06000001")
    assert [(o.age, o.value) for o in population] == [("", 95366)]  # all ages only
    dataset = Dataset.objects.get(slug="warwick-census-2011-residents")
    assert "278 authorities" in dataset.method_notes
    # Loaded as areas without their parts; Warwick itself keeps its own.
    assert not Area.objects.filter(parent__code="E06000001").exists()
    assert Area.objects.get(code=WARWICK).population == 137648


def test_the_region_and_england_are_published_beside_the_authority(warwick):
    residents = {o.area.code: o.value for o in observations("census-2011-residents", "CEN-RES")}
    assert (residents["E12000005"], residents["E92000001"]) == (5601847, 53012456)
    england = observations("stroke-admissions-2017-19", "STROKE-ADM", area__code="E92000001").get()
    assert (england.count, england.denominator) == (242874, 159030759)
    assert "Isles of Scilly" in england.note
    assert england.lower_ci_95 < england.value < england.upper_ci_95
    region = observations("population-by-age-2020", "POP-MYE", area__code="E12000005")
    assert region.count() == 92


def test_a_changed_note_of_england_is_put_back_on_the_next_load(warwick):
    england = observations("stroke-admissions-2017-19", "STROKE-ADM", area__code="E92000001")
    england.update(note="")
    said = load_demo_statistics(warwick)
    assert "Isles of Scilly" in england.get().note
    # Its 104 rows and the 277 other authorities with a stroke figure (not Scilly).
    assert said[3].endswith("(1 new or changed, 380 unchanged)")
