"""The data catalogue, a dataset's page and its CSV download."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from roundtable.core.testing import under
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


def test_area_types_read_by_name_in_the_facet_and_on_the_dataset(client, partnership, datasets):
    page = client.get(under(partnership, reverse("lis:catalogue"))).content.decode()
    assert '<option value="lsoa">Lower layer super output area (LSOA) (1)</option>' in page
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
def test_catalogue_takes_the_same_queries_whatever_the_number_of_datasets(
    client, partnership, council, count, django_assert_num_queries
):
    for _ in range(count):
        DatasetFactory(partnership=partnership, publisher=council, themes=["Health"])
    address = under(partnership, reverse("lis:catalogue"))
    # the partnership (from the address), the datasets with their publishers
    with django_assert_num_queries(2):
        response = client.get(address)
    assert len(response.context["catalogue"].datasets) == count


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
