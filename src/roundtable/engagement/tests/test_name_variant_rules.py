"""The variants of a name offered before an export or erasure (pure rules)."""

from __future__ import annotations

import pytest

from roundtable.engagement import rules


def test_a_two_word_name_has_initial_and_surname_first_variants():
    assert rules.name_variants("John Smith") == [
        "J. Smith",
        "J Smith",
        "Smith, John",
        "Smith, J.",
        "Smith, J",
    ]


def test_a_name_written_surname_first_offers_the_usual_order():
    assert "John Smith" in rules.name_variants("Smith, John")
    assert "Smith, John" not in rules.name_variants("Smith, John")


def test_honorifics_are_not_taken_for_given_names():
    variants = rules.name_variants("Dr Mary Jane Smith")
    assert "M. J. Smith" in variants
    assert "Mary Smith" in variants
    assert not any(v.startswith("D") for v in variants)


def test_a_one_word_name_has_no_variants():
    assert rules.name_variants("Smith") == []


def test_variants_are_found_only_as_whole_words():
    texts = ["Met J. Smith and Smith, J about the zoo", "Call with J Smithson"]
    assert rules.find_variants("John Smith", texts) == ["J. Smith", "Smith, J"]


def test_emails_containing_the_surname_are_offered_lower_cased():
    texts = ["Wrote to John.Smith@zsl.org and jsmith@zsl.org", "cc a.jones@zsl.org"]
    assert rules.find_variants("John Smith", texts) == ["john.smith@zsl.org", "jsmith@zsl.org"]


def test_check_variants_keeps_offered_ones_each_once():
    ticked = rules.check_variants("John Smith", ["J. Smith", "j.  smith", "jsmith@zsl.org", ""])
    assert ticked == ["J. Smith", "jsmith@zsl.org"]


@pytest.mark.parametrize("crafted", ["Sam Other", "a.jones@zsl.org", "Smith"])
def test_check_variants_refuses_anything_not_a_variant(crafted):
    with pytest.raises(ValueError, match=f"variants: '{crafted}' is not a variant of John Smith"):
        rules.check_variants("John Smith", [crafted])


def test_scrub_erases_variants_only_where_they_stand_whole():
    text = "Met J Smith; J Smithson came too; mail jsmith@zsl.org"
    scrubbed = rules.scrub(text, ["John Smith"], variants=["J Smith", "jsmith@zsl.org"])
    assert scrubbed == "Met [erased]; J Smithson came too; mail [erased]"


def test_chosen_variants_are_spelt_as_offered_and_each_once():
    offered = ["J. Smith", "Smith, John"]
    assert rules.chosen_variants("John Smith", ["j.  smith", "J. Smith"], offered) == ["J. Smith"]


def test_a_variant_not_offered_is_refused_by_name():
    with pytest.raises(ValueError, match="'Smith, J.' is not one of the variants of John Smith"):
        rules.chosen_variants("John Smith", ["J. Smith", "Smith, J."], ["J. Smith"])
