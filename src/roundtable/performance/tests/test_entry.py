"""Partners' data entry with sign-off, the returns dashboard and the data issues log."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.accounts.choices import Role
from roundtable.core.testing import found_in, under
from roundtable.partnership.tests.factories import UserFactory
from roundtable.performance.choices import IssueKind, Lifecycle, MissingReason, SubmissionState
from roundtable.performance.models import (
    Commentary,
    DataIssue,
    IndicatorValue,
    MissingFigure,
    PerformanceSettings,
    Submission,
)
from roundtable.performance.periods import parse_period
from roundtable.performance.returns import entry_periods
from roundtable.performance.services import (
    approve_figures,
    record_indicator_value,
    submit_figures,
)
from roundtable.performance.services_entry import save_commentary
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("roundtable.performance.tests.urls_entry_test"),
]
Q2 = parse_period("2011/12 Q2")


@pytest.fixture
def smoking(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 123", name="Stopping smoking"
    )


@pytest.fixture
def crime(partnership, police):
    return IndicatorFactory(
        partnership=partnership, lead_agency=police, code="Local 21", name="Serious acquisitive"
    )


@pytest.fixture
def police_officer(partnership, police):
    """An organisation editor for the Metropolitan Police."""
    return UserFactory(
        username="police", role=Role.EDITOR, partnership=partnership, organisation=police
    )


@pytest.fixture
def performance_lead(partnership):
    lead = UserFactory(username="lead", role=Role.MEMBER, partnership=partnership)
    settings = PerformanceSettings.objects.create(partnership=partnership)
    settings.performance_leads.add(lead)
    return lead


def url(organisation, name="entry", quarter=Q2):
    return reverse(f"performance_entry:{name}", args=[organisation.pk, quarter])


def figures(indicator, period="2011-12-Q2", **fields):
    return {f"i{indicator.pk}_{period}_{name}": value for name, value in fields.items()}


def signed_in(client, user):
    client.force_login(user)
    return client


# Periods on the return --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "quarter", "expected"),
    [
        ("monthly", "2011/12 Q2", ["2011-07", "2011-08", "2011-09", "2011/12 Q2"]),
        ("quarterly", "2011/12 Q2", ["2011/12 Q2"]),
        ("4-monthly", "2011/12 Q1", ["2011/12 T1"]),
        ("4-monthly", "2011/12 Q2", ["2011/12 T2"]),
        ("4-monthly", "2011/12 Q3", []),
        ("4-monthly", "2011/12 Q4", ["2011/12 T3"]),
        ("annual", "2011/12 Q4", ["2011/12"]),
        ("annual", "2011/12 Q3", []),
    ],
)
def test_a_return_asks_for_the_periods_its_report_first_shows(frequency, quarter, expected):
    assert [str(p) for p in entry_periods(frequency, parse_period(quarter))] == expected


# Entering figures -------------------------------------------------------------------------


def test_the_return_url_names_the_quarter_safely(council):
    assert url(council) == f"/performance/entry/{council.pk}/2011-12-Q2/"


def test_an_editor_sees_only_their_agencys_indicators(client, officer, council, smoking, crime):
    page = signed_in(client, officer).get(url(council))
    assert page.status_code == 200
    assert "NI 123" in page.text
    assert "Local 21" not in page.text


def test_every_form_on_the_return_carries_its_csrf_token(client, administrator, council, submitted):
    page = signed_in(client, administrator).get(url(council))
    forms = page.text.count('<form method="post"')
    assert forms == 4  # sign out, withdraw, approve, return (submitted figures are locked)
    assert page.text.count('name="csrfmiddlewaretoken"') == forms


def test_an_editor_enters_their_agencys_figures_and_commentary(client, officer, council, smoking):
    data = figures(smoking, actual="421 (est)", target="420", note="From the PCT")
    data[f"i{smoking.pk}_progress"] = "Quits ahead of plan"
    data[f"i{smoking.pk}_challenges"] = "Pharmacy contracts end in March"
    response = signed_in(client, officer).post(url(council), data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=smoking, period="2011/12 Q2")
    assert (value.actual, value.estimated, value.target) == (Decimal(421), True, Decimal(420))
    assert value.history.first().history_user == officer
    commentary = Commentary.objects.get(indicator=smoking, period="2011/12 Q2")
    assert commentary.progress == "Quits ahead of plan"
    assert commentary.organisation == council


def test_the_estimate_box_marks_a_figure_as_an_estimate(client, officer, council, smoking):
    data = figures(smoking, actual="421", estimated="on")
    signed_in(client, officer).post(url(council), data)
    assert IndicatorValue.objects.get(indicator=smoking).estimated


def test_a_monthly_indicator_takes_its_three_months(client, officer, partnership, council):
    monthly = IndicatorFactory(partnership=partnership, lead_agency=council, frequency="monthly")
    data = {
        **figures(monthly, "2011-07", actual="10"),
        **figures(monthly, "2011-08", actual="11"),
        **figures(monthly, "2011-09", actual="12"),
        **figures(monthly, "2011-12-Q2", target="30"),
    }
    signed_in(client, officer).post(url(council), data)
    saved = dict(IndicatorValue.objects.values_list("period", "actual"))
    assert saved == {"2011-07": 10, "2011-08": 11, "2011-09": 12, "2011/12 Q2": None}


def status_cell(page: str, key: str) -> str:
    """The "Status against target" cell of one period's row."""
    start = page.index(f'id="status-{key}"')
    return page[start : page.index("</td>", start)]


@pytest.fixture
def monthly(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, frequency="monthly", aggregation="sum"
    )


def test_a_quarter_left_blank_says_it_will_be_worked_out_from_its_months(
    client, officer, council, monthly
):
    IndicatorValueFactory(indicator=monthly, period="2011-07", actual=10)
    cell = status_cell(
        signed_in(client, officer).get(url(council)).text, f"i{monthly.pk}_2011-12-Q2"
    )
    assert "Will be worked out from its months once all of them have a figure" in cell
    assert "not Assessed" not in cell
    assert "Worked out from its months:" not in cell


def test_a_quarter_left_blank_shows_the_figure_worked_out_from_its_months_and_its_status(
    client, officer, council, monthly
):
    data = {
        **figures(monthly, "2011-07", actual="10"),
        **figures(monthly, "2011-08", actual="11"),
        **figures(monthly, "2011-09", actual="12"),
        **figures(monthly, "2011-12-Q2", target="30"),
    }
    signed_in(client, officer).post(url(council), data)
    cell = status_cell(client.get(url(council)).text, f"i{monthly.pk}_2011-12-Q2")
    assert "Worked out from its months: <strong>33</strong>" in cell  # the sum of 10, 11, 12
    assert "Performance on/above target" in cell
    # A month's own row, with no target, is still not assessed.
    month = status_cell(client.get(url(council)).text, f"i{monthly.pk}_2011-07")
    assert "Not assessed" in month
    assert "Worked out" not in month


def test_a_quarter_with_its_own_actual_is_judged_on_it_not_on_its_months(
    client, officer, council, monthly
):
    for month, actual in (("2011-07", 10), ("2011-08", 11), ("2011-09", 12)):
        IndicatorValueFactory(indicator=monthly, period=month, actual=actual)
    IndicatorValueFactory(indicator=monthly, period="2011/12 Q2", actual=20, target=30)
    cell = status_cell(
        signed_in(client, officer).get(url(council)).text, f"i{monthly.pk}_2011-12-Q2"
    )
    assert "Worked out" not in cell
    assert "Performance below target" in cell  # 20, not the months' 33


def test_the_worked_out_figure_follows_the_months_typed_and_the_indicators_rule(
    client, officer, partnership, council
):
    """As you type, the quarter's status reads the months typed in its table; a mean is
    printed to the indicator's decimals, as the report prints it."""
    rate = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        frequency="monthly",
        aggregation="mean",
        decimals=2,
        unit="%",
    )
    key = f"i{rate.pk}_2011-12-Q2"
    typed = {
        **figures(rate, "2011-07", actual="98.88"),
        **figures(rate, "2011-08", actual="98.93"),
        **figures(rate, "2011-09", actual="98.97"),
        **figures(rate, "2011-12-Q2", target="99"),
    }
    answer = signed_in(client, officer).get(url(council, "entry-status"), {"key": key, **typed})
    assert answer.status_code == 200
    assert "Worked out from its months: <strong>98.93%</strong>" in answer.text
    assert "Performance below target" in answer.text
    # A month typed wrong: nothing is worked out, and nothing was saved.
    wrong = {**typed, f"i{rate.pk}_2011-09_actual": "98,97"}
    answer = client.get(url(council, "entry-status"), {"key": key, **wrong})
    assert "Will be worked out from its months" in answer.text
    assert not IndicatorValue.objects.exists()


def test_the_quarters_status_as_you_type_is_refused_to_other_agencies(
    client, police_officer, council, monthly
):
    key = f"i{monthly.pk}_2011-12-Q2"
    answer = signed_in(client, police_officer).get(url(council, "entry-status"), {"key": key})
    assert answer.status_code == 403


def test_blank_rows_save_nothing(client, officer, council, smoking):
    response = signed_in(client, officer).post(url(council), figures(smoking, actual=""))
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()
    assert not Commentary.objects.exists()


def test_bad_figures_are_named_by_indicator_period_and_field_and_nothing_is_saved(
    client, officer, partnership, council, smoking
):
    other = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 8")
    data = {
        **figures(smoking, actual="lots", target="420"),
        **figures(other, actual="12", target="ten"),
        f"i{smoking.pk}_progress": "Going well",
    }
    response = signed_in(client, officer).post(url(council), data)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "NI 123, Quarter 2 2011/12, actual: &#x27;lots&#x27; is not a number" in response.text
    assert "NI 8, Quarter 2 2011/12, target: &#x27;ten&#x27; is not a number" in response.text
    assert f'href="#id_i{smoking.pk}_2011-12-Q2_actual"' in response.text
    assert not IndicatorValue.objects.exists()
    assert not Commentary.objects.exists()


def test_a_bad_actual_is_said_once_beside_its_input_and_once_in_the_summary(
    client, officer, council, smoking
):
    # The row's status cell repeated the message word for word beside the input's own.
    message = "NI 123, Quarter 2 2011/12, actual: &#x27;25O&#x27; is not a number"
    response = signed_in(client, officer).post(url(council), figures(smoking, actual="25O"))
    assert response.status_code == 400
    assert response.text.count(message) == 2
    status = response.text[response.text.index(f'id="status-i{smoking.pk}_2011-12-Q2"') :]
    status = status[: status.index("</td>")]
    assert "Not assessed" in status
    assert "is not a number" not in status
    # Typing, the status cell is the only place that can say it.
    key = f"i{smoking.pk}_2011-12-Q2"
    typed = {"key": key, **figures(smoking, actual="25O")}
    assert message in client.get(url(council, "entry-status"), typed).text


@pytest.mark.parametrize(("typed", "example"), [("8,7", "8.7"), ("91,5", "91.5"), ("1,23", "1.23")])
def test_a_decimal_comma_is_refused_kept_in_the_input_and_nothing_is_saved(
    client, officer, council, smoking, typed, example
):
    data = {**figures(smoking, actual=typed, target="1,234.5"), f"i{smoking.pk}_progress": "Fine"}
    response = signed_in(client, officer).post(url(council), data)
    assert response.status_code == 400
    assert (
        f"NI 123, Quarter 2 2011/12, actual: &#x27;{typed}&#x27; is not a number; "
        f"use a full stop for decimals, like {example}"
    ) in response.text
    assert f'value="{typed}"' in response.text
    assert not found_in(response.text, "Saved")
    assert not IndicatorValue.objects.exists()
    assert not Commentary.objects.exists()


def test_figures_with_commas_between_thousands_are_saved(client, officer, council, smoking):
    data = figures(smoking, actual="1,234", target="1,234.5")
    response = signed_in(client, officer).post(url(council), data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=smoking)
    assert (value.actual, value.target) == (Decimal("1234"), Decimal("1234.5"))


@pytest.mark.parametrize(("field", "typed"), [("actual", "915"), ("target", "-1")])
def test_a_percentage_outside_0_to_100_is_refused(
    client, officer, partnership, council, field, typed
):
    rate = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 8", unit="%")
    data = {**figures(rate, actual="91.5", target="90"), **figures(rate, **{field: typed})}
    response = signed_in(client, officer).post(url(council), data)
    assert response.status_code == 400
    assert (
        f"NI 8, Quarter 2 2011/12, {field}: {typed}% is not a percentage from 0 to 100"
    ) in response.text
    assert f'value="{typed}"' in response.text
    assert not IndicatorValue.objects.exists()


def test_a_percentage_from_0_to_100_is_saved(client, officer, partnership, council):
    rate = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 8", unit="%")
    response = signed_in(client, officer).post(
        url(council), figures(rate, actual="100", target="0")
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=rate)
    assert (value.actual, value.target) == (Decimal(100), Decimal(0))


def test_an_estimate_needs_a_figure(client, officer, council, smoking):
    response = signed_in(client, officer).post(url(council), figures(smoking, estimated="on"))
    assert response.status_code == 400
    assert "enter the estimated figure" in response.text


# Who may enter figures --------------------------------------------------------------------


def test_an_editor_of_another_agency_cannot_open_the_return(client, police_officer, council):
    assert signed_in(client, police_officer).get(url(council)).status_code == 403


def test_an_editor_of_another_agency_cannot_post_figures(client, police_officer, council, smoking):
    data = {**figures(smoking, actual="1"), f"i{smoking.pk}_progress": "Overwritten"}
    response = signed_in(client, police_officer).post(url(council), data)
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()
    assert not Commentary.objects.exists()


def test_an_editor_of_another_agency_cannot_upload_or_submit(client, police_officer, council):
    signed_in(client, police_officer)
    upload = SimpleUploadedFile("v.csv", b"code,period,actual,target,estimated,note\n")
    assert client.post(url(council, "entry-upload"), {"file": upload}).status_code == 403
    assert client.post(url(council, "entry-submit")).status_code == 403
    assert not Submission.objects.exists()


def test_a_board_member_cannot_open_a_return(client, board_member, council):
    assert signed_in(client, board_member).get(url(council)).status_code == 403


def test_another_partnerships_administrator_cannot_open_a_return(
    client, other_partnership_officer, council
):
    assert signed_in(client, other_partnership_officer).get(url(council)).status_code == 403


def test_the_public_is_sent_to_sign_in(client, council):
    response = client.get(url(council))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_an_administrator_may_enter_any_agencys_figures(client, administrator, council, smoking):
    signed_in(client, administrator).post(url(council), figures(smoking, actual="5"))
    assert IndicatorValue.objects.get(indicator=smoking).actual == 5


def test_a_return_for_a_month_is_not_found(client, officer, council):
    response = signed_in(client, officer).get(f"/performance/entry/{council.pk}/2011-12-Q5/")
    assert response.status_code == 404


def test_commentary_for_another_agencys_indicator_is_refused(police_officer, smoking):
    with pytest.raises(PermissionDenied):
        save_commentary(police_officer, smoking, Q2, progress="Not ours")
    assert not Commentary.objects.exists()


def test_commentary_left_blank_makes_no_record(officer, smoking):
    assert save_commentary(officer, smoking, Q2, progress="  ") is None
    assert not Commentary.objects.exists()


def test_approved_commentary_is_locked(officer, administrator, council, smoking):
    save_commentary(officer, smoking, Q2, progress="On track")
    record_indicator_value(officer, smoking, Q2, actual=Decimal(421))
    approve_figures(administrator, submit_figures(officer, council, Q2))
    with pytest.raises(ValidationError, match="approved and locked"):
        save_commentary(officer, smoking, Q2, progress="Changed")


# Uploading --------------------------------------------------------------------------------


def csv_file(*rows):
    text = "code,period,actual,target,estimated,note\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


def test_an_editor_uploads_their_agencys_figures(client, officer, council, smoking):
    upload = csv_file("NI 123,2011/12 Q2,421 (est),420,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=smoking)
    assert (value.actual, value.estimated) == (Decimal(421), True)


def test_an_upload_with_another_agencys_indicator_saves_nothing(
    client, officer, council, smoking, crime
):
    upload = csv_file("NI 123,2011/12 Q2,421,,,", "Local 21,2011/12 Q2,1826,,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert "Row 3, code: Local 21 is led by Metropolitan Police Service" in response.text
    assert not IndicatorValue.objects.exists()


def test_an_upload_for_another_quarter_saves_nothing(client, officer, council, smoking):
    upload = csv_file("NI 123,2011/12 Q1,421,,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert "Row 2, period: &#x27;2011/12 Q1&#x27; belongs to the return for Quarter 1" in (
        response.text
    )
    assert not IndicatorValue.objects.exists()


def test_an_upload_with_a_decimal_comma_saves_nothing(
    client, officer, partnership, council, smoking
):
    IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 8", unit="%")
    upload = csv_file('NI 123,2011/12 Q2,"1,234",420,,', 'NI 8,2011/12 Q2,"91,5",,,')
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert (
        "Row 3, actual: &#x27;91,5&#x27; is not a number; use a full stop for decimals, like 91.5"
    ) in response.text
    assert not IndicatorValue.objects.exists()


def test_an_upload_with_an_unknown_code_tells_the_agency_what_to_do_not_to_import_it(
    client, officer, council, smoking
):
    # The agency's editor was told "'NI 999' is not an indicator of …; import it first",
    # which only an administrator can, and to "correct the problems below", which were
    # listed above, in the error summary only.
    upload = csv_file("NI 123,2011/12 Q2,4x1,,,", "NI 999,2011/12 Q2,3,,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert "Row 2, actual: &#x27;4x1&#x27; is not a number" in response.text
    assert (
        "Row 3, code: &#x27;NI 999&#x27; is not an indicator of Ealing Local Strategic "
        "Partnership; use the code of one of Ealing Council&#x27;s indicators listed on this page"
    ) in response.text
    assert "import it first" not in response.text
    assert "Correct these rows in the file and upload it again." in response.text
    # The file input says so too (GOV.UK: the field the summary links to shows the
    # error), and the summary lists the rows, not that message again.
    page = response.text
    message = "The file was not imported: fix 2 problems and upload it again"
    assert page.count(message) == 1
    at_input = page[page.index(message) : page.index('id="id_file"', page.index(message))]
    assert "govuk-error-message" in page[page.index(message) - 200 : page.index(message)]
    assert "</form>" not in at_input
    assert "problems below" not in response.text
    assert not IndicatorValue.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, officer, council, smoking, settings):
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 0
    upload = csv_file("NI 123,2011/12 Q2,421,,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 413
    assert not IndicatorValue.objects.exists()


# Sign-off ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(client, officer, council, smoking):
    signed_in(client, officer).post(url(council), figures(smoking, actual="421"))
    client.post(url(council, "entry-submit"))
    client.logout()
    return Submission.objects.get(organisation=council, period="2011/12 Q2")


def test_an_editor_submits_their_return(submitted, officer):
    assert submitted.state == SubmissionState.SUBMITTED
    assert submitted.submitted_by == officer


def test_submit_carries_the_typed_figures_and_refuses_while_they_are_not_saved(
    client, officer, council, smoking
):
    """Submit for approval sends the figures with it (hx-include): a figure typed but
    not saved stops the submission and stays in its box, rather than vanishing when
    the page is swapped and the saved (empty) return going off for approval."""
    signed_in(client, officer).post(url(council), figures(smoking, actual="421"))
    page = client.get(url(council)).text
    assert 'hx-include="#return-figures"' in page
    assert 'id="return-figures"' in page
    typed = figures(smoking, actual="430", target="420", note="")
    typed[f"i{smoking.pk}_progress"] = "Typed, not saved"
    response = client.post(url(council, "entry-submit"), typed)
    assert response.status_code == 400
    assert "not saved yet, so the return was not submitted" in response.text
    assert 'value="430"' in response.text
    assert "Typed, not saved" in response.text
    assert not Submission.objects.filter(state=SubmissionState.SUBMITTED).exists()
    assert IndicatorValue.objects.get(indicator=smoking).actual == Decimal(421)


def test_submit_with_the_saved_figures_unchanged_submits(client, officer, council, smoking):
    signed_in(client, officer).post(url(council), figures(smoking, actual="421", target="420"))
    same = figures(smoking, actual="421", target="420", note="")
    response = client.post(url(council, "entry-submit"), same)
    assert response.status_code == 302
    assert Submission.objects.get(organisation=council).state == SubmissionState.SUBMITTED


def test_the_return_shows_its_state_as_a_tag(client, officer, council, submitted):
    page = signed_in(client, officer).get(url(council))
    assert 'govuk-tag govuk-tag--blue">Submitted for approval' in page.text


def test_a_submitted_return_tells_its_reader_what_they_can_do_next(
    client, officer, administrator, council, submitted
):
    """The editor waits for a performance lead; an administrator (who approves) is not
    told to wait for one."""
    editor_page = signed_in(client, officer).get(url(council)).text
    assert "wait for a performance lead to approve or return them" in editor_page
    admin_page = signed_in(client, administrator).get(url(council)).text
    assert "Approve or return them below" in admin_page
    assert "wait for a performance lead" not in admin_page


def test_an_editor_cannot_approve_their_own_return(client, officer, council, submitted):
    response = signed_in(client, officer).post(url(council, "entry-approve"))
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.SUBMITTED


def test_a_performance_lead_approves_and_the_figures_are_locked(
    client, officer, performance_lead, council, smoking, submitted
):
    response = signed_in(client, performance_lead).post(url(council, "entry-approve"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.state, submitted.decided_by) == (SubmissionState.APPROVED, performance_lead)
    page = signed_in(client, officer).get(url(council))
    assert "approved and locked" in page.text
    assert "Save figures and commentary" not in page.text
    assert f'name="i{smoking.pk}_2011-12-Q2_actual"' not in page.text  # a table, not inputs
    response = client.post(url(council), figures(smoking, actual="999"))
    assert response.status_code == 400
    assert "are approved and locked" in response.text
    assert IndicatorValue.objects.get(indicator=smoking).actual == 421


def test_an_upload_to_an_approved_return_is_refused(
    client, officer, administrator, council, smoking, submitted
):
    signed_in(client, administrator).post(url(council, "entry-approve"))
    upload = csv_file("NI 123,2011/12 Q2,999,,,")
    response = signed_in(client, officer).post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert "are approved and locked" in response.text
    assert IndicatorValue.objects.get(indicator=smoking).actual == 421


def test_a_correction_needs_a_reason_and_the_history_keeps_it(
    client, officer, administrator, council, smoking, submitted
):
    signed_in(client, administrator).post(url(council, "entry-approve"))
    page = client.get(url(council))
    assert "Re-open for correction" in page.text
    response = client.post(url(council, "entry-reopen"), {"reopen-reason": "  "})
    assert response.status_code == 400
    assert "Enter why the approved figures need correcting" in response.text
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.APPROVED

    reason = "The PCT revised July's quits"
    client.post(url(council, "entry-reopen"), {"reopen-reason": reason})
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.DRAFT
    assert submitted.history.first().history_change_reason == f"Re-opened for correction: {reason}"
    response = signed_in(client, officer).post(url(council), figures(smoking, actual="430"))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=smoking).actual == 430


def test_a_performance_lead_returns_figures_with_a_reason(
    client, officer, performance_lead, council, submitted
):
    signed_in(client, performance_lead)
    response = client.post(url(council, "entry-return"), {"return-reason": ""})
    assert response.status_code == 400
    assert "Enter why the figures are being returned" in response.text
    client.post(url(council, "entry-return"), {"return-reason": "Q2 target is missing"})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reason) == (
        SubmissionState.RETURNED,
        "Q2 target is missing",
    )
    page = signed_in(client, officer).get(url(council))
    assert "Q2 target is missing" in page.text
    assert "Submit for approval" in page.text


def test_a_board_member_who_is_not_a_performance_lead_cannot_approve(
    client, board_member, council, submitted
):
    assert signed_in(client, board_member).post(url(council, "entry-approve")).status_code == 403


def test_a_performance_lead_sees_the_figures_but_cannot_change_them(
    client, performance_lead, council, smoking
):
    page = signed_in(client, performance_lead).get(url(council))
    assert page.status_code == 200
    assert "Save figures and commentary" not in page.text
    assert client.post(url(council), figures(smoking, actual="1")).status_code == 403
    assert client.post(url(council, "entry-submit")).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_return_shown_read_only_gives_the_worked_out_figure_without_the_hint(
    client, officer, performance_lead, council, monthly
):
    for month, actual in (("2011-07", 10), ("2011-08", 11), ("2011-09", 12)):
        IndicatorValueFactory(indicator=monthly, period=month, actual=actual)
    hint = "Leave the actual blank to work it out from the months"
    assert hint in signed_in(client, officer).get(url(council)).text
    page = signed_in(client, performance_lead).get(url(council)).text
    assert hint not in page
    assert "Worked out from its months: <strong>33</strong>" in status_cell(
        page, f"i{monthly.pk}_2011-12-Q2"
    )


def test_returning_an_unsubmitted_return_is_explained(client, administrator, council, smoking):
    response = signed_in(client, administrator).post(
        url(council, "entry-return"), {"return-reason": "Missing targets"}
    )
    assert response.status_code == 400
    assert "have not been submitted yet" in response.text


def test_sign_off_actions_take_posts_only(client, administrator, council):
    assert signed_in(client, administrator).get(url(council, "entry-approve")).status_code == 405


def test_approving_an_unsubmitted_return_is_explained(client, administrator, council, smoking):
    response = signed_in(client, administrator).post(url(council, "entry-approve"))
    assert response.status_code == 400
    assert "have not been submitted yet" in response.text


def test_with_htmx_the_return_swaps_its_partial(client, administrator, council, submitted):
    signed_in(client, administrator)
    page = client.get(url(council), HTTP_HX_REQUEST="true")
    assert page.text.startswith('<div id="agency-return">')
    assert "<html" not in page.text
    response = client.post(url(council, "entry-approve"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Figures approved and locked" in response.text
    assert "<html" not in response.text


def test_with_htmx_errors_come_back_in_the_partial(client, officer, council, smoking):
    response = signed_in(client, officer).post(
        url(council), figures(smoking, actual="lots"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "<html" not in response.text


# Dashboard --------------------------------------------------------------------------------


def dashboard(client, period="2011/12 Q2"):
    return client.get(reverse("performance_entry:dashboard"), {"period": period})


def test_beside_each_figure_the_return_shows_the_previous_periods(
    client, officer, council, smoking
):
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q1", actual=Decimal("1964"))
    page = signed_in(client, officer).get(url(council)).text
    assert "1,964" in page  # as the report prints it
    # Quarter 1 of the year before has no figure: said in words, not Python's "None".
    page = signed_in(client, officer).get(url(council, quarter="2011-12-Q1")).text
    assert "No figure" in page
    assert ">None<" not in page


def test_the_dashboard_says_nothing_is_due_from_an_agency_asked_for_nothing(
    client, board_member, partnership, police
):
    """An agency leading only an annual indicator owes nothing in Quarter 2: not "Not
    yet submitted", which it could never be."""
    IndicatorFactory(partnership=partnership, lead_agency=police, frequency="annual")
    page = dashboard(signed_in(client, board_member))
    police_row = next(
        r for r in page.text.split('<tr class="govuk-table__row">') if "Metropolitan Police" in r
    )
    assert "Nothing due" in police_row
    assert "govuk-tag--grey" in police_row


def test_the_dashboard_lists_what_each_agency_has_still_to_give(
    client, board_member, partnership, council, police, smoking, crime
):
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q2", actual=Decimal(421))
    IndicatorFactory(partnership=partnership, lead_agency=police, code="Local 22")
    page = dashboard(signed_in(client, board_member))
    assert page.status_code == 200
    rows = page.text.split('<tr class="govuk-table__row">')
    council_row = next(r for r in rows if "Ealing Council" in r)
    police_row = next(r for r in rows if "Metropolitan Police" in r)
    assert "None" in council_row
    assert "2 missing" in police_row
    assert "Local 21 (Quarter 2 2011/12)" in police_row
    # A board member may not open another agency's return, so it is not linked.
    assert url(police) not in police_row
    assert "Not yet submitted" in police_row


def test_the_dashboard_gives_the_reason_a_return_gives_for_each_missing_figure(
    client, board_member, partnership, police, crime
):
    other = IndicatorFactory(partnership=partnership, lead_agency=police, code="Local 22")
    submission = Submission.objects.create(
        partnership=partnership,
        organisation=police,
        period="2011/12 Q2",
        state=SubmissionState.SUBMITTED,
    )
    for indicator, reason, explanation in (
        (crime, MissingReason.NOT_YET_AVAILABLE, ""),
        (other, MissingReason.OTHER, "The new recording system is not live"),
    ):
        MissingFigure.objects.create(
            submission=submission,
            indicator=indicator,
            period="2011/12 Q2",
            reason=reason,
            explanation=explanation,
            partnership=partnership,
        )
    # The same quarter's reason from another year's return is not this one's.
    MissingFigure.objects.create(
        submission=Submission.objects.create(
            partnership=partnership, organisation=police, period="2010/11 Q2"
        ),
        indicator=crime,
        period="2010/11 Q2",
        reason=MissingReason.NOT_COLLECTED,
        partnership=partnership,
    )

    page = dashboard(signed_in(client, board_member))

    police_row = next(r for r in page.text.split("<tr") if "Metropolitan Police" in r)
    assert "Local 21 (Quarter 2 2011/12): " in police_row
    assert "Data not yet available" in police_row
    assert "The new recording system is not live" in police_row
    assert "Not collected this period" not in police_row


def test_the_dashboard_accepts_the_quarter_as_the_url_writes_it(client, board_member, smoking):
    page = dashboard(signed_in(client, board_member), "2011-12-Q3")
    assert "Returns for Quarter 3 2011/12" in page.text


def test_the_dashboard_is_hidden_from_the_public(session):
    response = dashboard(session)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_dashboard_is_hidden_from_other_partnerships(
    client, other_partnership_officer, partnership
):
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": partnership.slug})
    assert dashboard(client).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_the_dashboard_uses_constant_queries(
    client, django_assert_num_queries, board_member, partnership, council, police, count
):
    for n in range(count):
        indicator = IndicatorFactory(
            partnership=partnership,
            lead_agency=council if n % 2 else police,
            frequency="monthly" if n % 3 else "quarterly",
        )
        IndicatorValueFactory(indicator=indicator, period="2011-07", actual=Decimal(n))
    signed_in(client, board_member)
    # the partnership by its slug in the address, session, user, indicators with
    # lead agencies, the return settings (its "Reporting from" quarter), their
    # figures, the returns, the reasons for missing figures, the performance leads
    with django_assert_num_queries(9):
        address = under(partnership, reverse("performance_entry:dashboard"))
        assert client.get(address, {"period": "2011/12 Q2"}).status_code == 200


def dashboard_download(client, fmt="csv", period="2011/12 Q2"):
    return client.get(
        reverse("performance_entry:dashboard-download", args=[fmt]), {"period": period}
    )


def test_the_dashboard_downloads_each_agencys_return_with_the_reasons(
    client, board_member, partnership, police, crime
):
    submission = Submission.objects.create(
        partnership=partnership,
        organisation=police,
        period="2011/12 Q2",
        state=SubmissionState.SUBMITTED,
    )
    MissingFigure.objects.create(
        submission=submission,
        indicator=crime,
        period="2011/12 Q2",
        reason=MissingReason.NOT_YET_AVAILABLE,
        partnership=partnership,
    )
    signed_in(client, board_member)
    page = dashboard(client)
    assert 'href="/ealing/performance/dashboard.csv?period=2011%2F12+Q2"' in page.text
    response = dashboard_download(client)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    police_row = next(r for r in rows if r["Agency"] == "Metropolitan Police Service")
    assert police_row["Quarter"] == "Quarter 2 2011/12"
    assert police_row["Status"] == "Submitted for approval"
    assert police_row["Figures missing"] == "1"
    assert police_row["Missing figures and why"] == (
        "Local 21 (Quarter 2 2011/12): Data not yet available"
    )
    sheet = load_workbook(io.BytesIO(dashboard_download(client, "xlsx").content)).active
    assert [c.value for c in sheet[1]][:3] == ["Agency", "Quarter", "Status"]


def test_the_dashboard_download_is_refused_as_the_page_is(
    client, session, other_partnership_officer, partnership, crime
):
    response = dashboard_download(session)
    assert response.status_code == 302
    assert reverse("login") in response.url
    client.force_login(other_partnership_officer)
    client.get("/", {"partnership": partnership.slug})
    assert dashboard_download(client).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_the_dashboard_download_uses_constant_queries(
    client, django_assert_num_queries, board_member, partnership, council, police, count
):
    for n in range(count):
        indicator = IndicatorFactory(
            partnership=partnership, lead_agency=council if n % 2 else police
        )
        IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=Decimal(n))
    signed_in(client, board_member)
    # the partnership by its slug, session, user, indicators with lead agencies, the
    # return settings (its "Reporting from" quarter), their figures, the returns, the
    # reasons for missing figures
    with django_assert_num_queries(8):
        address = under(partnership, reverse("performance_entry:dashboard-download", args=["csv"]))
        assert client.get(address, {"period": "2011/12 Q2"}).status_code == 200


# Data issues ------------------------------------------------------------------------------


def test_the_data_issues_log_links_replaced_indicators_to_their_replacements(session, partnership):
    old = IndicatorFactory(
        partnership=partnership, code="NI 30", name="Re-offending", lifecycle=Lifecycle.RETIRED
    )
    new = IndicatorFactory(partnership=partnership, code="Local 30", name="Proven re-offending")
    old.replaced_by.add(new)
    DataIssue.objects.create(
        partnership=partnership,
        indicator=old,
        issue="The Home Office stopped publishing NI 30",
        kind=IssueKind.REPLACED,
        recommended_decision="Use the MoJ measure",
        board_decision="Agreed",
    )
    page = session.get(reverse("performance_entry:data-issues"))
    assert page.status_code == 200
    assert "The Home Office stopped publishing NI 30" in page.text
    assert "Indicator replaced" in page.text
    assert "Use the MoJ measure" in page.text
    assert f'Replaced by <a class="govuk-link" href="{new.get_absolute_url()}">Local 30</a>' in (
        page.text
    )
    assert "Replaced indicators" in page.text
    assert f'href="{old.get_absolute_url()}">NI 30 Re-offending</a>' in page.text


def test_the_public_data_issues_log_leaves_out_non_public_indicators(session, partnership):
    hidden = IndicatorFactory(partnership=partnership, code="Local 99", is_public=False)
    DataIssue.objects.create(
        partnership=partnership, indicator=hidden, issue="Secret", kind=IssueKind.NO_DATA
    )
    page = session.get(reverse("performance_entry:data-issues"))
    assert "Secret" not in page.text


@pytest.mark.parametrize("count", [2, 20])
def test_the_data_issues_log_uses_constant_queries(
    session, django_assert_num_queries, partnership, count
):
    for n in range(count):
        old = IndicatorFactory(partnership=partnership, lifecycle=Lifecycle.RETIRED)
        old.replaced_by.add(IndicatorFactory(partnership=partnership))
        DataIssue.objects.create(
            partnership=partnership, indicator=old, issue=f"Issue {n}", kind=IssueKind.REPLACED
        )
    # the partnership by its slug in the address (no session), issues with indicators,
    # their replacements, replaced indicators, their replacements
    with django_assert_num_queries(5):
        address = under(partnership, reverse("performance_entry:data-issues"))
        assert session.get(address).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_return_page_uses_constant_queries(
    client, django_assert_num_queries, officer, partnership, council, count
):
    for n in range(count):
        indicator = IndicatorFactory(
            partnership=partnership,
            lead_agency=council,
            frequency="monthly" if n % 2 else "quarterly",
        )
        IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=Decimal(n))
    signed_in(client, officer)
    # the partnership by its slug in the address, session, user,
    # the organisation, performance leads, the return, indicators, figures (with the
    # previous periods'), commentary, the partnership's return settings, the periods
    # with figures (`latest_figures`)
    with django_assert_num_queries(11):
        assert client.get(under(partnership, url(council))).status_code == 200


def test_the_dashboard_links_only_returns_the_viewer_may_open(
    client, board_member, officer, partnership, council, police
):
    from roundtable.performance.tests.factories import IndicatorFactory

    IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorFactory(partnership=partnership, lead_agency=police)
    url = reverse("performance_entry:dashboard")
    client.force_login(board_member)
    assert 'href="/ealing/performance/entry/' not in client.get(url, {"period": "2011/12 Q2"}).text
    client.force_login(officer)
    page = client.get(url, {"period": "2011/12 Q2"}).text
    assert f'href="/ealing/performance/entry/{council.pk}/' in page
    assert f'href="/ealing/performance/entry/{police.pk}/' not in page


# Fractions ---------------------------------------------------------------------------------


@pytest.fixture
def placements(partnership, council):
    """A percentage entered as a numerator and a denominator (NI 62 style)."""
    return IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code="NI 62",
        name="Stability of placements",
        unit="%",
        has_fraction=True,
    )


def test_only_indicators_entered_as_fractions_ask_for_a_numerator(
    client, officer, council, smoking, placements
):
    page = signed_in(client, officer).get(url(council)).text
    assert f'name="i{placements.pk}_2011-12-Q2_numerator"' in page
    assert f'name="i{placements.pk}_2011-12-Q2_denominator"' in page
    assert f'name="i{smoking.pk}_2011-12-Q2_numerator"' not in page
    assert "leave the actual blank to work it out from them (as a percentage)" in page


def test_a_numerator_and_denominator_give_the_actual_with_history(
    client, officer, council, placements
):
    data = figures(placements, numerator="3", denominator="8", target="10")
    assert signed_in(client, officer).post(url(council), data).status_code == 302
    value = IndicatorValue.objects.get(indicator=placements)
    assert (value.numerator, value.denominator, value.actual, value.target) == (
        Decimal(3),
        Decimal(8),
        Decimal("37.5"),
        Decimal(10),
    )
    (created,) = value.history.all()
    assert (created.history_user, created.numerator, created.denominator) == (officer, 3, 8)


def test_a_typed_actual_is_kept_beside_its_fraction(client, officer, council, placements):
    data = figures(placements, actual="37", numerator="3", denominator="8")
    signed_in(client, officer).post(url(council), data)
    value = IndicatorValue.objects.get(indicator=placements)
    assert (value.actual, value.numerator, value.denominator) == (37, 3, 8)


def test_changing_only_the_denominator_is_saved_in_the_history(
    client, officer, council, placements
):
    signed_in(client, officer).post(
        url(council), figures(placements, numerator="3", denominator="8")
    )
    client.post(url(council), figures(placements, actual="37.5", numerator="3", denominator="6"))
    value = IndicatorValue.objects.get(indicator=placements)
    assert (value.denominator, value.history.count()) == (6, 2)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"numerator": "3"},
            "NI 62, Quarter 2 2011/12, denominator: give both the numerator and the "
            "denominator, or neither",
        ),
        (
            {"denominator": "8"},
            "NI 62, Quarter 2 2011/12, numerator: give both the numerator and the "
            "denominator, or neither",
        ),
        (
            {"numerator": "3", "denominator": "0"},
            "NI 62, Quarter 2 2011/12, denominator: the denominator cannot be 0",
        ),
        (
            {"numerator": "three", "denominator": "8"},
            "NI 62, Quarter 2 2011/12, numerator: &#x27;three&#x27; is not a number",
        ),
    ],
)
def test_bad_fractions_are_named_and_nothing_is_saved(
    client, officer, council, placements, fields, message
):
    response = signed_in(client, officer).post(url(council), figures(placements, **fields))
    assert response.status_code == 400
    assert message in response.text
    assert not IndicatorValue.objects.exists()


# A return that cannot be changed is shown as a table -----------------------------------------


def test_an_approved_return_shows_figures_and_commentary_as_plain_text(
    client, officer, administrator, council, smoking, placements
):
    data = figures(smoking, actual="421 (est)", target="420", note="From the PCT")
    data |= figures(placements, numerator="3", denominator="8")
    data[f"i{smoking.pk}_progress"] = "Quits ahead of plan"
    signed_in(client, officer).post(url(council), data)
    client.post(url(council, "entry-submit"))
    signed_in(client, administrator).post(url(council, "entry-approve"))

    page = signed_in(client, officer).get(url(council)).text

    assert f'name="i{smoking.pk}_' not in page
    assert f'name="i{placements.pk}_' not in page
    assert "<textarea" not in page
    assert "disabled" not in page
    # As the report prints them: 3/8 is 37.5%, to NI 62's 0 decimals "38%".
    for cell in ("421", "Yes", "420", "From the PCT", ">38%<", ">3<", ">8<"):
        assert cell in page.replace('<td class="govuk-table__cell">', ">").replace("</td>", "<"), (
            cell
        )
    assert "Quits ahead of plan" in page
    assert "No commentary on NI 62." in page


def test_a_return_the_viewer_cannot_edit_is_shown_as_a_table(
    client, performance_lead, officer, council, smoking
):
    signed_in(client, officer).post(url(council), figures(smoking, actual="421"))
    page = signed_in(client, performance_lead).get(url(council)).text
    assert f'name="i{smoking.pk}_2011-12-Q2_actual"' not in page
    assert '<td class="govuk-table__cell">421</td>' in page


# What a return page says -----------------------------------------------------------------


def test_a_locked_return_prints_its_figures_as_the_report_does(
    client, officer, administrator, partnership, council
):
    """Read-only, a figure reads "1,234.5" (the indicator's decimals, its unit), as the
    report and the `figure` filter print it, not "1234.5"."""
    visits = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="Local 9", decimals=1, unit="£"
    )
    IndicatorValueFactory(indicator=visits, period="2011/12 Q1", actual=Decimal("1500.25"))
    signed_in(client, officer).post(
        url(council), figures(visits, actual="1234.5", target="2000", note="")
    )
    client.post(url(council, "entry-submit"))
    signed_in(client, administrator).post(url(council, "entry-approve"))
    page = signed_in(client, officer).get(url(council)).text
    assert "approved and locked" in page
    assert ">£1,234.5<" in page  # the actual
    assert ">£2,000.0<" in page  # the target
    assert "£1,500.3" in page  # the previous period's, to one decimal
    assert "1234.5" not in page


def test_a_failed_submission_says_the_return_was_not_submitted_not_that_nothing_was_saved(
    client, officer, council, smoking
):
    """Submitting does not save figures, so "Nothing has been saved" is wrong there:
    the summary says the return was not submitted and the saved figures are kept."""
    signed_in(client, officer).post(url(council), figures(smoking, actual="421"))
    response = client.post(url(council, "entry-submit"), figures(smoking, actual="430"))
    assert response.status_code == 400
    assert "The return has not been submitted" in response.text
    assert "Nothing has been saved" not in response.text


def test_a_failed_return_for_changes_says_the_figures_were_not_returned(
    client, performance_lead, council, submitted
):
    response = signed_in(client, performance_lead).post(
        url(council, "entry-return"), {"return-reason": ""}
    )
    assert response.status_code == 400
    assert "The figures have not been returned for changes" in response.text
    assert "Nothing has been saved" not in response.text
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.SUBMITTED


def test_a_failed_save_still_says_nothing_has_been_saved(client, officer, council, smoking):
    response = signed_in(client, officer).post(url(council), figures(smoking, actual="lots"))
    assert response.status_code == 400
    assert "Nothing has been saved" in response.text


def test_rows_without_a_status_say_not_assessed_quietly_and_the_meaning_once(
    client, officer, partnership, council
):
    """An empty row is "Not assessed" in plain hint text, not the report key's long
    bold words in every row; the key's words are explained once on the page."""
    IndicatorFactory(partnership=partnership, lead_agency=council, frequency="monthly")
    page = signed_in(client, officer).get(url(council)).text
    assert page.count("Data not available or Performance not Assessed") == 1
    assert page.count(">Not assessed</span>") == 3  # July, August, September
    assert "rt-rag--grey" not in page


def test_the_return_colours_a_status_as_the_report_does(client, officer, council, smoking):
    """The status tags (.rt-rag) are styled by the report's stylesheet: without it the
    return showed them as bare bold words."""
    page = signed_in(client, officer).get(url(council)).text
    assert 'href="/static/performance/rag.css"' in page
    assert "report.css" not in page  # the report's own layout (its wide page) is not the return's


# Missing figures in the order people read codes ------------------------------------------


@pytest.fixture
def gaps(partnership, police):
    """Police's submitted return lacking NI 195 d and NI 45: "NI 195 d" comes first
    as text, "NI 45" first as people read it."""
    submission = Submission.objects.create(
        partnership=partnership,
        organisation=police,
        period="2011/12 Q2",
        state=SubmissionState.SUBMITTED,
    )
    for code in ("NI 195 d", "NI 45"):
        MissingFigure.objects.create(
            submission=submission,
            indicator=IndicatorFactory(partnership=partnership, lead_agency=police, code=code),
            period="2011/12 Q2",
            reason=MissingReason.NOT_YET_AVAILABLE,
            partnership=partnership,
        )
    return submission


def in_order(text, *parts):
    places = [text.index(part) for part in parts]
    return places == sorted(places)


def test_missing_figures_are_listed_by_code_as_people_read_it(
    client, board_member, administrator, police, gaps
):
    signed_in(client, board_member)
    page = dashboard(client).text
    assert in_order(page, "NI 45 (Quarter 2 2011/12)", "NI 195 d (Quarter 2 2011/12)")
    rows = list(csv.DictReader(io.StringIO(dashboard_download(client).content.decode())))
    police_row = next(r for r in rows if r["Agency"] == "Metropolitan Police Service")
    assert police_row["Missing figures and why"].startswith("NI 45 ")
    sheet = load_workbook(io.BytesIO(dashboard_download(client, "xlsx").content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert any(c.startswith("NI 45 (") and "NI 195 d (" in c for c in cells)
    # The return's own list of figures it does not give.
    page = signed_in(client, administrator).get(url(police)).text
    figures_not_given = page[page.index("Figures not given") :]
    assert in_order(figures_not_given, "NI 45, Quarter 2 2011/12", "NI 195 d, Quarter 2 2011/12")


def test_the_missing_figures_form_lists_them_by_code_as_people_read_it(
    client, police_officer, partnership, police
):
    for code in ("NI 195 d", "NI 45"):
        IndicatorFactory(partnership=partnership, lead_agency=police, code=code)
    other = IndicatorFactory(partnership=partnership, lead_agency=police, code="NI 7")
    signed_in(client, police_officer).post(url(police), figures(other, actual="3"))
    page = client.post(url(police, "entry-submit")).text
    missing = page[page.index("Missing figures") :]
    assert in_order(missing, "NI 45, Quarter 2 2011/12", "NI 195 d, Quarter 2 2011/12")


# The way in from an indicator's page ------------------------------------------------------


def test_an_indicators_page_leads_its_agencys_editor_to_the_return(
    client, officer, police_officer, council, smoking
):
    # The indicator's page was a dead end for the agency that enters its figures: it
    # offered only "All indicators", though the return is where its figures are entered.
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q2", actual=Decimal(421))
    page = signed_in(client, officer).get(smoking.get_absolute_url()).content.decode()
    assert f'{url(council)}#indicator-{smoking.pk}">Enter NI 123' in page
    assert "Enter NI 123's figures</a> in Ealing Council's return for Quarter 2 2011/12" in page
    other = signed_in(client, police_officer).get(smoking.get_absolute_url()).content.decode()
    assert "return for Quarter" not in other
    client.logout()
    assert "return for Quarter" not in client.get(smoking.get_absolute_url()).content.decode()


def test_an_indicator_not_collected_by_returns_has_no_way_to_a_return(
    client, officer, council, smoking
):
    smoking.lifecycle = Lifecycle.RETIRED
    smoking.save()
    page = signed_in(client, officer).get(smoking.get_absolute_url()).content.decode()
    assert "return for Quarter" not in page


def test_the_missing_figures_lead_to_their_inputs_below(client, police_officer, police):
    # The warning said to enter the missing figures "above", but the return's figures
    # are below it, and the list of missing figures did not lead to them.
    crime = IndicatorFactory(partnership=police.partnership, lead_agency=police, code="NI 45")
    other = IndicatorFactory(partnership=police.partnership, lead_agency=police, code="NI 7")
    signed_in(client, police_officer).post(url(police), figures(other, actual="3"))
    page = client.post(url(police, "entry-submit")).text
    assert "Enter it in the figures below and save" in page
    assert "above and save" not in page
    link = f'href="#id_i{crime.pk}_2011-12-Q2_actual">NI 45, Quarter 2 2011/12'
    assert link in page
    assert f'id="id_i{crime.pk}_2011-12-Q2_actual"' in page
