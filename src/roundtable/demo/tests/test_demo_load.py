"""The demo partnerships load from the source documents, and loading twice changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from roundtable.accounts.models import User
from roundtable.geography.models import Area
from roundtable.partnership.models import (
    Membership,
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


def row_counts() -> dict[str, int]:
    """How many rows every history table holds (every app's: partnership, meetings,
    projects, money, commitments, assets, engagement...), and every table."""
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


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
    before = row_counts()
    assert before["projects.HistoricalProject"]
    assert before["engagement.HistoricalContact"]
    call_command("demo_load", stdout=io.StringIO())
    after = row_counts()
    assert {k: (before[k], n) for k, n in after.items() if before[k] != n} == {}


def test_demo_accounts_have_one_role_each(demo):
    roles = dict(User.objects.filter(username__startswith="demo-").values_list("username", "role"))
    assert roles == {
        "demo-admin": "administrator",
        "demo-editor": "editor",
        "demo-member": "member",
        "demo-secretary": "member",
        "demo-admin-warwick": "administrator",
        "demo-admin-westminster": "administrator",
    }
    places = dict(
        User.objects.filter(username__startswith="demo-").values_list(
            "username", "partnership__slug"
        )
    )
    assert places["demo-admin-westminster"] == "westminster"
    assert places["demo-admin-warwick"] == "warwick"
    assert places["demo-admin"] == places["demo-secretary"] == "ealing"


def test_westminsters_relationship_manager_can_see_the_weekly_digest(demo, client):
    """The digest goes only to a relationship manager with an account: Westminster's
    administrator is Fran Beasley, who manages its register, so it can be seen."""
    from roundtable.engagement.digest import digest_for

    admin = User.objects.get(username="demo-admin-westminster")
    assert admin.person.name.endswith("Beasley")
    found = digest_for(admin, datetime.date.today())
    assert found is not None
    assert [f.stakeholder for f in found.fatigued] == ["Zoological Society of London"]
    client.force_login(admin)
    page = client.get("/westminster/engagement/digest/").content.decode()
    assert "Zoological Society of London" in page
    assert "You are not the relationship manager" not in page


def test_ealing_performance_report_comes_from_the_pack_and_is_approved(demo):
    from roundtable.performance.models import Indicator, IndicatorValue, Submission

    smoking = IndicatorValue.objects.get(indicator__code="NI 123", period="2011/12 Q2")
    assert (smoking.actual, smoking.estimated, smoking.target) == (421, True, 420)
    in_report = Indicator.objects.in_report().filter(partnership__slug="ealing")
    assert in_report.filter(lifecycle="active").count() == 35
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


def test_warwicks_next_steps_are_actions_on_item_4_of_the_wpeg_meeting(demo):
    from roundtable.meetings.models import Action

    actions = Action.objects.filter(partnership__slug="warwick").select_related("item", "meeting")
    assert actions.count() == 8
    assert {(a.meeting.start.date().isoformat(), a.item.title) for a in actions} == {
        ("2009-03-05", "Refocusing and development of the Partnership")
    }
    assert actions.filter(description__startswith="Senior officers to ‘court’").exists()
    assert not actions.exclude(due=None).exists()  # the paper sets no dates


def test_warwicks_task_and_finish_recommendations_a_to_g_are_in_the_tracker(demo):
    from roundtable.recommendations.models import Recommendation

    recs = Recommendation.objects.filter(review__partnership__slug="warwick")
    assert list(recs.values_list("number", flat=True)) == list("ABCDEFG")
    assert recs.get(number="B").bodies.get().slug == "warwick-stakeholder-advisory-forum"
    assert recs.get(number="D").bodies.count() == 4
    assert "Pauline Urwin to propose" in recs.get(number="G").text
    assert not recs.exclude(response="none").exists()  # the paper gives no responses


def test_westminster_workshop_delegates_attended_the_workshop(demo):
    from roundtable.meetings.models import Meeting

    workshop = Meeting.objects.get(body__slug="westminster-wcp-board", start__date="2007-07-11")
    present = workshop.attendance.filter(status="present")
    assert present.count() == 65  # the 63 delegates of Appendix 1, presenter and facilitator
    delegates = present.filter(note__startswith="Appendix 1")
    assert delegates.count() == 63
    allen = delegates.get(person__family_name="Allen")
    assert "listed as 'Borough Commander, Metropolitan Police'" in allen.note


def test_westminster_workshop_focus_wards_are_areas_linked_to_its_priorities(demo):
    wards = Area.objects.get(code="westminster-reassurance-wards")
    assert wards.components.count() == 6
    assert wards.strategy_priorities.filter(ref="CS-1").exists()
    church_street = Area.objects.get(code="E05013794")
    assert church_street.strategy_priorities.filter(ref="HC-1").exists()


def test_the_places_pages_show_what_the_partnerships_target_and_do_there(demo, client):
    """Westminster's focus wards: Church Street's page lists HC-1 (targeting it) and
    CS-1 (targeting the reassurance wards it is one of), and so does Westminster's
    (both are inside it); Warwick's lists the priorities for its target areas;
    Ealing's the Southall project and consultation (Southall is made of its wards)."""
    church_street = client.get("/westminster/places/E05013794/").content.decode()
    westminster = client.get("/westminster/places/E09000033/").content.decode()
    for page in (church_street, westminster):
        assert "Priorities for this place" in page
        assert "HC-1: " in page
        assert "CS-1: " in page
    warwick = client.get("/warwick/places/E07000222/").content.decode()
    assert "SC: Safer Communities" in warwick
    assert "targets Brunswick and Crown" in warwick
    ealing = client.get("/ealing/places/E09000009/").content.decode()
    assert "Projects working here" in ealing
    assert "Southall Big Conversation: developing a Southall Charter" in ealing


def test_the_westminster_tracker_keeps_the_source_wording_and_consistent_statuses(demo):
    from roundtable.recommendations.models import Recommendation

    westminster = Recommendation.objects.filter(review__partnership__slug="westminster")
    wip = westminster.filter(response_as_written="Work in progress Agree")
    assert wip.exists()
    assert set(wip.values_list("status", flat=True)) == {"in_progress"}
    assert not westminster.filter(response="work_in_progress", status="not_started").exists()


def test_the_tracker_page_shows_the_source_wording(demo, client):
    page = client.get("/westminster/recommendations/").content.decode()
    assert "As the source paper puts it: “Work in progress Agree”" in page


def test_the_demo_items_link_to_the_recommendations_and_priorities_they_took(demo, client):
    from roundtable.meetings.models import AgendaItem

    wpeg_item = AgendaItem.objects.get(body__slug="warwick-wpeg", position=4)
    assert wpeg_item.links.count() == 8  # the review and its recommendations A-G
    workshop = AgendaItem.objects.filter(body__slug="westminster-wcp-board")
    assert {link.label.split(":")[0] for link in workshop.get(position=2).links.all()} == {
        "CS-1",
        "HC-1",
    }
    page = client.get(wpeg_item.meeting.get_absolute_url(), follow=True).content.decode()
    assert "Recommendation: A. Pro-active representation on County LSP" in page


def test_warwicks_seat_on_the_county_psb_is_an_outside_body(demo, client):
    # The paper's County LSP is outside the Warwick Partnership: Warwick is represented
    # on it, and its representatives report back (it was recorded as a "network").
    from roundtable.partnership.models import Body

    county = Body.objects.get(slug="warwick-county-lsp-psb")
    assert county.kind == "outside_body"
    page = client.get("/warwick/partnership/structure/", follow=True).content.decode()
    assert "Outside body" in page


def test_each_place_publishes_its_census_2011_residents_on_its_lis(demo):
    from roundtable.lis.models import Dataset, Observation

    dataset = Dataset.objects.get(slug="ealing-census-2011-residents")
    assert (dataset.published, dataset.licence, dataset.themes) == (
        True,
        "OGL-UK-3.0",
        ["Population"],
    )
    assert "not illustrative" in dataset.method_notes
    observations = Observation.objects.filter(
        dataset=dataset, indicator__code="CEN-RES"
    ).select_related("area")
    by_type = {}
    for observation in observations:
        by_type.setdefault(observation.area.area_type, []).append(observation)
        # A census count, not a sample: no confidence limits.
        assert (observation.ci_method, observation.upper_ci_99_8) == ("", None)
        if observation.area.area_type in ("region", "country"):
            continue  # summed from every LSOA of the real wheels (lis/data/parent_areas.csv)
        if observation.area.area_type == "local_authority" and observation.area.code != "E09000009":
            continue  # a comparator, summed the same way (lis/data/local_authorities.csv)
        assert observation.value == observation.area.population
    # Ealing, and England's other 278 authorities as comparators for its neighbours.
    assert len(by_type["local_authority"]) == 279
    by_type["local_authority"] = [
        o for o in by_type["local_authority"] if o.area.code == "E09000009"
    ]
    # London's and England's Census 2011 usual residents, beside Ealing's.
    assert [(o.area.code, o.value) for o in by_type["region"]] == [("E12000007", 8173941)]
    assert [(o.area.code, o.value) for o in by_type["country"]] == [("E92000001", 53012456)]
    assert (
        len(by_type["lsoa"])
        == Area.objects.filter(area_type="lsoa", parent__parent__code="E09000009").count()
    )
    lsoas = sum(o.value for o in by_type["lsoa"])
    assert by_type["local_authority"][0].value == lsoas
    assert set(Dataset.objects.filter(published=True).values_list("slug", flat=True)) == {
        f"{place}-{key}"
        for place in ("ealing", "warwick", "westminster")
        for key in ("census-2011-residents", "population-by-age-2020", "stroke-admissions-2017-19")
    } | {"ealing-performance"}
    # And Ealing's board pack names three datasets partners hold (lis/catalogue_demo.py).
    assert set(Dataset.objects.filter(published=False).values_list("slug", flat=True)) == {
        "ealing-experian-households-in-need",
        "ealing-blue-sky-people-worked-with",
        "ealing-joint-strategic-needs-assessment",
    }


def test_ealing_publishes_its_report_indicators_and_their_approved_figures_on_its_lis(demo):
    from roundtable.lis.models import Observation
    from roundtable.performance.models import Indicator, IndicatorValue

    ealing = Indicator.objects.filter(partnership__slug="ealing", is_public=True, in_report=True)
    assert ealing.exists()
    assert not ealing.filter(on_lis=False).exists()
    published = Observation.objects.filter(dataset__slug="ealing-performance")
    nation = published.get(indicator__code="NI 155", period="2011/12 Q2")
    figure = IndicatorValue.objects.get(indicator=nation.indicator, period="2011/12 Q2")
    assert nation.value == float(figure.actual)
    assert nation.area.code == "E09000009"
    assert not published.filter(suppressed=True).exists()
    made_up = published.get(indicator__code="NI 155", period="2011/12 Q3")
    assert made_up.note == "Illustrative figure, not from the source documents"
    assert "Some figures are illustrative" in made_up.dataset.description
    assert made_up.dataset.time_covered == "2010/11 to 2012/13 Q1"


def test_ealing_publishes_its_needs_assessment_page_with_its_census_figures(demo, client):
    from roundtable.lis.needs_models import NeedsPage

    assert set(NeedsPage.objects.values_list("partnership__slug", "theme", "status")) == {
        ("ealing", "Background", "published"),
        ("ealing", "Health", "published"),
    }
    page = NeedsPage.objects.get(slug="who-lives-here")
    content = client.get(page.get_absolute_url()).content.decode()
    ealing = Area.objects.get(code="E09000009")
    assert f"{ealing.population:,}" in content
    assert "Illustrative" in content
    assert "<svg" in content
    assert "These figures cannot be shown" not in content


def test_ealings_health_page_shows_its_stroke_figures(demo, client):
    from roundtable.lis.needs_models import NeedsPage

    page = NeedsPage.objects.get(slug="stroke-admissions")
    content = client.get(page.get_absolute_url()).content.decode()
    assert "Improve public health" in content
    assert "109.5" in content  # Ealing's stroke admissions per 100,000 person-years
    assert "<svg" in content
    assert "These figures cannot be shown" not in content


def test_ealings_priority_projects_report_to_the_january_2012_agenda(demo):
    from roundtable.projects.models import ProjectUpdate

    updates = ProjectUpdate.objects.filter(project__partnership__slug="ealing").select_related(
        "project", "agenda_item__parent"
    )
    assert {u.project.title for u in updates} == {
        "Community Budgets",
        "Southall",
        "Local Information System and Strategic Needs Assessment",
        "Joint Assets",
    }
    # Each on its sub-item of item 6, "Priority Projects Update"; the pack gives no RAG.
    assert {u.agenda_item.parent.title for u in updates} == {"Priority Projects Update"}
    assert {u.rag for u in updates} == {""}


def test_ealings_asset_strategies_page_reads_as_appendix_1(demo, client):
    """Appendix 1 of the Joint Assets paper, under the demo's own organisations; two
    illustrative plans on the register, for the partnership's own people."""
    from roundtable.assets.models import Asset
    from roundtable.assets.models_strategies import AssetStrategy

    ealing = Partnership.objects.get(slug="ealing")
    assert AssetStrategy.objects.filter(partnership=ealing).count() == 6
    page = client.get("/ealing/assets/strategies/").content.decode()
    assert "6 strategies of 6 organisations" in page
    assert "DWP Asset Management Strategy (2007?)" in page
    assert "MPA/MPS Estate Strategy (2010-2014)" in page
    assert "Development of 3 “satellite” service centres" in page
    assert "No published strategy" in page
    planned = Asset.objects.filter(partnership=ealing).exclude(plan="")
    assert sorted(planned.values_list("name", "plan")) == [
        ("Acton Police Station", "review"),
        ("Southall Town Hall", "disposal"),
    ]
    assert all(a.plan_note.startswith("Illustrative") for a in planned)
