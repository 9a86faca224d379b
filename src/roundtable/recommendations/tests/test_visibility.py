"""A response that is not yet published, and everything that follows from it (status,
RAG, latest update, next update due, overdue), is hidden from everyone but the
partnership's own people in every output, filter, count and sort order (#10, leak 6);
evidence links are web addresses only, and a stored bad one is never a link (leak 8)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from roundtable.accounts.tokens import issue_token
from roundtable.core.testing import found_in
from roundtable.recommendations import rules
from roundtable.recommendations.models import ProgressUpdate, Recommendation
from roundtable.recommendations.queries import export_rows
from roundtable.recommendations.services import add_progress_update
from roundtable.recommendations.tests.factories import (
    ProgressUpdateFactory,
    RecommendationFactory,
    ReviewFactory,
)

UPDATED = datetime.date(2024, 1, 10)  # the hidden update; due again 10 April 2024


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, title="Housing Review", update_every_months=3)


@pytest.fixture
def noted(review, council):
    """Number 1: a published "Note" response, no progress yet."""
    return RecommendationFactory(
        review=review, number="1", order=1, response="note", lead_organisation=council
    )


@pytest.fixture
def rejected(review, council):
    """Number 2: an unpublished "Agree" response (the sort tests make it "Reject"),
    with an off-track, red update, so due again, and overdue, since 10 April 2024."""
    rec = RecommendationFactory(
        review=review,
        number="2",
        order=2,
        response="agree",
        outline_response="Zqsecretoutline",
        response_state="agreed",
        lead_organisation=council,
    )
    add_progress_update(
        None,
        rec,
        date=UPDATED,
        status="off_track",
        rag="red",
        narrative="Zqsecretnarrative",
        check=False,
    )
    return rec


def _as(client, user):
    if user is not None:
        client.force_login(user)
    client.get("/", {"partnership": "ealing"})
    return client


def _api(client, **params):
    response = client.get("/api/v1/recommendations", {"partnership": "ealing", **params})
    assert response.status_code == 200
    return response.json()


ROLES = ["anonymous", "other_partnership_officer"]


@pytest.fixture(params=ROLES)
def outsider(request, db):
    return None if request.param == "anonymous" else request.getfixturevalue(request.param)


# The stored values are what the partnership's own people see -------------------------


def test_the_hidden_update_set_the_stored_values(rejected):
    rejected.refresh_from_db()
    assert (rejected.status, rejected.rag, rejected.last_update_on) == (
        "off_track",
        "red",
        UPDATED,
    )
    assert rejected.next_update_due == datetime.date(2024, 4, 10)


# Pages ----------------------------------------------------------------------------


def test_outsiders_see_no_status_rag_or_dates_of_a_hidden_response_on_its_page(
    client, outsider, noted, rejected
):
    page = _as(client, outsider).get(rejected.get_absolute_url()).content.decode()
    # Not in its random parts: the page's CSRF token once held "...dRAGUS...".
    hidden = ("Off track", "RAG", "10 January 2024", "10 April 2024", "Overdue", "Zqsecret")
    assert not found_in(page, *hidden)
    assert "Not started" in page
    assert "No update expected" in page


def test_the_partnerships_people_see_the_status_rag_and_dates_on_its_page(
    client, board_member, rejected
):
    page = _as(client, board_member).get(rejected.get_absolute_url()).content.decode()
    for shown in ("Off track", "RAG: Red", "10 January 2024", "10 April 2024", "Overdue"):
        assert shown in page


def test_outsiders_see_no_status_or_dates_of_a_hidden_response_in_the_tracker(
    client, outsider, noted, rejected
):
    page = _as(client, outsider).get(reverse("recommendations:tracker")).content.decode()
    assert "10 Jan 2024" not in page
    assert "Update overdue" not in page
    assert "with an update overdue" not in page
    assert "Off track 1" not in page
    assert "Not started 2" in page


def test_the_partnerships_people_see_status_and_dates_in_the_tracker(
    client, board_member, noted, rejected
):
    page = _as(client, board_member).get(reverse("recommendations:tracker")).content.decode()
    assert "10 Jan 2024" in page
    assert "Update overdue" in page
    assert "Off track 1" in page


def test_outsiders_see_no_hidden_status_on_the_review_page(client, outsider, noted, rejected):
    page = _as(client, outsider).get(rejected.review.get_absolute_url()).content.decode()
    assert "Off track 1" not in page
    assert "Update overdue" not in page
    assert "10 Jan 2024" not in page


# The status, response and overdue filters, and the counts -----------------------------


def test_the_status_filter_does_not_match_a_hidden_status(client, outsider, noted, rejected):
    _as(client, outsider)
    assert _api(client, status="off_track")["count"] == 0
    assert _api(client, status="not_started")["count"] == 2
    assert _api(client, overdue="true")["count"] == 0
    assert _api(client, response="agree")["count"] == 0
    page = client.get(reverse("recommendations:tracker"), {"status": "off_track"})
    assert "0 recommendations" in page.content.decode()


def test_the_status_filter_matches_for_the_partnerships_people(
    client, board_member, noted, rejected
):
    _as(client, board_member)
    assert _api(client, status="off_track")["count"] == 1
    assert _api(client, overdue="true")["count"] == 1
    assert _api(client, response="agree")["count"] == 1
    page = client.get(reverse("recommendations:tracker"), {"status": "off_track"})
    assert "1 recommendation," in page.content.decode()


# Sort orders ------------------------------------------------------------------------


def _numbers_in_page(page: str, recs: list[Recommendation]) -> list[str]:
    positions = sorted((page.index(rec.get_absolute_url()), rec.number) for rec in recs)
    return [number for _, number in positions]


def test_sorting_by_response_does_not_order_by_a_hidden_response(client, outsider, noted, rejected):
    # By the real responses "note" < "reject" would put 1 first; as if 2 had no
    # response ("none" < "note") it comes first.
    Recommendation.objects.filter(pk=rejected.pk).update(response="reject")
    _as(client, outsider)
    assert [r["number"] for r in _api(client, sort="response")["items"]] == ["2", "1"]
    page = client.get(reverse("recommendations:tracker"), {"sort": "response"}).content.decode()
    assert _numbers_in_page(page, [noted, rejected]) == ["2", "1"]


def test_sorting_by_response_orders_by_it_for_the_partnerships_people(
    client, board_member, noted, rejected
):
    Recommendation.objects.filter(pk=rejected.pk).update(response="reject")
    _as(client, board_member)
    assert [r["number"] for r in _api(client, sort="response")["items"]] == ["1", "2"]


@pytest.mark.parametrize("sort", ["updated", "due", "status"])
def test_sorting_by_a_hidden_date_or_status_orders_as_if_there_were_none(
    client, outsider, sort, noted, rejected
):
    # 2 has a hidden update (and so a date and "off track"); 1 has none: tied, so
    # they stay in number order.
    _as(client, outsider)
    assert [r["number"] for r in _api(client, sort=sort)["items"]] == ["1", "2"]


def test_sorting_by_latest_update_puts_updated_first_for_the_partnerships_people(
    client, board_member, noted, rejected
):
    _as(client, board_member)
    assert [r["number"] for r in _api(client, sort="updated")["items"]] == ["2", "1"]


# The API ----------------------------------------------------------------------------


def test_the_api_gives_outsiders_no_status_or_dates_of_a_hidden_response(
    client, outsider, noted, rejected
):
    _as(client, outsider)
    row = {r["number"]: r for r in _api(client)["items"]}["2"]
    detail = client.get(f"/api/v1/recommendations/{rejected.pk}").json()
    for item in (row, detail):
        assert item["response"] == "No response yet"
        assert item["status"] == "not_started"
        assert item["last_update"] is None
        assert item["next_update_due"] is None
        assert item["overdue"] is False
        assert "Zqsecret" not in json.dumps(item)


def test_the_api_gives_the_partnerships_people_the_status_and_dates(client, board_member, rejected):
    _as(client, board_member)
    detail = client.get(f"/api/v1/recommendations/{rejected.pk}").json()
    assert (detail["status"], detail["last_update"], detail["overdue"]) == (
        "off_track",
        "2024-01-10",
        True,
    )


# One year on (HTML, PDF, XLSX) and the command line's export --------------------------


def _one_year_on(client, review) -> dict[str, str]:
    html = client.get(reverse("recommendations:one-year-on", args=[review.pk]))
    pdf = client.get(reverse("recommendations:one-year-on-pdf", args=[review.pk]))
    xlsx = client.get(reverse("recommendations:one-year-on-xlsx", args=[review.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    return {
        "html": html.content.decode(),
        "pdf": "\n".join(page.extract_text() for page in reader.pages),
        "xlsx": "\n".join(" | ".join(str(v) for v in row if v is not None) for row in rows),
    }


def test_one_year_on_shows_outsiders_no_status_or_dates_of_a_hidden_response(
    client, outsider, noted, rejected
):
    outputs = _one_year_on(_as(client, outsider), rejected.review)
    for fmt, text in outputs.items():
        # The charts name every status, with its count.
        assert not found_in(text, "Off track 1", "overdue", "2024-01-10", "Zqsecret"), fmt
        assert "Not started 2" in text or fmt == "xlsx", fmt
    assert "Off track" not in outputs["xlsx"]


def test_one_year_on_shows_the_partnerships_people_status_and_dates(
    client, board_member, noted, rejected
):
    outputs = _one_year_on(_as(client, board_member), rejected.review)
    assert "Off track 1" in outputs["html"]
    assert "Off track 1" in outputs["pdf"]
    assert "Update overdue" in outputs["html"]
    assert "Update overdue" in outputs["pdf"]
    assert "Off track" in outputs["xlsx"]
    assert "2024-01-10" in outputs["xlsx"]


def test_the_public_export_has_no_status_or_date_of_a_hidden_response(partnership, noted, rejected):
    public = {row["number"]: row for row in export_rows(partnership, public=True)}
    internal = {row["number"]: row for row in export_rows(partnership)}
    assert (public["2"]["status"], public["2"]["last_update"]) == ("Not started", None)
    assert (internal["2"]["status"], internal["2"]["last_update"]) == ("Off track", "2024-01-10")


def test_the_model_decides_who_sees_a_response(
    noted, rejected, board_member, other_partnership_officer
):
    assert not rejected.response_visible_to(AnonymousUser())
    assert not rejected.response_visible_to(other_partnership_officer)
    assert rejected.response_visible_to(board_member)
    assert noted.response_visible_to(AnonymousUser())
    public = Recommendation.objects.visible_to(AnonymousUser()).get(pk=rejected.pk)
    assert (public.response_shown, public.shown_status, public.shown_rag) == (
        False,
        "not_started",
        "",
    )
    own = Recommendation.objects.visible_to(board_member).get(pk=rejected.pk)
    assert (own.response_shown, own.shown_status, own.shown_rag) == (True, "off_track", "red")


# Evidence links (leak 8) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["https://example.org/report.pdf", "http://example.org", "HTTPS://EXAMPLE.ORG/a?b=c#d"],
)
def test_web_addresses_are_evidence_links(link):
    assert rules.is_web_link(link)
    assert rules.evidence_links([link, ""]) == [link]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "//example.org/no-scheme",
        "https:///no-host",
        "https://exa mple.org",
        "example.org",
    ],
)
def test_other_addresses_are_refused_as_evidence(link):
    assert not rules.is_web_link(link)
    with pytest.raises(ValueError, match="Evidence link 2: enter a web address starting https://"):
        rules.evidence_links(["https://example.org", link])


def _post_update(client, rec, user, evidence):
    _, token = issue_token(user, "Tests")
    return client.post(
        f"/api/v1/recommendations/{rec.pk}/updates",
        json.dumps(
            {"date": "2024-03-01", "status": "on_track", "narrative": "x", "evidence": evidence}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.django_db
def test_the_api_refuses_a_javascript_evidence_link(client, officer, noted):
    response = _post_update(client, noted, officer, ["https://ok.example", "javascript:alert(1)"])
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "evidence"
    assert error["msg"].startswith("Evidence link 2: enter a web address starting https://")
    assert not ProgressUpdate.objects.filter(recommendation=noted).exists()


@pytest.mark.django_db
def test_the_api_accepts_web_evidence_links(client, officer, noted):
    response = _post_update(client, noted, officer, ["https://example.org/report"])
    assert response.status_code == 201
    assert response.json()["updates"][0]["evidence"] == ["https://example.org/report"]


@pytest.mark.django_db
def test_the_web_form_refuses_a_javascript_evidence_link(client, officer, noted):
    client.force_login(officer)
    response = client.post(
        reverse("recommendations:progress-add", args=[noted.pk]),
        {
            "date": "2024-03-01",
            "status": "on_track",
            "narrative": "x",
            "evidence": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400
    assert "Evidence link 1: enter a web address starting https://" in response.content.decode()
    assert not ProgressUpdate.objects.filter(recommendation=noted).exists()


@pytest.mark.django_db
def test_a_stored_javascript_evidence_link_is_shown_as_text_not_a_link(client, noted):
    ProgressUpdateFactory(
        recommendation=noted,
        evidence="javascript:alert(1)\ndata:text/html,x\nhttps://example.org/report",
    )
    page = _as(client, None).get(noted.get_absolute_url()).content.decode()
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page
    assert 'href="data:' not in page
    assert 'href="https://example.org/report"' in page
