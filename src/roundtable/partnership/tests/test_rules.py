from __future__ import annotations

import datetime

from roundtable.partnership.rules import (
    body_slug,
    build_tree,
    dates_in_order,
    is_current,
    name_key,
    slugify_name,
    split_person_name,
)

D = datetime.date


def test_slugify_name_drops_punctuation_and_accents():
    assert slugify_name("Ealing, Hammersmith & West London College") == (
        "ealing-hammersmith-west-london-college"
    )
    assert slugify_name("Café Réunion") == "cafe-reunion"


def test_slugify_name_never_returns_an_empty_slug():
    assert slugify_name("&&&") == "item"


def test_a_body_slug_begins_with_the_partnerships_slug():
    assert body_slug("LSP Executive Board", "ealing") == "ealing-lsp-executive-board"


def test_a_body_slug_does_not_repeat_the_partnership_its_name_already_names():
    names = ("Hounslow Together", "Hounslow")
    assert body_slug("Hounslow Together Board", "hounslow", names) == "hounslow-together-board"
    assert body_slug("Hounslow Together", "ht", names) == "hounslow-together"
    assert body_slug("Hounslow Together Board", "ht", names) == "hounslow-together-board"
    # A name that only begins with the same letters is not the partnership's.
    assert body_slug("Hounslowe Forum", "hounslow", names) == "hounslow-hounslowe-forum"


def test_dates_in_order_allows_open_ends_and_same_day():
    assert dates_in_order(None, D(2011, 10, 24))
    assert dates_in_order(D(2011, 10, 24), None)
    assert dates_in_order(D(2011, 10, 24), D(2011, 10, 24))


def test_dates_in_order_rejects_an_end_before_the_start():
    assert not dates_in_order(D(2012, 1, 16), D(2011, 10, 24))


def test_name_key_matches_ampersand_and_and():
    assert name_key("Policy & Performance") == name_key("policy and  performance")
    assert name_key("Dr. Margaret Guy") == name_key("Dr Margaret Guy")


def test_split_person_name_takes_the_honorific_off():
    assert split_person_name("Cllr Julian Bell") == ("Cllr", "Julian", "Bell")
    assert split_person_name("Cllr Sir Simon Milton") == ("Cllr Sir", "Simon", "Milton")
    assert split_person_name("Bell") == ("", "", "Bell")


def test_is_current_on_the_last_day_of_a_membership():
    assert is_current(D(2011, 1, 1), D(2011, 10, 24), D(2011, 10, 24))
    assert not is_current(D(2011, 1, 1), D(2011, 10, 24), D(2011, 10, 25))
    assert not is_current(D(2012, 1, 1), None, D(2011, 10, 25))


def test_build_tree_nests_children_under_their_parents_in_order():
    roots, children = build_tree([(1, None), (2, 1), (3, 1), (4, 2), (5, None)])
    assert roots == [1, 5]
    assert children[1] == [2, 3]
    assert children[2] == [4]


def test_build_tree_keeps_bodies_in_a_reporting_loop_visible_as_roots():
    roots, _ = build_tree([(1, 2), (2, 1), (3, 99)])
    assert set(roots) == {1, 2, 3}
