"""Every page that shows an indicator's figures names their unit, as its downloads
and needs pages do: a resident reading "128.8" on the map or a profile learns it is
"per 100,000 person-years", and a density of 60.9 that it is persons per hectare."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from roundtable.core.testing import page_text as page
from roundtable.core.testing import under
from roundtable.lis import rules
from roundtable.lis.mapping import AreaFigure, classify
from roundtable.lis.models import Observation
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

UNIT = "per 100,000 person-years"


def test_a_unit_is_named_as_the_indicator_names_it():
    assert rules.unit_label("persons per hectare") == "persons per hectare"
    assert rules.unit_label("per 100,000 person-years", 100000) == "per 100,000 person-years"
    assert rules.unit_label("rate", 100000) == "rate per 100,000"
    assert rules.unit_label("", 1000) == "per 1,000"
    assert rules.unit_label("") == ""


@pytest.fixture
def stroke(partnership, places):
    dataset = DatasetFactory(partnership=partnership, slug="stroke")
    indicator = IndicatorFactory(
        partnership=partnership,
        code="STROKE",
        name="Stroke admissions",
        value_type="rate",
        unit=UNIT,
        multiplier=100000,
        polarity="lower",
        on_lis=True,
        in_report=False,
    )
    for place, value in (("ealing", 109.5), ("brent", 120.0), ("london", 115.0)):
        ObservationFactory(
            dataset=dataset, indicator=indicator, area=places[place], period="2012", value=value
        )
    return indicator


@pytest.mark.django_db
def test_the_profile_names_the_unit(client, partnership, stroke):
    html = page(client, partnership, "lis:area", "E09000009")
    assert f"STROKE; {UNIT}; Lower is better" in html
    assert f"Value ({UNIT})" in html  # the trend's table of figures


@pytest.mark.django_db
def test_compare_areas_and_the_overview_name_the_unit(client, partnership, stroke):
    html = page(client, partnership, "lis:area-compare", area=["E09000009", "E09000005"])
    assert f"STROKE; {UNIT}" in html
    html = page(client, partnership, "lis:area-overview", "E12000007", area_type="local_authority")
    assert f"2012, {UNIT}" in html


@pytest.mark.django_db
def test_the_maps_table_and_data_name_the_unit(client, partnership, stroke):
    query = {"indicator": "STROKE", "area_type": "local_authority", "period": "2012"}
    html = page(client, partnership, "lis:map", **query)
    assert f"Value ({UNIT})</th>" in html
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["indicator"]["unit"] == UNIT


@pytest.mark.django_db
def test_the_maps_key_says_what_its_counts_are(client, partnership, stroke):
    query = {"indicator": "STROKE", "area_type": "local_authority", "period": "2012"}
    html = page(client, partnership, "lis:map", **query)
    legend = html.split('id="map-legend"', 1)[1].split("</ul>", 1)[0]
    entries = legend.count("<li>")
    assert entries >= 2
    # "Similar (1 area)", not a bare "Similar (1)".
    assert len(re.findall(r"\(\d+ areas?\)</li>", legend)) == entries


@pytest.mark.django_db
def test_my_areas_figure_above_the_map_names_its_unit(client, partnership, places, stroke):
    """A postcode's area was given as "W5 2HL is in Ealing: 110 (Not compared)", a bare
    number; the figure has its unit, as the summary beside it gives the benchmark's."""
    from roundtable.geography.tests.factories import PostcodeFactory

    PostcodeFactory(postcode="W5 2HL", local_authority=places["ealing"])
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    html = page(client, partnership, "lis:map", **query, postcode="W5 2HL")
    found = html.split('id="map-found"', 1)[1].split("</div>", 1)[0]
    assert f": 110 {UNIT} (Not compared)." in " ".join(found.split())
    stroke.value_type = "proportion"
    stroke.unit = ""
    stroke.multiplier = 100
    stroke.decimals = 1
    stroke.save()
    html = page(client, partnership, "lis:map", **query, postcode="W5 2HL")
    found = html.split('id="map-found"', 1)[1].split("</div>", 1)[0]
    assert ": 109.5% (Not compared)." in " ".join(found.split())  # its "%" once


def _csv(client, partnership, name, *args, **query) -> list[list[str]]:
    response = client.get(under(partnership, reverse(name, args=args)), query | {"download": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_maps_download_names_the_unit_last_and_keeps_figures_as_published(
    client, partnership, stroke
):
    """The map's CSV had no unit; a `Unit` column is added at the end, after the
    columns partners' tools read (unchanged), and the figures are as published."""
    Observation.objects.filter(indicator=stroke, area__code="E09000009").update(value=109.456789)
    query = {"indicator": "STROKE", "area_type": "local_authority", "period": "2012"}
    header, *rows = _csv(client, partnership, "lis:map", **query)
    assert header[:7] == [
        "Area code", "Area", "Indicator", "Period", "Value", "Lower 95% limit", "Upper 95% limit"
    ]  # fmt: skip
    assert header[8:] == ["Note", "Unit"]
    ealing = next(row for row in rows if row[0] == "E09000009")
    assert ealing[4] == "109.456789"
    assert {row[-1] for row in rows} == {UNIT}


@pytest.mark.django_db
def test_the_maps_download_gives_the_benchmarks_figure_in_its_unit(client, partnership, stroke):
    """The class column's heading named the benchmark's figure bare, "Compared with
    London (115) at 95%", where the summary above the map says "115 per 100,000
    person-years"; the column's name changes with the comparator anyway, so it says
    the unit as the summary does. The other headings are kept."""
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    header, *_ = _csv(client, partnership, "lis:map", **query)
    assert header[7] == f"Compared with London (115 {UNIT}) at 95%"
    stroke.value_type = "proportion"
    stroke.unit = ""
    stroke.multiplier = 100
    stroke.decimals = 1
    stroke.save()
    header, *_ = _csv(client, partnership, "lis:map", **query)
    assert header[7] == "Compared with London (115.0%) at 95%"  # its "%" once


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args", "query", "value_column"),
    [
        ("lis:area", ["E09000009"], {}, 5),
        ("lis:area-compare", [], {"area": ["E09000009", "E09000005"]}, 5),
        ("lis:area-overview", ["E12000007"], {"area_type": "local_authority"}, 5),
    ],
)
def test_the_area_pages_downloads_name_the_unit_last(
    client, partnership, stroke, name, args, query, value_column
):
    Observation.objects.filter(indicator=stroke, area__code="E09000009").update(value=109.456789)
    header, *rows = _csv(client, partnership, name, *args, **query)
    assert header[value_column] == "value"
    assert header[-1] == "unit"
    ealing = next(row for row in rows if "E09000009" in row)
    assert ealing[value_column] == "109.456789"
    assert ealing[-1] == UNIT


@pytest.mark.django_db
def test_the_maps_summary_names_the_unit_of_the_benchmarks_figure(client, partnership, stroke):
    """The sentence above the map gave "London (115.0)" with no unit."""
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    said = f"Areas are compared with London (115 {UNIT}) at 95% confidence."
    html = page(client, partnership, "lis:map", **query)
    assert said in html.split('id="map-summary">', 1)[1].split("</p>", 1)[0]
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["summary"] == said


@pytest.mark.django_db
def test_a_quintile_maps_summary_names_the_unit_in_a_sentence_of_its_own(
    client, partnership, stroke
):
    stroke.polarity = "none"
    stroke.unit = "persons per hectare"
    stroke.multiplier = 1
    stroke.save()
    query = {"indicator": "STROKE", "area_type": "local_authority", "period": "2012"}
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["summary"] == (
        "Areas are coloured by quintile: this indicator has no judgement of better or "
        "worse. Unit: persons per hectare."
    )


@pytest.mark.django_db
def test_a_proportions_summary_gives_its_percent_sign_once(client, partnership, stroke):
    """A proportion's figures carry their "%"; the rule's "per 100" is not added."""
    stroke.value_type = "proportion"
    stroke.unit = ""
    stroke.multiplier = 100
    stroke.decimals = 1
    stroke.save()
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["summary"] == "Areas are compared with London (115.0%) at 95% confidence."


@pytest.mark.django_db
def test_the_map_data_gives_the_unit_said_after_a_figure(client, partnership, stroke):
    """`value_unit`: what the script says after an area's figure when it describes
    it; a percentage kept as a rate (unit "%") is glued to its figure, "115%", in the
    summary too (it read "115 %")."""
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["indicator"]["value_unit"] == UNIT
    stroke.unit = "%"
    stroke.multiplier = 1
    stroke.save()
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["indicator"]["value_unit"] == "%"
    assert data["summary"] == "Areas are compared with London (115%) at 95% confidence."


# Money: the symbol before the figure ---------------------------------------------


@pytest.mark.parametrize(
    ("figure", "unit", "shown"),
    [
        ("12.5", "£", "£12.5"),
        ("1,234", "£", "£1,234"),
        ("-3.0", "£", "-£3.0"),
        ("12.5", "£ million", "£12.5 million"),
        ("12.5", "£m", "£12.5m"),
        ("12.5", "£M", "£12.5m"),
        ("12.5", "£bn", "£12.5bn"),
        ("12.5", "£000", "£12.5 thousand"),
        ("12.5", "£'000s", "£12.5 thousand"),
        ("12.5", "£ per head", "£12.5 per head"),
        ("12.5", "$", "$12.5"),
        ("12.5", "€ million", "€12.5 million"),
        ("12.5", "%", "12.5%"),
        ("109.5", UNIT, f"109.5 {UNIT}"),
        ("12.5", "per £1,000 spent", "12.5 per £1,000 spent"),  # money in words: after
        ("12.5", "", "12.5"),
        ("", "£", ""),
    ],
)
def test_a_figure_with_its_unit_puts_money_before_it(figure, unit, shown):
    """A "£" unit was written after the figure, "12.5 £"."""
    assert rules.with_unit(figure, unit) == shown


def test_the_unit_affixes_say_what_goes_before_and_after_a_figure():
    assert rules.unit_affixes("£") == ("£", "")
    assert rules.unit_affixes(" £ million ") == ("£", " million")
    assert rules.unit_affixes("%") == ("", "%")
    assert rules.unit_affixes("persons per hectare") == ("", " persons per hectare")
    assert rules.unit_affixes("") == ("", "")


@pytest.mark.django_db
def test_the_map_puts_a_money_units_symbol_before_the_figures(client, partnership, places, stroke):
    """The summary, "My area", the script's affixes, the download's heading and a
    quintile key all read "£115.0", not "115.0 £"."""
    from roundtable.geography.tests.factories import PostcodeFactory

    stroke.value_type = "other"
    stroke.unit = "£"
    stroke.multiplier = 1
    stroke.save()
    PostcodeFactory(postcode="W5 2HL", local_authority=places["ealing"])
    query = {"indicator": "STROKE", "area_type": "local_authority", "within": "E12000007"}
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["summary"] == "Areas are compared with London (£115) at 95% confidence."
    assert data["indicator"]["value_affixes"] == ["£", ""]
    html = page(client, partnership, "lis:map", **query, postcode="W5 2HL")
    found = html.split('id="map-found"', 1)[1].split("</div>", 1)[0]
    assert ": £110 (Not compared)." in " ".join(found.split())
    header, *_ = _csv(client, partnership, "lis:map", **query)
    assert header[7] == "Compared with London (£115) at 95%"
    stroke.polarity = "none"
    stroke.unit = "£ million"
    stroke.save()
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert "Unit: £ million." in data["summary"]


def test_a_quintile_key_puts_money_before_its_figures():
    figures = [
        AreaFigure(f"E0{n}", f"Area {n}", float(n), None, None, False, "") for n in range(1, 11)
    ]
    classes = classify(figures, "none", None, decimals=1, money="£ million")
    labels = [entry.label for entry in classes.legend if entry.key.startswith("q")]
    assert labels[0] == "Quintile 1 (lowest): up to £2.8 million"
    assert labels[4] == "Quintile 5 (highest): above £8.2 million"
    plain = classify(figures, "none", None, decimals=1)
    assert plain.legend[0].label == "Quintile 1 (lowest): up to 2.8"
