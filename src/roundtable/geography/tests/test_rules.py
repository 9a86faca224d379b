"""Pure geography rules: no database."""

from __future__ import annotations

import pytest

from roundtable.geography import rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("w52hl", "W5 2HL"),
        ("W5 2HL", "W5 2HL"),
        ("  w5   2hl ", "W5 2HL"),
        ("ub11aa", "UB1 1AA"),
        ("SW1A1AA", "SW1A 1AA"),
        ("cv325hz", "CV32 5HZ"),
        ("W1A 1AA", "W1A 1AA"),
    ],
)
def test_normalise_postcode_accepts_any_spacing_and_case(raw, expected):
    assert rules.normalise_postcode(raw) == expected


def test_normalise_postcode_asks_for_a_postcode_when_blank():
    with pytest.raises(ValueError, match="Enter a postcode, like W5 2HL"):
        rules.normalise_postcode("  ")


@pytest.mark.parametrize("raw", ["W5", "hello", "12345", "W5 2H", "W5 2HLL", "W5-2HL!"])
def test_normalise_postcode_rejects_what_is_not_a_full_postcode(raw):
    with pytest.raises(ValueError, match="is not a full UK postcode"):
        rules.normalise_postcode(raw)


@pytest.mark.parametrize(
    ("code", "area_type"),
    [
        ("E92000001", "country"),
        ("W92000004", "country"),
        ("E12000007", "region"),
        ("E06000001", "local_authority"),
        ("E07000222", "local_authority"),
        ("E08000001", "local_authority"),
        ("E09000009", "local_authority"),
        ("W06000015", "local_authority"),
        ("S12000033", "local_authority"),
        ("E05013520", "ward"),
        ("W05000001", "ward"),
        ("E02000256", "msoa"),
        ("E01001228", "lsoa"),
        ("e01001228", "lsoa"),
    ],
)
def test_gss_area_type_comes_from_the_prefix(code, area_type):
    assert rules.gss_area_type(code) == area_type


def test_gss_area_type_rejects_a_malformed_code():
    with pytest.raises(ValueError, match="is not a GSS code"):
        rules.gss_area_type("E0501352")


def test_gss_area_type_rejects_a_prefix_it_does_not_hold():
    with pytest.raises(ValueError, match="E10000003 is not the code of a country"):
        rules.gss_area_type("E10000003")


def test_validate_local_authority_code_accepts_a_london_borough():
    assert rules.validate_local_authority_code(" e09000009 ") == "E09000009"


def test_validate_local_authority_code_rejects_a_ward_code():
    with pytest.raises(ValueError, match="E05013520 is not a local authority code"):
        rules.validate_local_authority_code("E05013520")


def test_country_for_uses_the_first_letter():
    assert rules.country_for("E09000009") == ("E92000001", "England")
    assert rules.country_for("W06000015") == ("W92000004", "Wales")


def test_validate_custom_code_accepts_a_slug():
    assert rules.validate_custom_code("ealing-southall") == "ealing-southall"


def test_validate_custom_code_refuses_a_gss_code():
    with pytest.raises(ValueError, match="is a GSS code"):
        rules.validate_custom_code("E05013537")


@pytest.mark.parametrize("code", ["Southall", "a", "south all", "ealing_southall"])
def test_validate_custom_code_refuses_what_is_not_a_slug(code):
    with pytest.raises(ValueError, match="is not a usable code"):
        rules.validate_custom_code(code)


def test_split_components_takes_semicolons_and_commas_and_drops_repeats():
    assert rules.split_components("E05013537; e05013538,E05013539;;E05013537") == [
        "E05013537",
        "E05013538",
        "E05013539",
    ]


def test_split_components_of_blank_is_empty():
    assert rules.split_components("  ") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Abbey Road Ward", "Abbey Road"),
        ("Albrighton ED", "Albrighton"),
        ("Queen's Park Ward", "Queen's Park"),
        ("Wardour", "Wardour"),
    ],
)
def test_ward_display_name_drops_the_suffix(raw, expected):
    assert rules.ward_display_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LONDON", "London"),
        ("WEST MIDLANDS", "West Midlands"),
        ("EAST OF ENGLAND", "East of England"),
        ("YORKSHIRE AND THE HUMBER", "Yorkshire and The Humber"),
    ],
)
def test_region_display_name_uses_the_ons_spelling(raw, expected):
    assert rules.region_display_name(raw) == expected


def test_parse_count_reads_thousands_separators():
    assert rules.parse_count("1,563") == 1563
    assert rules.parse_count("") is None


def test_parse_count_rejects_text():
    with pytest.raises(ValueError, match="invalid literal"):
        rules.parse_count("many")


def test_postcode_area_is_the_leading_letters():
    assert rules.postcode_area("UB1 1AA") == "UB"
    assert rules.postcode_area("W1A 1AA") == "W"


def test_progress_bar_shows_how_far():
    assert rules.progress_bar("Areas", 1, 2, width=10) == "Areas [#####-----] 1/2"
    assert rules.progress_bar("Postcodes", 0, 0, width=4) == "Postcodes [####] 0/0"


def test_the_area_holding_most_of_a_wards_postcodes_comes_first():
    assert rules.most_postcodes_first({7: 2, 3: 5, 9: 2}) == [(3, 5), (7, 2), (9, 2)]
    assert rules.most_postcodes_first({}) == []
