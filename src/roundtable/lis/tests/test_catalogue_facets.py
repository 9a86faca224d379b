"""The catalogue's facet counts (`catalogue_facets`): plain functions, no database."""

from __future__ import annotations

from roundtable.lis.catalogue_facets import choosing, facet_counts, matches

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
    counts = facet_counts(DATASETS, FACETS, {"theme": "Health", "area_type": ""})
    assert counts["area_type"] == {"local_authority": 1, "lsoa": 1, "msoa": 1}


def test_a_facets_own_choice_does_not_narrow_its_own_counts():
    """Choosing another theme replaces the choice, so each theme counts what it would
    list with the area type chosen: Population lists 1 dataset by MSOA, not 2."""
    counts = facet_counts(DATASETS, FACETS, {"theme": "Health", "area_type": "msoa"})
    assert counts == {
        "theme": {"Health": 1, "Population": 1},
        "area_type": {"local_authority": 1, "lsoa": 1, "msoa": 1},
    }


def test_values_no_dataset_would_list_are_left_out():
    counts = facet_counts(DATASETS, FACETS, {"area_type": "msoa"})
    assert "Partnership performance" not in counts["theme"]


def test_the_readers_choice_is_kept_with_no_datasets():
    counts = facet_counts([REPORT], FACETS, {"theme": "Health", "area_type": "msoa"})
    assert counts == {"theme": {"Health": 0}, "area_type": {"msoa": 0}}


def test_a_value_named_twice_by_one_dataset_counts_once():
    counts = facet_counts([{"theme": ["Health", "Health"]}], ("theme",), {})
    assert counts == {"theme": {"Health": 1}}


def test_matches_needs_every_choice_but_the_one_set_aside():
    chosen = {"theme": "Health", "area_type": "msoa"}
    assert matches(STROKE, chosen)
    assert not matches(CENSUS, chosen)
    assert matches(CENSUS, chosen, besides="theme")
    assert matches(STROKE, {"theme": "", "area_type": ""})


# Links to a facet's value (a dataset card's theme) --------------------------------

EVERY = {"theme": "", "publisher": "Ealing Council", "area_type": "msoa", "licence": "OGL-UK-3.0"}


def test_choosing_a_value_keeps_the_search_words_and_the_other_choices():
    assert choosing("stroke admissions", EVERY, "theme", "Health") == (
        "q=stroke+admissions&theme=Health&publisher=Ealing+Council&area_type=msoa"
        "&licence=OGL-UK-3.0"
    )


def test_choosing_another_value_of_a_chosen_facet_takes_its_place():
    chosen = {**EVERY, "theme": "Population"}
    query = choosing("", chosen, "theme", "Health")
    assert query == "theme=Health&publisher=Ealing+Council&area_type=msoa&licence=OGL-UK-3.0"


def test_choosing_the_value_already_chosen_names_it_once():
    chosen = {"theme": "Health", "publisher": ""}
    assert choosing("", chosen, "theme", "Health") == "theme=Health"


def test_choosing_with_nothing_else_chosen_is_the_value_alone():
    assert choosing("", {}, "theme", "Crime & safety") == "theme=Crime+%26+safety"
