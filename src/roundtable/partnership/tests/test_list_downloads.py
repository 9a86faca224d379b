"""Organisations, people and bodies as CSV and XLSX (issue 11, item 7): the page's
filters kept, only the partnership's own records, nothing the page does not show."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.partnership.choices import BodyKind, Sector
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _url(partnership, name: str, fmt: str = "csv") -> str:
    return under(partnership, reverse(f"partnership:{name}", args=[fmt]))


def test_the_organisations_download_keeps_the_sector_and_search(client, partnership):
    OrganisationFactory(partnership=partnership, name="Ealing Council", sector=Sector.PUBLIC)
    OrganisationFactory(partnership=partnership, name="Ealing CVS", sector=Sector.VOLUNTARY)
    OrganisationFactory(partnership=partnership, name="Southall Trust", sector=Sector.VOLUNTARY)

    rows = _csv(
        client.get(_url(partnership, "organisation-list-download"), {"sector": "voluntary"})
    )
    assert [r["Name"] for r in rows] == ["Ealing CVS", "Southall Trust"]
    assert rows[0]["Sector"] == Sector.VOLUNTARY.label
    assert rows[0]["Address"].startswith("http://testserver/ealing/partnership/organisations/")

    both = client.get(
        _url(partnership, "organisation-list-download"), {"sector": "voluntary", "q": "ealing"}
    )
    assert [r["Name"] for r in _csv(both)] == ["Ealing CVS"]


def test_another_partnerships_organisation_is_not_in_the_download(
    client, partnership, other_partnership
):
    OrganisationFactory(partnership=partnership, name="Ealing Council")
    OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    rows = _csv(client.get(_url(partnership, "organisation-list-download")))
    assert [r["Name"] for r in rows] == ["Ealing Council"]


def test_the_organisations_page_links_its_downloads_with_its_filters(client, partnership):
    OrganisationFactory(partnership=partnership, name="Ealing CVS", sector=Sector.VOLUNTARY)
    page = client.get(
        under(partnership, reverse("partnership:organisation-list")),
        {"sector": "voluntary", "page": "1"},
    ).content.decode()
    assert 'href="/ealing/partnership/organisations.csv?sector=voluntary"' in page
    assert 'href="/ealing/partnership/organisations.xlsx?sector=voluntary"' in page


def test_a_name_that_looks_like_a_formula_stays_text(client, partnership):
    OrganisationFactory(partnership=partnership, name='=HYPERLINK("http://x","Ealing")')
    [row] = _csv(client.get(_url(partnership, "organisation-list-download")))
    assert row["Name"] == '\'=HYPERLINK("http://x","Ealing")'
    xlsx = client.get(_url(partnership, "organisation-list-download", "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == '=HYPERLINK("http://x","Ealing")'
    assert sheet["A2"].data_type == "s"


def test_the_people_download_keeps_the_search_and_leaves_out_contact_details(
    client, partnership, council
):
    PersonFactory(
        partnership=partnership,
        organisation=council,
        given_name="Connie",
        family_name="Contact",
        job_title="Chief executive",
        email="connie@example.org",
        phone="020 8825 5000",
    )
    PersonFactory(partnership=partnership, given_name="Other", family_name="Person")

    response = client.get(_url(partnership, "person-list-download"), {"q": "contact"})
    rows = _csv(response)
    assert [(r["Name"], r["Job title"], r["Organisation"]) for r in rows] == [
        ("Connie Contact", "Chief executive", "Ealing Council")
    ]
    assert "connie@example.org" not in response.content.decode()
    assert "8825" not in response.content.decode()


def test_the_bodies_download_keeps_the_kind_with_iso_dates(client, partnership):
    import datetime

    BodyFactory(
        partnership=partnership,
        name="LSP Executive",
        kind=BodyKind.EXECUTIVE_BOARD,
        start_date=datetime.date(2008, 4, 1),
    )
    BodyFactory(partnership=partnership, name="Crime task group", kind=BodyKind.TASK_AND_FINISH)

    rows = _csv(
        client.get(_url(partnership, "body-list-download"), {"kind": BodyKind.EXECUTIVE_BOARD})
    )
    assert [(r["Name"], r["Started"], r["Ended"]) for r in rows] == [
        ("LSP Executive", "2008-04-01", "")
    ]


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    ("name", "make"),
    [
        (
            "organisation-list-download",
            lambda p, n: OrganisationFactory.create_batch(n, partnership=p),
        ),
        (
            "person-list-download",
            lambda p, n: PersonFactory.create_batch(
                n, partnership=p, organisation=OrganisationFactory(partnership=p)
            ),
        ),
        ("body-list-download", lambda p, n: BodyFactory.create_batch(n, partnership=p)),
    ],
)
def test_each_download_uses_constant_queries(
    client, partnership, django_assert_num_queries, name, make, count
):
    make(partnership, count)
    # the partnership by its slug; the rows with what they name (select_related)
    with django_assert_num_queries(2):
        response = client.get(_url(partnership, name, "xlsx"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == count + 1
