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
