"""The Fingertips data CSVs' "Recent Trend", "New data" and "Compared to goal"
columns: Fingertips' meaning, the area profile's trend test, open data only, and
nothing a suppressed cell's figures could be worked out from."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory
from roundtable.lis import profiles
from roundtable.lis.models import Dataset
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory
from roundtable.lis.tests.test_profiles import observe
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Submission
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

API = "/fingertips/api/"
YEARS = ("2007", "2008", "2009", "2010", "2011")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _rows(client, path: str, query: dict) -> list[dict[str, str]]:
    response = client.get(API + path, query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _by_indicator(client, indicator, **extra) -> list[dict[str, str]]:
    query = {"indicator_ids": indicator.pk, "child_area_type_id": 10001, **extra}
    return _rows(client, "all_data/csv/by_indicator_id", query)


@pytest.fixture
def trend(partnership) -> SimpleNamespace:
    """A proportion (higher is better) over five consecutive years in two LSOAs: one
    rising steadily (a significant increase), one flat; a Female breakdown with two
    years only; and an LSOA without the latest year."""
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    ealing = AreaFactory(
        code="E09000009", name="Ealing", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    rising, flat, behind = (LsoaFactory(parent=ealing) for _ in range(3))
    indicator = IndicatorFactory(
        partnership=partnership,
        value_type="proportion",
        polarity="higher",
        on_lis=True,
        in_report=False,
    )
    dataset = DatasetFactory(partnership=partnership)
    for step, year in enumerate(YEARS):
        observe(dataset, indicator, rising, year, count=200 + 60 * step, denominator=1000)
        observe(dataset, indicator, flat, year, count=300, denominator=1000)
    for year in YEARS[:4]:
        observe(dataset, indicator, behind, year, count=300, denominator=1000)
    for year in YEARS[3:]:
        observe(dataset, indicator, rising, year, count=150, denominator=500, sex="Female")
    return SimpleNamespace(
        partnership=partnership,
        indicator=indicator,
        dataset=dataset,
        rising=rising,
        flat=flat,
        behind=behind,
    )


# Recent Trend -----------------------------------------------------------------------------


def test_recent_trend_is_written_on_the_latest_periods_rows_only(client, trend):
    rows = _by_indicator(client, trend.indicator)
    marked = {
        (r["Area Code"], r["Sex"], r["Time period"]): r["Recent Trend"]
        for r in rows
        if r["Recent Trend"]
    }
    assert marked == {
        (trend.rising.code, "Persons", "2011"): "Increasing and getting better",
        (trend.flat.code, "Persons", "2011"): "No significant change",
        # Two points: too few for the test, as Fingertips says.
        (trend.rising.code, "Female", "2011"): "Cannot be calculated",
    }
    # An area without the indicator's latest period has no trend on any row.
    assert {r["Recent Trend"] for r in rows if r["Area Code"] == trend.behind.code} == {""}


def test_recent_trend_is_the_area_profiles_trend(client, trend):
    """One test, one wording: the CSV says what the area profile says."""
    rows = _by_indicator(client, trend.indicator)
    for area in (trend.rising, trend.flat):
        profile = profiles.area_profile(AnonymousUser(), trend.partnership, area)
        (row,) = [r for r in profile.rows if r.indicator.id == trend.indicator.pk]
        (written,) = [
            r["Recent Trend"]
            for r in rows
            if r["Area Code"] == area.code and r["Sex"] == "Persons" and r["Time period"] == "2011"
        ]
        assert written == str(row.trend)


def test_a_suppressed_point_makes_the_trend_cannot_be_calculated(client, trend):
    """A trend over a series with a suppressed point could say which way the
    suppressed figure lies, so it is not worked out (the profile's rule)."""
    middle = trend.rising.observations.get(period="2009", sex="")
    middle.suppressed = True
    middle.save()
    rows = _by_indicator(client, trend.indicator)
    (latest,) = [
        r
        for r in rows
        if r["Area Code"] == trend.rising.code and r["Sex"] == "Persons" and r["Recent Trend"]
    ]
    assert latest["Recent Trend"] == "Cannot be calculated"


def test_a_suppressed_latest_point_has_no_trend_to_give_it_away(client, trend):
    latest = trend.rising.observations.get(period="2011", sex="")
    latest.suppressed = True
    latest.save()
    rows = _by_indicator(client, trend.indicator)
    (row,) = [
        r
        for r in rows
        if r["Area Code"] == trend.rising.code
        and r["Sex"] == "Persons"
        and r["Time period"] == "2011"
    ]
    assert row["Recent Trend"] == "Cannot be calculated"
    assert row["Value"] == ""


def test_a_gap_in_the_periods_makes_the_trend_cannot_be_calculated(client, trend):
    trend.flat.observations.filter(period="2008").delete()
    observe(trend.dataset, trend.indicator, trend.flat, "2006", count=300, denominator=1000)
    rows = _by_indicator(client, trend.indicator)
    (written,) = [
        r["Recent Trend"] for r in rows if r["Area Code"] == trend.flat.code and r["Recent Trend"]
    ]
    assert written == "Cannot be calculated"


@pytest.mark.parametrize("size", [2, 20])
def test_the_columns_take_the_same_queries_however_many_areas_and_indicators(
    client, partnership, django_assert_num_queries, size
):
    dataset = DatasetFactory(partnership=partnership)
    areas = [LsoaFactory() for _ in range(size)]
    indicators = [
        IndicatorFactory(partnership=partnership, on_lis=True, in_report=False) for _ in range(size)
    ]
    for indicator in indicators:
        _approved_goal(indicator, "2011/12", 50)
        for area in areas:
            for year in ("2009/10", "2010/11", "2011/12"):
                observe(dataset, indicator, area, year)
    query = {
        "indicator_ids": ",".join(str(i.pk) for i in indicators),
        "child_area_type_id": 10001,
        "profile_id": dataset.pk,
    }
    # the profile, the indicators, the benchmarks, each indicator's latest period,
    # the approved returns and the goals, the rows
    with django_assert_num_queries(7):
        rows = _rows(client, "all_data/csv/by_indicator_id", query)
    assert len(rows) == size * size * 3
    assert {r["Compared to goal"] for r in rows if r["Time period"] == "2011/12"} == {"Worse"}
    assert {r["Recent Trend"] for r in rows if r["Time period"] == "2011/12"} == {
        "Cannot be calculated"
    }


# New data ------------------------------------------------------------------------------


def test_new_data_marks_a_profiles_rows_imported_in_the_last_30_days(client, trend):
    Dataset.objects.filter(pk=trend.dataset.pk).update(
        data_updated=datetime(2026, 11, 20, tzinfo=UTC)
    )
    with time_machine.travel(NOW, tick=False):
        by_profile = _rows(
            client,
            "all_data/csv/by_profile_id",
            {"profile_id": trend.dataset.pk, "child_area_type_id": 10001},
        )
        by_indicator = _by_indicator(client, trend.indicator, profile_id=trend.dataset.pk)
    assert {r["New data"] for r in by_profile} == {"New data"}
    assert {r["New data"] for r in by_indicator} == {"New data"}


def test_new_data_is_blank_after_30_days_and_without_a_profile(client, trend):
    Dataset.objects.filter(pk=trend.dataset.pk).update(
        data_updated=datetime(2026, 11, 2, tzinfo=UTC)
    )
    with time_machine.travel(NOW, tick=False):
        old = _rows(
            client,
            "all_data/csv/by_profile_id",
            {"profile_id": trend.dataset.pk, "child_area_type_id": 10001},
        )
        Dataset.objects.filter(pk=trend.dataset.pk).update(data_updated=NOW)
        no_profile = _by_indicator(client, trend.indicator)
    assert {r["New data"] for r in old} == {""}
    assert {r["New data"] for r in no_profile} == {""}


def test_a_dataset_never_imported_has_no_new_data(client, trend):
    rows = _rows(
        client,
        "all_data/csv/by_profile_id",
        {"profile_id": trend.dataset.pk, "child_area_type_id": 10001},
    )
    assert {r["New data"] for r in rows} == {""}


# Compared to goal ---------------------------------------------------------------------------


def _approved_goal(indicator, period: str, target: float, *, approved: bool = True):
    """A performance target for `period`, public once its agency's year-end return
    (Q4) is approved."""
    value = IndicatorValueFactory(indicator=indicator, period=period, actual=1, target=target)
    Submission.objects.create(
        partnership=indicator.partnership,
        organisation=indicator.lead_agency,
        period=f"{period} Q4",
        state=SubmissionState.APPROVED if approved else SubmissionState.SUBMITTED,
    )
    return value


@pytest.fixture
def goal(partnership) -> SimpleNamespace:
    indicator = IndicatorFactory(
        partnership=partnership,
        value_type="proportion",
        polarity="higher",
        on_lis=True,
        in_report=False,
    )
    dataset = DatasetFactory(partnership=partnership)
    met, missed, hidden = (LsoaFactory() for _ in range(3))
    for area, count in ((met, 950), (missed, 900), (hidden, 3)):
        observe(dataset, indicator, area, "2011/12", count=count, denominator=1000)
    observe(dataset, indicator, met, "2010/11", count=950, denominator=1000)
    hidden.observations.update(suppressed=True)
    return SimpleNamespace(
        indicator=indicator, dataset=dataset, met=met, missed=missed, hidden=hidden
    )


def test_compared_to_goal_uses_the_indicators_public_target_for_the_period(client, goal):
    _approved_goal(goal.indicator, "2011/12", 95)
    rows = {
        (r["Area Code"], r["Time period"]): r["Compared to goal"]
        for r in _by_indicator(client, goal.indicator)
    }
    assert rows[(goal.met.code, "2011/12")] == "Better"  # 95% meets a goal of 95%
    assert rows[(goal.missed.code, "2011/12")] == "Worse"
    # A suppressed cell's side of the goal would say something of its value.
    assert rows[(goal.hidden.code, "2011/12")] == "Not compared"
    # No goal for 2010/11: blank, as Fingertips leaves an indicator without a goal.
    assert rows[(goal.met.code, "2010/11")] == ""


def test_a_goal_whose_return_is_not_approved_is_not_public(client, goal):
    _approved_goal(goal.indicator, "2011/12", 95, approved=False)
    assert {r["Compared to goal"] for r in _by_indicator(client, goal.indicator)} == {""}


def test_an_indicator_without_a_goal_leaves_the_column_blank(client, goal):
    assert {r["Compared to goal"] for r in _by_indicator(client, goal.indicator)} == {""}


def test_an_indicator_with_no_judgement_is_not_compared_with_its_goal(client, goal):
    goal.indicator.polarity = "none"
    goal.indicator.save()
    _approved_goal(goal.indicator, "2011/12", 95)
    rows = _by_indicator(client, goal.indicator)
    assert {r["Compared to goal"] for r in rows if r["Time period"] == "2011/12"} == {
        "Not compared"
    }
