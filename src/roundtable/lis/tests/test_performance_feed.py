"""A performance indicator marked for the LIS publishes its approved figures there:
the same indicator, the report's figures, following approval both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from roundtable.geography.tests.factories import LocalAuthorityFactory
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.performance_feed import dataset_slug, publish_performance_figures
from roundtable.performance.periods import parse_period
from roundtable.performance.services import (
    approve_figures,
    record_indicator_value,
    reopen_figures,
    submit_figures,
)
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
Q2 = parse_period("2011/12 Q2")


@pytest.fixture
def place(partnership):
    partnership.area = LocalAuthorityFactory(code="E09000009", name="Ealing")
    partnership.save()
    return partnership.area


@pytest.fixture
def indicators(partnership, council, place):
    on_lis = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 155", on_lis=True
    )
    report_only = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 156")
    private = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 157", on_lis=True, is_public=False
    )
    return on_lis, report_only, private


def published(partnership) -> list[tuple[str, str, str, float]]:
    return sorted(
        Observation.objects.filter(dataset__slug=dataset_slug(partnership)).values_list(
            "indicator__code", "area__code", "period", "value"
        )
    )


def enter_and_approve(officer, administrator, council, indicators):
    on_lis, report_only, private = indicators
    for indicator, actual in ((on_lis, 144), (report_only, 12), (private, 7)):
        record_indicator_value(officer, indicator, Q2, actual=Decimal(actual))
    return approve_figures(administrator, submit_figures(officer, council, Q2))


def test_nothing_is_published_before_the_figures_are_approved(
    partnership, officer, council, indicators
):
    for indicator in indicators:
        record_indicator_value(officer, indicator, Q2, actual=Decimal(144))
    submit_figures(officer, council, Q2)
    assert published(partnership) == []
    assert publish_performance_figures(partnership) == (
        "No approved figures of indicators on the LIS to publish"
    )


def test_approval_publishes_the_public_figures_of_indicators_on_the_lis(
    partnership, officer, administrator, council, indicators
):
    enter_and_approve(officer, administrator, council, indicators)
    # Not the report-only indicator, not the private one: only what the report shows.
    assert published(partnership) == [("NI 155", "E09000009", "2011/12 Q2", 144.0)]
    dataset = Dataset.objects.get(slug=dataset_slug(partnership))
    assert dataset.published
    assert dataset.suppress_below == 1
    assert "approved" in dataset.method_notes
    assert dataset.time_covered == "2011/12 Q2 to 2011/12 Q2"
    assert dataset.suppression_text == "No figures are suppressed."
    assert "illustrative" not in dataset.description
    # The same indicator record: one library, no copy.
    assert Observation.objects.get().indicator == indicators[0]


def test_re_opening_a_return_takes_its_figures_off_the_lis(
    partnership, officer, administrator, council, indicators
):
    submission = enter_and_approve(officer, administrator, council, indicators)
    reopen_figures(administrator, submission, "The September count was late")
    assert published(partnership) == []


def test_publishing_again_with_nothing_changed_writes_nothing(
    partnership, officer, administrator, council, indicators, django_assert_max_num_queries
):
    enter_and_approve(officer, administrator, council, indicators)
    before = list(Observation.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(6):
        summary = publish_performance_figures(partnership)
    assert summary == "The 1 published figures are up to date"
    assert list(Observation.objects.values_list("pk", flat=True)) == before


def test_a_changed_figure_replaces_the_old_one(
    partnership, officer, administrator, council, indicators
):
    submission = enter_and_approve(officer, administrator, council, indicators)
    reopen_figures(administrator, submission, "Corrected count")
    record_indicator_value(officer, indicators[0], Q2, actual=Decimal("145.5"))
    approve_figures(administrator, submit_figures(officer, council, Q2))
    assert published(partnership) == [("NI 155", "E09000009", "2011/12 Q2", 145.5)]


def test_a_partnership_without_a_place_publishes_nothing(partnership, council):
    IndicatorFactory(partnership=partnership, lead_agency=council, on_lis=True)
    assert "has no place" in publish_performance_figures(partnership)
    assert not Dataset.objects.exists()


def test_the_command_publishes_and_says_what_it_did(
    partnership, officer, administrator, council, indicators, capsys
):
    enter_and_approve(officer, administrator, council, indicators)
    Observation.objects.all().delete()
    call_command("lis_publish_performance", "--partnership", "ealing")
    assert "1 observation of 1 indicator into" in capsys.readouterr().out
    assert len(published(partnership)) == 1
