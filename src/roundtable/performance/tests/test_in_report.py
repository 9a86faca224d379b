"""Indicators kept for the Local Information System only (in_report=False) stay out of
the performance report, agencies' returns and the returns dashboard."""

from __future__ import annotations

import pytest

from roundtable.core.imports import ImportFailed, read_table
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report, led_indicators
from roundtable.performance.returns_queries import returns_dashboard
from roundtable.performance.services_entry import import_agency_values
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

Q1 = parse_period("2011/12 Q1")


@pytest.fixture
def indicators(partnership):
    shown = IndicatorFactory(partnership=partnership, code="NI 1")
    lis_only = IndicatorFactory(partnership=partnership, code="LIS 1", in_report=False, on_lis=True)
    for indicator in (shown, lis_only):
        IndicatorValueFactory(indicator=indicator, actual=5)
    return shown, lis_only


def test_report_leaves_out_indicators_kept_for_the_lis_only(partnership, indicators):
    codes = {row.code for row in build_report(partnership, Q1).rows}
    assert codes == {"NI 1"}


def test_return_lists_only_indicators_in_the_report(indicators):
    shown, lis_only = indicators
    assert led_indicators(lis_only.lead_agency) == []
    assert led_indicators(shown.lead_agency) == [shown]


def test_dashboard_counts_only_indicators_in_the_report(partnership, indicators):
    dashboard = returns_dashboard(partnership, Q1)
    counted = {a.organisation.pk: a.indicators for a in dashboard.agencies}
    shown, lis_only = indicators
    assert counted.get(shown.lead_agency_id) == 1
    assert counted.get(lis_only.lead_agency_id, 0) == 0


def test_an_agencys_return_upload_refuses_an_indicator_not_in_the_report(
    partnership, indicators, administrator, tmp_path
):
    _, lis_only = indicators
    path = tmp_path / "return.csv"
    path.write_text("code,period,actual,target,estimated,note\nLIS 1,2011/12 Q1,7,,,\n")
    with pytest.raises(ImportFailed, match="Row 2, code: LIS 1 is not in the performance report"):
        import_agency_values(administrator, lis_only.lead_agency, Q1, read_table(path))


def test_the_indicator_list_is_the_frameworks(client, partnership, indicators):
    from django.urls import reverse

    from roundtable.core.testing import under

    page = client.get(under(partnership, reverse("performance:indicator-list"))).content.decode()
    assert "NI 1" in page
    assert "LIS 1" not in page
