"""The web page that imports indicators, figures and data issues (administrators)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.performance.models import Indicator

pytestmark = pytest.mark.django_db

INDICATORS = (
    "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance\n"
    "NI 1,Percentage who believe people get on well together,Safer,higher,annual,%,no,"
    "Ealing Council,0\n"
)


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("indicators.csv", text.encode(), content_type="text/csv")


def test_administrator_imports_indicators(client, partnership, administrator):
    client.force_login(administrator)
    page = client.get(reverse("performance:import"))
    assert page.status_code == 200
    assert "/partnership/import/templates/indicators.csv" in page.text
    response = client.post(
        reverse("performance:import"), {"kind": "indicators", "file": upload(INDICATORS)}
    )
    assert response.status_code == 200
    assert "Imported" in response.text
    assert Indicator.objects.get(partnership=partnership).code == "NI 1"


def test_a_bad_file_is_refused_whole(client, partnership, administrator):
    client.force_login(administrator)
    bad = INDICATORS + "NI 2,Second,Safer,sideways,annual,%,no,Ealing Council,0\n"
    response = client.post(
        reverse("performance:import"), {"kind": "indicators", "file": upload(bad)}
    )
    assert response.status_code == 400
    assert "Row 3, polarity" in response.text
    assert not Indicator.objects.exists()


def test_editors_members_and_the_public_are_refused(
    client, partnership, officer, board_member, other_partnership_officer
):
    response = client.post(
        reverse("performance:import"), {"kind": "indicators", "file": upload(INDICATORS)}
    )
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    url = under(partnership, reverse("performance:import"))
    for user in (officer, board_member, other_partnership_officer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        response = client.post(url, {"kind": "indicators", "file": upload(INDICATORS)})
        assert response.status_code == 403
    assert not Indicator.objects.exists()
