"""The site search's registry, without the database: sections in order, empty
sections left out, a section's extra hit saying there are more."""

from __future__ import annotations

from dataclasses import dataclass

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
    only(Section("b", "Second", 2, lambda q, u, n, p: hits("two")))
    only(Section("a", "First", 1, lambda q, u, n, p: hits("one")))
    only(Section("c", "Nothing", 3, lambda q, u, n, p: []))
    found = search.search("word", user=None, partnership_id=None)
    assert [(f.section.heading, [h.title for h in f.hits]) for f in found] == [
        ("First", ["one"]),
        ("Second", ["two"]),
    ]


def test_a_section_is_asked_for_one_more_than_it_shows(only):
    asked = []

    def find(query, user, limit, partnership_id):
        asked.append(limit)
        return hits(*[str(n) for n in range(limit)])

    only(Section("a", "Many", 1, find, more_url=lambda q, p: f"/deeper/?q={q}"))
    (found,) = search.search("word", user=None, per_section=3, partnership_id=None)
    assert asked == [4]
    assert [h.title for h in found.hits] == ["0", "1", "2"]
    assert found.truncated is True
    assert found.more == "/deeper/?q=word"


def test_a_blank_query_asks_no_section(only):
    only(Section("a", "Any", 1, lambda q, u, n, p: pytest.fail("asked")))
    assert search.search("   ", user=None, partnership_id=None) == []


def test_each_section_is_asked_within_the_partnership_and_so_is_its_deeper_page(only):
    asked = []

    def find(query, user, limit, partnership_id):
        asked.append(partnership_id)
        return hits(*[str(n) for n in range(limit)])

    only(Section("a", "Many", 1, find, more_url=lambda q, p: f"/deeper/?q={q}&in={p}"))
    (found,) = search.search("word", user=None, per_section=1, partnership_id=7)
    assert asked == [7]
    assert found.more == "/deeper/?q=word&in=7"


@dataclass
class Place:
    pk: int
    name: str


def test_the_partnership_looked_at_is_searched_unless_all_are_chosen():
    ealing = Place(7, "Ealing Partnership")
    here = search.search_scope("", ealing)
    assert (here.partnership_id, here.everywhere, here.place) == (7, False, "Ealing Partnership")
    assert search.search_scope("partnership", ealing).partnership_id == 7
    assert search.search_scope("nonsense", ealing).partnership_id == 7
    everywhere = search.search_scope(search.ALL_PARTNERSHIPS, ealing)
    assert (everywhere.partnership_id, everywhere.place) == (None, "all partnerships")


def test_with_no_partnership_looked_at_every_partnership_is_searched():
    assert search.search_scope("", None).everywhere is True


def test_the_query_is_single_spaced_and_cut_to_a_hundred_characters():
    assert search.clean_query("  housing \t supply ") == "housing supply"
    assert len(search.clean_query("x" * 500)) == search.MAX_QUERY


def test_the_apps_register_their_sections():
    keys = [s.key for s in search.sections()]
    assert keys[:3] == ["organisations", "bodies", "people"]
    assert {"priorities", "indicators", "meetings", "recommendations", "datasets"} <= set(keys)
    assert {"needs", "consultations", "stakeholders"} <= set(keys)
