"""What the addresses of compare areas and of the overview ask for, and the words
naming a choice they cannot use: read without the database."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from roundtable.lis.comparison_choices import (
    MAX_COMPARED,
    CompareChoices,
    OverviewChoices,
    asked_comparison,
    asked_overview,
    listed,
)


def query(**values: str | list[str]) -> QueryDict:
    asked = QueryDict(mutable=True)
    for name, value in values.items():
        asked.setlist(name, value if isinstance(value, list) else [value])
    return asked


@pytest.mark.parametrize(
    ("codes", "words"),
    [
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D", "E"], "A, B, C, D and E"),
        (["A", "B", "C", "D", "E", "F", "G"], "A, B, C, D, E and 2 more"),
    ],
)
def test_codes_are_listed_in_a_sentence(codes, words):
    assert listed(codes) == words


def test_a_comparisons_areas_and_indicators_are_read_each_once_in_order():
    asked = query(area=[" E09000009 ", "", "E09000005", "E09000009"], indicator=["SMK", " ", "SMK"])
    assert asked_comparison(asked) == CompareChoices(("E09000009", "E09000005"), ("SMK",))


def test_areas_past_the_most_compared_are_left_out_and_named():
    codes = [f"E0100{n:04d}" for n in range(MAX_COMPARED + 1)]
    choices = asked_comparison(query(area=codes))
    assert choices.codes == tuple(codes[:MAX_COMPARED])
    assert choices.errors == (
        ("area", "area: compare at most 20 areas, so E01000020 is not compared"),
    )
    many = asked_comparison(query(area=[f"E0100{n:04d}" for n in range(MAX_COMPARED + 7)]))
    assert many.errors[0][1] == (
        "area: compare at most 20 areas, so the last 7, E01000020, E01000021, E01000022, "
        "E01000023, E01000024 and 2 more, are not compared"
    )


def test_codes_of_no_area_are_left_out_and_named():
    choices = CompareChoices(("E09000009", "X1", "E09000005", "X2"))
    found = choices.among({"E09000009", "E09000005"}, [])
    assert found.codes == ("E09000009", "E09000005")
    assert found.errors == (
        ("area", "area: no area has the codes X1 and X2, so they are not compared"),
    )
    one = CompareChoices(("X1",)).among(set(), [])
    assert one == CompareChoices(
        (), (), (("area", "area: no area has the code X1, so it is not compared"),)
    )


def test_indicators_are_matched_without_regard_to_case_and_kept_as_spelt():
    choices = CompareChoices(("E09000009",), ("smk", "NOPE", "SMK", "obe"))
    found = choices.among({"E09000009"}, ["SMK", "OBE", "ADM"])
    assert found.indicator_codes == ("SMK", "OBE")
    assert found.errors == (
        ("indicator", "indicator: no indicator on the LIS has the code NOPE, so it is not shown"),
    )


def test_errors_already_named_are_kept_before_those_found():
    choices = CompareChoices(("X1",), ("NOPE",), (("area", "area: compare at most 20 areas"),))
    assert [name for name, _ in choices.among(set(), []).errors] == ["area", "area", "indicator"]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({}, OverviewChoices()),
        ({"area_type": " LSOA ", "benchmark": "England"}, OverviewChoices("lsoa", "england")),
        ({"page": " 3 "}, OverviewChoices(page=3)),
        ({"area_type": "", "benchmark": "", "page": ""}, OverviewChoices()),
    ],
)
def test_an_overviews_choices_are_read_from_its_address(asked, expected):
    assert asked_overview(query(**asked)) == expected


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        (
            {"area_type": "street"},
            "area_type: there is no type of area \u201cstreet\u201d; choose one from \u201cAreas\u201d",
        ),
        (
            {"area_type": "custom"},  # custom areas are not shown on an overview
            "area_type: there is no type of area \u201ccustom\u201d; choose one from \u201cAreas\u201d",
        ),
        (
            {"benchmark": "Wales"},
            "benchmark: there is no benchmark \u201cWales\u201d; choose the parent area or England",
        ),
        ({"page": "x"}, "page: there is no page \u201cx\u201d; the first page is shown"),
        ({"page": "0"}, "page: there is no page \u201c0\u201d; the first page is shown"),
        ({"page": "-2"}, "page: there is no page \u201c-2\u201d; the first page is shown"),
        ({"page": "1.5"}, "page: there is no page \u201c1.5\u201d; the first page is shown"),
        ({"page": "+2"}, "page: there is no page \u201c+2\u201d; the first page is shown"),
        ({"page": "\u00b2"}, "page: there is no page \u201c\u00b2\u201d; the first page is shown"),
        ({"page": "\u0663"}, "page: there is no page \u201c\u0663\u201d; the first page is shown"),
    ],
)
def test_an_overview_choice_it_cannot_use_is_named_and_the_default_used(asked, said):
    choices = asked_overview(query(**asked))
    name = next(iter(asked))
    assert choices.errors == {name: said}
    assert (choices.area_type, choices.benchmark, choices.page) == ("", "", 1)
    assert choices.left_out == (name,)


def test_an_overview_with_several_bad_choices_leaves_each_out():
    choices = asked_overview(query(page="x", area_type="street", benchmark="lsoa"))
    assert list(choices.errors) == ["area_type", "benchmark", "page"]
    assert choices.left_out == ("area_type", "benchmark", "page")
