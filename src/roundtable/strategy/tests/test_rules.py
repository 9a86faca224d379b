"""Strategy rules: no database."""

from __future__ import annotations

import datetime

import pytest

from roundtable.strategy.choices import RevisionStatus
from roundtable.strategy.rules import (
    ProposedRevision,
    RevisionState,
    Status,
    allowed_statuses,
    check_revision,
    current_state,
    next_wording,
    period_label,
    slug_from_title,
    slug_problem,
    split_codes,
    years_in_order,
)

JULY = datetime.date(2007, 7, 11)
TODAY = datetime.date(2007, 8, 1)
DRAFT = RevisionState("draft", "To reduce childhood obesity", JULY)
DELETED = RevisionState("deleted", "To reduce childhood obesity", JULY)
MERGED = RevisionState("merged", "To increase opportunities for volunteering", JULY)


def fields(problems: list) -> list[str]:
    return [p.field for p in problems]


def test_rule_statuses_match_the_model_choices() -> None:
    assert {s.value for s in Status} == set(RevisionStatus.values)


@pytest.mark.parametrize("status", ["draft", "new", "agreed"])
def test_a_first_revision_may_be_draft_new_or_agreed(status: str) -> None:
    assert (
        check_revision(None, ProposedRevision(status, JULY, "To reduce carbon"), today=TODAY) == []
    )


@pytest.mark.parametrize("status", ["refined", "merged", "deleted"])
def test_a_first_revision_cannot_refine_merge_or_delete(status: str) -> None:
    problems = check_revision(None, ProposedRevision(status, JULY, "To reduce carbon"), today=TODAY)
    assert "status" in fields(problems)


def test_a_first_revision_needs_wording() -> None:
    problems = check_revision(None, ProposedRevision("draft", JULY, ""), today=TODAY)
    assert fields(problems) == ["wording"]


def test_a_draft_priority_can_be_refined_with_new_wording() -> None:
    proposed = ProposedRevision("refined", JULY, "To reduce childhood obesity in 5 schools")
    assert check_revision(DRAFT, proposed, today=TODAY) == []


def test_refining_needs_different_wording() -> None:
    proposed = ProposedRevision("refined", JULY, "To reduce childhood obesity")
    assert fields(check_revision(DRAFT, proposed, today=TODAY)) == ["wording"]


def test_refining_needs_wording() -> None:
    assert fields(check_revision(DRAFT, ProposedRevision("refined", JULY, ""), today=TODAY)) == [
        "wording"
    ]


def test_a_live_priority_can_be_deleted_without_wording() -> None:
    assert check_revision(DRAFT, ProposedRevision("deleted", JULY), today=TODAY) == []


def test_a_live_priority_cannot_be_recorded_as_new_again() -> None:
    problems = check_revision(
        DRAFT, ProposedRevision("new", JULY, "To reduce obesity"), today=TODAY
    )
    assert fields(problems) == ["status"]
    assert "already exists" in problems[0].message


@pytest.mark.parametrize("status", ["draft", "refined", "merged", "deleted"])
def test_a_deleted_priority_can_only_be_reinstated(status: str) -> None:
    problems = check_revision(
        DELETED,
        ProposedRevision(
            status, JULY, "Other wording", merged_into_id=5, merged_into_status="draft"
        ),
        today=TODAY,
    )
    assert "status" in fields(problems)
    assert "reinstate" in problems[0].message


@pytest.mark.parametrize("status", ["new", "agreed"])
def test_a_deleted_priority_can_be_reinstated_as_new_or_agreed(status: str) -> None:
    proposed = ProposedRevision(status, JULY, "To reduce childhood obesity again")
    assert check_revision(DELETED, proposed, today=TODAY) == []


def test_a_merged_priority_can_only_be_reinstated() -> None:
    problems = check_revision(MERGED, ProposedRevision("draft", JULY, "x"), today=TODAY)
    assert "merged into another" in problems[0].message


def test_merging_needs_the_priority_it_was_merged_into() -> None:
    problems = check_revision(DRAFT, ProposedRevision("merged", JULY), today=TODAY)
    assert fields(problems) == ["merged_into"]


def test_merging_into_a_live_priority_is_allowed() -> None:
    proposed = ProposedRevision(
        "merged", JULY, merged_into_id=7, merged_into_status="agreed", priority_id=3
    )
    assert check_revision(DRAFT, proposed, today=TODAY) == []


def test_a_priority_cannot_be_merged_into_itself() -> None:
    proposed = ProposedRevision(
        "merged", JULY, merged_into_id=3, merged_into_status="draft", priority_id=3
    )
    assert "itself" in check_revision(DRAFT, proposed, today=TODAY)[0].message


def test_a_priority_cannot_be_merged_into_a_deleted_one() -> None:
    proposed = ProposedRevision(
        "merged", JULY, merged_into_id=7, merged_into_status="deleted", priority_id=3
    )
    assert fields(check_revision(DRAFT, proposed, today=TODAY)) == ["merged_into"]


def test_a_priority_cannot_be_merged_into_another_strategys_priority() -> None:
    proposed = ProposedRevision(
        "merged",
        JULY,
        merged_into_id=7,
        merged_into_status="draft",
        merged_into_same_strategy=False,
        priority_id=3,
    )
    assert "same strategy" in check_revision(DRAFT, proposed, today=TODAY)[0].message


def test_only_a_merged_revision_names_a_priority() -> None:
    proposed = ProposedRevision("agreed", JULY, merged_into_id=7, merged_into_status="draft")
    assert fields(check_revision(DRAFT, proposed, today=TODAY)) == ["merged_into"]


def test_a_revision_needs_a_date() -> None:
    problems = check_revision(DRAFT, ProposedRevision("agreed", None), today=TODAY)
    assert fields(problems) == ["date"]
    # the example is worked out from today (the 16th of last month), not a fixed date
    assert problems[0].message == "enter the date of the revision, like 2007-07-16"


def test_revisions_are_recorded_in_date_order() -> None:
    problems = check_revision(
        DRAFT, ProposedRevision("agreed", datetime.date(2007, 7, 10)), today=TODAY
    )
    assert fields(problems) == ["date"]
    assert "11 July 2007" in problems[0].message


def test_a_revision_on_the_same_day_is_allowed() -> None:
    assert check_revision(DRAFT, ProposedRevision("agreed", JULY), today=TODAY) == []


def test_an_unknown_status_is_reported() -> None:
    assert fields(check_revision(None, ProposedRevision("approved", JULY, "x"), today=TODAY)) == [
        "status"
    ]


def test_allowed_statuses_after_each_status() -> None:
    assert allowed_statuses(None) == {Status.DRAFT, Status.NEW, Status.AGREED}
    assert allowed_statuses("deleted") == {Status.NEW, Status.AGREED}
    assert Status.NEW not in allowed_statuses("agreed")


def test_a_revision_without_wording_keeps_the_previous_wording() -> None:
    assert next_wording("Old wording", "") == "Old wording"
    assert next_wording("Old wording", " New wording ") == "New wording"


def test_current_state_follows_the_latest_revision() -> None:
    revisions = [
        RevisionState("draft", "To increase housing supply", JULY),
        RevisionState("refined", "To increase housing supply (including overcrowding)", JULY),
        RevisionState("deleted", "", JULY),
    ]
    assert current_state(revisions) == (
        "deleted",
        "To increase housing supply (including overcrowding)",
    )


def test_current_state_of_no_revisions_is_empty() -> None:
    assert current_state([]) == ("", "")


def test_split_codes_accepts_semicolons_commas_and_new_lines() -> None:
    assert split_codes("E05000632; E05000633,\nE05000632") == ["E05000632", "E05000633"]
    assert split_codes("") == []


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (2008, 2011, "2008–11"),
        (2011, None, "2011"),
        (2011, 2011, "2011"),
        (1999, 2002, "1999–2002"),
        (None, None, ""),
        (None, 2012, "2012"),
    ],
)
def test_period_label(start: int | None, end: int | None, label: str) -> None:
    assert period_label(start, end) == label


def test_years_in_order() -> None:
    assert years_in_order(2008, 2011)
    assert years_in_order(None, 2011)
    assert not years_in_order(2011, 2008)


def test_a_slug_is_made_from_the_title() -> None:
    assert (
        slug_from_title("Sustainable Community Strategy 2011", taken=[])
        == "sustainable-community-strategy-2011"
    )


def test_a_slug_made_from_the_title_skips_those_taken() -> None:
    taken = ["health-plan", "health-plan-2"]
    assert slug_from_title("Health Plan", taken=taken) == "health-plan-3"


@pytest.mark.parametrize("title", ["Add", "Import", "Priorities", "Events", "Themes", "Values"])
def test_a_slug_made_from_the_title_is_never_a_pages_own_address(title: str) -> None:
    assert slug_from_title(title, taken=[]) == f"{title.lower()}-2"


def test_a_slug_made_from_a_long_title_fits_with_its_number() -> None:
    title = "A very long strategy title " * 10
    first = slug_from_title(title, taken=[])
    assert len(slug_from_title(title, taken=[first])) <= 80


@pytest.mark.parametrize(
    "slug", ["add", "import", "priorities", "events", "themes", "values", "objectives"]
)
def test_a_chosen_slug_may_not_be_a_pages_own_address(slug: str) -> None:
    assert slug_problem(slug) == f"'{slug}' is used by Roundtable's own pages; choose another slug"


@pytest.mark.parametrize("slug", ["SCS-2011", "scs_2011", "scs--2011", "-scs", "scs 2011"])
def test_a_chosen_slug_is_lower_case_letters_numbers_and_hyphens(slug: str) -> None:
    assert "is not a slug" in (slug_problem(slug) or "")


def test_a_good_slug_has_no_problem() -> None:
    assert slug_problem("scs-2011") is None
