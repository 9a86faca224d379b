"""A partnership's "Reporting from" quarter (`PerformanceSettings.reporting_from`):
returns are expected from it on, never for an earlier quarter. A partnership set up
in 2026/27 Q3 owes no return for 2011/12 or 2025/26, and "My returns", My
Roundtable and the returns dashboard say none is overdue; one set up before the
setting (empty: the demo's) expects every quarter, as before."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.partnership.services import create_partnership
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory
from roundtable.performance import returns
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import PerformanceSettings, Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.returns import ReturnProgress
from roundtable.performance.returns_queries import (
    entry_url,
    my_returns,
    returns_dashboard,
    returns_for,
)
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.urls("roundtable.performance.tests.urls_entry_test")

Q2, Q3, Q4 = (parse_period(f"2026/27 Q{n}") for n in (2, 3, 4))
OLD = parse_period("2011/12 Q2")
# 6 December 2026, in 2026/27 Q3: Q2's return is being collected.
TODAY = datetime.date(2026, 12, 6)
NOW = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)


# The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        ("2011/12 Q2", False),
        ("2026/27 Q2", False),  # the quarter before
        ("2026/27 Q3", True),  # the quarter itself
        ("2026/27 Q4", True),  # after it
        ("2027/28 Q1", True),
    ],
)
def test_returns_are_expected_from_the_reporting_quarter_on(quarter, expected):
    assert returns.return_expected(parse_period(quarter), Q3) is expected


def test_without_a_reporting_quarter_every_quarter_is_expected():
    assert returns.return_expected(OLD, None)
    assert returns.return_expected(Q4, None)


@pytest.mark.parametrize(
    ("state", "progress"),
    [
        ("draft", ReturnProgress.NOT_EXPECTED),
        ("returned", ReturnProgress.RETURNED),
        ("submitted", ReturnProgress.AWAITING_APPROVAL),
        ("approved", ReturnProgress.APPROVED),
    ],
)
def test_a_return_before_the_reporting_quarter_is_never_overdue(state, progress):
    deadline = returns.return_deadline(OLD, 20)
    assert returns.return_progress(state, OLD, deadline, TODAY, reporting_from=Q3) is progress
    # Without the setting, as before: long overdue unless submitted or approved.
    before = returns.return_progress(state, OLD, deadline, TODAY)
    assert before is (progress if state in ("submitted", "approved") else ReturnProgress.OVERDUE)


@pytest.mark.parametrize(
    ("quarter", "today", "progress"),
    [
        (Q3, TODAY, ReturnProgress.NOT_DUE),
        (Q3, datetime.date(2027, 1, 5), ReturnProgress.DUE),
        (Q3, datetime.date(2027, 3, 1), ReturnProgress.OVERDUE),
    ],
)
def test_from_the_reporting_quarter_a_return_is_due_then_overdue(quarter, today, progress):
    deadline = returns.return_deadline(quarter, 20)
    assert returns.return_progress("draft", quarter, deadline, today, Q3) is progress


def test_a_return_is_owed_when_expected_and_asking_for_a_figure():
    assert returns.return_owed(["quarterly"], Q3, Q3)
    assert not returns.return_owed(["quarterly"], Q2, Q3)
    assert not returns.return_owed(["annual"], Q3, Q3)  # the year's figure is due in Q4
    assert returns.return_owed(["quarterly"], OLD, None)


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2026/27 Q3", Q3),
        (" 2026-27-Q3 ", Q3),
        ("2026/2027 quarter 3", Q3),
        ("2026/27 q4", Q4),
        ("", None),
        ("   ", None),
    ],
)
def test_the_reporting_quarter_is_read_as_typed(text, quarter):
    assert returns.parse_reporting_from(text, TODAY) == quarter


@pytest.mark.parametrize("text", ["Q3 2026", "2026/27", "2026/27 Q5", "October 2026", "soon"])
def test_a_reporting_quarter_that_does_not_read_says_which_format(text):
    with pytest.raises(ValueError, match="^Reporting from must be a quarter") as error:
        returns.parse_reporting_from(text, TODAY)
    assert str(error.value) == (
        "Reporting from must be a quarter written as its financial year and quarter "
        "number, like 2026/27 Q3"
    )


# A new partnership ---------------------------------------------------------------------


@pytest.fixture
def new_partnership(db):
    """A partnership set up on 6 December 2026 (2026/27 Q3), whose council leads a
    quarterly indicator with figures imported for 2011/12 Q2 (its history)."""
    with time_machine.travel(NOW, tick=False):
        partnership = create_partnership(None, name="Harrow Partnership", slug="harrow").partnership
    council = OrganisationFactory(partnership=partnership, name="Harrow Council")
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 1")
    IndicatorValueFactory(indicator=indicator, period=str(OLD), actual=Decimal(42))
    return partnership


@pytest.fixture
def harrow_council(new_partnership):
    return new_partnership.organisations.get()


@pytest.fixture
def harrow_editor(new_partnership, harrow_council):
    return UserFactory(
        username="harrow-editor",
        role=Role.EDITOR,
        partnership=new_partnership,
        organisation=harrow_council,
    )


@pytest.fixture
def harrow_administrator(new_partnership):
    return UserFactory(
        username="harrow-admin", role=Role.ADMINISTRATOR, partnership=new_partnership
    )


def test_a_new_partnership_reports_from_the_quarter_it_is_set_up_in(new_partnership):
    settings = PerformanceSettings.objects.get(partnership=new_partnership)
    assert settings.reporting_from == "2026/27 Q3"
    assert settings.history.get().history_change_reason == "Partnership created"


@time_machine.travel(NOW, tick=False)
def test_a_partnership_set_up_by_the_command_reports_from_today_too(db):
    from django.core.management import call_command

    call_command("partnership_create", "--slug", "brent", "--name", "Brent Partnership")
    settings = PerformanceSettings.objects.get(partnership__slug="brent")
    assert settings.reporting_from == "2026/27 Q3"


def test_a_refused_partnership_gets_no_settings(partnership):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_partnership(None, name="Another", slug="ealing")
    assert not PerformanceSettings.objects.exists()


def test_a_loaded_partnership_is_not_a_new_one(db):
    """The demo loader reads partnership.csv (`import_partnership_row`): its
    partnerships get no settings, so every quarter stays expected."""
    from roundtable.core.imports import read_table
    from roundtable.partnership.imports import import_partnership_row

    table = read_table(io.BytesIO(b"name,slug\nLoaded Partnership,loaded\n"), "partnership.csv")
    import_partnership_row(table, None)
    assert not PerformanceSettings.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_setup_checklist_names_the_quarter_returns_start_with(
    client, new_partnership, harrow_administrator
):
    client.force_login(harrow_administrator)
    home = client.get(under(new_partnership, reverse("home"))).text
    assert "You have completed" in home
    assert (
        "Agencies&#x27; returns start with Quarter 3 2026/27 (Reporting from, in the "
        "performance settings); figures for earlier quarters can be imported." in home
    )


def test_a_partnership_without_settings_expects_every_quarter(partnership):
    """Partnerships set up before the setting (the demo's) have none, or an empty
    one: nothing changes for them."""
    from roundtable.performance.returns_queries import return_settings

    assert return_settings(partnership.pk).reporting_from is None
    PerformanceSettings.objects.create(partnership=partnership)
    assert return_settings(partnership.pk).reporting_from is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_new_partnerships_returns_page_has_no_overdue_old_quarters(
    client, new_partnership, harrow_editor
):
    client.force_login(harrow_editor)
    page = client.get(under(new_partnership, reverse("performance_entry:my-returns")))
    assert page.status_code == 200
    assert "Overdue" not in page.text
    assert "from Quarter 3 2026/27: no return is expected for an earlier quarter" in page.text
    assert "Quarter not ended" in page.text  # this quarter's return, due next year
    for old in ("Quarter 2 2026/27", "Quarter 4 2025/26", "Quarter 3 2025/26"):
        assert f"{old}<span" not in page.text


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_same_partnership_without_the_setting_shows_its_old_quarters_overdue(
    client, new_partnership, harrow_editor
):
    """What every new partnership saw before: four quarters it never owed, overdue."""
    PerformanceSettings.objects.filter(partnership=new_partnership).update(reporting_from="")
    client.force_login(harrow_editor)
    page = client.get(under(new_partnership, reverse("performance_entry:my-returns")))
    assert "<strong>4 overdue</strong>" in page.text  # 2026/27 Q1 and Q2, 2025/26 Q3 and Q4
    assert page.text.count("Overdue") == 4


def test_my_returns_lists_only_quarters_from_the_reporting_quarter(new_partnership, harrow_council):
    page = my_returns(new_partnership, harrow_council, approver=False, today=TODAY)
    assert [(str(r.quarter), r.progress) for r in page.own] == [
        ("2026/27 Q3", ReturnProgress.NOT_DUE)
    ]
    assert page.overdue == []
    assert page.due == []
    later = my_returns(
        new_partnership, harrow_council, approver=False, today=datetime.date(2027, 3, 1)
    )
    assert [(str(r.quarter), r.progress) for r in later.own] == [
        ("2026/27 Q4", ReturnProgress.NOT_DUE),
        ("2026/27 Q3", ReturnProgress.OVERDUE),
    ]


def test_an_earlier_quarters_return_shows_as_it_stands_and_never_overdue(
    new_partnership, harrow_council, harrow_administrator, harrow_editor
):
    """History entered through a return: a draft of 2011/12 Q2 is owed by nobody, a
    returned one stays "returned", a submitted one awaits approval."""
    submission = Submission.objects.create(
        partnership=new_partnership, organisation=harrow_council, period=str(OLD)
    )
    assert returns_for(harrow_administrator, new_partnership, TODAY) == []
    assert returns_for(harrow_editor, new_partnership, TODAY) == []
    submission.state = SubmissionState.RETURNED
    submission.save()
    rows = returns_for(harrow_editor, new_partnership, TODAY)
    assert [(str(r.quarter), r.progress, r.overdue) for r in rows] == [
        ("2011/12 Q2", ReturnProgress.RETURNED, False)
    ]
    submission.state = SubmissionState.SUBMITTED
    submission.save()
    rows = returns_for(harrow_administrator, new_partnership, TODAY)
    assert [(str(r.quarter), r.progress) for r in rows] == [
        ("2011/12 Q2", ReturnProgress.AWAITING_APPROVAL)
    ]


def test_the_dashboard_expects_nothing_before_the_reporting_quarter(
    new_partnership, harrow_council
):
    old = returns_dashboard(new_partnership, OLD)
    assert not old.expected
    [agency] = old.agencies
    assert (agency.expected, agency.missing, agency.state_label) == (0, [], "Not expected")
    current = returns_dashboard(new_partnership, Q3)
    assert current.expected
    [agency] = current.agencies
    assert (agency.expected, agency.missing, agency.state_label) == (
        1,
        ["NI 1 (Quarter 3 2026/27)"],
        "Not yet submitted",
    )


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_page_says_no_returns_are_expected_before_it(
    client, new_partnership, harrow_administrator
):
    client.force_login(harrow_administrator)
    address = under(new_partnership, reverse("performance_entry:dashboard"))
    page = client.get(address, {"period": "2011-12-Q2"})
    assert page.status_code == 200
    assert (
        "No returns are expected for Quarter 2 2011/12: the partnership reports from "
        "Quarter 3 2026/27" in page.text
    )
    assert "Not expected" in page.text
    assert 'id="not-expected"' not in client.get(address, {"period": "2026-27-Q3"}).text


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_opens_at_the_reporting_quarter_not_the_imported_history(
    client, new_partnership, harrow_administrator
):
    """It opens at the latest quarter with figures, but a new partnership's only
    figures are its history: its agencies are asked for 2026/27 Q3's."""
    client.force_login(harrow_administrator)
    page = client.get(under(new_partnership, reverse("performance_entry:dashboard"))).text
    assert "Returns for Quarter 3 2026/27" in page
    assert 'id="not-expected"' not in page


@time_machine.travel(NOW, tick=False)
def test_an_indicators_page_leads_to_the_return_of_the_reporting_quarter(
    client, new_partnership, harrow_editor
):
    indicator = new_partnership.indicators.get()
    client.force_login(harrow_editor)
    page = client.get(indicator.get_absolute_url()).text
    assert "Enter NI 1's figures</a> in Harrow Council's return for Quarter 3 2026/27" in page


# The settings page ---------------------------------------------------------------------


def settings_form(**changes):
    return {"status_policy": "tolerance_band", "judge_against": "period", **changes}


@time_machine.travel(NOW, tick=False)
def test_an_administrator_sets_the_reporting_quarter(client, partnership, administrator):
    client.force_login(administrator)
    address = under(partnership, reverse("performance:settings"))
    page = client.get(address)
    assert 'name="reporting_from"' in page.text
    assert "The first quarter agencies make returns for, for example 2026/27 Q3" in page.text
    response = client.post(address, settings_form(reporting_from="2012-13-q1"))
    assert response.status_code == 302
    settings = PerformanceSettings.objects.get(partnership=partnership)
    assert settings.reporting_from == "2012/13 Q1"  # kept the standard way
    assert settings.history.first().reporting_from == "2012/13 Q1"
    client.post(address, settings_form(reporting_from=""))
    settings.refresh_from_db()
    assert settings.reporting_from == ""  # every quarter again


@time_machine.travel(NOW, tick=False)
def test_a_reporting_quarter_that_does_not_read_is_refused_naming_the_format(
    client, partnership, administrator
):
    client.force_login(administrator)
    address = under(partnership, reverse("performance:settings"))
    response = client.post(address, settings_form(reporting_from="Q3 2026"))
    assert response.status_code == 400
    message = (
        "Reporting from must be a quarter written as its financial year and quarter "
        "number, like 2026/27 Q3"
    )
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert 'id="id_reporting_from-error"' in response.text
    assert PerformanceSettings.objects.get(partnership=partnership).reporting_from == ""


def test_the_model_refuses_a_reporting_quarter_that_does_not_read(partnership):
    """The admin site saves through the model's validation too."""
    from django.core.exceptions import ValidationError

    settings = PerformanceSettings(partnership=partnership, reporting_from="2026/27")
    with pytest.raises(ValidationError, match="Reporting from must be a quarter"):
        settings.full_clean()
    settings.reporting_from = "2026/27 quarter 3"
    settings.full_clean()
    assert settings.reporting_from == "2026/27 Q3"


@time_machine.travel(NOW, tick=False)
def test_an_earlier_quarters_return_page_says_no_return_is_expected(
    client, new_partnership, harrow_council, harrow_editor
):
    """Its figures (the imported history) still show and may be corrected."""
    client.force_login(harrow_editor)
    old = client.get(under(new_partnership, entry_url(harrow_council.pk, OLD)))
    assert old.status_code == 200
    assert (
        f"No return is expected for {OLD.label}: the partnership reports from "
        "Quarter 3 2026/27" in old.text
    )
    assert 'value="42"' in old.text
    current = client.get(under(new_partnership, entry_url(harrow_council.pk, Q3)))
    assert current.status_code == 200
    assert 'id="not-expected"' not in current.text
