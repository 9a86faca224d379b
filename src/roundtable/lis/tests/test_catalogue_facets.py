"""The catalogue's facets (`catalogue_facets`): plain functions, no database."""

from __future__ import annotations

from roundtable.lis.catalogue_facets import (
    adding,
    facet_counts,
    matches,
    query_string,
    read_chosen,
    removing,
)

FACETS = ("theme", "area_type")
# As the Ealing demo had them when the counts were found wrong (#12).
STROKE = {"theme": ["Health"], "area_type": ["lsoa", "msoa", "local_authority"]}
CENSUS = {"theme": ["Population"], "area_type": ["lsoa", "msoa", "local_authority"]}
MID_YEAR = {"theme": ["Population"], "area_type": ["local_authority"]}
REPORT = {"theme": ["Partnership performance"], "area_type": ["local_authority"]}
DATASETS = [STROKE, CENSUS, MID_YEAR, REPORT]


def test_with_nothing_chosen_each_value_counts_every_dataset_that_has_it():
    assert facet_counts(DATASETS, FACETS, {}) == {
        "theme": {"Health": 1, "Partnership performance": 1, "Population": 2},
        "area_type": {"local_authority": 4, "lsoa": 2, "msoa": 2},
    }


def test_a_choice_narrows_the_other_facets_counts():
    counts = facet_counts(DATASETS, FACETS, {"theme": ["Health"], "area_type": []})
    assert counts["area_type"] == {"local_authority": 1, "lsoa": 1, "msoa": 1}


def test_a_facets_own_choice_does_not_narrow_its_own_counts():
    """Each theme counts its datasets with the area type chosen, whichever themes
    are ticked: Population has 1 dataset by MSOA, not 2."""
    counts = facet_counts(DATASETS, FACETS, {"theme": ["Health"], "area_type": ["msoa"]})
    assert counts == {
        "theme": {"Health": 1, "Population": 1},
        "area_type": {"local_authority": 1, "lsoa": 1, "msoa": 1},
    }


def test_several_values_of_a_facet_list_datasets_with_any_of_them():
    chosen = {"theme": ["Health", "Population"]}
    assert [d for d in DATASETS if matches(d, chosen)] == [STROKE, CENSUS, MID_YEAR]


def test_choices_of_several_facets_must_all_be_met():
    chosen = {"theme": ["Health", "Population"], "area_type": ["msoa"]}
    assert [d for d in DATASETS if matches(d, chosen)] == [STROKE, CENSUS]
    both = {"theme": ["Health", "Population"], "area_type": ["msoa", "local_authority"]}
    assert [d for d in DATASETS if matches(d, both)] == [STROKE, CENSUS, MID_YEAR]


def test_counts_with_several_values_chosen_stay_those_of_each_value():
    """With Health and Population ticked, and MSOAs: each theme counts its MSOA
    datasets, and each area type the Health or Population datasets that have it."""
    chosen = {"theme": ["Health", "Population"], "area_type": ["msoa"]}
    assert facet_counts(DATASETS, FACETS, chosen) == {
        "theme": {"Health": 1, "Population": 1},
        "area_type": {"local_authority": 3, "lsoa": 2, "msoa": 2},
    }
    # The chosen values' counts add up to the datasets listed when no dataset has two.
    listed = [d for d in DATASETS if matches(d, chosen)]
    assert sum(facet_counts(DATASETS, FACETS, chosen)["theme"].values()) == len(listed)


def test_values_no_dataset_would_list_are_left_out():
    counts = facet_counts(DATASETS, FACETS, {"area_type": ["msoa"]})
    assert "Partnership performance" not in counts["theme"]


def test_the_readers_choices_are_kept_with_no_datasets():
    counts = facet_counts(
        [REPORT], FACETS, {"theme": ["Health", "Population"], "area_type": ["msoa"]}
    )
    assert counts == {"theme": {"Health": 0, "Population": 0}, "area_type": {"msoa": 0}}


def test_a_value_named_twice_by_one_dataset_counts_once():
    counts = facet_counts([{"theme": ["Health", "Health"]}], ("theme",), {})
    assert counts == {"theme": {"Health": 1}}


def test_matches_needs_one_value_of_every_facet_but_the_one_set_aside():
    chosen = {"theme": ["Health"], "area_type": ["msoa"]}
    assert matches(STROKE, chosen)
    assert not matches(CENSUS, chosen)
    assert matches(CENSUS, chosen, besides="theme")
    assert matches(STROKE, {"theme": [], "area_type": []})


def test_the_choices_of_an_address_are_trimmed_each_once_in_the_facets_order():
    asked = {"area_type": ["msoa"], "theme": [" Health ", "", "Population", "Health"]}
    assert read_chosen(asked, ("theme", "publisher", "area_type")) == {
        "theme": ["Health", "Population"],
        "publisher": [],
        "area_type": ["msoa"],
    }


def test_an_address_of_one_value_a_facet_is_one_choice():
    """The single-choice form's addresses (`?theme=Health`, and `?theme=` for Any)."""
    assert read_chosen({"theme": ["Health"], "licence": [""]}, ("theme", "licence")) == {
        "theme": ["Health"],
        "licence": [],
    }


# Links that add or remove a value ------------------------------------------------

EVERY = {"theme": [], "publisher": ["Ealing Council"], "area_type": ["msoa"], "licence": []}


def test_the_query_string_is_the_search_words_then_each_facets_values():
    chosen = {"theme": ["Health", "Crime & safety"], "area_type": ["msoa"]}
    assert query_string("stroke", chosen) == (
        "q=stroke&theme=Health&theme=Crime+%26+safety&area_type=msoa"
    )
    assert query_string("", {}) == ""


def test_adding_a_value_keeps_the_search_words_and_the_other_choices():
    assert adding("stroke admissions", EVERY, "theme", "Health") == (
        "q=stroke+admissions&theme=Health&publisher=Ealing+Council&area_type=msoa"
    )


def test_adding_another_value_of_a_chosen_facet_adds_it_to_the_others():
    chosen = {**EVERY, "theme": ["Population"]}
    assert adding("", chosen, "theme", "Health") == (
        "theme=Population&theme=Health&publisher=Ealing+Council&area_type=msoa"
    )


def test_adding_the_value_already_chosen_names_it_once():
    assert adding("", {"theme": ["Health"], "publisher": []}, "theme", "Health") == "theme=Health"


def test_adding_with_nothing_else_chosen_is_the_value_alone():
    assert adding("", {}, "theme", "Crime & safety") == "theme=Crime+%26+safety"


def test_removing_a_value_keeps_everything_else():
    chosen = {"theme": ["Health", "Population"], "area_type": ["msoa"]}
    assert removing("q", chosen, "theme", "Health") == "q=q&theme=Population&area_type=msoa"
    assert removing("", {"theme": ["Health"]}, "theme", "Health") == ""
