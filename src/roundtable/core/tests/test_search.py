"""The site search's registry, without the database: sections in order, empty
sections left out, a section's extra hit saying there are more."""

from __future__ import annotations

import pytest

from roundtable.core import search
from roundtable.core.search import Hit, Section


@pytest.fixture
def only(monkeypatch):
    """Run with just the sections given, not the apps' own."""
    monkeypatch.setattr(search, "_SECTIONS", {})
    return search.register


def hits(*titles: str) -> list[Hit]:
    return [Hit(t, f"/{t}/") for t in titles]


def test_sections_come_in_their_order_and_empty_ones_are_left_out(only):
    only(Section("b", "Second", 2, lambda q, u, n: hits("two")))
    only(Section("a", "First", 1, lambda q, u, n: hits("one")))
    only(Section("c", "Nothing", 3, lambda q, u, n: []))
    found = search.search("word", user=None)
    assert [(f.section.heading, [h.title for h in f.hits]) for f in found] == [
        ("First", ["one"]),
        ("Second", ["two"]),
    ]


def test_a_section_is_asked_for_one_more_than_it_shows(only):
    asked = []

    def find(query, user, limit):
        asked.append(limit)
        return hits(*[str(n) for n in range(limit)])

    only(Section("a", "Many", 1, find, more_url=lambda q: f"/deeper/?q={q}"))
    (found,) = search.search("word", user=None, per_section=3)
    assert asked == [4]
    assert [h.title for h in found.hits] == ["0", "1", "2"]
    assert found.truncated is True
    assert found.more == "/deeper/?q=word"


def test_a_blank_query_asks_no_section(only):
    only(Section("a", "Any", 1, lambda q, u, n: pytest.fail("asked")))
    assert search.search("   ", user=None) == []


def test_the_query_is_single_spaced_and_cut_to_a_hundred_characters():
    assert search.clean_query("  housing \t supply ") == "housing supply"
    assert len(search.clean_query("x" * 500)) == search.MAX_QUERY


def test_the_apps_register_their_sections():
    keys = [s.key for s in search.sections()]
    assert keys[:3] == ["organisations", "bodies", "people"]
    assert {"priorities", "indicators", "meetings", "recommendations", "datasets"} <= set(keys)
    assert {"needs", "consultations", "stakeholders"} <= set(keys)
