"""The demo partnerships load from the source documents, and loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from roundtable.accounts.models import User
from roundtable.geography.models import Area
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
)
from roundtable.strategy.models import Priority

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module (about 3 s), and empty the database after."""
    with django_db_blocker.unblock():
        call_command("demo_load", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def history_rows() -> int:
    models = [Organisation, Person, Body, Membership, TermsOfReference, Priority, Area]
    return sum(model.history.count() for model in models)


def test_ealing_board_is_chaired_by_the_leader_as_the_minutes_record(demo):
    chair = Membership.objects.get(body__slug="ealing-lsp-executive", role="chair")
    assert chair.person.name == "Cllr Julian Bell"
    assert chair.title == "Leader of London Borough of Ealing"
    assert chair.organisation.name == "Ealing Council"


def test_warwick_terms_of_reference_come_from_appendix_1(demo):
    forum = TermsOfReference.objects.get(body__slug="warwick-stakeholder-advisory-forum")
    assert forum.meeting_frequency.startswith("2 – 3 times per annum")
    assert "holding it to account" in forum.purpose


def test_the_demo_has_no_invented_contact_details(demo):
    assert not Person.objects.exclude(email="").exists()
    assert not Person.objects.exclude(phone="").exists()


def test_every_partnership_is_placed_in_its_local_authority(demo):
    places = dict(Partnership.objects.values_list("slug", "area__code"))
    assert places == {
        "ealing": "E09000009",
        "warwick": "E07000222",
        "westminster": "E09000033",
    }


def test_westminster_priorities_keep_their_workshop_history(demo):
    deleted = Priority.objects.filter(strategy__partnership__slug="westminster", status="deleted")
    assert deleted.exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = history_rows()
    call_command("demo_load", stdout=io.StringIO())
    assert history_rows() == before


def test_demo_accounts_have_one_role_each(demo):
    roles = dict(User.objects.filter(username__startswith="demo-").values_list("username", "role"))
    assert roles == {
        "demo-admin": "administrator",
        "demo-editor": "editor",
        "demo-member": "member",
        "demo-secretary": "member",
    }


def test_ealing_performance_report_comes_from_the_pack_and_is_approved(demo):
    from roundtable.performance.models import Indicator, IndicatorValue, Submission

    smoking = IndicatorValue.objects.get(indicator__code="NI 123", period="2011/12 Q2")
    assert (smoking.actual, smoking.estimated, smoking.target) == (421, True, 420)
    assert Indicator.objects.filter(partnership__slug="ealing", lifecycle="active").count() == 35
    assert not Submission.objects.exclude(state="approved").exists()


def test_ni_130_has_no_impossible_forecast_and_says_why(demo):
    from roundtable.performance.periods import parse_period
    from roundtable.performance.queries import build_report

    ealing = Partnership.objects.get(slug="ealing")
    for period in ("2011/12 Q1", "2011/12 Q2"):
        row = next(r for r in build_report(ealing, parse_period(period)).rows if r.code == "NI 130")
        assert row.forecast == row.ytd  # the latest figure, not a straight line
    assert "impossible 74.70%" in row.source_note


def test_every_demo_forecast_of_a_percentage_is_possible(demo):
    from roundtable.performance.periods import parse_period
    from roundtable.performance.queries import build_report

    ealing = Partnership.objects.get(slug="ealing")
    for period in ("2011/12 Q1", "2011/12 Q2", "2011/12 Q3", "2011/12 Q4", "2012/13 Q1"):
        for row in build_report(ealing, parse_period(period)).rows:
            assert not row.forecast_note, (period, row.code)


def test_figures_that_differ_from_the_pack_are_explained_on_the_report(demo, client):
    page = client.get("/ealing/performance/report/2011-12-q2/").content.decode()
    assert "Where this page differs from the source paper" in page
    assert "it shows 3835 where the paper gives 4474 (est)" in page  # Local 21
    assert "Some figures and settings on this page are illustrative" not in page
    assert "Some settings on this page are illustrative" in page
    assert "Illustrative tolerance</span>" in page


def test_every_demo_tolerance_is_labelled_illustrative(demo):
    from roundtable.performance.models import Indicator

    tolerances = Indicator.objects.filter(partnership__slug="ealing", tolerance__isnull=False)
    assert tolerances.exists()
    assert not tolerances.exclude(illustrative_settings__contains="tolerance").exists()
