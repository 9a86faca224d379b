"""The pure rules: no database, no factories."""

from __future__ import annotations

import datetime

import pytest

from roundtable.recommendations import rules
from roundtable.recommendations.choices import Response, Status


def test_rule_values_match_the_stored_choices():
    assert set(rules.RESPONSE_LABELS) == set(Response.values)
    assert {rules.RESPONSE_LABELS[v] for v in Response.values} == set(Response.labels)
    assert rules.CLOSED_STATUSES <= set(Status.values)


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("Agree", rules.AGREE),
        ("agree", rules.AGREE),
        ("  AGREE ", rules.AGREE),
        ("To be considered in more detail", rules.CONSIDER),
        ("to be  considered in MORE detail", rules.CONSIDER),
        ("Consider in more detail", rules.CONSIDER),
        ("wip", rules.WORK_IN_PROGRESS),
        ("Work in progress", rules.WORK_IN_PROGRESS),
        ("Note", rules.NOTE),
        ("Reject", rules.REJECT),
        ("", rules.NO_RESPONSE),
        ("No response yet", rules.NO_RESPONSE),
    ],
)
def test_known_variants_normalise_to_their_category(value, category):
    assert rules.normalise_response(value) == rules.Normalised(category)


def test_a_value_naming_two_categories_is_ambiguous():
    result = rules.normalise_response("Work in progress Agree")
    assert not result.ok
    assert set(result.ambiguous) == {rules.WORK_IN_PROGRESS, rules.AGREE}
    assert "matches both" in result.problem("Work in progress Agree")


def test_a_value_pointing_at_one_category_is_only_a_suggestion():
    result = rules.normalise_response("Mark in progress")
    assert result.category is None
    assert result.suggestion == rules.WORK_IN_PROGRESS
    assert '--map "Mark in progress=Work in progress"' in result.problem("Mark in progress")


def test_disagree_is_not_read_as_agree():
    assert rules.normalise_response("disagree").category == rules.REJECT
    assert rules.normalise_response("we disagree").suggestion == rules.REJECT


def test_an_unknown_value_names_the_categories_and_the_fix():
    result = rules.normalise_response("maybe")
    assert result.category is None
    assert result.suggestion is None
    message = result.problem("maybe")
    assert "'maybe' is not a known response" in message
    assert "--map" in message


def test_the_users_mapping_wins_over_everything():
    mapping = rules.parse_mapping(["Work in progress Agree=Work in progress", "agree=Note"])
    assert rules.normalise_response("work in progress  agree", mapping).category == (
        rules.WORK_IN_PROGRESS
    )
    assert rules.normalise_response("Agree", mapping).category == rules.NOTE


def test_mapping_needs_an_equals_sign():
    with pytest.raises(rules.MappingError, match="write it as VALUE=CATEGORY"):
        rules.parse_mapping(["wip"])


def test_mapping_target_must_be_a_category():
    with pytest.raises(rules.MappingError, match="'Maybe' is not one of"):
        rules.parse_mapping(["wip=Maybe"])


def test_mapping_accepts_stored_values_and_labels():
    assert rules.parse_mapping(["x=work_in_progress", "y=No response yet"]) == {
        "x": rules.WORK_IN_PROGRESS,
        "y": rules.NO_RESPONSE,
    }


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("GPH, ASCH, ECM", ["GPH", "ASCH", "ECM"]),
        ("I&C / ECM", ["I&C", "ECM"]),
        ("GPH & IC", ["GPH", "IC"]),
        ("F&R; I&C", ["F&R", "I&C"]),
        ("ECM/CS", ["ECM", "CS"]),
        ("", []),
        ("GPH, GPH", ["GPH"]),
    ],
)
def test_split_names(cell, names):
    assert rules.split_names(cell) == names


def test_name_key_ignores_case_spaces_and_punctuation():
    assert rules.name_key("I&C") == rules.name_key("IC") == rules.name_key("i & c")
    assert rules.means_all_units("All Directorates")
    assert not rules.means_all_units("GPH")


def test_add_months_clamps_to_the_end_of_the_month():
    assert rules.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert rules.add_months(datetime.date(2023, 11, 15), 3) == datetime.date(2024, 2, 15)


def _due(**overrides):
    values = {
        "response": rules.AGREE,
        "status": "on_track",
        "last_update": datetime.date(2024, 1, 10),
        "since": datetime.date(2023, 7, 1),
        "every_months": 3,
    }
    values.update(overrides)
    return rules.next_update_due(**values)


def test_next_update_is_due_months_after_the_last_update():
    assert _due() == datetime.date(2024, 4, 10)


def test_without_updates_the_clock_starts_when_the_response_was_agreed():
    assert _due(last_update=None) == datetime.date(2023, 10, 1)


@pytest.mark.parametrize("response", [rules.NOTE, rules.REJECT, rules.NO_RESPONSE])
def test_no_update_is_expected_for_responses_that_commit_to_nothing(response):
    assert _due(response=response) is None


@pytest.mark.parametrize("status", ["complete", "superseded"])
def test_no_update_is_expected_once_closed(status):
    assert _due(status=status) is None


def test_no_update_is_expected_without_a_date_to_count_from():
    assert _due(last_update=None, since=None) is None


def test_overdue_only_after_the_due_date():
    due = datetime.date(2024, 4, 10)
    assert not rules.is_overdue(due, datetime.date(2024, 4, 10))
    assert rules.is_overdue(due, datetime.date(2024, 4, 11))
    assert not rules.is_overdue(None, datetime.date(2030, 1, 1))


def test_summarise_counts_every_category_in_order():
    summary = rules.summarise(
        [("agree", "on_track", False), ("agree", "complete", False), ("note", "on_track", True)],
        responses=["agree", "reject", "note"],
        statuses=["on_track", "complete"],
    )
    assert summary.total == 3
    assert list(summary.by_response.items()) == [("agree", 2), ("reject", 0), ("note", 1)]
    assert summary.by_status == {"on_track": 2, "complete": 1}
    assert summary.overdue == 1


def test_bar_chart_scales_to_the_largest_count():
    bars, height = rules.bar_chart([("A", 4, "x"), ("B", 2, "y"), ("C", 0, "z")], width=200)
    assert [b.width for b in bars] == [200, 100, 0]
    assert [b.y for b in bars] == [0, 24, 48]
    assert height == 72


def test_bar_chart_of_nothing_has_no_width():
    bars, _ = rules.bar_chart([("A", 0, "x")])
    assert bars[0].width == 0


def test_a_source_cell_that_says_more_than_its_category_is_kept_as_written():
    assert rules.response_as_written("Work in progress  Agree", Response.WORK_IN_PROGRESS) == (
        "Work in progress Agree"
    )
    assert rules.response_as_written("To be considered in more detail", Response.CONSIDER) == (
        "To be considered in more detail"
    )


def test_a_source_cell_that_is_the_category_or_a_stray_mark_is_not_kept():
    assert rules.response_as_written(" agree ", Response.AGREE) == ""
    assert rules.response_as_written("-", Response.NONE) == ""
    assert rules.response_as_written("", Response.NONE) == ""


def test_work_in_progress_is_never_not_started():
    assert rules.consistent_status(Response.WORK_IN_PROGRESS, Status.NOT_STARTED) == (
        Status.IN_PROGRESS
    )
    assert "cannot be Not started" in rules.status_problem(
        Response.WORK_IN_PROGRESS, Status.NOT_STARTED
    )


def test_a_rejected_recommendation_is_never_under_way():
    assert "cannot be On track" in rules.status_problem(Response.REJECT, Status.ON_TRACK)
    assert rules.status_problem(Response.REJECT, Status.NOT_STARTED) is None
    assert rules.consistent_status(Response.REJECT, Status.ON_TRACK) == Status.ON_TRACK


def test_consistent_pairs_are_left_alone():
    assert rules.status_problem(Response.AGREE, Status.NOT_STARTED) is None
    assert rules.status_problem(Response.WORK_IN_PROGRESS, Status.AT_RISK) is None
    assert rules.consistent_status(Response.AGREE, Status.NOT_STARTED) == Status.NOT_STARTED


def test_the_rules_know_every_status():
    assert set(rules.STATUS_LABELS) == set(Status.values)
    assert rules.STATUS_LABELS == dict(Status.choices)


def test_a_response_change_is_said_in_words():
    before = rules.ResponseVersion("Agree", "", "We agree.")
    assert rules.response_change(before, before) == ""
    after = rules.ResponseVersion("Consider in more detail", "Agree in part", "We will look again.")
    assert rules.response_change(before, after).splitlines() == [
        "From Agree to Consider in more detail.",
        "As written: “Agree in part”.",
        "Outline response: We will look again.",
    ]
    assert rules.response_change(after, rules.ResponseVersion("Consider in more detail")) == (
        "As written: removed.\nOutline response removed."
    )


def test_a_first_response_or_one_taken_away_is_not_said_as_from_nothing():
    assert rules.response_change(rules.ResponseVersion(""), rules.ResponseVersion("Agree")) == (
        "Set to Agree."
    )
    assert rules.response_change(rules.ResponseVersion("Agree"), rules.ResponseVersion("")) == (
        "Agree removed: no response recorded."
    )


def test_bar_chart_leaves_room_for_every_count_inside_the_chart():
    # The tracker's "Not started" count (137) was drawn past the chart's right edge and cut off.
    for largest in (9, 137, 4812):
        bars, _ = rules.bar_chart([("Not started", largest, "x"), ("On track", 2, "y")])
        for bar in bars:
            count_end = bar.count_x + rules.CHART_DIGIT_WIDTH * len(str(bar.count))
            assert count_end <= rules.CHART_WIDTH
        assert (
            bars[0].count_x + rules.CHART_DIGIT_WIDTH * len(str(largest)) > rules.CHART_WIDTH - 10
        )


def test_on_a_phone_each_label_stands_above_its_bar_and_every_count_fits():
    # Shrunk to a phone's width the wide chart drew its words about 10 px high.
    rows = [("Not started", 137, "x"), ("Complete", 97, "y")]
    bars, height = rules.bar_chart(rows, layout=rules.NARROW)
    assert height == 2 * rules.NARROW.row_height
    for bar in bars:
        assert bar.x == 0
        assert bar.label_y <= bar.bar_y  # the label's baseline is above the bar's top
        assert bar.bar_y < bar.count_y <= bar.bar_y + rules.NARROW.bar_height
        count_end = bar.count_x + rules.CHART_DIGIT_WIDTH * len(str(bar.count))
        assert count_end <= rules.NARROW.width
    assert bars[1].y == rules.NARROW.row_height  # rows do not overlap
