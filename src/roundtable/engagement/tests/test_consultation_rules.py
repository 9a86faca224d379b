"""The consultation rules, without the database: dates, weeks and overlaps."""

from __future__ import annotations

import datetime

from roundtable.engagement import rules

D = datetime.date
PARENTS = {"lsoa-1": "ward-1", "ward-1": "borough", "ward-2": "borough", "borough": None}


def scope(opens, closes, **kw):
    return rules.ConsultationScope(
        opens=opens, closes=closes, **{k: frozenset(v) for k, v in kw.items()}
    )


def test_closing_before_opening_is_refused_naming_the_field():
    problems = rules.check_consultation_dates(D(2026, 5, 1), D(2026, 4, 30))
    assert problems == {
        "closes": "closes: the closing date (30 April 2026) must be on or after "
        "the opening date (1 May 2026)"
    }
    assert rules.check_consultation_dates(D(2026, 5, 1), D(2026, 5, 1)) == {}


def test_iso_weeks_span_the_year_end():
    assert rules.iso_weeks(D(2025, 12, 28), D(2026, 1, 5)) == {(2025, 52), (2026, 1), (2026, 2)}


def test_same_week_and_same_audience_overlap_and_say_what_they_share():
    found = rules.overlap(
        scope(D(2026, 3, 2), D(2026, 3, 4), audience={"residents", "businesses"}),
        scope(D(2026, 3, 6), D(2026, 3, 20), audience={"residents"}),
        PARENTS,
        {"residents": "Residents"},
    )
    assert found
    assert found.audience == ("Residents",)
    assert found.sentence == "Both are for Residents"


def test_different_weeks_never_overlap_even_with_the_same_audience():
    # Sunday 8 March ends ISO week 10; Monday 9 March starts week 11.
    found = rules.overlap(
        scope(D(2026, 3, 2), D(2026, 3, 8), audience={"residents"}),
        scope(D(2026, 3, 9), D(2026, 3, 20), audience={"residents"}),
        PARENTS,
    )
    assert not found


def test_same_weeks_but_nothing_shared_is_no_overlap():
    found = rules.overlap(
        scope(D(2026, 3, 2), D(2026, 3, 30), audience={"residents"}, areas={"ward-1"}),
        scope(D(2026, 3, 2), D(2026, 3, 30), audience={"businesses"}, areas={"ward-2"}),
        PARENTS,
    )
    assert not found


def test_an_area_inside_another_is_shared_named_by_the_smaller():
    found = rules.overlap(
        scope(D(2026, 3, 2), D(2026, 3, 30), areas={"borough"}),
        scope(D(2026, 3, 2), D(2026, 3, 30), areas={"lsoa-1"}),
        PARENTS,
        {"lsoa-1": "Southall 1A"},
    )
    assert found.areas == ("Southall 1A",)
    assert rules.shared_areas({"lsoa-1"}, {"ward-1"}, PARENTS) == ["lsoa-1"]
    assert rules.shared_areas({"lsoa-1"}, {"ward-2"}, PARENTS) == []


def test_groups_match_in_any_case_and_organisations_by_name():
    found = rules.overlap(
        scope(D(2026, 3, 2), D(2026, 3, 30), groups={"Market  traders"}, organisations={"ZSL"}),
        scope(D(2026, 3, 2), D(2026, 3, 30), groups={"market traders"}, organisations={"ZSL"}),
        PARENTS,
    )
    assert found.groups == ("market traders",)
    assert found.organisations == ("ZSL",)
    assert found.sentence == "Both are for market traders and ZSL"


def test_a_loop_in_the_parent_chain_does_not_hang():
    assert rules.shared_areas({"a"}, {"c"}, {"a": "b", "b": "a", "c": None}) == []
