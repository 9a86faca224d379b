"""The data catalogue, a dataset's page and its CSV download."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, quote

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis import queries
from roundtable.lis.models import Dataset
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def datasets(partnership, council):
    census = DatasetFactory(
        partnership=partnership,
        slug="census",
        title="Census 2011 residents",
        publisher=council,
        themes=["Population"],
        area_types=["lsoa"],
    )
    DatasetFactory(
        partnership=partnership, slug="crime", title="Crime", themes=["Safety"], licence="CC-BY-4.0"
    )
    held = DatasetFactory(
        partnership=partnership,
        slug="held",
        title="Police incidents",
        published=False,
        holder="Metropolitan Police",
        how_to_ask="Write to the analyst",
    )
    return census, held


def titles(response) -> list[str]:
    return [d.title for d in response.context["catalogue"].datasets]


def test_catalogue_lists_published_datasets_to_the_public(client, partnership, datasets):
    response = client.get(under(partnership, reverse("lis:catalogue")))
    assert titles(response) == ["Census 2011 residents", "Crime"]
    assert "Police incidents" not in response.content.decode()


def test_catalogue_filters_come_open_for_the_script_to_fold_on_a_phone(
    client, partnership, datasets
):
    """Without JavaScript (and on a wide screen) the filters read as before: open,
    under a summary naming them; core/fold-narrow.js, loaded straight after them,
    folds them on a phone."""
    page = client.get(under(partnership, reverse("lis:catalogue"))).content.decode()
    folded = page.split(
        '<details class="govuk-details" id="catalogue-facets" data-rt-fold-narrow open>'
    )
    assert len(folded) == 2
    assert "Filter by theme" in folded[1]
    assert 'id="facet-theme"' in folded[1].split("</details>", 1)[0]
    after = folded[1].split("</details>", 1)[1]
    assert after.lstrip().startswith('<script src="/static/core/fold-narrow.js"></script>')


def test_catalogue_facet_words_name_the_facets_offered():
    facet = queries.Facet
    found = queries.Catalogue([], [facet("theme", "Theme", [("a", "a", 1, False)])], "", {})
    assert found.facet_words == "theme"
    found = queries.Catalogue(
        [],
        [
            facet("theme", "Theme", [("a", "a", 1, False)]),
            facet("publisher", "Publisher", []),
            facet("area_type", "Area type", [("b", "b", 1, False)]),
            facet("licence", "Licence", [("c", "c", 1, False)]),
        ],
        "",
        {},
    )
    assert found.facet_words == "theme, area type or licence"


def test_catalogue_lists_held_datasets_to_the_partnerships_people(
    client, partnership, datasets, board_member
):
    client.force_login(board_member)
    response = client.get(under(partnership, reverse("lis:catalogue")))
    assert "Police incidents" in titles(response)
    assert "Held by a partner, not published" in response.content.decode()


def test_catalogue_filters_by_facet_and_search(client, partnership, datasets):
    address = under(partnership, reverse("lis:catalogue"))
    assert titles(client.get(address, {"theme": "Safety"})) == ["Crime"]
    assert titles(client.get(address, {"publisher": "Ealing Council"})) == ["Census 2011 residents"]
    assert titles(client.get(address, {"licence": "CC-BY-4.0"})) == ["Crime"]
    assert titles(client.get(address, {"area_type": "lsoa"})) == ["Census 2011 residents"]
    assert titles(client.get(address, {"q": "census residents"})) == ["Census 2011 residents"]
    assert titles(client.get(address, {"q": "nothing like it"})) == []


@pytest.fixture
def ealing_catalogue(partnership, council):
    """As the Ealing demo's catalogue was when its facet counts were found wrong (#12)."""
    every_level = ["lsoa", "msoa", "local_authority"]
    for title, theme, area_types in [
        ("Stroke admissions", "Health", every_level),
        ("Census population", "Population", every_level),
        ("Mid-year population", "Population", ["local_authority"]),
        ("Partnership report", "Partnership performance", ["local_authority"]),
    ]:
        DatasetFactory(
            partnership=partnership,
            title=title,
            publisher=council,
            themes=[theme],
            area_types=area_types,
        )


CHECKBOX = re.compile(
    r'<input class="govuk-checkboxes__input" id="(facet-[^"]+)" name="([^"]+)" '
    r'type="checkbox" value="([^"]*)"( checked)?>\s*'
    r'<label class="govuk-label govuk-checkboxes__label" for="\1">(.*?)</label>',
    re.S,
)


def boxes(response) -> dict[str, dict[str, tuple[str, bool]]]:
    """The filter panel's checkboxes as drawn: facet -> value -> (label, ticked), the
    label's words for screen readers included."""
    found: dict[str, dict[str, tuple[str, bool]]] = {}
    for _, name, value, ticked, label in CHECKBOX.findall(response.content.decode()):
        words = unescape(re.sub(r"<[^>]+>", "", label))
        found.setdefault(name, {})[unescape(value)] = (words, bool(ticked))
    return found


def options(response) -> dict[str, dict[str, tuple[int, bool]]]:
    """Each facet's values as offered: value -> (datasets, chosen)."""
    return {
        facet.name: {value: (count, chosen) for value, _, count, chosen in facet.options}
        for facet in response.context["catalogue"].facets
    }


def test_catalogue_counts_each_value_as_the_datasets_choosing_it_would_list(
    client, partnership, ealing_catalogue
):
    response = client.get(
        under(partnership, reverse("lis:catalogue")), {"theme": "Health", "area_type": "msoa"}
    )
    assert titles(response) == ["Stroke admissions"]
    offered = options(response)
    # Area type counts the Health datasets; theme counts the MSOA datasets.
    assert offered["area_type"] == {
        "local_authority": (1, False),
        "lsoa": (1, False),
        "msoa": (1, True),
    }
    assert offered["theme"] == {"Health": (1, True), "Population": (1, False)}
    assert offered["publisher"] == {"Ealing Council": (1, False)}
    drawn = boxes(response)
    assert drawn["area_type"]["local_authority"] == ("Local authority (1 dataset)", False)
    assert drawn["area_type"]["msoa"] == ("Middle layer super output area (MSOA) (1 dataset)", True)
    assert drawn["theme"]["Population"] == ("Population (1 dataset)", False)


def test_catalogue_counts_with_the_search_words_and_the_other_facets(
    client, partnership, ealing_catalogue
):
    response = client.get(
        under(partnership, reverse("lis:catalogue")), {"q": "population", "area_type": "msoa"}
    )
    assert titles(response) == ["Census population"]
    assert options(response)["theme"] == {"Population": (1, False)}
    assert options(response)["area_type"] == {
        "local_authority": (2, False),
        "lsoa": (1, False),
        "msoa": (1, True),
    }


def test_catalogue_offers_no_value_that_would_list_nothing(client, partnership, ealing_catalogue):
    response = client.get(under(partnership, reverse("lis:catalogue")), {"area_type": "msoa"})
    assert "Partnership performance" not in options(response)["theme"]
    assert 'value="Partnership performance"' not in response.content.decode()


def test_catalogue_keeps_the_readers_choice_when_nothing_matches(
    client, partnership, ealing_catalogue
):
    response = client.get(
        under(partnership, reverse("lis:catalogue")),
        {"theme": "Partnership performance", "area_type": "msoa"},
    )
    assert titles(response) == []
    offered = options(response)
    assert offered["theme"] == {
        "Health": (1, False),
        "Partnership performance": (0, True),
        "Population": (1, False),
    }
    assert offered["area_type"] == {"local_authority": (1, False), "msoa": (0, True)}
    assert boxes(response)["area_type"]["msoa"] == (
        "Middle layer super output area (MSOA) (0 datasets)",
        True,
    )
    assert "No dataset matches." in response.content.decode()


def test_catalogue_never_counts_a_dataset_the_reader_may_not_see(
    client, partnership, datasets, board_member, other_partnership_officer
):
    """The held "Police incidents" is about Safety like "Crime": counted for the
    partnership's own people, and for nobody else. (Under no licence: a held entry
    has none until it is published.)"""
    Dataset.objects.filter(slug="held").update(themes=["Safety"], licence="CC-BY-4.0")
    address = under(partnership, reverse("lis:catalogue"))
    public = options(client.get(address, {"licence": "CC-BY-4.0"}))
    assert public["theme"] == {"Safety": (1, False)}
    assert options(client.get(address, {"theme": "Safety"}))["licence"] == {"CC-BY-4.0": (1, False)}
    client.force_login(other_partnership_officer)
    assert options(client.get(address))["theme"]["Safety"] == (1, False)
    client.force_login(board_member)
    assert options(client.get(address))["theme"]["Safety"] == (2, False)
    assert options(client.get(address, {"theme": "Safety"}))["licence"] == {"CC-BY-4.0": (1, False)}


def theme_links(response) -> dict[str, dict[str, dict[str, list[str]]]]:
    """Each card's theme links, as the choices they go to: title -> theme -> query."""
    return {
        card.dataset.title: {theme: parse_qs(query) for theme, query in card.themes}
        for card in response.context["catalogue"].cards
    }


def test_a_cards_theme_link_keeps_the_search_and_the_other_choices(
    client, partnership, ealing_catalogue
):
    """Walk-through: a card's theme went to `?theme=X` alone, dropping the search
    words and the other facets' choices; it keeps them, as the form would."""
    address = under(partnership, reverse("lis:catalogue"))
    chosen = {"q": "population", "publisher": "Ealing Council", "area_type": "local_authority"}
    response = client.get(address, chosen)
    assert theme_links(response)["Mid-year population"]["Population"] == {
        "q": ["population"],
        "theme": ["Population"],
        "publisher": ["Ealing Council"],
        "area_type": ["local_authority"],
    }
    page = response.content.decode()
    expected = (
        "?q=population&amp;theme=Population&amp;publisher=Ealing+Council"
        "&amp;area_type=local_authority"
    )
    assert f'<a class="govuk-link" href="/ealing/lis/{expected}">Population</a>' in page
    # Following it lists what the form would with the same choices.
    followed = client.get(address, {**chosen, "theme": "Population"})
    assert titles(followed) == ["Census population", "Mid-year population"]


def test_a_cards_theme_link_to_the_chosen_theme_names_it_once(
    client, partnership, ealing_catalogue
):
    address = under(partnership, reverse("lis:catalogue"))
    response = client.get(address, {"theme": "Health", "area_type": "msoa"})
    links = theme_links(response)
    assert links == {"Stroke admissions": {"Health": {"theme": ["Health"], "area_type": ["msoa"]}}}
    assert "theme=Health&amp;theme=" not in response.content.decode()


def test_a_cards_theme_link_with_nothing_chosen_is_the_theme_alone(client, partnership, datasets):
    page = client.get(under(partnership, reverse("lis:catalogue"))).content.decode()
    assert '<a class="govuk-link" href="/ealing/lis/?theme=Safety">Safety</a>' in page


def test_a_cards_theme_link_adds_the_theme_to_those_chosen(
    client, partnership, council, ealing_catalogue
):
    """A card's theme replaced the chosen theme; with several themes to a facet it
    adds its theme to them, keeping the search words and the other choices."""
    DatasetFactory(
        partnership=partnership,
        title="Health survey",
        publisher=council,
        themes=["Health", "Population"],
        area_types=["local_authority"],
    )
    address = under(partnership, reverse("lis:catalogue"))
    chosen = {"q": "survey", "theme": "Health", "area_type": "local_authority"}
    response = client.get(address, chosen)
    assert theme_links(response)["Health survey"] == {
        "Health": {"q": ["survey"], "theme": ["Health"], "area_type": ["local_authority"]},
        "Population": {
            "q": ["survey"],
            "theme": ["Health", "Population"],
            "area_type": ["local_authority"],
        },
    }
    page = response.content.decode()
    expected = "?q=survey&amp;theme=Health&amp;theme=Population&amp;area_type=local_authority"
    assert f'<a class="govuk-link" href="/ealing/lis/{expected}">Population</a>' in page
    # Following it, without the search words, lists the datasets of either theme.
    followed = client.get(
        address, {"theme": ["Health", "Population"], "area_type": "local_authority"}
    )
    assert titles(followed) == [
        "Census population",
        "Health survey",
        "Mid-year population",
        "Stroke admissions",
    ]


def test_several_values_of_a_facet_list_datasets_with_any_of_them(
    client, partnership, ealing_catalogue
):
    address = under(partnership, reverse("lis:catalogue"))
    response = client.get(address, {"theme": ["Health", "Population"]})
    assert titles(response) == ["Census population", "Mid-year population", "Stroke admissions"]
    # Every facet with choices must be met: by MSOA, the Health or Population ones.
    narrowed = client.get(address, {"theme": ["Health", "Population"], "area_type": "msoa"})
    assert titles(narrowed) == ["Census population", "Stroke admissions"]
    offered = options(narrowed)
    # Each theme counts its MSOA datasets; each area type the Health or Population ones.
    assert offered["theme"] == {"Health": (1, True), "Population": (1, True)}
    assert offered["area_type"] == {
        "local_authority": (3, False),
        "lsoa": (2, False),
        "msoa": (2, True),
    }
    drawn = boxes(narrowed)
    assert drawn["theme"]["Health"] == ("Health (1 dataset)", True)
    assert drawn["theme"]["Population"] == ("Population (1 dataset)", True)
    assert drawn["area_type"]["local_authority"] == ("Local authority (3 datasets)", False)


def test_the_selected_filters_are_listed_each_with_a_link_that_removes_it(
    client, partnership, ealing_catalogue
):
    address = under(partnership, reverse("lis:catalogue"))
    chosen = {"q": "population", "theme": ["Health", "Population"], "area_type": "msoa"}
    response = client.get(address, chosen)
    selected = response.context["catalogue"].selected
    assert [(s.facet, s.label) for s in selected] == [
        ("Theme", "Health"),
        ("Theme", "Population"),
        ("Area type", "Middle layer super output area (MSOA)"),
    ]
    removes = {s.label: parse_qs(s.remove) for s in selected}
    assert removes["Health"] == {
        "q": ["population"],
        "theme": ["Population"],
        "area_type": ["msoa"],
    }
    assert removes["Middle layer super output area (MSOA)"] == {
        "q": ["population"],
        "theme": ["Health", "Population"],
    }
    page = response.content.decode()
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-2">Selected filters</h3>' in page
    assert (
        '<li>Theme: Health <a class="govuk-link" href="/ealing/lis/?q=population&amp;'
        'theme=Population&amp;area_type=msoa">Remove<span class="govuk-visually-hidden"> '
        "filter Theme: Health</span></a></li>" in page
    )
    # Clear filters keeps the search words only.
    assert '<a class="govuk-link" href="/ealing/lis/?q=population">Clear filters</a>' in page
    # Following a Remove link lists what the form would without that choice.
    followed = client.get(address + "?" + selected[2].remove)
    assert titles(followed) == ["Census population", "Mid-year population"]


def test_the_last_filter_removed_is_the_catalogue_itself(client, partnership, ealing_catalogue):
    response = client.get(under(partnership, reverse("lis:catalogue")), {"theme": "Health"})
    page = response.content.decode()
    assert '<a class="govuk-link" href="/ealing/lis/">Remove<span' in page
    assert '<a class="govuk-link" href="/ealing/lis/">Clear filters</a>' in page
    nothing = client.get(under(partnership, reverse("lis:catalogue"))).content.decode()
    assert "Selected filters" not in nothing


def test_an_old_single_choice_address_still_filters(client, partnership, ealing_catalogue):
    """`?theme=Health&area_type=` as the single-choice form sent it ("Any" blank)."""
    address = under(partnership, reverse("lis:catalogue"))
    response = client.get(address + "?q=&theme=Health&publisher=&area_type=&licence=")
    assert titles(response) == ["Stroke admissions"]
    assert response.context["catalogue"].chosen == {"theme": ["Health"]}


def test_a_choice_only_a_held_dataset_has_counts_for_its_partnerships_people_only(
    client, partnership, datasets, board_member
):
    """The reader's own choice is kept to be taken off, with the count of what they
    may see: 0 for the public, whatever held dataset has it."""
    Dataset.objects.filter(slug="held").update(themes=["Policing"])
    address = under(partnership, reverse("lis:catalogue"))
    public = client.get(address, {"theme": ["Policing", "Safety"]})
    assert titles(public) == ["Crime"]
    assert options(public)["theme"] == {
        "Population": (1, False),
        "Policing": (0, True),
        "Safety": (1, True),
    }
    assert "Police incidents" not in public.content.decode()
    client.force_login(board_member)
    member = client.get(address, {"theme": ["Policing", "Safety"]})
    assert titles(member) == ["Crime", "Police incidents"]
    assert options(member)["theme"]["Policing"] == (1, True)


def test_area_types_read_by_name_in_the_facet_and_on_the_dataset(client, partnership, datasets):
    response = client.get(under(partnership, reverse("lis:catalogue")))
    assert boxes(response)["area_type"]["lsoa"] == (
        "Lower layer super output area (LSOA) (1 dataset)",
        False,
    )
    census = Dataset.objects.get(title="Census 2011 residents")
    detail = client.get(census.get_absolute_url())  # under the partnership's slug
    assert "Lower layer super output area (LSOA)" in detail.content.decode()


def test_an_empty_catalogue_says_so_and_an_empty_search_says_what_to_try(
    client, partnership, datasets
):
    address = under(partnership, reverse("lis:catalogue"))
    assert "Try fewer words" in client.get(address, {"q": "nothing like it"}).content.decode()
    Dataset.objects.all().delete()
    page = client.get(address).content.decode()
    assert "No datasets are published here yet." in page
    assert "Try fewer words" not in page


def test_held_dataset_page_is_404_for_the_public_and_another_partnership(
    client, partnership, datasets, other_partnership_officer
):
    address = under(partnership, reverse("lis:dataset-detail", args=["held"]))
    assert client.get(address).status_code == 404
    client.force_login(other_partnership_officer)
    assert client.get(address).status_code == 404


def test_held_dataset_page_says_who_holds_it_and_how_to_ask(
    client, partnership, datasets, board_member
):
    client.force_login(board_member)
    page = client.get(
        under(partnership, reverse("lis:dataset-detail", args=["held"]))
    ).content.decode()
    assert "Metropolitan Police" in page
    assert "Write to the analyst" in page


def test_download_leaves_out_a_suppressed_cells_figures(client, partnership, datasets):
    census, _ = datasets
    ObservationFactory(dataset=census, value=12.5, count=25)
    ObservationFactory(dataset=census, value=987.125, count=3, denominator=4567, suppressed=True)
    response = client.get(under(partnership, reverse("lis:dataset-download", args=["census"])))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith(
        "indicator,area_code,area_name,period,sex,age,category,value"
    )
    assert "12.5" in text
    assert "987.125" not in text
    assert "4567" not in text
    assert "Suppressed to protect confidentiality" in text


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "dataset", "theme": "Health", "area_type": "msoa", "licence": "OGL-UK-3.0"},
        {
            "theme": ["Health", "Theme 0", "Theme 1"],
            "area_type": ["msoa", "type-1"],
            "publisher": ["Ealing Council", "Nobody"],
            "licence": ["OGL-UK-3.0", "CC-BY-4.0"],
        },
    ],
)
def test_catalogue_takes_the_same_queries_whatever_the_number_of_datasets(
    client, partnership, council, count, query, django_assert_num_queries
):
    for n in range(count):
        DatasetFactory(
            partnership=partnership,
            publisher=council,
            themes=["Health", f"Theme {n}"],
            area_types=["msoa", f"type-{n}"],
        )
    address = under(partnership, reverse("lis:catalogue"))
    # the partnership (from the address), the datasets with their publishers; the
    # facets are counted from those, whatever their values and the choices
    with django_assert_num_queries(2):
        response = client.get(address, query)
    assert len(response.context["catalogue"].datasets) == count
    assert len(options(response)["theme"]) == count + 1


@pytest.mark.parametrize(
    ("below", "words"),
    [
        (0, "No figures are suppressed."),
        (1, "No figures are suppressed."),
        (2, "Counts of 1 are suppressed: their figures are left out."),
        (5, "Counts from 1 to 4 are suppressed: their figures are left out."),
    ],
)
def test_a_datasets_page_says_what_its_suppression_hides(client, partnership, below, words):
    dataset = DatasetFactory(partnership=partnership, slug="rule", suppress_below=below)
    response = client.get(under(partnership, reverse("lis:dataset-detail", args=[dataset.slug])))
    assert words in response.content.decode()


def test_a_published_datasets_page_links_its_own_api_addresses(client, partnership, datasets):
    census, _ = datasets
    indicator = ObservationFactory(dataset=census, value=12.5).indicator
    page = client.get(under(partnership, reverse("lis:dataset-detail", args=["census"])))
    text = page.content.decode()
    assert 'href="/api/3/action/package_show?id=census"' in text
    assert 'href="/api/3/action/datastore_search?resource_id=census-observations"' in text
    code = quote(indicator.code)
    assert f'href="/api/v1/lis/observations?indicator={code}"' in text
    for address in (
        "/api/3/action/package_show?id=census",
        "/api/3/action/datastore_search?resource_id=census-observations",
        f"/api/v1/lis/observations?indicator={code}",
    ):
        assert client.get(address).status_code == 200, address


def test_a_held_datasets_page_offers_no_api(client, partnership, datasets, board_member):
    client.force_login(board_member)
    page = client.get(under(partnership, reverse("lis:dataset-detail", args=["held"])))
    assert "package_show" not in page.content.decode()
