"""Administrators add and edit indicators and data issues on the web; nobody else can."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.core.testing import found_in
from roundtable.performance.models import DataIssue, Indicator
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

INDICATOR = {
    "code": "NI 155",
    "name": "Number of affordable homes delivered (gross)",
    "theme": "High Quality of Life",
    "unit": "count",
    "polarity": "higher",
    "frequency": "monthly",
    "aggregation": "sum",
    "decimals": "0",
    "lifecycle": "active",
    "is_public": "on",
    "tolerance_text": "5%",
}


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    return client


def test_an_administrator_adds_an_indicator_with_a_tolerance(admin_client, council):
    response = admin_client.post(
        reverse("performance:indicator-add"), {**INDICATOR, "lead_agency": council.pk}
    )
    indicator = Indicator.objects.get(code="NI 155")
    assert response["Location"] == indicator.get_absolute_url()
    assert (indicator.tolerance, indicator.tolerance_kind, indicator.lead_agency) == (
        Decimal(5),
        "percent",
        council,
    )
    assert indicator.history.first().history_user.username == "admin"


def test_indicator_form_errors_name_the_field_and_save_nothing(admin_client):
    response = admin_client.post(
        reverse("performance:indicator-add"),
        {
            **INDICATOR,
            "code": "",
            "tolerance_text": "lots",
            "aggregation": "sum",
            "cumulative": "on",
        },
    )
    assert response.status_code == 400
    assert "Enter the indicator&#x27;s code, like NI 155" in response.text
    assert not found_in(response.text, "Row")
    assert "tolerance" in response.text.lower()
    assert not Indicator.objects.exists()


def test_an_administrator_edits_an_indicator(admin_client, partnership):
    indicator = IndicatorFactory(partnership=partnership, code="NI 123", name="Stopping Smoking")
    url = reverse("performance:indicator-edit", args=[indicator.pk])
    assert "Stopping Smoking" in admin_client.get(url).text
    admin_client.post(url, {**INDICATOR, "code": "NI 123", "name": "Stopping smoking (4 weeks)"})
    indicator.refresh_from_db()
    assert indicator.name == "Stopping smoking (4 weeks)"


def test_a_missing_polarity_is_asked_for_in_words(admin_client):
    # Its label is "Better when": the message read "Select the better when".
    response = admin_client.post(
        reverse("performance:indicator-add"), {**INDICATOR, "polarity": ""}
    )
    assert response.status_code == 400
    assert (
        '<a href="#id_polarity">Select whether higher or lower is better, or no judgement</a>'
        in (response.text)
    )
    assert "Select the better when" not in response.text


def test_an_administrator_marks_an_indicator_as_entered_as_a_fraction(admin_client, council):
    page = admin_client.get(reverse("performance:indicator-add")).text
    assert "Partners enter a numerator and a denominator" in page
    admin_client.post(
        reverse("performance:indicator-add"),
        {**INDICATOR, "lead_agency": council.pk, "has_fraction": "on"},
    )
    assert Indicator.objects.get(code="NI 155").has_fraction


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_edit_indicators(client, request, partnership, who):
    indicator = IndicatorFactory(partnership=partnership, code="NI 123")
    client.force_login(request.getfixturevalue(who))
    client.get("/", {"partnership": "ealing"})
    url = reverse("performance:indicator-edit", args=[indicator.pk])
    assert client.post(url, {**INDICATOR, "code": "NI 999"}).status_code == 403
    assert client.get(reverse("performance:indicator-add")).status_code == 403
    indicator.refresh_from_db()
    assert indicator.code == "NI 123"


def test_the_public_is_sent_to_sign_in(session):
    assert session.get(reverse("performance:indicator-add")).status_code == 302
    assert session.get(reverse("performance:data-issue-add")).status_code == 302


def test_an_administrator_records_a_data_issue_and_the_decision(admin_client, partnership):
    indicator = IndicatorFactory(partnership=partnership, code="NI 185")
    admin_client.post(
        reverse("performance:data-issue-add"),
        {
            "indicator": indicator.pk,
            "issue": "This indicator no longer exists.",
            "kind": "replaced",
            "status": "open",
            "raised_on": "2012-01-16",
        },
    )
    issue = DataIssue.objects.get()
    response = admin_client.post(
        reverse("performance:data-issue-edit", args=[issue.pk]),
        {
            "indicator": indicator.pk,
            "issue": issue.issue,
            "kind": "replaced",
            "status": "decided",
            "board_decision": "Report the carbon footprint instead",
            "raised_on": "2012-01-16",
            "decided_on": "2012-01-16",
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.board_decision) == (
        "decided",
        "Report the carbon footprint instead",
    )
    page = admin_client.get(reverse("performance_entry:data-issues"))
    assert "Report the carbon footprint instead" in page.text


def test_a_data_issue_is_about_an_indicator_of_the_report(admin_client, partnership):
    """The data issues log is part of the report: its form offers the report's
    indicators, not those kept for the Local Information System only, but keeps an
    issue's own indicator when it is edited."""
    reported = IndicatorFactory(partnership=partnership, code="NI 185")
    local = IndicatorFactory(partnership=partnership, code="CEN-DENS", in_report=False)
    page = admin_client.get(reverse("performance:data-issue-add")).text
    assert "NI 185" in page
    assert "CEN-DENS" not in page
    refused = admin_client.post(
        reverse("performance:data-issue-add"),
        {"indicator": local.pk, "issue": "x", "kind": "no_data", "status": "open"},
    )
    assert refused.status_code == 400
    assert not DataIssue.objects.exists()
    issue = DataIssue.objects.create(
        partnership=partnership, indicator=local, issue="Imported", kind="no_data"
    )
    edit = admin_client.get(reverse("performance:data-issue-edit", args=[issue.pk])).text
    assert "CEN-DENS" in edit
    assert reported.code in edit


def test_a_decision_before_the_issue_was_raised_is_refused(admin_client):
    response = admin_client.post(
        reverse("performance:data-issue-add"),
        {
            "issue": "No hate crime data",
            "kind": "no_data",
            "status": "open",
            "raised_on": "2012-01-16",
            "decided_on": "2011-01-01",
        },
    )
    assert response.status_code == 400
    assert "The decision date must be the same as or after the date raised" in response.text
    assert not DataIssue.objects.exists()


def test_an_editor_cannot_record_data_issues(client, officer):
    client.force_login(officer)
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("performance:data-issue-add"), {"issue": "x", "kind": "no_data", "status": "open"}
    )
    assert response.status_code == 403
    assert not DataIssue.objects.exists()


def test_an_administrator_sets_the_status_policy_and_the_report_says_so(
    admin_client, partnership, board_member
):
    response = admin_client.post(
        reverse("performance:settings"),
        {
            "status_policy": "amber_if_improving",
            "judge_against": "period",
            "performance_leads": [board_member.pk],
        },
    )
    assert response.status_code == 302
    settings = partnership.performance_settings
    assert settings.status_policy == "amber_if_improving"
    assert list(settings.performance_leads.all()) == [board_member]
    from roundtable.performance.periods import parse_period
    from roundtable.performance.queries import build_report

    assert (
        "better than the same period last year"
        in build_report(partnership, parse_period("2011/12 Q2")).policy
    )


@pytest.mark.parametrize("who", ["officer", "board_member"])
def test_only_administrators_change_the_status_policy(client, request, partnership, who):
    client.force_login(request.getfixturevalue(who))
    client.get("/", {"partnership": "ealing"})
    response = client.post(
        reverse("performance:settings"),
        {"status_policy": "amber_if_forecast", "judge_against": "period"},
    )
    assert response.status_code == 403


def test_a_data_issue_is_raised_on_a_date_in_words(admin_client):
    response = admin_client.post(
        reverse("performance:data-issue-add"),
        {
            "issue": "No hate crime data",
            "kind": "no_data",
            "status": "decided",
            "raised_on": "16 January 2012",
            "decided_on": "23/01/2012",
        },
    )
    assert response.status_code == 302
    issue = DataIssue.objects.get()
    assert (issue.raised_on, issue.decided_on) == (
        datetime.date(2012, 1, 16),
        datetime.date(2012, 1, 23),
    )


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_a_data_issue_date_that_is_not_one_is_named_with_an_example(admin_client):
    page = admin_client.get(reverse("performance:data-issue-add")).text
    assert "For example, 16 November 2026" in page
    assert "2012-01-16" not in page
    response = admin_client.post(
        reverse("performance:data-issue-add"),
        {"issue": "x", "kind": "no_data", "status": "open", "raised_on": "last week"},
    )
    assert response.status_code == 400
    assert "Raised on must be a real date, like 16 November 2026" in response.text
    assert not DataIssue.objects.exists()
