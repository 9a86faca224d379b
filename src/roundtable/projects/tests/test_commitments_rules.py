"""The pure rules of commitments: overdue actions, review due, the checks."""

from __future__ import annotations

import datetime

from roundtable.projects import rules_commitments as rules
from roundtable.projects.rules_commitments import ActionLine, ActionState, ReviewState

D = datetime.date
TODAY = D(2012, 4, 16)


def test_an_action_past_its_due_date_and_not_done_is_overdue():
    assert rules.action_state(D(2012, 4, 15), None, TODAY) is ActionState.OVERDUE


def test_an_action_due_today_is_not_yet_overdue():
    assert rules.action_state(TODAY, None, TODAY) is ActionState.DUE


def test_a_done_action_is_never_overdue():
    assert rules.action_state(D(2012, 1, 1), D(2012, 3, 1), TODAY) is ActionState.DONE


def test_an_action_without_a_due_date_cannot_be_overdue():
    assert rules.action_state(None, None, TODAY) is ActionState.NO_DATE


def test_overdue_actions_lists_the_longest_overdue_first():
    actions = [
        ActionLine("b", D(2012, 4, 1), None),
        ActionLine("a", D(2012, 3, 1), None),
        ActionLine("done", D(2012, 1, 1), D(2012, 2, 1)),
        ActionLine("later", D(2012, 5, 1), None),
    ]
    assert [a.action for a in rules.overdue_actions(actions, TODAY)] == ["a", "b"]


def test_action_progress_counts_what_was_done_by_the_date():
    actions = [
        ActionLine("done early", D(2012, 3, 1), D(2012, 2, 1)),
        ActionLine("done after the date", D(2012, 3, 1), D(2012, 5, 1)),
        ActionLine("not due", D(2012, 6, 1), None),
    ]
    progress = rules.action_progress(actions, D(2012, 3, 31))
    assert (progress.done, progress.total, progress.overdue) == (1, 3, 1)
    assert progress.words(D(2012, 3, 31)) == "1 of 3 actions done by 31 March 2012; 1 overdue"


def test_no_actions_make_no_words():
    assert rules.action_progress([], TODAY).words(TODAY) == ""


def test_a_review_date_passed_is_overdue():
    assert rules.review_state(D(2012, 4, 15), "agreed", TODAY) is ReviewState.OVERDUE


def test_a_review_within_thirty_days_is_due_soon_and_later_is_not():
    assert rules.review_state(TODAY, "agreed", TODAY) is ReviewState.SOON
    assert rules.review_state(D(2012, 5, 16), "in_progress", TODAY) is ReviewState.SOON
    assert rules.review_state(D(2012, 5, 17), "in_progress", TODAY) is ReviewState.LATER


def test_achieved_and_withdrawn_commitments_need_no_review():
    assert rules.review_state(D(2012, 1, 1), "achieved", TODAY) is ReviewState.NONE
    assert rules.review_state(D(2012, 1, 1), "withdrawn", TODAY) is ReviewState.NONE
    assert rules.review_state(None, "agreed", TODAY) is ReviewState.NONE


def test_commitment_problems_name_each_field():
    problems = rules.commitment_problems(" ", "pledge", "done")
    assert problems == {
        "title": "title: enter the commitment's title",
        "kind": "kind: choose one of equality_objective, covenant_pledge, charter, compact, other",
        "status": "status: choose one of draft, agreed, in_progress, achieved, withdrawn",
    }


def test_evidence_is_a_web_link_or_a_file_not_both_nor_neither():
    assert rules.evidence_problems("Report", "https://example.org/r.pdf", False) == {}
    assert rules.evidence_problems("Report", "", True) == {}
    assert "not both" in rules.evidence_problems("Report", "https://example.org", True)["link"]
    assert "choose a file" in rules.evidence_problems("Report", "", False)["link"]


def test_evidence_links_other_than_http_and_https_are_refused():
    for link in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "example.org"):
        assert rules.evidence_problems("Report", link, False)["link"].startswith("link: enter")


def test_a_signatory_needs_a_name_and_a_date():
    assert set(rules.signatory_problems("", None, today=D(2012, 7, 1))) == {
        "signed_by",
        "signed_on",
    }
    assert rules.signatory_problems("Martin Smith", D(2012, 6, 27), today=D(2012, 7, 1)) == {}


def test_a_missing_signature_date_gives_an_example_worked_out_from_today():
    """It gave 2012-03-31 whatever the day."""
    problems = rules.signatory_problems("Martin Smith", None, today=D(2027, 1, 6))
    assert problems["signed_on"] == "signed_on: enter the date it was signed, like 2026-12-16"
