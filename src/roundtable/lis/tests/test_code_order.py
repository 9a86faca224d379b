"""The LIS lists indicators by code as people read it: "NI 45" before "NI 195 d",
"Local 3" before "Local 25" (`performance.rules.in_code_order`), where the database
would sort them as text ("Local 25", "Local 3", "NI 195 d", "NI 45")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

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
