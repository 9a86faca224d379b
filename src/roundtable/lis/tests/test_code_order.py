"""The LIS lists indicators by code as people read it: "NI 45" before "NI 195 d",
"Local 3" before "Local 25" (`performance.rules.in_code_order`), where the database
would sort them as text ("Local 25", "Local 3", "NI 195 d", "NI 45")."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis import profiles, queries
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

READ_ORDER = ["Local 3", "Local 25", "NI 45", "NI 195 d"]


@pytest.fixture
def dataset(partnership):
    dataset = DatasetFactory(partnership=partnership)
    area = LsoaFactory()
    for code in ["NI 195 d", "Local 25", "NI 45", "Local 3"]:
        indicator = IndicatorFactory(
            partnership=partnership, code=code, in_report=False, on_lis=True
        )
        ObservationFactory(dataset=dataset, indicator=indicator, area=area)
    return dataset


def test_an_areas_profile_and_its_indicator_chooser_read_codes_in_order(partnership, dataset):
    area = dataset.observations.first().area
    offered = profiles.indicators_with_data(AnonymousUser(), partnership, area)
    assert [code for code, _ in offered] == READ_ORDER
    profile = profiles.area_profile(AnonymousUser(), partnership, area)
    assert [row.indicator.code for row in profile.rows] == READ_ORDER


def test_a_datasets_export_offers_its_indicators_in_code_order(dataset):
    choices = queries.export_choices(dataset, None)
    assert [code for code, _ in choices.indicators] == READ_ORDER
    chosen = queries.export_indicators(dataset, ["NI 45", "Local 25", "NI 195 d"])
    assert [i.code for i in chosen] == ["Local 25", "NI 45", "NI 195 d"]


def test_a_datasets_export_rows_are_in_code_order_then_area_then_period(
    client, partnership, dataset
):
    """The rows of `observations.csv` (and the CSV, XLSX and Data Package exports)
    were in the database's text order, "Local 25" before "Local 3" and "NI 195 d"
    before "NI 45", where its Indicators sheet and the dataset page list them as
    people read them. Within a code, by area then period, as before."""
    first = dataset.observations.first().area
    second = LsoaFactory(code="E01000002")
    for indicator in {o.indicator for o in dataset.observations.all()}:
        for area in (second, first):
            ObservationFactory(dataset=dataset, indicator=indicator, area=area, period="2010")
    address = under(partnership, reverse("lis:dataset-download", args=[dataset.slug]))
    response = client.get(address)
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    codes = [row[0] for row in rows]
    assert list(dict.fromkeys(codes)) == READ_ORDER
    for code in READ_ORDER:
        cells = [(row[1], row[3]) for row in rows if row[0] == code]
        assert cells == sorted(cells)  # area code, then period
        assert len(cells) == 3
    table = queries.export_observations(dataset, queries.ExportSelection((), "", "", ""), None)
    assert list(dict.fromkeys(r["indicator"] for r in table)) == READ_ORDER
