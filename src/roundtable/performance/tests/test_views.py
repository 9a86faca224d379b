from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from roundtable.core.testing import found_in
from roundtable.performance.services import approve_all_figures
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def smoking(partnership, council):
    indicator = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 123", name="Stopping Smoking"
    )
    IndicatorValueFactory(indicator=indicator, period="2011/12 Q1", actual=Decimal(481))
    IndicatorValueFactory(
        indicator=indicator,
        period="2011/12 Q2",
        actual=Decimal(421),
        estimated=True,
        target=Decimal(420),
    )
    return indicator


@pytest.fixture
def hidden(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, code="Local 99", is_public=False
    )


def report(client, fmt="json"):
    url = reverse("performance:report-json" if fmt == "json" else f"performance:report-{fmt}")
    return client.get(url, {"period": "2011/12 Q2"})


def test_the_public_sees_no_unapproved_figures(session, smoking):
    rows = json.loads(report(session).content)
    assert rows[0]["actual"] is None
    page = session.get(smoking.get_absolute_url())
    assert not found_in(page.text, "421")
    assert "Figures are shown once the lead agency" in page.text


def test_the_public_sees_approved_figures(session, partnership, smoking):
    approve_all_figures(partnership)
    rows = json.loads(report(session).content)
    assert (rows[0]["actual"], rows[0]["estimated"]) == (421, True)
    assert "421 (est)" in session.get(smoking.get_absolute_url()).text


def test_the_partnerships_own_people_see_figures_before_approval(client, board_member, smoking):
    client.force_login(board_member)
    rows = json.loads(report(client).content)
    assert rows[0]["actual"] == 421


def test_non_public_indicators_are_hidden_from_the_public(session, smoking, hidden):
    codes = {row["code"] for row in json.loads(report(session).content)}
    assert codes == {"NI 123"}
    assert session.get(hidden.get_absolute_url()).status_code == 404
    assert "Local 99" not in session.get(reverse("performance:indicator-list")).text


def test_another_partnerships_people_see_only_the_public_version(
    client, other_partnership_officer, smoking, hidden
):
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": "ealing"})
    codes = {row["code"] for row in json.loads(report(client).content)}
    assert codes == {"NI 123"}
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_an_unparsable_period_is_a_404_with_the_reason(session, smoking):
    response = session.get(reverse("performance:report-json"), {"period": "2011/12 Q9"})
    assert response.status_code == 404


def test_indicator_history_needs_sign_in(session, smoking):
    response = session.get(reverse("performance:indicator-history", args=[smoking.pk]))
    assert response.status_code == 302


def test_the_public_indicator_page_offers_no_history_the_public_cannot_open(session, smoking):
    page = session.get(smoking.get_absolute_url()).text
    assert reverse("performance:indicator-history", args=[smoking.pk]) not in page
    assert ">History<" not in page


def test_the_partnerships_own_people_get_the_history_tab(client, board_member, smoking):
    client.force_login(board_member)
    page = client.get(smoking.get_absolute_url()).text
    assert f'indicators/{smoking.pk}/history/">History</a>' in page


def test_another_partnerships_people_get_no_history_tab(client, other_partnership_officer, smoking):
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": "ealing"})
    page = client.get(smoking.get_absolute_url()).text
    assert reverse("performance:indicator-history", args=[smoking.pk]) not in page
    history = client.get(reverse("performance:indicator-history", args=[smoking.pk]))
    assert history.status_code == 403


def test_the_report_page_lists_the_indicators_with_downloads(session, partnership, smoking):
    approve_all_figures(partnership)
    moved = session.get(reverse("performance:report"), {"period": "2011/12 Q2"})
    assert moved.status_code == 301
    assert moved["Location"] == "/ealing/performance/report/2011-12-q2/"
    response = session.get(moved["Location"])
    assert response.status_code == 200
    assert "Stopping Smoking" in response.text
    assert "421 (est)" in response.text
    assert "report.pdf?period=2011%2F12+Q2" in response.text


def test_the_report_downloads_as_pdf_and_xlsx(session, partnership, smoking):
    import io

    from openpyxl import load_workbook

    approve_all_figures(partnership)
    pdf = report(session, "pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = report(session, "xlsx")
    assert "attachment" in xlsx["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Summary" in workbook.sheetnames


def test_the_public_pdf_is_marked_public_and_leaves_out_unapproved_figures(session, smoking):
    import io

    from pypdf import PdfReader

    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(report(session, "pdf").content)).pages
    )
    assert "421" not in text
    assert "Public version" in text


def test_the_partnerships_own_people_reach_the_returns_from_the_indicator_list(
    client, board_member, smoking
):
    client.force_login(board_member)
    page = client.get(reverse("performance:indicator-list")).text
    assert reverse("performance_entry:dashboard") in page
    assert reverse("performance_entry:data-issues") in page


def test_the_public_and_other_partnerships_get_no_returns_link(
    client, session, other_partnership_officer, smoking
):
    dashboard = reverse("performance_entry:dashboard")
    assert dashboard not in session.get(reverse("performance:indicator-list")).text
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": "ealing"})
    assert dashboard not in client.get(reverse("performance:indicator-list")).text


def test_the_indicator_page_names_its_unit_and_prints_figures_as_the_report_does(
    client, board_member, partnership, council
):
    """The page said "Monthly," with no unit (it asked for a display the unit has not
    got) and printed 98.8 and 1964 where the report prints 98.80% and 1,964."""
    share = IndicatorFactory(
        partnership=partnership, lead_agency=council, unit="%", decimals=2, frequency="monthly"
    )
    IndicatorValueFactory(
        indicator=share, period="2011/12 Q2", actual=Decimal("98.8"), target=Decimal("98.9")
    )
    count = IndicatorFactory(partnership=partnership, lead_agency=council, unit="count")
    IndicatorValueFactory(
        indicator=count, period="2011/12 Q2", actual=Decimal("1964"), target=Decimal("2000")
    )
    client.force_login(board_member)
    page = client.get(share.get_absolute_url()).text
    assert "Monthly, %" in page
    assert ">98.80%<" in page
    assert ">98.90%<" in page
    page = client.get(count.get_absolute_url()).text
    assert "Quarterly, count" in page
    assert ">1,964<" in page
    assert ">2,000<" in page
