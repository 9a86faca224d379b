"""Issue 11, performance returns: previous period and status as you type, valid
ranges, confirming big jumps, reasons for missing figures, withdrawing a submission
(and the lock until then), "My returns", and units with a multiplier."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.core.imports import ImportFailed, read_table
from roundtable.core.testing import under
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory
from roundtable.performance import parsers, returns
from roundtable.performance.choices import SubmissionState
from roundtable.performance.imports import import_indicators, import_values
from roundtable.performance.models import (
    Indicator,
    IndicatorValue,
    MissingFigure,
    PerformanceSettings,
    Submission,
)
from roundtable.performance.periods import parse_period
from roundtable.performance.services import (
    MissingFigures,
    MissingReasonEntry,
    record_indicator_value,
    submit_figures,
    withdraw_submission,
)
from roundtable.performance.services_entry import save_commentary
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.urls("roundtable.performance.tests.urls_entry_test")
Q1, Q2 = parse_period("2011/12 Q1"), parse_period("2011/12 Q2")


# Rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "multiplier"),
    [
        ("per 100,000", "per 100,000", 100_000),
        ("  rate per 10000 ", "rate per 10000", 10_000),
        ("Per 1,000 births", "Per 1,000 births", 1_000),
        ("percentage", "%", 1),
        ("visits", "visits", 1),
    ],
)
def test_any_unit_is_accepted_and_a_rate_implies_its_multiplier(text, unit, multiplier):
    assert parsers.parse_unit(text) == unit
    assert parsers.unit_multiplier(parsers.parse_unit(text)) == multiplier


def test_a_blank_unit_and_an_odd_multiplier_are_refused():
    with pytest.raises(ValueError, match="enter the unit"):
        parsers.parse_unit(" ")
    with pytest.raises(ValueError, match="not a multiplier; use one of 1, 1,000"):
        parsers.parse_multiplier("500")
    assert parsers.parse_multiplier("100,000") == 100_000
    assert parsers.parse_multiplier("", "per 1,000") == 1_000


def test_a_figure_outside_the_valid_range_is_refused_naming_indicator_and_range():
    valid = parsers.ValidRange(Decimal(0), Decimal(500))
    assert parsers.check_in_unit(Decimal(500), "count", valid_range=valid, code="NI 123") == 500
    with pytest.raises(ValueError, match="valid range") as error:
        parsers.check_in_unit(Decimal(612), "count", valid_range=valid, code="NI 123")
    assert str(error.value) == (
        "612 is outside NI 123's valid range, 0 to 500; "
        "check the figure, or ask an administrator to change the range"
    )
    assert str(parsers.ValidRange(Decimal(5), None)) == "5 or more"


def test_a_rate_cannot_be_negative_and_a_fraction_uses_the_multiplier():
    with pytest.raises(ValueError, match="a rate cannot be negative"):
        parsers.check_in_unit(Decimal(-1), "per 100,000", multiplier=100_000)
    assert parsers.actual_from_fraction(Decimal(3), Decimal(1000), "per 100,000", 100_000) == 300


def test_a_valid_range_upside_down_is_refused():
    with pytest.raises(ValueError, match="is above the highest"):
        parsers.check_valid_range(parsers.ValidRange(Decimal(10), Decimal(1)))


@pytest.mark.parametrize(
    ("value", "previous", "jump"),
    [("87", "8.7", True), ("0.87", "8.7", True), ("86", "8.7", False), ("1", "9", False)],
)
def test_a_figure_ten_times_the_previous_is_a_big_jump(value, previous, jump):
    assert returns.is_big_jump(Decimal(value), Decimal(previous), 10) is jump


def test_the_big_jump_message_says_how_far_and_what_to_do():
    assert returns.jump_message(Decimal("0.87"), Decimal("8.7"), "Quarter 1") == (
        "0.87 is 1/10 of Quarter 1's figure (8.7); check it, and tick ‘The figure is right’ "
        "to save it"
    )


def test_no_big_jump_without_a_previous_figure_or_with_the_check_off():
    assert not returns.is_big_jump(Decimal(87), None, 10)
    assert not returns.is_big_jump(Decimal(87), Decimal(0), 10)
    assert not returns.is_big_jump(Decimal(870), Decimal(1), 0)


def test_a_return_is_due_twenty_working_days_after_its_quarter():
    # Q2 2011/12 ends on Friday 30 September 2011; 20 working days later is 28 October.
    assert returns.return_deadline(Q2, 20) == datetime.date(2011, 10, 28)


@pytest.mark.parametrize(
    ("state", "today", "progress"),
    [
        ("draft", datetime.date(2011, 9, 1), returns.ReturnProgress.NOT_DUE),
        ("draft", datetime.date(2011, 10, 3), returns.ReturnProgress.DUE),
        ("draft", datetime.date(2011, 10, 31), returns.ReturnProgress.OVERDUE),
        ("returned", datetime.date(2011, 10, 3), returns.ReturnProgress.RETURNED),
        ("submitted", datetime.date(2011, 12, 1), returns.ReturnProgress.AWAITING_APPROVAL),
        ("approved", datetime.date(2011, 12, 1), returns.ReturnProgress.APPROVED),
    ],
)
def test_where_a_return_stands(state, today, progress):
    deadline = returns.return_deadline(Q2, 20)
    assert returns.return_progress(state, Q2, deadline, today) is progress


# The return page ------------------------------------------------------------------------


@pytest.fixture
def smoking(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 123", name="Stopping smoking"
    )


@pytest.fixture
def homes(partnership, council):
    return IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 155", name="Affordable homes"
    )


def url(organisation, name="entry", quarter=Q2):
    return reverse(f"performance_entry:{name}", args=[organisation.pk, quarter])


def figures(indicator, period="2011-12-Q2", **fields):
    return {f"i{indicator.pk}_{period}_{name}": value for name, value in fields.items()}


@pytest.mark.django_db
def test_the_return_shows_the_previous_period_and_the_status(client, officer, council, smoking):
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q1", actual=Decimal(481))
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q2", actual=421, target=420)
    client.force_login(officer)
    page = client.get(url(council)).text
    assert "481" in page
    assert "Quarter 1 2011/12" in page or "2011/12 Q1" in page or "Q1" in page
    assert "on/above target" in page.lower() or "on target" in page.lower()
    assert url(council, "entry-status") + '" hx-trigger="input delay:400ms"' in page


@pytest.mark.django_db
def test_the_status_follows_what_is_typed(client, officer, council, smoking):
    client.force_login(officer)
    key = f"i{smoking.pk}_2011-12-Q2"
    answer = client.get(
        url(council, "entry-status"), {"key": key, f"{key}_actual": "300", f"{key}_target": "420"}
    )
    assert answer.status_code == 200
    assert "below target" in answer.text
    refused = client.get(url(council, "entry-status"), {"key": key, f"{key}_actual": "8,7"})
    assert "use a full stop for decimals" in refused.text
    assert client.get(url(council, "entry-status"), {"key": "nope"}).status_code == 404


@pytest.mark.django_db
def test_the_status_as_you_type_is_refused_to_other_agencies(client, partnership, council):
    police = OrganisationFactory(partnership=partnership)
    other = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    client.force_login(other)
    assert client.get(url(council, "entry-status"), {"key": "x"}).status_code == 403


@pytest.mark.django_db
def test_a_figure_outside_the_valid_range_is_refused_on_the_form(client, officer, council, smoking):
    Indicator.objects.filter(pk=smoking.pk).update(valid_min=0, valid_max=500)
    client.force_login(officer)
    response = client.post(url(council), figures(smoking, actual="612"))
    assert response.status_code == 400
    assert "612 is outside NI 123&#x27;s valid range, 0 to 500" in response.text
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_figure_outside_the_valid_range_is_refused_on_upload_and_import(
    client, officer, partnership, council, smoking
):
    Indicator.objects.filter(pk=smoking.pk).update(valid_max=500)
    text = "code,period,actual,target,estimated,note\nNI 123,2011/12 Q2,612,,,\n"
    client.force_login(officer)
    upload = SimpleUploadedFile("f.csv", text.encode(), content_type="text/csv")
    response = client.post(url(council, "entry-upload"), {"file": upload})
    assert response.status_code == 400
    assert "Row 2, actual: 612 is outside NI 123&#x27;s valid range, 500 or less" in response.text
    with pytest.raises(ImportFailed) as failure:
        import_values(read_table(io.BytesIO(text.encode()), "f.csv"), partnership, None)
    assert "valid range, 500 or less" in str(failure.value.errors[0])
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_big_jump_is_saved_only_once_confirmed(client, officer, council, smoking):
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q1", actual=Decimal("8.7"))
    client.force_login(officer)
    key = f"i{smoking.pk}_2011-12-Q2"
    response = client.post(url(council), {f"{key}_actual": "87"})
    assert response.status_code == 400
    assert "87 is 10 times Quarter 1 2011/12&#x27;s figure (8.7); check it" in response.text
    assert f'name="{key}_confirm"' in response.text
    assert not IndicatorValue.objects.filter(period="2011/12 Q2").exists()
    response = client.post(url(council), {f"{key}_actual": "87", f"{key}_confirm": "on"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(period="2011/12 Q2").actual == 87


@pytest.mark.django_db
def test_the_jump_factor_is_set_per_partnership(client, officer, partnership, council, smoking):
    PerformanceSettings.objects.create(partnership=partnership, jump_factor=100)
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q1", actual=Decimal("8.7"))
    client.force_login(officer)
    response = client.post(url(council), figures(smoking, actual="87"))
    assert response.status_code == 302


# Submitting with missing figures ----------------------------------------------------------


@pytest.mark.django_db
def test_submitting_with_missing_figures_lists_them_and_saves_nothing(
    client, officer, council, smoking, homes
):
    client.force_login(officer)
    client.post(url(council), figures(smoking, actual="421"))
    response = client.post(url(council, "entry-submit"))
    assert response.status_code == 200
    assert "1 figure is missing" in response.text
    assert "NI 155, Quarter 2" in response.text or "NI 155," in response.text
    assert "Data not yet available" in response.text
    assert not Submission.objects.filter(state=SubmissionState.SUBMITTED).exists()


@pytest.mark.django_db
def test_submitting_without_a_reason_or_confirmation_is_refused(
    client, officer, council, smoking, homes
):
    client.force_login(officer)
    client.post(url(council), figures(smoking, actual="421"))
    response = client.post(url(council, "entry-submit"), {"missing-every": ""})
    assert response.status_code == 400
    assert "choose why the figure is missing" in response.text
    assert "Confirm that you want to submit without these figures" in response.text
    key = f"missing-i{homes.pk}_2011-12-Q2"
    response = client.post(
        url(council, "entry-submit"), {f"{key}_reason": "other", "missing-confirm": "on"}
    )
    assert response.status_code == 400
    assert "say why the figure is missing" in response.text
    assert not Submission.objects.filter(state=SubmissionState.SUBMITTED).exists()


@pytest.mark.django_db
def test_reasons_for_missing_figures_are_kept_and_shown_to_the_approver(
    client, officer, administrator, council, smoking, homes
):
    client.force_login(officer)
    client.post(url(council), figures(smoking, actual="421"))
    key = f"missing-i{homes.pk}_2011-12-Q2"
    response = client.post(
        url(council, "entry-submit"),
        {f"{key}_reason": "not_yet_available", "missing-confirm": "on"},
    )
    assert response.status_code == 302
    submission = Submission.objects.get(organisation=council)
    assert submission.state == SubmissionState.SUBMITTED
    missing = MissingFigure.objects.get()
    assert (missing.indicator, missing.period, missing.reason_text) == (
        homes,
        "2011/12 Q2",
        "Data not yet available",
    )
    assert "1 figure missing" in submission.history.first().history_change_reason
    client.force_login(administrator)
    page = client.get(url(council)).text
    assert "Figures not given" in page
    assert "Data not yet available" in page
    # The period in words, as the return's form names it, not its stored code.
    assert f"{homes.code}, Quarter 2 2011/12</th>" in page
    assert f"{homes.code}, 2011/12 Q2" not in page


@pytest.mark.django_db
def test_a_returned_return_offers_its_reasons_again_when_submitted_again(
    client, officer, administrator, council, smoking, homes
):
    """After a return comes back for changes, submitting it again asked for every
    missing figure's reason from scratch: the reasons given before are offered."""
    client.force_login(officer)
    client.post(url(council), figures(smoking, actual="421"))
    key = f"missing-i{homes.pk}_2011-12-Q2"
    client.post(
        url(council, "entry-submit"),
        {f"{key}_reason": "other", f"{key}_explanation": "Survey late", "missing-confirm": "on"},
    )
    client.force_login(administrator)
    client.post(url(council, "entry-return"), {"return-reason": "Check NI 123"})
    client.force_login(officer)
    response = client.post(url(council, "entry-submit"))
    assert response.status_code == 200
    page = response.text
    assert '<option value="other" selected>Other</option>' in page
    assert 'value="Survey late"' in page
    # Offered, not assumed: the confirmation is still asked for.
    assert Submission.objects.get(organisation=council).state == SubmissionState.RETURNED


def test_a_missing_figures_period_reads_in_words():
    assert MissingFigure(period="2026-07").period_label == "July 2026"
    assert MissingFigure(period="2026/27 Q2").period_label == "Quarter 2 2026/27"
    assert MissingFigure(period="not a period").period_label == "not a period"


@pytest.mark.django_db
def test_the_service_refuses_missing_figures_without_reasons(officer, council, smoking, homes):
    record_indicator_value(officer, smoking, Q2, actual=Decimal(421))
    with pytest.raises(MissingFigures) as missing:
        submit_figures(officer, council, Q2)
    assert [(i.code, str(p)) for i, p in missing.value.missing] == [("NI 155", "2011/12 Q2")]
    reasons = {(homes.pk, "2011/12 Q2"): MissingReasonEntry("other", "")}
    with pytest.raises(ValidationError, match="say why the figure is missing"):
        submit_figures(officer, council, Q2, reasons)


# Withdrawing, and the lock while submitted ------------------------------------------------


@pytest.fixture
def submitted(officer, council, smoking):
    record_indicator_value(officer, smoking, Q2, actual=Decimal(421))
    return submit_figures(officer, council, Q2)


@pytest.mark.django_db
def test_submitted_figures_are_locked_for_the_submitter(
    client, officer, council, smoking, submitted
):
    client.force_login(officer)
    page = client.get(url(council))
    assert "submitted for approval and locked" in page.text
    assert "Save figures and commentary" not in page.text
    response = client.post(url(council), figures(smoking, actual="999"))
    assert response.status_code == 400
    assert "submitted for approval and locked" in response.text
    upload = SimpleUploadedFile(
        "f.csv", b"code,period,actual,target,estimated,note\nNI 123,2011/12 Q2,999,,,\n"
    )
    assert client.post(url(council, "entry-upload"), {"file": upload}).status_code == 400
    with pytest.raises(ValidationError, match="withdraw the submission"):
        record_indicator_value(officer, smoking, Q2, actual=Decimal(999))
    with pytest.raises(ValidationError, match="submitted for approval and locked"):
        save_commentary(officer, smoking, Q2, progress="Changed")
    assert IndicatorValue.objects.get(indicator=smoking).actual == 421


@pytest.mark.django_db
def test_the_submitter_withdraws_and_may_change_the_figures_again(
    client, officer, council, smoking, submitted
):
    client.force_login(officer)
    assert "Withdraw submission" in client.get(url(council)).text
    response = client.post(url(council, "entry-withdraw"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.DRAFT
    assert submitted.history.first().history_change_reason == "Submission withdrawn"
    assert client.post(url(council), figures(smoking, actual="430")).status_code == 302
    assert IndicatorValue.objects.get(indicator=smoking).actual == 430


@pytest.mark.django_db
def test_another_agency_and_a_board_member_cannot_withdraw(
    client, partnership, board_member, council, submitted
):
    police = OrganisationFactory(partnership=partnership)
    other = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    for user in (other, board_member):
        client.force_login(user)
        assert client.post(url(council, "entry-withdraw")).status_code == 403
        with pytest.raises(PermissionDenied):
            withdraw_submission(user, submitted)
    client.logout()
    assert client.post(url(council, "entry-withdraw")).status_code == 302  # to sign in
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.SUBMITTED


@pytest.mark.django_db
def test_only_submitted_figures_can_be_withdrawn(client, officer, council, smoking):
    record_indicator_value(officer, smoking, Q2, actual=Decimal(421))
    client.force_login(officer)
    response = client.post(url(council, "entry-withdraw"))
    assert response.status_code == 400
    assert "have not been submitted yet" in response.text


# My returns -----------------------------------------------------------------------------


def my_returns(partnership):
    return under(partnership, reverse("performance_entry:my-returns"))


@pytest.mark.django_db
def test_an_editor_has_my_returns_in_the_navigation(client, officer, partnership, smoking):
    client.force_login(officer)
    page = client.get(my_returns(partnership))
    assert page.status_code == 200
    assert ">My returns</a>" in page.text
    assert "Ealing Council" in page.text
    assert "Overdue" in page.text  # the demo quarters are long past their deadlines


@pytest.mark.django_db
def test_a_board_member_has_no_my_returns(client, board_member, partnership):
    client.force_login(board_member)
    assert client.get(my_returns(partnership)).status_code == 403
    assert "My returns" not in client.get(under(partnership, "/performance/")).text


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in_from_my_returns(client, partnership):
    response = client.get(my_returns(partnership))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


@pytest.mark.django_db
def test_another_partnerships_editor_cannot_see_my_returns_here(
    client, partnership, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    assert client.get(my_returns(partnership)).status_code == 403


@pytest.mark.django_db
def test_a_performance_lead_sees_returns_awaiting_approval(client, partnership, council, submitted):
    lead = UserFactory(role=Role.MEMBER, partnership=partnership)
    PerformanceSettings.objects.create(partnership=partnership).performance_leads.add(lead)
    client.force_login(lead)
    page = client.get(my_returns(partnership))
    assert page.status_code == 200
    assert ">My returns</a>" in page.text
    assert "Awaiting your approval" in page.text
    assert url(council) in page.text


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.django_db
def test_my_returns_uses_constant_queries(
    client, django_assert_num_queries, administrator, officer, partnership, council, count
):
    for _ in range(count):
        agency = OrganisationFactory(partnership=partnership)
        IndicatorFactory(partnership=partnership, lead_agency=agency)
        IndicatorValueFactory(
            indicator=IndicatorFactory(partnership=partnership, lead_agency=agency)
        )
        Submission.objects.create(
            partnership=partnership, organisation=agency, period="2011/12 Q1", state="submitted"
        )
    client.force_login(administrator)
    # the partnership by its slug, session, user, return settings, returns awaiting
    # approval, the latest quarter with figures (for the demo's note)
    with django_assert_num_queries(6):
        assert client.get(my_returns(partnership)).status_code == 200
    IndicatorFactory(partnership=partnership, lead_agency=council)
    client.force_login(officer)
    # the partnership, session, user, performance leads (does the editor approve?),
    # the editor's organisation, return settings, whether it leads indicators, its returns,
    # the latest quarter with figures (for the demo's note)
    with django_assert_num_queries(9):
        assert client.get(my_returns(partnership)).status_code == 200


# Units and the valid range on indicators --------------------------------------------------


@pytest.mark.django_db
def test_an_indicator_per_100000_is_added_on_the_form_with_its_multiplier(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("performance:indicator-add"),
        {
            "code": "PH 1",
            "name": "Under-75 mortality",
            "unit": "per 100,000",
            "polarity": "lower",
            "frequency": "annual",
            "aggregation": "latest",
            "decimals": "1",
            "lifecycle": "active",
            "valid_min": "0",
            "valid_max": "2000",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="PH 1")
    assert (indicator.unit, indicator.multiplier) == ("per 100,000", 100_000)
    assert indicator.valid_range == (0, 2000)
    page = client.get(reverse("performance:indicator-add")).text
    assert '<datalist id="common-units">' in page
    assert '<option value="per 100,000">' in page


@pytest.mark.django_db
def test_an_upside_down_valid_range_is_refused_on_the_form(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("performance:indicator-add"),
        {
            "code": "PH 1",
            "name": "Mortality",
            "unit": "number",
            "polarity": "lower",
            "frequency": "annual",
            "aggregation": "latest",
            "decimals": "0",
            "lifecycle": "active",
            "valid_min": "10",
            "valid_max": "1",
        },
    )
    assert response.status_code == 400
    assert "is above the highest" in response.text
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_import_indicators_takes_per_100000_a_multiplier_and_a_valid_range(partnership):
    text = (
        "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance,"
        "multiplier,valid_min,valid_max\n"
        "PH 1,Mortality,Health,lower,annual,per 100000,no,,,100000,0,2000\n"
        "PH 2,Smokers,Health,lower,annual,Per 100,000,no,,,,,\n"
        "PH 3,Visits,Health,higher,annual,visits,no,,,,,\n"
    ).replace("Per 100,000", '"Per 100,000"')
    import_indicators(read_table(io.BytesIO(text.encode()), "f.csv"), partnership, None)
    found = {i.code: (i.unit, i.multiplier, i.valid_max) for i in Indicator.objects.all()}
    assert found == {
        "PH 1": ("per 100000", 100_000, 2000),
        "PH 2": ("Per 100,000", 100_000, None),
        "PH 3": ("visits", 1, None),
    }


@pytest.mark.django_db
def test_import_indicators_refuses_a_bad_multiplier_and_range(partnership):
    text = (
        "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance,"
        "multiplier,valid_min,valid_max\n"
        "PH 1,Mortality,Health,lower,annual,number,no,,,7,10,1\n"
    )
    with pytest.raises(ImportFailed) as failure:
        import_indicators(read_table(io.BytesIO(text.encode()), "f.csv"), partnership, None)
    found = [str(e) for e in failure.value.errors]
    assert any(m.startswith("Row 2, multiplier: '7' is not a multiplier") for m in found)
    assert any(m.startswith("Row 2, valid_max:") and "above the highest" in m for m in found)
    assert not Indicator.objects.exists()


# A quarter that asks for nothing ------------------------------------------------------


@pytest.mark.parametrize(
    ("frequencies", "quarter", "due"),
    [
        (["annual"], "2011/12 Q2", False),
        (["annual"], "2011/12 Q4", True),
        (["4-monthly"], "2011/12 Q3", False),
        (["4-monthly"], "2011/12 Q2", True),
        (["annual", "monthly"], "2011/12 Q2", True),
        ([], "2011/12 Q2", False),
    ],
)
def test_a_return_is_due_only_when_the_quarter_asks_for_a_figure(frequencies, quarter, due):
    assert returns.anything_due(frequencies, parse_period(quarter)) is due


@pytest.mark.django_db
def test_an_agency_asked_for_nothing_this_quarter_owes_no_return(
    client, officer, administrator, partnership, council
):
    """West London Mental Health Trust leads one annual indicator: its Quarter 2 return
    asks for nothing and could never be submitted ("Enter … figures before submitting
    them"), yet My Roundtable listed it as overdue for ever."""
    from roundtable.performance.returns_queries import my_returns, returns_for

    IndicatorFactory(partnership=partnership, lead_agency=council, frequency="annual")
    collecting_q2 = datetime.date(2011, 11, 15)
    assert returns_for(administrator, partnership, collecting_q2) == []
    assert returns_for(officer, partnership, collecting_q2) == []
    page = my_returns(partnership, council, approver=False, today=collecting_q2)
    assert [str(r.quarter) for r in page.own] == ["2010/11 Q4"]
    client.force_login(officer)
    text = client.get(url(council)).text
    assert "No figures are due from Ealing Council for Quarter 2 2011/12" in text
    assert "Submit for approval" not in text
    # In Quarter 4 the year's figure is due, and the return with it.
    q4 = returns_for(administrator, partnership, datetime.date(2012, 4, 20))
    assert [(r.organisation, str(r.quarter)) for r in q4] == [(council, "2011/12 Q4")]
    assert (
        "Submit for approval" in client.get(url(council, quarter=parse_period("2011/12 Q4"))).text
    )
