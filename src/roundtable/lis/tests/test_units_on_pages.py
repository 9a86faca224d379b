"""Every page that shows an indicator's figures names their unit, as its downloads
and needs pages do: a resident reading "128.8" on the map or a profile learns it is
"per 100,000 person-years", and a density of 60.9 that it is persons per hectare."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from roundtable.core.testing import page_text as page
from roundtable.core.testing import under
from roundtable.lis import rules
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
