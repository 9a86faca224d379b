"""Uploading statistics on the web: administrators only, the command's rules."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.tests.factories import LsoaFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.models import Indicator
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def address(partnership):
    IndicatorFactory(partnership=partnership, code="C1", value_type="count", on_lis=True)
    LsoaFactory(code="E01000001")
    return under(partnership, reverse("lis:import"))


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("stats.csv", text.encode(), content_type="text/csv")


def post_value(client, address, value: int, **fields: str):
    """Upload one count of C1 for E01000001 in 2011 into the dataset "census"."""
    text = f"indicator,area_code,period,value\nC1,E01000001,2011,{value}\n"
    return client.post(address, {"file": upload(text), "dataset": "census", **fields})


def test_an_administrator_imports_a_file(client, administrator, address):
    client.force_login(administrator)
    response = client.post(
        address,
        {
            "file": upload("indicator,area_code,period,value\nC1,E01000001,2011,3\n"),
            "dataset": "census",
            "title": "Census",
        },
    )
    assert response.status_code == 200
    assert "Imported 1 observation of 1 indicator into Census" in response.content.decode()
    assert Dataset.objects.get().title == "Census"
    assert Observation.objects.count() == 1


def test_problems_are_listed_by_row_and_nothing_is_saved(client, administrator, address):
    client.force_login(administrator)
    lines = "".join(f"XX,E01000001,{2000 + i},1\n" for i in range(55))
    response = client.post(
        address, {"file": upload("indicator,area_code,period,value\n" + lines), "dataset": "census"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "fix 55 problems" in page
    assert "Row 2, indicator: no indicator of" in page
    assert "… and 5 more" in page
    assert not Dataset.objects.exists()


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_may_import(client, address, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        address,
        {
            "file": upload("indicator,area_code,period,value\nC1,E01000001,2011,3\n"),
            "dataset": "census",
        },
    )
    assert response.status_code == 403
    assert not Observation.objects.exists()


def test_the_public_is_sent_to_sign_in(client, address):
    response = client.get(address, follow=False)
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_the_publisher_is_chosen_among_the_partners(client, administrator, address, partnership):
    """The partners are offered by name; an organisation the partnership only engages
    is not (it may not publish a dataset), and naming it anyway is refused."""
    OrganisationFactory(partnership=partnership, name="Ealing Council")
    OrganisationFactory(partnership=partnership, name="Experian", is_partner=False)
    client.force_login(administrator)
    choices = [name for name, _ in client.get(address).context["form"].fields["publisher"].choices]
    assert choices[0] == ""
    assert "Ealing Council" in choices
    assert "Experian" not in choices
    response = post_value(client, address, 3, publisher="Ealing Council")
    assert response.status_code == 200
    assert Dataset.objects.get().publisher.name == "Ealing Council"
    assert f'href="{under(partnership, "/lis/datasets/census/")}"' in response.content.decode()
    refused = post_value(client, address, 4, publisher="Experian")
    assert refused.status_code == 400
    assert Dataset.objects.get().publisher.name == "Ealing Council"
    assert Observation.objects.get().value == 3


def test_the_dataset_pages_link_names_its_dataset(client, administrator, address):
    client.force_login(administrator)
    response = client.get(address, {"dataset": "census"})
    assert response.context["form"]["dataset"].value() == "census"


# Indicators ---------------------------------------------------------------------------

INDICATORS = "code,name,value_type,polarity,multiplier,ci_method\n"


@pytest.fixture
def indicators_address(partnership):
    return under(partnership, reverse("lis:import-indicators"))


def test_an_administrator_imports_indicators_then_their_statistics(
    client, administrator, partnership, address, indicators_address
):
    """The journey a web user takes when a file's indicator is not in the library."""
    client.force_login(administrator)
    refused = post_value_of(client, address, "STR")
    assert refused.status_code == 400
    assert "import it first (Import indicators on the LIS import page" in refused.text
    assert f'href="{indicators_address}"' in client.get(address).text
    text = INDICATORS + "STR,Stroke admissions,rate,lower,100000,\n"
    response = client.post(indicators_address, {"file": upload(text)})
    assert response.status_code == 200
    assert "Imported 1 new and 0 updated LIS indicators" in response.text
    stroke = Indicator.objects.get(partnership=partnership, code="STR")
    assert (stroke.on_lis, stroke.in_report, stroke.polarity) == (True, False, "lower")
    assert post_value_of(client, address, "STR").status_code == 200
    assert Observation.objects.get().indicator == stroke


def post_value_of(client, address, code: str):
    text = f"indicator,area_code,period,count,denominator\n{code},E01000001,2011,30,10000\n"
    return client.post(address, {"file": upload(text), "dataset": "stroke"})


def test_indicator_problems_are_named_by_row_and_column_and_nothing_is_saved(
    client, administrator, partnership, indicators_address
):
    client.force_login(administrator)
    text = INDICATORS + "A1,First,rate,lower,,\nA2,Second,speed,sideways,,\n"
    response = client.post(indicators_address, {"file": upload(text)})
    assert response.status_code == 400
    assert "fix 2 problems" in response.text
    assert "Row 3, value_type: &#x27;speed&#x27; is not a value type" in response.text
    assert "Row 3, polarity" in response.text
    assert not Indicator.objects.filter(partnership=partnership, code="A1").exists()


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_may_import_indicators(
    client, partnership, indicators_address, who, request
):
    client.force_login(request.getfixturevalue(who))
    text = INDICATORS + "A1,First,rate,lower,,\n"
    response = client.post(indicators_address, {"file": upload(text)})
    assert response.status_code == 403
    assert not Indicator.objects.filter(partnership=partnership, code="A1").exists()
    client.logout()
    assert client.get(indicators_address).status_code == 302  # the public: sign in
