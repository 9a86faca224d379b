from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.performance.models import IndicatorValue, Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.services import (
    approve_figures,
    record_indicator_value,
    reopen_figures,
    reporting_quarter,
    return_figures,
    submit_figures,
)
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
Q2 = parse_period("2011/12 Q2")


@pytest.fixture
def council_indicator(partnership, council):
    return IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 155")


@pytest.fixture
def entered(officer, council_indicator):
    """Ealing Council has entered a figure for Q2, so its return can be submitted."""
    return record_indicator_value(officer, council_indicator, Q2, actual=Decimal(144))


@pytest.fixture
def police_indicator(partnership, police):
    return IndicatorFactory(partnership=partnership, lead_agency=police, code="Local 21")


@pytest.mark.parametrize(
    ("period", "quarter"),
    [
        ("2011-07", "2011/12 Q2"),
        ("2011/12 Q3", "2011/12 Q3"),
        ("2011/12 T1", "2011/12 Q1"),
        ("2011/12 T2", "2011/12 Q2"),
        ("2011/12 T3", "2011/12 Q4"),
        ("2011/12", "2011/12 Q4"),
        ("2012-02", "2011/12 Q4"),
    ],
)
def test_figures_belong_to_the_return_whose_report_first_shows_them(period, quarter):
    assert str(reporting_quarter(parse_period(period))) == quarter


def test_an_editor_enters_their_own_agencys_figures_with_history(officer, council_indicator):
    value = record_indicator_value(
        officer, council_indicator, Q2, actual=Decimal(144), target=Decimal(133)
    )
    assert value.organisation == council_indicator.lead_agency
    assert value.history.first().history_user == officer


def test_an_editor_cannot_enter_another_agencys_figures(officer, police_indicator):
    with pytest.raises(PermissionDenied):
        record_indicator_value(officer, police_indicator, Q2, actual=Decimal(1826))
    assert not IndicatorValue.objects.exists()


def test_a_board_member_cannot_enter_figures(board_member, council_indicator):
    with pytest.raises(PermissionDenied):
        record_indicator_value(board_member, council_indicator, Q2, actual=Decimal(1))


def test_a_period_shorter_than_the_frequency_is_refused(officer, council_indicator):
    with pytest.raises(ValidationError, match="no figures for 2011-07"):
        record_indicator_value(
            officer, council_indicator, parse_period("2011-07"), actual=Decimal(1)
        )


def test_sign_off_locks_figures_and_a_correction_needs_a_reason(
    officer, administrator, council, council_indicator
):
    record_indicator_value(officer, council_indicator, Q2, actual=Decimal(144))
    submission = submit_figures(officer, council, Q2)
    approve_figures(administrator, submission)
    with pytest.raises(ValidationError, match="approved and locked"):
        record_indicator_value(officer, council_indicator, Q2, actual=Decimal(145))
    with pytest.raises(ValidationError):
        reopen_figures(administrator, submission, "  ")
    reopen_figures(administrator, submission, "Completions for September were late")
    value = record_indicator_value(officer, council_indicator, Q2, actual=Decimal(145))
    assert value.actual == Decimal(145)
    reasons = [h.history_change_reason for h in Submission.objects.get().history.all()]
    assert "Re-opened for correction: Completions for September were late" in reasons


def test_returned_figures_say_why(entered, officer, administrator, council):
    submission = submit_figures(officer, council, Q2)
    with pytest.raises(ValidationError):
        return_figures(administrator, submission, "")
    returned = return_figures(administrator, submission, "Q2 target missing")
    assert (returned.state, returned.reason) == ("returned", "Q2 target missing")


def test_figures_cannot_be_approved_twice(entered, officer, administrator, council):
    submission = approve_figures(administrator, submit_figures(officer, council, Q2))
    with pytest.raises(ValidationError):
        approve_figures(administrator, submission)


def test_only_administrators_and_performance_leads_sign_off(
    entered, officer, board_member, administrator, council
):
    submission = submit_figures(officer, council, Q2)
    for someone in (officer, board_member):
        with pytest.raises(PermissionDenied):
            approve_figures(someone, submission)
        with pytest.raises(PermissionDenied):
            return_figures(someone, submission, "No")
    approve_figures(administrator, submission)
    with pytest.raises(PermissionDenied):
        reopen_figures(officer, submission, "Late completions")


def test_a_performance_lead_may_sign_off(entered, officer, board_member, partnership, council):
    from roundtable.performance.models import PerformanceSettings

    settings = PerformanceSettings.objects.create(partnership=partnership)
    settings.performance_leads.add(board_member)
    submission = submit_figures(officer, council, Q2)
    assert approve_figures(board_member, submission).state == "approved"


def test_an_editor_cannot_submit_another_agencys_figures(officer, police):
    with pytest.raises(PermissionDenied):
        submit_figures(officer, police, Q2)


def test_nobody_approves_figures_they_submitted_themselves(entered, administrator, council):
    submission = submit_figures(administrator, council, Q2)
    with pytest.raises(ValidationError, match="Someone other than the person who submitted"):
        approve_figures(administrator, submission)


def test_an_empty_return_cannot_be_submitted(officer, council, council_indicator):
    with pytest.raises(
        ValidationError, match="Enter Ealing Council's figures for Quarter 2 2011/12"
    ):
        submit_figures(officer, council, Q2)
