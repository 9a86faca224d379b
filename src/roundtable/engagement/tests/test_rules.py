"""The pure rules: quadrant, fatigue summary and validation. No database."""

from __future__ import annotations

import datetime

import pytest

from roundtable.engagement import rules
from roundtable.engagement.choices import Mode
from roundtable.engagement.rules import ContactLine, Quadrant

D = datetime.date


@pytest.mark.parametrize(
    ("interest", "influence", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (3, 3, Quadrant.MANAGE_CLOSELY),
        (2, 3, Quadrant.KEEP_SATISFIED),
        (1, 5, Quadrant.KEEP_SATISFIED),
        (3, 2, Quadrant.KEEP_INFORMED),
        (5, 1, Quadrant.KEEP_INFORMED),
        (2, 2, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_cuts_scores_between_two_and_three(interest, influence, expected):
    assert rules.quadrant(interest, influence) is expected


def test_quadrant_labels_read_as_the_usual_strategies():
    assert [q.label for q in Quadrant] == [
        "Manage closely",
        "Keep satisfied",
        "Keep informed",
        "Monitor",
    ]


@pytest.mark.parametrize("bad", [0, 6, -1, "3.5", "high", "", None, True])
def test_score_outside_one_to_five_is_refused_naming_the_field(bad):
    with pytest.raises(ValueError, match="^interest: enter a whole number from 1 to 5"):
        rules.check_score(bad, "interest")


def test_score_accepts_text_of_a_whole_number():
    assert rules.check_score(" 4 ", "influence") == 4


KNOWN = dict(Mode.choices)


def test_modes_are_read_by_value_or_label_without_repeats():
    assert rules.parse_modes("Consultation; lobbying;; network or forum;consultation", KNOWN) == [
        "consultation",
        "lobbying",
        "network",
    ]


def test_unknown_mode_is_named_with_the_modes_to_use():
    with pytest.raises(ValueError, match="modes: 'Bribery' is not a mode; use one or more of"):
        rules.parse_modes("consultation;Bribery", KNOWN)


TODAY = D(2026, 3, 10)


def test_done_contact_in_the_future_is_refused():
    problems = rules.check_contact_dates(D(2026, 3, 11), planned=False, today=TODAY)
    assert list(problems) == ["date"]
    assert "cannot be dated in the future (11 March 2026)" in problems["date"]


def test_planned_contact_may_be_in_the_future():
    assert rules.check_contact_dates(D(2026, 4, 1), planned=True, today=TODAY) == {}


def test_follow_up_before_the_contact_is_refused():
    problems = rules.check_contact_dates(
        D(2026, 3, 1), planned=False, today=TODAY, follow_up=D(2026, 2, 28)
    )
    assert list(problems) == ["follow_up"]
    assert problems["follow_up"].startswith("follow_up: the follow-up (28 February 2026)")


def test_follow_up_on_the_day_of_the_contact_is_fine():
    assert rules.check_contact_dates(TODAY, planned=False, today=TODAY, follow_up=TODAY) == {}


def _lines() -> list[ContactLine]:
    return [
        ContactLine(D(2026, 3, 10), "Council", "Parks"),
        ContactLine(D(2026, 3, 9), "Council", "Libraries"),
        ContactLine(D(2026, 3, 1), "Council", "Parks"),
        ContactLine(D(2026, 2, 20), "Police", None),
        ContactLine(D(2026, 2, 9), "NHS", "Public health", planned=True),
        # Outside the 30 days ending 10 March 2026 (9 February onwards).
        ContactLine(D(2026, 2, 8), "College", None),
        ContactLine(D(2026, 3, 11), "College", None, planned=True),
    ]


def test_fatigue_counts_contacts_teams_and_organisations_in_the_window():
    summary = rules.fatigue(_lines(), on=TODAY, window_days=30, threshold=3)
    assert (summary.start, summary.end) == (D(2026, 2, 9), TODAY)
    assert (summary.contacts, summary.teams, summary.organisations) == (5, 4, 3)
    assert summary.sentence == "5 contacts from 4 teams in 3 organisations in the last 30 days"
    assert summary.flagged
    assert [line.date for line in summary.lines] == sorted(
        (line.date for line in summary.lines), reverse=True
    )


def test_fatigue_is_flagged_at_the_threshold_not_below_it():
    lines = _lines()[:3]
    assert rules.fatigue(lines, on=TODAY, window_days=30, threshold=3).flagged
    assert not rules.fatigue(lines, on=TODAY, window_days=30, threshold=4).flagged


def test_fatigue_sentence_speaks_of_one_in_the_singular():
    summary = rules.fatigue(_lines()[:1], on=TODAY, window_days=1, threshold=3)
    assert summary.sentence == "1 contact from 1 team in 1 organisation in the last 1 day"


def test_fatigue_of_nobody_is_zero_and_not_flagged():
    summary = rules.fatigue([], on=TODAY, window_days=30, threshold=1)
    assert summary.contacts == 0
    assert not summary.flagged


@pytest.mark.parametrize(("window", "threshold"), [(0, 3), (30, 0)])
def test_fatigue_refuses_an_empty_window_or_threshold(window, threshold):
    with pytest.raises(ValueError, match="at least 1"):
        rules.fatigue([], on=TODAY, window_days=window, threshold=threshold)


def test_most_contacted_keeps_those_at_the_threshold_most_first():
    rows = [("B", 3), ("A", 3), ("C", 7), ("D", 2)]
    assert rules.most_contacted(rows, threshold=3) == [("C", 7), ("A", 3), ("B", 3)]


# -- Personal data ---------------------------------------------------------------


def test_clean_name_tidies_spaces_and_refuses_a_single_letter():
    assert rules.clean_name("  Jane   Smith ") == "Jane Smith"
    with pytest.raises(ValueError, match="name: enter the person's name, at least 2 letters"):
        rules.clean_name(" J ")


def test_names_person_matches_the_exact_name_in_any_case_and_spacing():
    assert rules.names_person("jane  SMITH", "Jane Smith", contains=False)
    assert not rules.names_person("Dr Jane Smith", "Jane Smith", contains=False)
    assert not rules.names_person("", "Jane Smith", contains=True)


def test_names_person_with_contains_matches_names_containing_it():
    assert rules.names_person("Dr Jane Smith", "jane smith", contains=True)
    assert not rules.names_person("Janet Smith", "Jane Smith", contains=True)


def test_scrub_replaces_every_name_in_any_case_longest_first():
    text = "Met Dr Jane Smith; jane smith to reply. (Jane.Smith@zsl.org)"
    assert rules.scrub(text, ["Jane Smith", "Dr Jane Smith"]) == (
        "Met [erased]; [erased] to reply. (Jane.Smith@zsl.org)"
    )


def test_scrub_treats_the_name_as_text_not_a_pattern():
    assert rules.scrub("A (B) c", ["(B)"]) == "A [erased] c"


def test_scrub_cuts_to_the_limit():
    assert rules.scrub("Al Al Al", ["Al"], limit=10) == "[erased] ["
