"""The pure rules: risk scores and bands, milestone states, the project's RAG."""

from __future__ import annotations

import datetime

import pytest

from roundtable.projects import rules
from roundtable.projects.rules import DatedRag, MilestoneState

TODAY = datetime.date(2012, 1, 16)


def test_risk_score_is_likelihood_times_impact():
    assert rules.risk_score(3, 4) == 12


@pytest.mark.parametrize(
    ("score", "band"),
    [(1, "low"), (7, "low"), (8, "medium"), (14, "medium"), (15, "high"), (25, "high")],
)
def test_risk_band_follows_the_five_by_five_zones(score, band):
    assert rules.risk_band(score) == band


@pytest.mark.parametrize("value", ["0", "6", "three", "", "2.5"])
def test_check_score_refuses_what_is_not_1_to_5_and_names_the_field(value):
    with pytest.raises(ValueError, match="^likelihood: enter a whole number from 1 to 5"):
        rules.check_score(value, "likelihood")


def test_check_score_accepts_a_number_with_spaces():
    assert rules.check_score(" 5 ", "impact") == 5


def test_a_milestone_with_a_done_date_is_done_even_when_late():
    assert rules.milestone_state(TODAY - datetime.timedelta(days=90), TODAY, TODAY) is (
        MilestoneState.DONE
    )


def test_a_milestone_past_its_due_date_is_overdue():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert rules.milestone_state(yesterday, None, TODAY) is MilestoneState.OVERDUE


@pytest.mark.parametrize("days", [0, 1, 28])
def test_a_milestone_due_within_28_days_is_due_soon(days):
    due = TODAY + datetime.timedelta(days=days)
    assert rules.milestone_state(due, None, TODAY) is MilestoneState.DUE_SOON


def test_a_milestone_due_later_is_not_due_and_one_without_a_date_has_none():
    later = TODAY + datetime.timedelta(days=29)
    assert rules.milestone_state(later, None, TODAY) is MilestoneState.NOT_DUE
    assert rules.milestone_state(None, None, TODAY) is MilestoneState.NO_DATE


def test_a_milestone_past_due_when_the_records_have_ended_is_not_recorded_not_overdue():
    # The demo's projects are as a board pack of 16 January 2012 left them.
    in_2026 = datetime.date(2026, 12, 6)
    for due in (datetime.date(2012, 1, 15), datetime.date(2012, 4, 1)):
        assert rules.milestone_state(due, None, in_2026, records_ended=True) is (
            MilestoneState.NOT_RECORDED
        )
    assert MilestoneState.NOT_RECORDED.label == "Not recorded"
    assert MilestoneState.NOT_RECORDED.colour == "grey"


def test_records_that_have_ended_change_nothing_but_a_milestone_past_due():
    in_2026 = datetime.date(2026, 12, 6)
    done = datetime.date(2012, 3, 1)
    assert rules.milestone_state(done, done, in_2026, records_ended=True) is MilestoneState.DONE
    soon = in_2026 + datetime.timedelta(days=3)
    assert rules.milestone_state(soon, None, in_2026, records_ended=True) is (
        MilestoneState.DUE_SOON
    )
    assert rules.milestone_state(None, None, in_2026, records_ended=True) is (
        MilestoneState.NO_DATE
    )


def test_a_projects_records_end_until_an_update_is_recorded_after_them():
    assert rules.records_ended(TODAY, TODAY)
    assert rules.records_ended(TODAY, None)
    assert not rules.records_ended(TODAY, TODAY + datetime.timedelta(days=1))
    assert not rules.records_ended(None, TODAY)


def test_project_rag_is_the_latest_updates():
    updates = [
        DatedRag(datetime.date(2011, 10, 1), "red", 1),
        DatedRag(datetime.date(2012, 1, 16), "green", 2),
        DatedRag(datetime.date(2011, 12, 1), "amber", 3),
    ]
    assert rules.project_rag(updates) == "green"


def test_project_rag_is_blank_when_the_latest_update_gives_none():
    updates = [DatedRag(datetime.date(2011, 10, 1), "red", 1), DatedRag(TODAY, "", 2)]
    assert rules.project_rag(updates) == ""


def test_project_rag_takes_the_one_added_last_among_updates_of_one_day():
    assert rules.project_rag([DatedRag(TODAY, "red", 5), DatedRag(TODAY, "amber", 2)]) == "red"


def test_project_rag_without_updates_is_blank():
    assert rules.project_rag([]) == ""


def test_next_milestone_is_the_earliest_open_one_with_a_date():
    found = rules.next_milestone(
        [
            (datetime.date(2012, 1, 1), datetime.date(2012, 1, 2), "done"),
            (datetime.date(2012, 6, 1), None, "later"),
            (datetime.date(2012, 3, 1), None, "next"),
            (None, None, "undated"),
        ]
    )
    assert found == (datetime.date(2012, 3, 1), "next")


def test_check_dates_refuses_an_end_before_the_start():
    with pytest.raises(ValueError, match="^end: the end .* is before the start"):
        rules.check_dates(datetime.date(2012, 4, 1), datetime.date(2012, 3, 31))
    rules.check_dates(datetime.date(2012, 4, 1), datetime.date(2012, 4, 1))
    rules.check_dates(None, datetime.date(2012, 4, 1))
