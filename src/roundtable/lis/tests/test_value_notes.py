"""Value notes: each figure with a note points to it ("[note 1]") and each note is
written once below the table, on every page that shows figures."""

from __future__ import annotations

import pytest

from roundtable.core.testing import page_text as page
from roundtable.lis import rules
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

ILLUSTRATIVE = "Illustrative figure, not from the source documents"
SUMMED = "The sum of the figures of its boroughs"


def test_notes_are_numbered_in_the_order_they_first_appear():
    numbers = rules.note_numbers(["b", "", "a", "b ", "  ", "c", "a"])
    assert numbers == {"b": 1, "a": 2, "c": 3}


def test_no_notes_no_numbers():
    assert rules.note_numbers(["", " "]) == {}


def test_a_note_is_pointed_to_in_the_ons_way():
    assert rules.note_marker(2) == "[note 2]"


@pytest.fixture
def noted(partnership, places):
    dataset = DatasetFactory(partnership=partnership, slug="noted", suppress_below=5)
    indicators = [
        IndicatorFactory(
            partnership=partnership,
            code=code,
            name=name,
            value_type="count",
            on_lis=True,
            in_report=False,
        )
        for code, name in (("BURG", "Burglaries"), ("THEFT", "Thefts"), ("FIRE", "Fires"))
    ]
    burglaries, thefts, fires = indicators
    figures = (
        (burglaries, "ealing", 190, ILLUSTRATIVE),
        (thefts, "ealing", 270, ILLUSTRATIVE),
        (burglaries, "london", 9000, SUMMED),
        (fires, "ealing", None, ""),  # suppressed: its note is the suppression note
    )
    for indicator, place, value, note in figures:
        ObservationFactory(
            dataset=dataset,
            indicator=indicator,
            area=places[place],
            period="2012",
            value=value,
            count=value,
            suppressed=value is None,
            note=note,
        )
    return dataset


@pytest.mark.django_db
def test_the_profile_points_each_figure_to_its_note_written_once(client, partnership, noted):
    html = page(client, partnership, "lis:area", "E09000009")
    table, below = html.split('class="govuk-list rt-notes"', 1)
    assert ILLUSTRATIVE not in table  # not in every row
    assert table.count('href="#note-1">[note 1]</a>') >= 2  # both Ealing figures
    assert 'href="#note-2">[note 2]</a>' in table  # London's (the parent's) figure
    assert below.count(ILLUSTRATIVE) == 1
    assert below.count(SUMMED) == 1
    assert '<li id="note-1">[note 1] ' + ILLUSTRATIVE in below
    # A suppressed figure shows why in its place, and is not given a number.
    assert "[note 3]" not in html
    assert "Suppressed to protect confidentiality" in table


@pytest.mark.django_db
def test_a_profile_without_notes_has_no_notes_list(client, partnership, places):
    dataset = DatasetFactory(partnership=partnership, slug="plain")
    indicator = IndicatorFactory(
        partnership=partnership, code="PLAIN", value_type="count", on_lis=True, in_report=False
    )
    ObservationFactory(
        dataset=dataset, indicator=indicator, area=places["ealing"], period="2012", value=5
    )
    html = page(client, partnership, "lis:area", "E09000009")
    assert "rt-notes" not in html
    assert "[note" not in html


@pytest.mark.django_db
def test_compare_areas_points_to_the_notes(client, partnership, noted, places):
    html = page(client, partnership, "lis:area-compare", area=["E09000009", "E09000005"])
    table, below = html.split('class="govuk-list rt-notes"', 1)
    assert ILLUSTRATIVE not in table
    assert 'href="#note-1">[note 1]</a>' in table
    assert below.count(ILLUSTRATIVE) == 1


@pytest.mark.django_db
def test_the_overview_points_to_the_notes(client, partnership, noted, places):
    html = page(client, partnership, "lis:area-overview", "E12000007", area_type="local_authority")
    table, below = html.split('class="govuk-list rt-notes"', 1)
    assert ILLUSTRATIVE not in table
    assert 'href="#note-1">[note 1]</a>' in table  # London's own, the benchmark row
    assert 'href="#note-2">[note 2]</a>' in table  # Ealing's
    assert below.index(SUMMED) < below.index(ILLUSTRATIVE)


@pytest.mark.django_db
def test_the_maps_table_points_to_the_notes(client, partnership, noted, places):
    html = page(
        client, partnership, "lis:map", indicator="BURG", area_type="local_authority", period="2012"
    )
    table, below = html.split('class="govuk-list rt-notes"', 1)
    assert 'href="#note-1">[note 1]</a>' in table
    assert '<li id="note-1">[note 1] ' + ILLUSTRATIVE in below


REASON = "Suppressed to protect confidentiality"
SUPPRESSED_REF = 'Suppressed <a class="govuk-link rt-note-ref" href="#note-1">[note 1]</a>'


@pytest.fixture
def suppressed(partnership, places):
    """FALLS, a count in a dataset suppressing 1 to 4, suppressed in each of the two
    LSOAs: the same reason for every one of their cells."""
    dataset = DatasetFactory(partnership=partnership, slug="small", suppress_below=5)
    indicator = IndicatorFactory(
        partnership=partnership, code="FALLS", value_type="count", on_lis=True, in_report=False
    )
    for lsoa in places["lsoas"]:
        ObservationFactory(
            dataset=dataset,
            indicator=indicator,
            area=lsoa,
            period="2012",
            value=None,
            count=None,
            suppressed=True,
        )
    return dataset, indicator


def assert_reason_written_once(html: str, table_starts: str = "") -> None:
    """Each suppressed cell points to note 1; the reason is written once, below."""
    table, below = html.split('class="govuk-list rt-notes"', 1)
    rows = table.split(table_starts, 1)[1] if table_starts else table
    assert REASON not in rows
    assert rows.count(SUPPRESSED_REF) == 2
    assert below.count(REASON) == 1


@pytest.mark.django_db
def test_the_maps_table_writes_the_suppression_reason_once_not_in_every_row(
    client, partnership, places, suppressed
):
    dataset, indicator = suppressed
    shown = LsoaFactory(code="E01001236", name="Ealing 001C", parent=places["ealing"])
    ObservationFactory(
        dataset=dataset, indicator=indicator, area=shown, period="2012", value=12, count=12
    )
    html = page(
        client,
        partnership,
        "lis:map",
        indicator="FALLS",
        area_type="lsoa",
        within="E09000009",
        period="2012",
    )
    assert_reason_written_once(html, table_starts='id="map-rows"')


@pytest.mark.django_db
def test_the_overview_writes_the_suppression_reason_once_not_in_every_cell(
    client, partnership, places, suppressed
):
    dataset, indicator = suppressed
    ObservationFactory(
        dataset=dataset, indicator=indicator, area=places["ealing"], period="2012", value=40
    )
    html = page(client, partnership, "lis:area-overview", "E09000009", area_type="lsoa")
    assert_reason_written_once(html)


@pytest.mark.django_db
def test_compare_areas_writes_the_suppression_reason_once(client, partnership, places, suppressed):
    codes = [lsoa.code for lsoa in places["lsoas"]]
    html = page(client, partnership, "lis:area-compare", area=codes)
    assert_reason_written_once(html)
